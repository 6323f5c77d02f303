package audit

// The chain's head, kept where the database cannot reach it (issue 15 item 6).
//
// A sealed chain proves that no entry was edited, but someone who can write the database can
// still cut its tail, wind the head back, or delete a commune's rows: what is left verifies on
// its own. So every day (and on demand) each commune's head is appended to a file in the data
// directory, audit-heads.jsonl, one signed JSON line each:
//
//	{"commune_id":"…","seq":1234,"hash":"…","at":"2026-11-30T17:00:00Z","prev":"…","sig":"…"}
//
// sig signs the other fields, prev included; prev is the sig of the line before it (of any
// commune), so the file is itself a chain: a deleted, reordered or edited line breaks the link
// or the signature of the line it touches, and ReadAnchorFile names it. The file is only ever
// appended to (O_APPEND, fsync), never rewritten. Verify given its anchors reports a chain cut
// below, or rewritten at, any head the file holds.
//
// The signature is HMAC-SHA256 under a key derived from the audit key (the file beside the
// database, never in it), not Ed25519: the one verifier, `xaso audit verify`, must hold the
// audit key anyway to check the entries' seals; there is no second key to back up or lose; and
// checking a national file of years of lines costs a microsecond a line rather than the
// tens of microseconds of an Ed25519 verification. An outsider's assurance does not come from
// this signature but from the head itself, printed on the monthly report and the public page:
// a head published on a day can be compared with the log for ever after. The key is derived
// (not the audit key itself) so that a line's signature can never stand for an entry's seal.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"xaso/internal/db"
)

// AnchorFileName is the signed heads' file in the data directory.
const AnchorFileName = "audit-heads.jsonl"

// RecentAnchors is how many of each commune's newest anchors a DailyAnchorer keeps for Recent:
// a month of daily lines and a few written on demand.
const RecentAnchors = 40

const (
	// maxAnchorLine bounds a line: a genuine one is about 330 bytes.
	maxAnchorLine = 2048
	anchorAt      = time.RFC3339
	// lockWait is how long a writer waits for another (the server and `xaso audit head
	// --write`) to finish its append; staleLock is the age at which a lock left by a process
	// that died is broken (an append holds it for milliseconds).
	lockWait  = 10 * time.Second
	staleLock = 2 * time.Minute
)

// vietnam is the zone whose calendar day a daily line belongs to (UTC+7, no daylight saving;
// the same as calendar.Zone, kept here so that the audit room depends on no other).
var vietnam = time.FixedZone("ICT", 7*3600)

var (
	// ErrNoKey: there is no audit key, so no head can be signed or checked.
	ErrNoKey = errors.New("audit: no audit key: signed heads need it")
	// ErrRewritten: a commune's log no longer holds the head the file anchored (cut at the
	// tail, wound back, or rewritten). Its head is not signed again: the file keeps the last
	// true one, and `xaso audit verify` reports the break.
	ErrRewritten = errors.New("audit: the log no longer holds its signed head")
)

// FileError is a broken anchor file: the line it names (1-based) and what is wrong with it.
// The lines before it were verified.
type FileError struct {
	Path    string
	Line    int
	Problem string
}

func (e *FileError) Error() string {
	return fmt.Sprintf("anchor file %s, line %d: %s", e.Path, e.Line, e.Problem)
}

// anchorLine is one line of the file, its fields in the order they are written.
type anchorLine struct {
	CommuneID string `json:"commune_id"`
	Seq       int64  `json:"seq"`
	Hash      string `json:"hash"`
	At        string `json:"at"`
	Prev      string `json:"prev"`
	Sig       string `json:"sig"`
}

// lineKey derives the signing key of the file's lines from the audit key.
func lineKey(auditKey []byte) []byte {
	m := hmac.New(sha256.New, auditKey)
	m.Write([]byte("xaso audit-heads.jsonl line key v1"))
	return m.Sum(nil)
}

