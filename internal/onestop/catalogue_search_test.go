package onestop_test

import (
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// Issue 8 item 16: the words of a query match in any order, so "đăng ký khai sinh" finds
// "Đăng ký lại khai sinh"; a page past the end still reports how many match.
func TestProcedureSearchMatchesWords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ps, total, err := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Query: "đăng ký khai sinh", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range ps {
			found = found || p.Code == "1.004884"
		}
		if !found || total != len(ps) {
			t.Errorf("\"đăng ký khai sinh\" found %d (%d listed), Đăng ký lại khai sinh listed: %v", total, len(ps), found)
		}
		if _, n, _ := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Query: "khai sinh lại"}); n != 1 {
			t.Errorf("\"khai sinh lại\" found %d, want 1", n)
		}
		if _, n, _ := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Query: "khai sinh xyzzy"}); n != 0 {
			t.Errorf("a word that is nowhere still matched %d", n)
		}
		all, n, err := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{})
		if err != nil || n != 34 || len(all) != onestop.DefaultPageSize {
			t.Errorf("whole catalogue: %d (%d listed) %v, want the 34 shipped", n, len(all), err)
		}
		past, n, err := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Offset: 200})
		if err != nil || len(past) != 0 || n != 34 {
			t.Errorf("past the end: %d listed of %d, %v", len(past), n, err)
		}
	})
}
