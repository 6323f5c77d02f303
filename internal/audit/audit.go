// Package audit keeps the append-only, hash-chained record of who did what. An entry is written
// in the same transaction as the change it describes; each entry's hash covers the previous
// entry's hash, so editing or deleting any row breaks the chain and Verify names the first
// broken link. The package knows nothing of what the actions mean.
package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"time"

	"xaso/internal/db"
)

// Actor is who acted: a staff account, a resident, or the system.
type Actor struct {
	ID   string
	Name string
}

// System is the actor of automatic work (imports from the command line, the dispatcher).
var System = Actor{ID: "system", Name: "Hệ thống"}

// Entry is one line of the log.
type Entry struct {
	CommuneID  string
	Seq        int64
	At         time.Time
	Actor      Actor
	Action     string // "household.create"
	ObjectType string // "household"
	ObjectID   string
	Summary    string // before/after, as compact JSON
	PrevHash   string
	Hash       string
}

// Change is the before/after summary of an entry; either side may be nil.
type Change struct {
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
}

const atLayout = "2006-01-02T15:04:05.000000Z"

// Record appends an entry for communeID inside tx, chaining it to the previous one. The entry is
// sealed with the database's chain key when one is configured (see db.DB.ChainKey).
//
// The entry is written at the end of the transaction, with the transaction's other entries
// (db.Tx.Defer): the commune's head row, which every writer of the commune locks until its
// commit, is then held for three statements rather than for the whole transaction, and a
// transaction with many entries (or several grouped ones, db.TxGroup) extends the chain once.
func Record(ctx context.Context, tx *db.Tx, communeID string, actor Actor, action, objectType, objectID string, change Change) error {
	summary, err := json.Marshal(change)
	if err != nil {
		return fmt.Errorf("audit: summary: %w", err)
	}
	p := tx.Defer(pendingKey{}, func() any { return &pending{} }, writePending).(*pending)
	p.add(Entry{CommuneID: communeID, At: tx.Now, Actor: actor, Action: action, ObjectType: objectType, ObjectID: objectID, Summary: string(summary)})
	return nil
}

// pendingKey names a transaction's entries not written yet.
type pendingKey struct{}

// pending is a transaction's entries by commune, communes in the order first met.
type pending struct {
	communes []string
	entries  map[string][]Entry
}

func (p *pending) add(e Entry) {
	if p.entries == nil {
		p.entries = map[string][]Entry{}
	}
	if _, ok := p.entries[e.CommuneID]; !ok {
		p.communes = append(p.communes, e.CommuneID)
	}
	p.entries[e.CommuneID] = append(p.entries[e.CommuneID], e)
}

func writePending(ctx context.Context, tx *db.Tx, v any) error {
	p := v.(*pending)
	// Heads are locked in one order (the communes' ids), so that two transactions writing the
	// same two communes never wait for each other in a circle.
	communes := slices.Clone(p.communes)
	slices.Sort(communes)
	for _, c := range communes {
		if err := appendEntries(ctx, tx, c, p.entries[c]); err != nil {
			return err
		}
	}
	return nil
}

