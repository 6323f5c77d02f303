package audit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

var testKey = bytes.Repeat([]byte{7}, 32)

// ict is Vietnam's time, in which the daily lines' days are counted.
var ict = time.FixedZone("ICT", 7*3600)

// addEntries adds n entries to one commune's chain.
func addEntries(t *testing.T, d *db.DB, commune string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, commune, audit.System, "household.update", "household", fmt.Sprint("x", i), audit.Change{After: i})
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// cutTail deletes a commune's entries after keep and winds its head back to match: the log
// then verifies on its own.
func cutTail(t *testing.T, d *db.DB, commune string, keep int64) {
	t.Helper()
	ctx := context.Background()
	var hash string
	if err := d.QueryRow(ctx, `SELECT hash FROM audit_log WHERE commune_id = $1 AND seq = $2`, commune, keep).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `DELETE FROM audit_log WHERE commune_id = $1 AND seq > $2`, commune, keep); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2 WHERE commune_id = $3`, keep, hash, commune); err != nil {
		t.Fatal(err)
	}
}

func resultOf(t *testing.T, rs []audit.Result, commune string) audit.Result {
	t.Helper()
	for _, r := range rs {
		if r.CommuneID == commune {
			return r
		}
	}
	t.Fatalf("no result for %s in %v", commune, rs)
	return audit.Result{}
}

func mustAppend(t *testing.T, d *db.DB, path string, at time.Time) []audit.Anchor {
	t.Helper()
	as, err := audit.AppendHeads(context.Background(), d, path, testKey, at)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ls := strings.SplitAfter(string(b), "\n")
	return ls[:len(ls)-1] // after the last newline: ""
}

// The file takes one signed line per commune per write, only ever grows, and reads back as
// the heads written; another key reads nothing.
func TestAnchorFileRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		d.ChainKey = testKey
		seed(t, d, []string{"a", "b"}, 3)
		path := filepath.Join(t.TempDir(), audit.AnchorFileName)
		t1 := time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)
		first := mustAppend(t, d, path, t1)
		if len(first) != 2 || first[0].CommuneID != "a" || first[0].Seq != 3 || !first[0].At.Equal(t1) {
			t.Fatalf("first heads: %+v", first)
		}
		before, _ := os.ReadFile(path)
		addEntries(t, d, "a", 2)
		second := mustAppend(t, d, path, t1.Add(24*time.Hour))
		after, _ := os.ReadFile(path)
		if !bytes.HasPrefix(after, before) || len(after) <= len(before) {
			t.Fatal("the file was rewritten, not appended to")
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("file mode: %v %v", fi, err)
		}
		got, err := audit.ReadAnchorFile(path, testKey)
		if err != nil {
			t.Fatal(err)
		}
		want := append(first, second...)
		if !slices.EqualFunc(got, want, func(x, y audit.Anchor) bool {
			return x.CommuneID == y.CommuneID && x.Seq == y.Seq && x.Hash == y.Hash && x.At.Equal(y.At)
		}) {
			t.Fatalf("read back %+v, wrote %+v", got, want)
		}
		if got[2].Seq != 5 {
			t.Fatalf("a's second head: %+v", got[2])
		}
		rs, err := audit.Verify(context.Background(), d, got...)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.OK() {
				t.Fatalf("untouched log against its anchors: %v", r)
			}
		}
		_, err = audit.ReadAnchorFile(path, bytes.Repeat([]byte{8}, 32))
		var fe *audit.FileError
		if !errors.As(err, &fe) || fe.Line != 1 || !strings.Contains(fe.Problem, "signature") {
			t.Fatalf("read with another key: %v", err)
		}
		if _, err := audit.ReadAnchorFile(filepath.Join(t.TempDir(), "none"), testKey); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("missing file: %v", err)
		}
	})
}

// Someone with the database alone cuts a commune's tail and winds its head back, or deletes
// its chain: the log verifies on its own, but not against the file, and the file refuses to
// sign the shortened head.
func TestAnchorsCatchARewrittenChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.ChainKey = testKey
		seed(t, d, []string{"a", "b", "c"}, 5)
		path := filepath.Join(t.TempDir(), audit.AnchorFileName)
		day := time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)
		mustAppend(t, d, path, day)
		cutTail(t, d, "a", 3)
		if r := verifyOne(t, d, "a"); !r.OK() {
			t.Fatalf("the cut log on its own should verify (that is the hole the file closes): %v", r)
		}
		anchors, err := audit.ReadAnchorFile(path, testKey)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := audit.Verify(ctx, d, anchors...)
		if err != nil {
			t.Fatal(err)
		}
		if r := resultOf(t, rs, "a"); r.OK() || r.BrokenAt != 4 || !strings.Contains(r.Problem, "anchored entry 5") {
			t.Fatalf("cut log against the file: %v", r)
		}
		if r := resultOf(t, rs, "b"); !r.OK() {
			t.Fatalf("b untouched: %v", r)
		}

		// The next write signs b and c but not a's shortened head.
		written, err := audit.AppendHeads(ctx, d, path, testKey, day.Add(24*time.Hour))
		if !errors.Is(err, audit.ErrRewritten) || !strings.Contains(err.Error(), "commune a: entry 5") {
			t.Fatalf("append after the cut: %v", err)
		}
		if len(written) != 2 || written[0].CommuneID != "b" || written[1].CommuneID != "c" {
			t.Fatalf("written after the cut: %+v", written)
		}
		// Genuine entries grow a's log past the signed number again: entry 5 is now another.
		addEntries(t, d, "a", 4)
		anchors, _ = audit.ReadAnchorFile(path, testKey)
		rs, _ = audit.Verify(ctx, d, anchors...)
		if r := resultOf(t, rs, "a"); r.OK() || r.BrokenAt != 5 || !strings.Contains(r.Problem, "anchor") {
			t.Fatalf("regrown log against the file: %v", r)
		}
		if _, err := audit.AppendHeads(ctx, d, path, testKey, day.Add(48*time.Hour)); !errors.Is(err, audit.ErrRewritten) || !strings.Contains(err.Error(), "another hash") {
			t.Fatalf("append after the regrowth: %v", err)
		}

		// b's chain deleted whole.
		d.Exec(ctx, `DELETE FROM audit_log WHERE commune_id = 'b'`)
		d.Exec(ctx, `DELETE FROM audit_head WHERE commune_id = 'b'`)
		anchors, _ = audit.ReadAnchorFile(path, testKey)
		rs, _ = audit.Verify(ctx, d, anchors...)
		if r := resultOf(t, rs, "b"); r.OK() {
			t.Fatalf("deleted chain against the file: %v", r)
		}
		if _, err := audit.AppendHeads(ctx, d, path, testKey, day.Add(72*time.Hour)); err == nil || !strings.Contains(err.Error(), "commune b: entry 5 was signed on 01/12/2026, but the commune has no log") {
			t.Fatalf("append after b's chain went: %v", err)
		}
		if r := resultOf(t, rs, "c"); !r.OK() {
			t.Fatalf("c untouched: %v", r)
		}
		if _, err := audit.ReadAnchorFile(path, testKey); err != nil {
			t.Fatalf("the file itself stays sound: %v", err)
		}
	})
}

// threeLines writes a file of three heads of one commune.
func threeLines(t testing.TB) (string, []audit.Anchor) {
	d := dbtest.SQLite(t)
	d.ChainKey = testKey
	// A fixed clock: the fuzzing workers, each building its own file, must build the same.
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	d.Clock = func() time.Time { return at }
	ctx := context.Background()
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, created_at) VALUES ('a', 'a', 'a', 'P', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), audit.AnchorFileName)
	var all []audit.Anchor
	for i := 0; i < 3; i++ {
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, "a", audit.System, "x.y", "x", "1", audit.Change{})
		}); err != nil {
			t.Fatal(err)
		}
		as, err := audit.AppendHeads(ctx, d, path, testKey, time.Date(2026, 11, 28+i, 1, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, as...)
	}
	return path, all
}

// flipHash changes one digit of a line's hash.
func flipHash(line string) string {
	i := strings.Index(line, `"hash":"`) + len(`"hash":"`)
	c := byte('f')
	if line[i] == 'f' {
		c = 'e'
	}
	return line[:i] + string(c) + line[i+1:]
}

// Every change to the file is found, and named by its line.
func TestAnchorFileTampering(t *testing.T) {
	path, _ := threeLines(t)
	good, _ := os.ReadFile(path)
	ls := lines(t, path)
	if len(ls) != 3 {
		t.Fatalf("%d lines", len(ls))
	}
	for _, tc := range []struct {
		name    string
		content string
		line    int
		problem string
	}{
		{"seq edited", ls[0] + strings.Replace(ls[1], `"seq":2`, `"seq":9`, 1) + ls[2], 2, "signature"},
		{"hash edited", ls[0] + ls[1] + flipHash(ls[2]), 3, "signature"},
		{"line deleted", ls[0] + ls[2], 2, "does not follow"},
		{"first line deleted", ls[1] + ls[2], 1, "does not follow"},
		{"lines swapped", ls[0] + ls[2] + ls[1], 2, "does not follow"},
		{"line repeated", ls[0] + ls[1] + ls[2] + ls[0], 4, "does not follow"},
		{"tail torn", ls[0] + ls[1] + ls[2][:40], 3, "incomplete"},
		{"garbage appended", string(good) + "hello\n", 4, "not a signed head"},
		{"empty line", ls[0] + "\n" + ls[1] + ls[2], 2, "empty line"},
		{"field added", ls[0] + strings.Replace(ls[1], `{`, `{"x":1,`, 1) + ls[2], 2, "not a signed head"},
		{"text after", ls[0] + strings.TrimSuffix(ls[1], "\n") + " {}\n" + ls[2], 2, "text after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), audit.AnchorFileName)
			if err := os.WriteFile(p, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := audit.ReadAnchorFile(p, testKey)
			var fe *audit.FileError
			if !errors.As(err, &fe) || fe.Line != tc.line || !strings.Contains(fe.Problem, tc.problem) {
				t.Fatalf("got %v, want line %d: %s", err, tc.line, tc.problem)
			}
			if len(got) != tc.line-1 {
				t.Errorf("%d anchors returned before line %d", len(got), tc.line)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("line %d:", tc.line)) {
				t.Errorf("the message does not name the line: %v", err)
			}
		})
	}
	// A writer refuses to extend a broken file, and leaves it as it is.
	d := dbtest.SQLite(t)
	seed(t, d, []string{"a"}, 1)
	p := filepath.Join(t.TempDir(), audit.AnchorFileName)
	broken := ls[0] + ls[2]
	os.WriteFile(p, []byte(broken), 0o600)
	var fe *audit.FileError
	if _, err := audit.AppendHeads(context.Background(), d, p, testKey, time.Now()); !errors.As(err, &fe) || fe.Line != 2 {
		t.Fatalf("append to a broken file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != broken {
		t.Fatal("a broken file was written to")
	}
}

// A tick writes each commune's line once a Vietnam day, chains to lines others appended, and
// keeps the newest for the public page.
func TestDailyAnchorer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.ChainKey = testKey
		seed(t, d, []string{"a", "b"}, 2)
		path := filepath.Join(t.TempDir(), audit.AnchorFileName)
		an := audit.NewDailyAnchorer(d, path, testKey)
		if got, err := an.Recent(ctx, "a"); err != nil || len(got) != 0 {
			t.Fatalf("recent before any line: %v %v", got, err)
		}
		evening := time.Date(2026, 11, 29, 23, 0, 0, 0, ict)
		if got, err := an.Tick(ctx, evening); err != nil || len(got) != 2 {
			t.Fatalf("first tick: %+v %v", got, err)
		}
		addEntries(t, d, "a", 1)
		if got, err := an.Tick(ctx, evening.Add(50*time.Minute)); err != nil || len(got) != 0 {
			t.Fatalf("second tick the same day: %+v %v", got, err)
		}
		// A commune created later the same day gets its line at the next tick, alone.
		seed(t, d, []string{"c"}, 1)
		if got, err := an.Tick(ctx, evening.Add(55*time.Minute)); err != nil || len(got) != 1 || got[0].CommuneID != "c" {
			t.Fatalf("tick after a new commune: %+v %v", got, err)
		}
		// Another process writes on demand; the anchorer reads it before its next line.
		mustAppend(t, d, path, evening.Add(58*time.Minute))
		next := evening.Add(90 * time.Minute) // 00:30 on the 30th in Vietnam, still the 29th in UTC
		got, err := an.Tick(ctx, next)
		if err != nil || len(got) != 3 {
			t.Fatalf("tick of the next day: %+v %v", got, err)
		}
		all, err := audit.ReadAnchorFile(path, testKey)
		if err != nil || len(all) != 9 {
			t.Fatalf("file after the ticks: %d lines, %v", len(all), err)
		}
		recent, err := an.Recent(ctx, "a")
		if err != nil || len(recent) != 3 || !recent[0].At.Equal(next.Truncate(time.Second)) || recent[0].Seq != 3 || recent[2].Seq != 2 {
			t.Fatalf("recent of a: %+v %v", recent, err)
		}

		// A cut tail is refused at the next day's tick, the others are written.
		cutTail(t, d, "b", 1)
		got, err = an.Tick(ctx, next.Add(24*time.Hour))
		if !errors.Is(err, audit.ErrRewritten) || len(got) != 2 {
			t.Fatalf("tick after b was cut: %+v %v", got, err)
		}

		// A damaged file shows on the page's reader, with what verified before it.
		f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		f.WriteString(`{"commune_id":"a"}` + "\n")
		f.Close()
		recent, err = an.Recent(ctx, "a")
		var fe *audit.FileError
		if !errors.As(err, &fe) || fe.Line != 12 || len(recent) != 4 {
			t.Fatalf("recent of a broken file: %d anchors, %v", len(recent), err)
		}
		if _, err := an.Tick(ctx, next.Add(48*time.Hour)); !errors.As(err, &fe) {
			t.Fatalf("tick on a broken file: %v", err)
		}
	})
}

// Recent keeps a bounded number of anchors per commune.
func TestDailyAnchorerRecentIsBounded(t *testing.T) {
	d := dbtest.SQLite(t)
	seed(t, d, []string{"a"}, 1)
	path := filepath.Join(t.TempDir(), audit.AnchorFileName)
	an := audit.NewDailyAnchorer(d, path, testKey)
	day := time.Date(2026, 1, 1, 9, 0, 0, 0, ict)
	for i := 0; i < audit.RecentAnchors+5; i++ {
		if _, err := an.Tick(context.Background(), day.AddDate(0, 0, i)); err != nil {
			t.Fatal(err)
		}
	}
	recent, err := an.Recent(context.Background(), "a")
	if err != nil || len(recent) != audit.RecentAnchors || !recent[0].At.Equal(day.AddDate(0, 0, audit.RecentAnchors+4)) {
		t.Fatalf("recent: %d, %v", len(recent), err)
	}
	// A fresh anchorer (a restart) reads the same from the file.
	again, err := audit.NewDailyAnchorer(d, path, testKey).Recent(context.Background(), "a")
	if err != nil || !slices.EqualFunc(again, recent, func(x, y audit.Anchor) bool { return x.At.Equal(y.At) && x.Seq == y.Seq }) {
		t.Fatalf("after a restart: %d, %v", len(again), err)
	}
}

// A writer waits for another's lock and gives up with a clear message; a lock left by a dead
// process is broken.
func TestAnchorFileLock(t *testing.T) {
	d := dbtest.SQLite(t)
	seed(t, d, []string{"a"}, 1)
	path := filepath.Join(t.TempDir(), audit.AnchorFileName)
	if err := os.WriteFile(path+".lock", []byte("1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := audit.AppendHeads(ctx, d, path, testKey, time.Now()); err == nil || !strings.Contains(err.Error(), "lock") {
		t.Fatalf("append while locked: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the file was written while locked: %v", err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path+".lock", old, old)
	if _, err := audit.AppendHeads(context.Background(), d, path, testKey, time.Now()); err != nil {
		t.Fatalf("append past a stale lock: %v", err)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the lock stays after the write: %v", err)
	}
}

func TestAnchorsNeedTheKey(t *testing.T) {
	d := dbtest.SQLite(t)
	path := filepath.Join(t.TempDir(), audit.AnchorFileName)
	if _, err := audit.AppendHeads(context.Background(), d, path, nil, time.Now()); !errors.Is(err, audit.ErrNoKey) {
		t.Fatalf("append without a key: %v", err)
	}
	if _, err := audit.ReadAnchorFile(path, nil); !errors.Is(err, audit.ErrNoKey) {
		t.Fatalf("read without a key: %v", err)
	}
	if _, err := audit.NewDailyAnchorer(d, path, nil).Tick(context.Background(), time.Now()); !errors.Is(err, audit.ErrNoKey) {
		t.Fatalf("tick without a key: %v", err)
	}
}

func TestHeadLine(t *testing.T) {
	a := audit.Anchor{CommuneID: "a", Seq: 1234, Hash: "1a2b3c4d5e6f7a8b" + strings.Repeat("0", 48),
		At: time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)} // 01:00 on 1 December in Vietnam
	want := "Mã kiểm toán cuối tháng: số 1234, 1a2b3c4d 5e6f7a8b…, ký ngày 01/12/2026"
	if got := audit.HeadLine(a); got != want {
		t.Fatalf("HeadLine = %q, want %q", got, want)
	}
}

// The file is outside input (whoever reaches the disk may edit it): no content makes the reader
// panic, and whatever it accepts is a prefix of the lines genuinely signed, since no other line
// can carry a valid signature and link.
func FuzzReadAnchorFile(f *testing.F) {
	path, genuine := threeLines(f)
	good, _ := os.ReadFile(path)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(bytes.ReplaceAll(good, []byte(`"seq"`), []byte(`"SEQ"`)))
	f.Add(bytes.ReplaceAll(good, []byte("\n"), []byte("\r\n")))
	f.Add(append(slices.Clone(good), good...))
	f.Add([]byte("{}\n"))
	f.Add([]byte(strings.Repeat("x", 5000) + "\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), audit.AnchorFileName)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := audit.ReadAnchorFile(p, testKey)
		var fe *audit.FileError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("not a FileError: %v", err)
		}
		if len(got) > len(genuine) {
			t.Fatalf("%d anchors from at most %d signed lines", len(got), len(genuine))
		}
		for i, a := range got {
			g := genuine[i]
			if a.CommuneID != g.CommuneID || a.Seq != g.Seq || a.Hash != g.Hash || !a.At.Equal(g.At) {
				t.Fatalf("anchor %d accepted but never signed: %+v", i+1, a)
			}
		}
	})
}
