package app_test

import "xaso/internal/web"

// walkLetters seeds the letters room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
func (f *fixture) walkLetters() (seeds []string, unreached map[web.Page]string) { return nil, nil }
