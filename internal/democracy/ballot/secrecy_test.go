package ballot_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy/ballot"
	"xaso/internal/errs"
)

// markingOf gives household i a marking no other household has: the options of the bits of i
// (household 0 a blank paper), and the last household an invalid paper. If any order of the
// papers followed the order of casting, the markings read in that order would name the
// households.
func markingOf(i, n int) ballot.Marks {
	if i == n-1 {
		return ballot.Marks{Invalid: true}
	}
	m := ballot.Marks{Choices: []int{}}
	for bit := 0; bit < 4; bit++ {
		if i&(1<<bit) != 0 {
			m.Choices = append(m.Choices, bit+1)
		}
	}
	return m
}

func canonical(m ballot.Marks) string {
	if m.Invalid {
		return "x"
	}
	cs := slices.Clone(m.Choices)
	slices.Sort(cs)
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(byte('0' + c))
	}
	return b.String()
}

// linked counts the positions where a sequence of markings read from the papers is the
// marking of the household cast at that position (or at the mirrored one). For a sequence
// unrelated to the casting, about one position matches by chance; a sequence that follows the
// casting matches everywhere.
func linked(seq, castOrder []string) int {
	fwd, back := 0, 0
	for i := range seq {
		if i < len(castOrder) && seq[i] == castOrder[i] {
			fwd++
		}
		if j := len(castOrder) - 1 - i; j >= 0 && seq[i] == castOrder[j] {
			back++
		}
	}
	return max(fwd, back)
}

