package app_test

import "xaso/internal/web"

// walkConduct seeds the conduct room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
// The code of conduct and an officer's page are reached from outside (the portal's menu, a
// badge's QR); every staff page is linked from /ung-xu.
func (f *fixture) walkConduct() (seeds []string, unreached map[web.Page]string) {
	b := f.seedConduct()
	return []string{"/quy-tac-ung-xu", b.PublicPath(), "/ung-xu"}, nil
}
