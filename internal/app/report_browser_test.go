package app_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestBrowserPlanDashboardOnAPhone: a resident on a phone (375 × 740) reads the plan's
// dashboard, the province's page and the open data page: axe-core finds nothing, no page
// scrolls sideways, and the chart is an image with a text alternative.
func TestBrowserPlanDashboardOnAPhone(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f := newFixture(t, dbtest.SQLite(t))
	if _, err := onestop.SeedDemoDossiers(context.Background(), f.d, f.commune.ID, rand.New(rand.NewPCG(11, 12)), 40); err != nil {
		t.Fatal(err)
	}
	for _, pg := range []struct{ name, path, wait string }{
		{"plan dashboard", "/chi-tieu", "#report-summary"},
		{"plan dashboard, a month", "/chi-tieu?ky=thang", "#report-summary"},
		{"province", "/chi-tieu/tinh", "main h1"},
		{"open data", "/du-lieu-mo", "#data-fields"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait))); err != nil {
			t.Fatalf("%s: %v", pg.name, err)
		}
		checkAxe(t, ctx, pg.name)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 375 px (%v)", pg.name, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/chi-tieu"), chromedp.WaitVisible(chromedp.CSS("figure.chart svg"))); err != nil {
		t.Fatal(err)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(s => s.getAttribute('role') + '|' + (s.querySelector('title') || {}).textContent)(document.querySelector('figure.chart svg'))`))
	if err != nil || label == "" || label[:4] != "img|" || len(label) < 10 {
		t.Errorf("the chart's role and title: %q %v", label, err)
	}
}