// TestSecrecy casts the papers of known households, each with a marking of its own, and then
// tries every way someone with the package, its pages and read access to the tables could
// pair a paper with a household: the tables' columns, the package's reads and exports (before
// and after closing), the physical and insertion orders of the rows (SQLite's rowid,
// PostgreSQL's ctid and xmin), the timestamps, and the audit log and the outbox.
func TestSecrecy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const n = 17
		e := newEnv(t, d, n)
		box := e.open(ballot.ModeCast, 4, "Lò Văn Sáng", "Hoàng Thị Mai", "Nông Văn Dũng", "Ma Thị Hoa")
		castOrder := make([]string, n)
		for i, hh := range e.households {
			m := markingOf(i, n)
			castOrder[i] = canonical(m)
			if err := e.cast(box.ID, hh, m); err != nil {
				t.Fatalf("cast %d: %v", i, err)
			}
		}

		// 1. Nothing is told of the papers while the box is open: a tally after each vote would
		// give each vote away by difference.
		if _, _, err := ballot.Count(e.ctx, d, e.cid, box.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("counted an open box: %v", err)
		}
		if err := ballot.WritePapers(e.ctx, d, e.cid, box.ID, &bytes.Buffer{}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("listed the papers of an open box: %v", err)
		}

		// 2. The schemas: the two tables share the box and nothing else; a paper has no
		// household, no sequence and no time.
		casts, papers := columns(t, d, "ballot_casts"), columns(t, d, "ballot_papers")
		if len(casts) == 0 || len(papers) == 0 {
			t.Fatalf("no columns read: %v %v", casts, papers)
		}
		var shared []string
		for c := range papers {
			if _, ok := casts[c]; ok {
				shared = append(shared, c)
			}
		}
		slices.Sort(shared)
		if !slices.Equal(shared, []string{"box_id", "commune_id"}) {
			t.Fatalf("the tables share %v", shared)
		}
		for c, typ := range papers {
			lc, lt := strings.ToLower(c), strings.ToLower(typ)
			if strings.Contains(lc, "household") || strings.Contains(lc, "seq") || strings.HasSuffix(lc, "_at") || strings.HasSuffix(lc, "_on") ||
				strings.Contains(lc, "time") || strings.Contains(lc, "day") || strings.Contains(lc, "created") ||
				strings.Contains(lt, "time") || strings.Contains(lt, "date") || strings.Contains(lt, "serial") {
				t.Errorf("the papers have a column %s %s that could link them", c, typ)
			}
		}

		res, err := e.close(box.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Papers != n || res.Invalid != 1 || res.Blank != 1 || res.Voted != n {
			t.Fatalf("result %+v", res)
		}

		// 3. The orders a reader can ask of the rows. Each is read as a sequence of markings
		// and compared with the order of casting.
		type ordering struct {
			name, query string
			mustFail    bool // the engine has no such column for the papers
		}
		orders := []ordering{
			{"by id", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY id`, false},
			{"no order", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2`, false},
			{"by id, descending", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY id DESC`, false},
		}
		if d.Engine == db.SQLite {
			orders = append(orders,
				ordering{"rowid", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY rowid`, true},
				ordering{"_rowid_", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY _rowid_`, true},
				ordering{"oid", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY oid`, true})
		} else {
			orders = append(orders,
				ordering{"ctid", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY ctid`, false},
				ordering{"xmin", `SELECT choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY xmin::text::bigint, ctid`, false})
		}
		byID := []string(nil)
		for _, o := range orders {
			rows, err := d.Query(e.ctx, o.query, e.cid, box.ID)
			if o.mustFail {
				if err == nil {
					rows.Close()
					t.Errorf("%s: the papers have it", o.name)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", o.name, err)
			}
			var seq []string
			for rows.Next() {
				var c string
				var invalid bool
				if err := rows.Scan(&c, &invalid); err != nil {
					t.Fatal(err)
				}
				if invalid {
					c = "x"
				}
				seq = append(seq, c)
			}
			rows.Close()
			if len(seq) != n {
				t.Fatalf("%s: %d papers", o.name, len(seq))
			}
			if k := linked(seq, castOrder); k >= 6 {
				t.Errorf("%s: %d of %d papers in the order of casting: %v", o.name, k, n, seq)
			}
			if o.name == "by id" {
				byID = seq
			}
			// The physical order is the order of the random ids, whatever the order of casting.
			if (o.name == "no order" || o.name == "ctid") && !slices.Equal(seq, byID) {
				t.Errorf("%s: the physical order is not the order of the ids", o.name)
			}
		}
		if d.Engine == db.Postgres {
			// Every paper was last written by the closing transaction, which wrote no cast.
			var xmins, shared int
			if err := d.QueryRow(e.ctx, `SELECT COUNT(DISTINCT xmin::text) FROM ballot_papers WHERE commune_id = $1 AND box_id = $2`, e.cid, box.ID).Scan(&xmins); err != nil {
				t.Fatal(err)
			}
			if err := d.QueryRow(e.ctx, `SELECT COUNT(*) FROM ballot_papers p JOIN ballot_casts c ON c.xmin::text = p.xmin::text
				WHERE p.commune_id = $1 AND p.box_id = $2`, e.cid, box.ID).Scan(&shared); err != nil {
				t.Fatal(err)
			}
			if xmins != 1 || shared != 0 {
				t.Errorf("papers written by %d transactions, %d papers share a transaction with a cast", xmins, shared)
			}
		}

		// 4. The ids are random, not time-ordered: they do not sort in the order of casting
		// (checked above by id) and are 128-bit hex, not UUIDs.
		var ids []string
		rows, err := d.Query(e.ctx, `SELECT id FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY id`, e.cid, box.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" {
				t.Errorf("paper id %q is not 128 random bits in hex", id)
			}
		}

		// 5. Time: the casts have theirs; the papers have none, and the box only its day and
		// the moment it closed.
		var castTimes int
		if err := d.QueryRow(e.ctx, `SELECT COUNT(DISTINCT cast_at) FROM ballot_casts WHERE commune_id = $1 AND box_id = $2`, e.cid, box.ID).Scan(&castTimes); err != nil || castTimes < 1 {
			t.Fatalf("cast times %d %v", castTimes, err)
		}

		// 6. What the package offers: the count, the canonical list and the box carry no
		// household, and the list is in the order of the ids.
		var buf bytes.Buffer
		if err := ballot.WritePapers(e.ctx, d, e.cid, box.ID, &buf); err != nil {
			t.Fatal(err)
		}
		list := buf.String()
		got, _, err := ballot.Count(e.ctx, d, e.cid, box.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ballot.Get(e.ctx, d, e.cid, box.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, hh := range append(e.households, "Chủ hộ") {
			if strings.Contains(list, hh) || strings.Contains(strings.ToLower(list), "hh-") {
				t.Fatalf("the list of papers names a household")
			}
		}
		if got.Hash != res.Hash || b.Hash != res.Hash || got.Papers != n {
			t.Fatalf("recount %+v, box hash %s, closing %+v", got, b.Hash, res)
		}
		lines := strings.Split(strings.TrimSpace(list), "\n")[2:]
		var listed []string
		for _, l := range lines {
			id, marks, _ := strings.Cut(l, " ")
			listed = append(listed, id)
			if marks == "-" {
				marks = ""
			}
			if !slices.Contains(castOrder, marks) {
				t.Errorf("line %q: unknown marks", l)
			}
		}
		if !slices.Equal(listed, ids) {
			t.Errorf("the list is not in the order of the ids")
		}

		// 7. The audit log and the outbox: a cast's entry names the household and never what
		// it marked; its event names the box only.
		arows, err := d.Query(e.ctx, `SELECT summary FROM audit_log WHERE commune_id = $1 AND action = 'ballot.cast'`, e.cid)
		if err != nil {
			t.Fatal(err)
		}
		entries := 0
		for arows.Next() {
			var s string
			arows.Scan(&s)
			entries++
			if strings.Contains(s, "choice") || strings.Contains(s, "marks") || strings.Contains(s, "invalid") || !strings.Contains(s, "household") {
				t.Errorf("a cast's audit entry says %s", s)
			}
		}
		arows.Close()
		if entries != n {
			t.Fatalf("%d cast audit entries", entries)
		}
		orows, err := d.Query(e.ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, ballot.TopicCast)
		if err != nil {
			t.Fatal(err)
		}
		for orows.Next() {
			var p string
			orows.Scan(&p)
			if p != `{"box":"`+box.ID+`"}` {
				t.Errorf("a cast's event says %s", p)
			}
		}
		orows.Close()
	})
}

// columns reads a table's columns and their types.
func columns(t *testing.T, d *db.DB, table string) map[string]string {
	t.Helper()
	q := `SELECT name, type FROM pragma_table_info($1)`
	if d.Engine == db.Postgres {
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	rows, err := d.Query(t.Context(), q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, typ string
		if err := rows.Scan(&n, &typ); err != nil {
			t.Fatal(err)
		}
		out[n] = typ
	}
	return out
}