var logCols = []string{"commune_id", "seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "summary", "prev_hash", "hash"}

// appendEntries extends communeID's chain by es: the head moves by len(es) in one statement,
// the rows go in together, the head takes the last hash.
func appendEntries(ctx context.Context, tx *db.Tx, communeID string, es []Entry) error {
	// The UPDATE takes the head row's lock on PostgreSQL, so concurrent writers of one commune
	// extend the chain one after another; SQLite has a single writer anyway.
	var last int64
	var prev string
	advance := func() error {
		return tx.QueryRow(ctx, `UPDATE audit_head SET seq = seq + $2 WHERE commune_id = $1 RETURNING seq, hash`,
			communeID, len(es)).Scan(&last, &prev)
	}
	err := advance()
	if errors.Is(err, sql.ErrNoRows) {
		// The commune's first entry, or its head row was deleted: continue from what the log
		// holds, so that a lost head never makes new entries overwrite old ones.
		if _, err := tx.Exec(ctx, `INSERT INTO audit_head (commune_id, seq, hash)
			SELECT $1, COALESCE(MAX(seq), 0), COALESCE((SELECT hash FROM audit_log WHERE commune_id = $1 ORDER BY seq DESC LIMIT 1), '')
			FROM audit_log WHERE commune_id = $1
			ON CONFLICT (commune_id) DO NOTHING`, communeID); err != nil {
			return fmt.Errorf("audit: head: %w", err)
		}
		err = advance()
	}
	if err != nil {
		return fmt.Errorf("audit: advance head: %w", err)
	}
	key := tx.ChainKey()
	rows := make([][]any, len(es))
	for i := range es {
		e := &es[i]
		e.Seq, e.PrevHash = last-int64(len(es)-1-i), prev
		e.Hash = e.computeHash(key)
		prev = e.Hash
		rows[i] = []any{e.CommuneID, e.Seq, e.At.UTC().Format(atLayout), e.Actor.ID, e.Actor.Name, e.Action, e.ObjectType, e.ObjectID, e.Summary, e.PrevHash, e.Hash}
	}
	// A row already at this place lies past the head, so it is not part of the chain (someone
	// wrote it into the table directly): the genuine entry takes its place rather than every
	// later write of the commune failing on the key.
	if err := db.InsertRowsThen(ctx, tx, "audit_log", logCols, rows, ` ON CONFLICT (commune_id, seq) DO UPDATE SET at = excluded.at,
		actor_id = excluded.actor_id, actor_name = excluded.actor_name, action = excluded.action, object_type = excluded.object_type,
		object_id = excluded.object_id, summary = excluded.summary, prev_hash = excluded.prev_hash, hash = excluded.hash`); err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET hash = $1 WHERE commune_id = $2`, prev, communeID); err != nil {
		return fmt.Errorf("audit: head hash: %w", err)
	}
	return nil
}

// computeHash seals the entry: HMAC-SHA256 under key, or a bare SHA-256 when there is no key
// (tests and old logs; such a chain proves nothing against someone who can write the table).
func (e Entry) computeHash(key []byte) string {
	var h hash.Hash
	if len(key) > 0 {
		h = hmac.New(sha256.New, key)
	} else {
		h = sha256.New()
	}
	for _, f := range []string{e.PrevHash, e.CommuneID, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(atLayout),
		e.Actor.ID, e.Actor.Name, e.Action, e.ObjectType, e.ObjectID, e.Summary} {
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Result is the outcome of verifying one commune's chain.
type Result struct {
	CommuneID string
	Checked   int64
	BrokenAt  int64  // 0 when the chain holds
	Problem   string // what is wrong at BrokenAt
	// Unsealed is set when the database has no chain key: the links were checked, but anyone
	// able to write the table could have rewritten the whole chain.
	Unsealed bool
}

// OK reports whether the chain holds.
func (r Result) OK() bool { return r.BrokenAt == 0 }

func (r Result) String() string {
	if !r.OK() {
		return fmt.Sprintf("commune %s: chain BROKEN at entry %d: %s", r.CommuneID, r.BrokenAt, r.Problem)
	}
	if r.Unsealed {
		return fmt.Sprintf("commune %s: %d entries, links intact but NOT sealed (no audit key)", r.CommuneID, r.Checked)
	}
	return fmt.Sprintf("commune %s: %d entries, chain intact", r.CommuneID, r.Checked)
}

// Anchor is a commune's head at one moment, kept outside the database (printed by
// `xaso audit head`, published or filed away). A later Verify given the anchor proves the log
// still holds that entry unchanged: a chain cut at the tail with its head wound back, or
// deleted whole, verifies on its own but not against an anchor.
type Anchor struct {
	CommuneID string    `json:"commune"`
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
}

// Heads returns every commune's current head, for exporting as anchors.
func Heads(ctx context.Context, d *db.DB) ([]Anchor, error) {
	rows, err := d.Query(ctx, `SELECT commune_id, seq, hash FROM audit_head ORDER BY commune_id`)
	if err != nil {
		return nil, fmt.Errorf("audit: heads: %w", err)
	}
	defer rows.Close()
	now := time.Now().UTC()
	if d.Clock != nil {
		now = d.Clock().UTC()
	}
	var out []Anchor
	for rows.Next() {
		a := Anchor{At: now.Truncate(time.Second)}
		if err := rows.Scan(&a.CommuneID, &a.Seq, &a.Hash); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Verify walks every commune's chain in order and reports the first problem of each: an
// altered, missing or unsealed entry, entries lying past the head, a commune whose chain is gone,
// and, for each anchor given, an anchored entry that is missing or changed.
func Verify(ctx context.Context, d *db.DB, anchors ...Anchor) ([]Result, error) {
	rows, err := d.Query(ctx, `SELECT c.id, COALESCE(h.seq, -1), COALESCE(h.hash, '')
		FROM communes c LEFT JOIN audit_head h ON h.commune_id = c.id ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", err)
	}
	type head struct {
		commune string
		seq     int64
		hash    string
	}
	var heads []head
	for rows.Next() {
		var h head
		if err := rows.Scan(&h.commune, &h.seq, &h.hash); err != nil {
			rows.Close()
			return nil, err
		}
		heads = append(heads, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byCommune := map[string][]Anchor{}
	for _, a := range anchors {
		byCommune[a.CommuneID] = append(byCommune[a.CommuneID], a)
	}
	known := map[string]bool{}
	var out []Result
	for _, h := range heads {
		known[h.commune] = true
		var r Result
		if h.seq < 0 {
			// Every commune's creation is an audited act, so a commune without a head has lost its chain.
			r = Result{CommuneID: h.commune, BrokenAt: 1, Problem: "the commune has no audit chain (deleted)"}
		} else {
			r, err = verifyCommune(ctx, d, h.commune, h.seq, h.hash, byCommune[h.commune])
			if err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	for _, a := range anchors {
		if !known[a.CommuneID] {
			out = append(out, Result{CommuneID: a.CommuneID, BrokenAt: 1,
				Problem: fmt.Sprintf("anchored at entry %d but the commune and its chain are gone", a.Seq)})
			known[a.CommuneID] = true
		}
	}
	return out, nil
}

// verifyCommune checks the entries up to the head read before: entries committed while it runs
// (on a live server) belong to a later verification.
func verifyCommune(ctx context.Context, d *db.DB, communeID string, headSeq int64, headHash string, anchors []Anchor) (Result, error) {
	key := d.ChainKey
	r := Result{CommuneID: communeID, Unsealed: len(key) == 0}
	anchored := map[int64]string{}
	var maxAnchor int64
	for _, a := range anchors {
		anchored[a.Seq] = a.Hash
		maxAnchor = max(maxAnchor, a.Seq)
	}
	if maxAnchor > headSeq {
		r.BrokenAt, r.Problem = headSeq+1, fmt.Sprintf("cut at the tail: anchored entry %d, but the log now ends at entry %d", maxAnchor, headSeq)
		return r, nil
	}
	rows, err := d.Query(ctx, `SELECT seq, at, actor_id, actor_name, action, object_type, object_id, summary, prev_hash, hash
		FROM audit_log WHERE commune_id = $1 AND seq <= $2 ORDER BY seq`, communeID, headSeq)
	if err != nil {
		return r, fmt.Errorf("audit: verify %s: %w", communeID, err)
	}
	defer rows.Close()
	prev := ""
	var want int64 = 1
	for rows.Next() {
		e := Entry{CommuneID: communeID}
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor.ID, &e.Actor.Name, &e.Action, &e.ObjectType, &e.ObjectID, &e.Summary, &e.PrevHash, &e.Hash); err != nil {
			return r, err
		}
		if e.Seq != want {
			r.BrokenAt, r.Problem = want, fmt.Sprintf("entry %d is missing", want)
			return r, nil
		}
		e.At, err = time.Parse(atLayout, strings.TrimSpace(at))
		if err != nil {
			r.BrokenAt, r.Problem = e.Seq, "time was altered"
			return r, nil
		}
		if e.PrevHash != prev {
			r.BrokenAt, r.Problem = e.Seq, "link to the previous entry does not match"
			return r, nil
		}
		if e.computeHash(key) != e.Hash {
			r.BrokenAt, r.Problem = e.Seq, "content was altered or the chain rewritten (seal mismatch)"
			return r, nil
		}
		if h, ok := anchored[e.Seq]; ok && h != e.Hash {
			r.BrokenAt, r.Problem = e.Seq, "differs from the anchor exported earlier (the chain was rewritten)"
			return r, nil
		}
		prev = e.Hash
		r.Checked++
		want++
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	if r.Checked != headSeq || prev != headHash {
		r.BrokenAt, r.Problem = r.Checked+1, fmt.Sprintf("log ends at entry %d but %d were written", r.Checked, headSeq)
		return r, nil
	}
	// Rows past the head are not part of the chain: written into the table directly, or left
	// behind when someone wound the head back. One statement reads both, so entries committed
	// during the walk (head and row move together) are never counted.
	var past int64
	var first sql.NullInt64
	if err := d.QueryRow(ctx, `SELECT COUNT(*), MIN(l.seq) FROM audit_log l JOIN audit_head h ON h.commune_id = l.commune_id
		WHERE l.commune_id = $1 AND l.seq > h.seq`, communeID).Scan(&past, &first); err != nil {
		return r, fmt.Errorf("audit: verify %s: %w", communeID, err)
	}
	if past > 0 {
		r.BrokenAt, r.Problem = first.Int64, fmt.Sprintf("%d entries lie past the head (forged, or the head was wound back)", past)
	}
	return r, nil
}

// List returns a page of a commune's entries, newest first, optionally for one object.
func List(ctx context.Context, q db.Q, communeID, objectType, objectID string, limit, offset int) ([]Entry, error) {
	rows, err := q.Query(ctx, `SELECT seq, at, actor_id, actor_name, action, object_type, object_id, summary, prev_hash, hash
		FROM audit_log WHERE commune_id = $1 AND ($2 = '' OR (object_type = $2 AND object_id = $3))
		ORDER BY seq DESC LIMIT $4 OFFSET $5`, communeID, objectType, objectID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e := Entry{CommuneID: communeID}
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor.ID, &e.Actor.Name, &e.Action, &e.ObjectType, &e.ObjectID, &e.Summary, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(atLayout, at)
		out = append(out, e)
	}
	return out, rows.Err()
}
