package onestop

import (
	"context"
	"strings"
	"testing"
	"time"

	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// TestSubmittedLink: the link of the submitted page opens it for its commune and code until it
// expires; a changed code, commune, expiry or signature does not; two services on one database
// (two instances of xaso) accept each other's links.
func TestSubmittedLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var ids []string
		for _, code := range []string{"MOT", "HAI"} {
			err := d.Tx(ctx, func(tx *db.Tx) error {
				c, err := commune.CreateCommune(ctx, tx, commune.Commune{Code: code, Name: code, Province: "Thái Nguyên"})
				ids = append(ids, c.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		a, b := New(Deps{DB: d, Now: clock}), New(Deps{DB: d, Now: clock})
		code := "000.00.12.H55-260302-0001"
		exp, sig, err := a.submittedLink(ctx, ids[0], code)
		if err != nil {
			t.Fatal(err)
		}
		check := func(s *Service, commune, code string, exp int64, sig string) bool {
			t.Helper()
			ok, err := s.checkSubmittedLink(ctx, commune, code, exp, sig)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !check(a, ids[0], code, exp, sig) || !check(b, ids[0], code, exp, sig) {
			t.Fatal("a fresh link does not open the page")
		}
		for name, ok := range map[string]bool{
			"other code":    check(a, ids[0], strings.Replace(code, "0001", "0002", 1), exp, sig),
			"other commune": check(a, ids[1], code, exp, sig),
			"longer life":   check(a, ids[0], code, exp+3600, sig),
			"changed sig":   check(a, ids[0], code, exp, strings.ToUpper(sig)),
			"no sig":        check(a, ids[0], code, exp, ""),
			"far future":    check(a, ids[0], code, now.Add(24*time.Hour).Unix(), sig),
		} {
			if ok {
				t.Errorf("%s opens the page", name)
			}
		}
		now = now.Add(submittedLinkTTL - time.Second)
		if !check(a, ids[0], code, exp, sig) {
			t.Error("the link expired early")
		}
		now = now.Add(2 * time.Second)
		if check(a, ids[0], code, exp, sig) {
			t.Error("an expired link opens the page")
		}
		var keys int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM onestop_keys`).Scan(&keys); err != nil || keys != 2 {
			t.Errorf("%d keys, %v", keys, err)
		}
	})
}
