package app_test

import "xaso/internal/web"

// walkSipas seeds the SIPAS room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
func (f *fixture) walkSipas() (seeds []string, unreached map[web.Page]string) { return nil, nil }
