package app_test

import "xaso/internal/web"

// walkRating seeds the rating room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
func (f *fixture) walkRating() (seeds []string, unreached map[web.Page]string) { return nil, nil }