// signature signs every field but sig, each prefixed by its length so that no two lines can
// sign the same bytes.
func (l anchorLine) signature(key []byte) string {
	m := hmac.New(sha256.New, key)
	for _, f := range []string{"xaso-audit-head-v1", l.CommuneID, strconv.FormatInt(l.Seq, 10), l.Hash, l.At, l.Prev} {
		m.Write([]byte(strconv.Itoa(len(f))))
		m.Write([]byte{':'})
		m.Write([]byte(f))
	}
	return hex.EncodeToString(m.Sum(nil))
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// parseAnchorLine reads one line (without its newline) and checks its signature and its link
// to the line before (prevSig); problem says what is wrong, "" when the line holds.
func parseAnchorLine(b []byte, key []byte, prevSig string) (a Anchor, sig, problem string) {
	if len(bytes.TrimSpace(b)) == 0 {
		return a, "", "empty line"
	}
	var l anchorLine
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return a, "", "not a signed head written by xaso"
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return a, "", "text after the signed head"
	}
	at, err := time.Parse(anchorAt, l.At)
	switch {
	case l.CommuneID == "" || len(l.CommuneID) > 200 || l.Seq < 1 || !isHex(l.Hash, 64) || err != nil:
		return a, "", "a field is missing or malformed"
	case !isHex(l.Sig, 64) || !hmac.Equal([]byte(l.signature(key)), []byte(l.Sig)):
		return a, "", "signature does not match (the line was changed, or signed with another key)"
	case l.Prev != prevSig:
		return a, "", "does not follow the line before it (a line was deleted, moved or changed)"
	}
	return Anchor{CommuneID: l.CommuneID, Seq: l.Seq, Hash: l.Hash, At: at.UTC()}, l.Sig, ""
}

// anchorLog is what a reader knows of the file: how far it is verified, the last signature,
// and each commune's anchors. It reads on from where it stopped, so a long-lived one (the
// DailyAnchorer) reads each line once.
type anchorLog struct {
	path    string
	key     []byte // the line key
	keep    int    // newest anchors kept per commune for recent (0: none)
	collect bool   // keep every anchor in all

	offset  int64 // bytes verified, always at a line's end
	lines   int
	lastSig string
	top     map[string]Anchor    // each commune's highest anchored head: later heads must extend it
	last    map[string]time.Time // each commune's newest line
	recent  map[string][]Anchor  // oldest first, at most keep
	all     []Anchor
	broken  *FileError // once found, every later use fails with it
	pending bool       // bytes after the last newline: a line being written, or a torn one
}

func newAnchorLog(path string, auditKey []byte, keep int, collect bool) *anchorLog {
	return &anchorLog{path: path, key: lineKey(auditKey), keep: keep, collect: collect,
		top: map[string]Anchor{}, last: map[string]time.Time{}, recent: map[string][]Anchor{}}
}

func (l *anchorLog) fail(line int, problem string) error {
	l.broken = &FileError{Path: l.path, Line: line, Problem: problem}
	return l.broken
}

