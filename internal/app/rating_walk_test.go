package app_test

import (
	"context"

	"xaso/internal/rating"
	"xaso/internal/web"
)

// walkRating seeds the rating room for the page walk (TestNumbersOnEveryPage): the demo's
// ratings of the walk's returned dossiers (the rating room takes their return events from the
// outbox first), and returns the pages no link leads to (the tablet, its thank-you screen, the
// rating page of a rated and of an unrated dossier) and the templates the walk cannot reach.
func (f *fixture) walkRating() (seeds []string, unreached map[web.Page]string) {
	f.t.Helper()
	ctx := context.Background()
	if _, err := f.a.Rating.SeedDemo(ctx, f.commune.ID); err != nil {
		f.t.Fatal(err)
	}
	// The figures (/danh-gia) are reached from the staff's home card.
	seeds = []string{"/danh-gia/quay", "/danh-gia/quay/cam-on"}
	list, _, err := f.a.Rating.List(ctx, f.commune.ID, ratingAllTime(), "", 1, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(list) == 0 {
		f.t.Fatal("the demo made no ratings")
	}
	// A rated dossier's page, and one that is not returned (a code nobody returned).
	for _, code := range []string{list[0].Code, "000.00.12.H55-260302-9999"} {
		p, err := f.a.Rating.RatePath(ctx, f.commune.ID, code)
		if err != nil {
			f.t.Fatal(err)
		}
		seeds = append(seeds, p)
	}
	return seeds, map[web.Page]string{
		"rating/kiosk_why.html": "the answer to a low tap on the tablet: TestRatingThroughPages, TestBrowserRatingTablet",
	}
}

// ratingAllTime is every month the figures can name.
func ratingAllTime() rating.Scope { return rating.Scope{FromMonth: "2000-01", ToMonth: "2100-12"} }
