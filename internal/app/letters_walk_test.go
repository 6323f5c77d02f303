package app_test

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/letters"
	"xaso/internal/web"
)

// walkLetters seeds the letters room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
// The demo letters (thanks, an apology, the chairman's greeting and its loudspeaker script), one
// of them printed, are enough for every page. No seed is needed: the desk's home card links to
// the print queue, whose menu links to every page of the room (the templates for the chairman),
// and a seed would spend the walk's page budget before the other rooms' pages.
func (f *fixture) walkLetters() (seeds []string, unreached map[web.Page]string) {
	f.t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: f.userID("u-desk"), Name: "Người thử desk"}
	if _, err := f.a.Letters.SeedDemo(ctx, f.commune.ID, by); err != nil {
		f.t.Fatal(err)
	}
	ls, _, err := f.a.Letters.List(ctx, f.commune.ID, letters.Filter{Status: letters.Waiting, Limit: 2})
	if err != nil || len(ls) < 2 {
		f.t.Fatalf("demo letters: %d %v", len(ls), err)
	}
	// One printed, so that the letters to deliver are not empty.
	if _, err := f.a.Letters.MarkPrinted(ctx, f.commune.ID, by, []string{ls[0].ID}); err != nil {
		f.t.Fatal(err)
	}
	return nil, nil
}