// sync reads and verifies the lines appended since the last call.
func (l *anchorLog) sync() error {
	if l.broken != nil {
		return l.broken
	}
	f, err := os.Open(l.path)
	if errors.Is(err, fs.ErrNotExist) {
		if l.offset > 0 {
			return l.fail(1, "the file was removed")
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	if fi.Size() < l.offset {
		return l.fail(l.lines, fmt.Sprintf("the file was cut short: %d bytes, %d had been verified", fi.Size(), l.offset))
	}
	if _, err := f.Seek(l.offset, io.SeekStart); err != nil {
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	r := bufio.NewReaderSize(f, 2*maxAnchorLine)
	for {
		b, err := r.ReadSlice('\n')
		l.pending = false
		switch {
		case errors.Is(err, io.EOF):
			l.pending = len(b) > 0
			return nil
		case errors.Is(err, bufio.ErrBufferFull):
			return l.fail(l.lines+1, "line too long")
		case err != nil:
			return fmt.Errorf("audit: anchor file: %w", err)
		}
		if len(b) > maxAnchorLine {
			return l.fail(l.lines+1, "line too long")
		}
		a, sig, problem := parseAnchorLine(b[:len(b)-1], l.key, l.lastSig)
		if problem != "" {
			return l.fail(l.lines+1, problem)
		}
		l.lines++
		l.offset += int64(len(b))
		l.lastSig = sig
		l.add(a)
	}
}

func (l *anchorLog) add(a Anchor) {
	if t, ok := l.top[a.CommuneID]; !ok || a.Seq >= t.Seq {
		l.top[a.CommuneID] = a
	}
	if a.At.After(l.last[a.CommuneID]) {
		l.last[a.CommuneID] = a.At
	}
	if l.keep > 0 {
		r := l.recent[a.CommuneID]
		if len(r) == l.keep {
			copy(r, r[1:])
			r[len(r)-1] = a
		} else {
			r = append(r, a)
		}
		l.recent[a.CommuneID] = r
	}
	if l.collect {
		l.all = append(l.all, a)
	}
}

// ReadAnchorFile reads and verifies the signed heads' file: every line's signature under the
// key derived from auditKey, and each line's link to the one before. A broken file returns a
// *FileError naming the line, with the anchors of the lines before it; a missing file, an
// error wrapping fs.ErrNotExist.
func ReadAnchorFile(path string, auditKey []byte) ([]Anchor, error) {
	if len(auditKey) == 0 {
		return nil, ErrNoKey
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("audit: anchor file: %w", err)
	}
	l := newAnchorLog(path, auditKey, 0, true)
	if err := l.sync(); err != nil {
		return l.all, err
	}
	if l.pending {
		return l.all, l.fail(l.lines+1, "the line is incomplete (its write was cut off)")
	}
	return l.all, nil
}

// AppendHeads appends every commune's current head to the file at path, signed with a key
// derived from auditKey (the database's ChainKey), stamped now, and returns the heads written.
// A commune whose log no longer holds its highest anchored head is not signed again: the
// error wraps ErrRewritten for each (errors.Join), and the other communes are written.
func AppendHeads(ctx context.Context, d *db.DB, path string, auditKey []byte, now time.Time) ([]Anchor, error) {
	if len(auditKey) == 0 {
		return nil, ErrNoKey
	}
	l := newAnchorLog(path, auditKey, 0, false)
	return l.appendHeads(ctx, d, now, func(string) bool { return true })
}

// appendHeads writes the heads of the communes due: under the file's lock, after reading what
// other writers appended, so that the new lines chain to the true last one.
func (l *anchorLog) appendHeads(ctx context.Context, d *db.DB, now time.Time, due func(communeID string) bool) ([]Anchor, error) {
	// Most of a long file is read before taking the lock, the rest under it.
	if err := l.sync(); err != nil {
		return nil, err
	}
	unlock, err := lockAnchorFile(ctx, l.path)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := l.sync(); err != nil {
		return nil, err
	}
	if l.pending {
		return nil, l.fail(l.lines+1, "the line is incomplete (its write was cut off): repair the file by hand before signing again")
	}
	heads, err := Heads(ctx, d)
	if err != nil {
		return nil, err
	}
	at := now.UTC().Truncate(time.Second)
	var buf bytes.Buffer
	var written []Anchor
	var refused []error
	prev := l.lastSig
	present := map[string]bool{}
	for _, h := range heads {
		present[h.CommuneID] = true
	}
	// A commune the file anchored whose head row is gone had its chain deleted.
	for _, c := range slices.Sorted(maps.Keys(l.top)) {
		if !present[c] && due(c) {
			top := l.top[c]
			refused = append(refused, fmt.Errorf("%w: commune %s: entry %d was signed on %s, but the commune has no log any more",
				ErrRewritten, c, top.Seq, top.At.In(vietnam).Format("02/01/2006")))
		}
	}
	for _, h := range heads {
		if h.Seq < 1 || !due(h.CommuneID) {
			continue
		}
		if top, ok := l.top[h.CommuneID]; ok {
			if err := stillHolds(ctx, d, top, h); err != nil {
				refused = append(refused, err)
				continue
			}
		}
		line := anchorLine{CommuneID: h.CommuneID, Seq: h.Seq, Hash: h.Hash, At: at.Format(anchorAt), Prev: prev}
		line.Sig = line.signature(l.key)
		b, err := json.Marshal(line)
		if err != nil {
			return nil, fmt.Errorf("audit: anchor line: %w", err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
		prev = line.Sig
		written = append(written, Anchor{CommuneID: h.CommuneID, Seq: h.Seq, Hash: h.Hash, At: at})
	}
	if len(written) > 0 {
		if err := l.write(buf.Bytes()); err != nil {
			return nil, err
		}
		for _, a := range written {
			l.add(a)
		}
		l.lastSig = prev
		l.lines += len(written)
	}
	return written, errors.Join(refused...)
}

// stillHolds checks that the log still holds the anchored head top, of which head must be the
// same or a later entry.
func stillHolds(ctx context.Context, d *db.DB, top, head Anchor) error {
	signed := fmt.Sprintf("commune %s: entry %d was signed on %s", top.CommuneID, top.Seq, top.At.In(vietnam).Format("02/01/2006"))
	switch {
	case head.Seq < top.Seq:
		return fmt.Errorf("%w: %s, but the log now ends at entry %d", ErrRewritten, signed, head.Seq)
	case head.Seq == top.Seq:
		if head.Hash != top.Hash {
			return fmt.Errorf("%w: %s, but the head now has another hash", ErrRewritten, signed)
		}
		return nil
	}
	var h string
	err := d.QueryRow(ctx, `SELECT hash FROM audit_log WHERE commune_id = $1 AND seq = $2`, top.CommuneID, top.Seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s, but the log no longer holds it", ErrRewritten, signed)
	}
	if err != nil {
		return fmt.Errorf("audit: anchored entry: %w", err)
	}
	if h != top.Hash {
		return fmt.Errorf("%w: %s, but that entry now has another hash", ErrRewritten, signed)
	}
	return nil
}

// write appends b to the file in one write and makes it durable before returning.
func (l *anchorLog) write(b []byte) error {
	created := l.offset == 0
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != l.offset {
		f.Close()
		return fmt.Errorf("audit: anchor file %s changed while locked (another writer ignoring the lock?)", l.path)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("audit: anchor file: %w", err)
	}
	l.offset += int64(len(b))
	if created {
		syncDir(filepath.Dir(l.path))
	}
	return nil
}

// syncDir makes a new file's name durable. Best effort: Windows cannot open a directory for it.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// lockAnchorFile takes the file's lock: a file beside it created exclusively, which works on
// every system xaso is built for. A lock older than staleLock was left by a process that died.
func lockAnchorFile(ctx context.Context, path string) (func(), error) {
	lp := path + ".lock"
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.OpenFile(lp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(lp) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("audit: lock anchor file: %w", err)
		}
		if fi, err := os.Stat(lp); err == nil && time.Since(fi.ModTime()) > staleLock {
			os.Remove(lp)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("audit: anchor file %s is locked by %s (another xaso writing it?); remove the lock if none runs", path, lp)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("audit: lock anchor file: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// DailyAnchorer writes each commune's head to the signed file once a Vietnam day, for a worker
// to call from a ticker (hourly, and once at start): a tick writes a line for each commune
// that has none dated today, and nothing when every commune has one. It reads the file once
// and then only what was appended since (by itself or by `xaso audit head --write`), and keeps
// each commune's newest anchors for the public page. Safe for concurrent use.
type DailyAnchorer struct {
	d   *db.DB
	key []byte
	mu  sync.Mutex
	log *anchorLog
}

// NewDailyAnchorer returns an anchorer of the file at path (AnchorFileName in the data
// directory), signing with a key derived from auditKey (the database's ChainKey).
func NewDailyAnchorer(d *db.DB, path string, auditKey []byte) *DailyAnchorer {
	return &DailyAnchorer{d: d, key: auditKey, log: newAnchorLog(path, auditKey, RecentAnchors, false)}
}

// Tick writes today's line of every commune that has none yet and returns them. A commune
// whose log no longer holds its signed head is left out, with an error wrapping ErrRewritten:
// log it loudly, the log was tampered with.
func (a *DailyAnchorer) Tick(ctx context.Context, now time.Time) ([]Anchor, error) {
	if len(a.key) == 0 {
		return nil, ErrNoKey
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	today := now.In(vietnam).Format(time.DateOnly)
	return a.log.appendHeads(ctx, a.d, now, func(communeID string) bool {
		last, ok := a.log.last[communeID]
		return !ok || last.In(vietnam).Format(time.DateOnly) != today
	})
}

// Recent returns the commune's newest signed heads, newest first, at most RecentAnchors. When
// the file is broken it returns those verified before the broken line with the *FileError.
func (a *DailyAnchorer) Recent(ctx context.Context, communeID string) ([]Anchor, error) {
	if len(a.key) == 0 {
		return nil, ErrNoKey
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	err := a.log.sync()
	out := slices.Clone(a.log.recent[communeID])
	slices.Reverse(out)
	return out, err
}

// HeadLine is the line the monthly report prints for an anchor, in Vietnamese (the report is
// an official document): the entry's number, the first 16 hex digits of its hash in two groups
// of 8 (enough to compare by eye; the public page shows it whole), and the Vietnam day it was
// signed: "Mã kiểm toán cuối tháng: số 1234, 1a2b3c4d 5e6f7a8b…, ký ngày 30/11/2026".
func HeadLine(a Anchor) string {
	h := a.Hash
	short := h
	if len(h) > 16 {
		short = h[:8] + " " + h[8:16] + "…"
	} else if len(h) > 8 {
		short = h[:8] + " " + h[8:]
	}
	return fmt.Sprintf("Mã kiểm toán cuối tháng: số %d, %s, ký ngày %s", a.Seq, short, a.At.In(vietnam).Format("02/01/2006"))
}
