package db_test

import (
	"context"
	"slices"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// A register's page: the count of all the rows that match and the rows of the page, in order.
func TestPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, `CREATE TABLE page_rows (commune_id TEXT NOT NULL, n INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for n := range 7 {
			if _, err := d.Exec(ctx, `INSERT INTO page_rows (commune_id, n) VALUES ($1, $2), ($3, $2)`, "c1", n, "c2"); err != nil {
				t.Fatal(err)
			}
		}
		scan := func(r db.Scanner) (int, error) {
			var n int
			return n, r.Scan(&n)
		}
		for _, c := range []struct {
			limit, offset int
			want          []int
		}{
			{3, 3, []int{3, 2, 1}},
			{3, 6, []int{0}},
			{3, 9, nil},
			{0, -1, []int{6, 5, 4, 3, 2, 1, 0}}, // no limit: 50; a negative offset: the start
		} {
			got, total, err := db.Page(ctx, d, "n", "page_rows WHERE commune_id = $1", "n DESC", []any{"c1"}, c.limit, c.offset, scan)
			if err != nil {
				t.Fatal(err)
			}
			if total != 7 || !slices.Equal(got, c.want) {
				t.Errorf("limit %d offset %d: %v of %d, want %v of 7", c.limit, c.offset, got, total, c.want)
			}
		}
	})
}
