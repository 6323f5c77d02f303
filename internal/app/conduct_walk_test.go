package app_test

import "xaso/internal/web"

// walkConduct seeds the conduct room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
func (f *fixture) walkConduct() (seeds []string, unreached map[web.Page]string) { return nil, nil }
