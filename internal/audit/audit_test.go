package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

func seed(t *testing.T, d *db.DB, communes []string, n int) {
	t.Helper()
	ctx := context.Background()
	for _, c := range communes {
		if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, created_at) VALUES ($1, $1, $1, 'P', $2)`, c, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		for _, c := range communes {
			err := d.Tx(ctx, func(tx *db.Tx) error {
				return audit.Record(ctx, tx, c, audit.Actor{ID: "u1", Name: "Nguyễn Văn An"}, "household.update", "household", fmt.Sprint("h", i),
					audit.Change{Before: map[string]string{"address": "cũ"}, After: map[string]string{"address": fmt.Sprint("mới ", i)}})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func verifyOne(t *testing.T, d *db.DB, commune string) audit.Result {
	t.Helper()
	rs, err := audit.Verify(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.CommuneID == commune {
			return r
		}
	}
	t.Fatalf("no result for %s in %v", commune, rs)
	return audit.Result{}
}

func TestChainVerifiesAndDetectsTampering(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		seed(t, d, []string{"a", "b"}, 5)
		if r := verifyOne(t, d, "a"); !r.OK() || r.Checked != 5 {
			t.Fatalf("fresh chain: %v", r)
		}
		tamper := []struct {
			name, sql string
			brokenAt  int64
		}{
			{"edit summary", `UPDATE audit_log SET summary = '{}' WHERE commune_id = 'a' AND seq = 3`, 3},
			{"edit actor", `UPDATE audit_log SET actor_name = 'X' WHERE commune_id = 'a' AND seq = 2`, 2},
			{"delete middle", `DELETE FROM audit_log WHERE commune_id = 'a' AND seq = 4`, 4},
			{"delete last", `DELETE FROM audit_log WHERE commune_id = 'a' AND seq = 5`, 5},
		}
		for _, tc := range tamper {
			t.Run(tc.name, func(t *testing.T) {
				// Work on a fresh copy of the chain for every case: rebuild commune a.
				d.Exec(ctx, `DELETE FROM audit_log`)
				d.Exec(ctx, `DELETE FROM audit_head`)
				d.Exec(ctx, `DELETE FROM communes`)
				seed(t, d, []string{"a", "b"}, 5)
				if _, err := d.Exec(ctx, tc.sql); err != nil {
					t.Fatal(err)
				}
				r := verifyOne(t, d, "a")
				if r.OK() || r.BrokenAt != tc.brokenAt {
					t.Fatalf("after %s: %v, want broken at %d", tc.name, r, tc.brokenAt)
				}
				if rb := verifyOne(t, d, "b"); !rb.OK() {
					t.Fatalf("other commune affected: %v", rb)
				}
			})
		}
	})
}

func TestListNewestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		seed(t, d, []string{"a"}, 3)
		es, err := audit.List(context.Background(), d, "a", "household", "h2", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Seq != 3 || es[0].Actor.Name != "Nguyễn Văn An" {
			t.Fatalf("got %+v", es)
		}
	})
}
