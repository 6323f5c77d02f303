package audit_test

import (
	"context"
	"fmt"
	"strings"
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

// record appends one entry outside seed, for the attacks below.
func record(t *testing.T, d *db.DB, commune, what string) {
	t.Helper()
	ctx := context.Background()
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, commune, audit.Actor{ID: "u9", Name: "Kẻ sửa"}, "household.update", "household", what, audit.Change{After: what})
	}); err != nil {
		t.Fatal(err)
	}
}

// Issue 16 item 11: the three attacks that a bare hash chain cannot see.
func TestSealedChainResistsRewriteTailCutAndDeletion(t *testing.T) {
	key := []byte("khóa-bí-mật-ngoài-cơ-sở-dữ-liệu-32b")
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		fresh := func(t *testing.T) {
			t.Helper()
			for _, q := range []string{`DELETE FROM audit_log`, `DELETE FROM audit_head`, `DELETE FROM communes`} {
				if _, err := d.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			d.ChainKey = key
			seed(t, d, []string{"a", "b"}, 4)
		}

		t.Run("whole chain rewritten without the key", func(t *testing.T) {
			fresh(t)
			// The attacker can write the database but has no key: they rebuild a's chain with
			// a bare hash, as anyone who reads this code could.
			d.Exec(ctx, `DELETE FROM audit_log WHERE commune_id = 'a'`)
			d.Exec(ctx, `DELETE FROM audit_head WHERE commune_id = 'a'`)
			d.ChainKey = nil
			for i := 0; i < 4; i++ {
				record(t, d, "a", fmt.Sprint("giả ", i))
			}
			if r := verifyOne(t, d, "a"); !r.OK() || !r.Unsealed {
				t.Fatalf("without the key the rewritten chain links up and is reported unsealed: %v", r)
			}
			d.ChainKey = key
			if r := verifyOne(t, d, "a"); r.OK() || r.BrokenAt != 1 {
				t.Fatalf("with the key: %v, want broken at 1", r)
			}
			if r := verifyOne(t, d, "b"); !r.OK() || r.Unsealed {
				t.Fatalf("commune b: %v", r)
			}
		})

		t.Run("tail cut and head wound back", func(t *testing.T) {
			fresh(t)
			heads, err := audit.Heads(ctx, d)
			if err != nil || len(heads) != 2 {
				t.Fatalf("heads: %v %v", heads, err)
			}
			var prev string
			if err := d.QueryRow(ctx, `SELECT hash FROM audit_log WHERE commune_id = 'a' AND seq = 2`).Scan(&prev); err != nil {
				t.Fatal(err)
			}
			d.Exec(ctx, `DELETE FROM audit_log WHERE commune_id = 'a' AND seq > 2`)
			d.Exec(ctx, `UPDATE audit_head SET seq = 2, hash = $1 WHERE commune_id = 'a'`, prev)
			if r := verifyOne(t, d, "a"); !r.OK() {
				t.Fatalf("a cut chain is a valid prefix on its own: %v", r)
			}
			rs, err := audit.Verify(ctx, d, heads...)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.CommuneID == "a" && (r.OK() || !strings.Contains(r.Problem, "tail")) {
					t.Fatalf("against the anchor: %v", r)
				}
				if r.CommuneID == "b" && !r.OK() {
					t.Fatalf("b: %v", r)
				}
			}
		})

		t.Run("chain rewritten before the anchor", func(t *testing.T) {
			fresh(t)
			heads, _ := audit.Heads(ctx, d)
			// Replay a's whole history with the real key (say, an insider with the key file but
			// after the anchor was filed away): the chain verifies, the anchor does not.
			d.Exec(ctx, `DELETE FROM audit_log WHERE commune_id = 'a'`)
			d.Exec(ctx, `DELETE FROM audit_head WHERE commune_id = 'a'`)
			for i := 0; i < 4; i++ {
				record(t, d, "a", fmt.Sprint("giả ", i))
			}
			rs, _ := audit.Verify(ctx, d, heads...)
			for _, r := range rs {
				if r.CommuneID == "a" && (r.OK() || r.BrokenAt != 4) {
					t.Fatalf("rewritten under the anchor: %v", r)
				}
			}
		})

		t.Run("a commune's chain deleted", func(t *testing.T) {
			fresh(t)
			heads, _ := audit.Heads(ctx, d)
			d.Exec(ctx, `DELETE FROM audit_log WHERE commune_id = 'a'`)
			d.Exec(ctx, `DELETE FROM audit_head WHERE commune_id = 'a'`)
			if r := verifyOne(t, d, "a"); r.OK() {
				t.Fatalf("deleted chain reported OK: %v", r)
			}
			// Deleting the commune row too leaves only the anchor to tell.
			d.Exec(ctx, `DELETE FROM communes WHERE id = 'a'`)
			rs, _ := audit.Verify(ctx, d, heads...)
			found := false
			for _, r := range rs {
				if r.CommuneID == "a" {
					found = !r.OK()
				}
			}
			if !found {
				t.Fatalf("commune gone with its chain, anchor given: %v", rs)
			}
		})

		t.Run("forged row past the head", func(t *testing.T) {
			fresh(t)
			if _, err := d.Exec(ctx, `INSERT INTO audit_log (commune_id, seq, at, actor_id, actor_name, action, object_type, object_id, summary, prev_hash, hash)
				VALUES ('a', 5, '2026-01-01T00:00:00.000000Z', 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x'),
				       ('a', 7, '2026-01-01T00:00:00.000000Z', 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')`); err != nil {
				t.Fatal(err)
			}
			if r := verifyOne(t, d, "a"); r.OK() || r.BrokenAt != 5 || !strings.Contains(r.Problem, "past the head") {
				t.Fatalf("forged rows: %v", r)
			}
			// Writes of the commune go on, and the genuine entry takes the forged row's place.
			record(t, d, "a", "thật")
			record(t, d, "a", "thật 2")
			r := verifyOne(t, d, "a")
			if r.OK() || r.BrokenAt != 7 || r.Checked != 6 {
				t.Fatalf("after two genuine writes: %v", r)
			}
		})

		t.Run("lost head continues the log", func(t *testing.T) {
			fresh(t)
			d.Exec(ctx, `DELETE FROM audit_head WHERE commune_id = 'a'`)
			record(t, d, "a", "sau")
			if r := verifyOne(t, d, "a"); !r.OK() || r.Checked != 5 {
				t.Fatalf("after the head row was lost: %v", r)
			}
		})
	})
}

// Entries of one transaction, for two communes in any order, are written together at its end:
// each commune's chain gets them in the order recorded, numbered on from its head.
func TestEntriesOfOneTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.ChainKey = []byte("khoa-thu-nghiem")
		seed(t, d, []string{"a", "b"}, 2)
		err := d.Tx(ctx, func(tx *db.Tx) error {
			for i, c := range []string{"b", "a", "a", "b", "a"} {
				if err := audit.Record(ctx, tx, c, audit.System, "thu.nghiem", "thu", fmt.Sprint(i), audit.Change{After: i}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for c, want := range map[string][]string{"a": {"4", "2", "1"}, "b": {"3", "0"}} {
			es, err := audit.List(ctx, d, c, "", "", len(want), 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, e := range es {
				got = append(got, e.ObjectID)
				if wantSeq := int64(2 + len(want) - i); e.Seq != wantSeq {
					t.Errorf("commune %s: entry %s has number %d, want %d", c, e.ObjectID, e.Seq, wantSeq)
				}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("commune %s: entries newest first %v, want %v", c, got, want)
			}
			if r := verifyOne(t, d, c); !r.OK() || r.Checked != int64(2+len(want)) {
				t.Errorf("commune %s: %v", c, r)
			}
		}
	})
}
