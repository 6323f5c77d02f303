// Package audit keeps the append-only, hash-chained record of who did what. An entry is written
// in the same transaction as the change it describes; each entry's hash covers the previous
// entry's hash, so editing or deleting any row breaks the chain and Verify names the first
// broken link. The package knows nothing of what the actions mean.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
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

// Record appends an entry for communeID inside tx, chaining it to the previous one.
func Record(ctx context.Context, tx *db.Tx, communeID string, actor Actor, action, objectType, objectID string, change Change) error {
	summary, err := json.Marshal(change)
	if err != nil {
		return fmt.Errorf("audit: summary: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_head (commune_id, seq, hash) VALUES ($1, 0, '')
		ON CONFLICT (commune_id) DO NOTHING`, communeID); err != nil {
		return fmt.Errorf("audit: head: %w", err)
	}
	// The UPDATE takes the head row's lock on PostgreSQL, so concurrent writers of one commune
	// extend the chain one after another; SQLite has a single writer anyway.
	e := Entry{CommuneID: communeID, At: tx.Now, Actor: actor, Action: action, ObjectType: objectType, ObjectID: objectID, Summary: string(summary)}
	if err := tx.QueryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE commune_id = $1 RETURNING seq, hash`,
		communeID).Scan(&e.Seq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit: advance head: %w", err)
	}
	e.Hash = e.computeHash()
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (commune_id, seq, at, actor_id, actor_name, action, object_type, object_id, summary, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.CommuneID, e.Seq, e.At.UTC().Format(atLayout), e.Actor.ID, e.Actor.Name, e.Action, e.ObjectType, e.ObjectID, e.Summary, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET hash = $1 WHERE commune_id = $2`, e.Hash, communeID); err != nil {
		return fmt.Errorf("audit: head hash: %w", err)
	}
	return nil
}

func (e Entry) computeHash() string {
	h := sha256.New()
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
}

// OK reports whether the chain holds.
func (r Result) OK() bool { return r.BrokenAt == 0 }

func (r Result) String() string {
	if r.OK() {
		return fmt.Sprintf("commune %s: %d entries, chain intact", r.CommuneID, r.Checked)
	}
	return fmt.Sprintf("commune %s: chain BROKEN at entry %d: %s", r.CommuneID, r.BrokenAt, r.Problem)
}

// Verify walks every commune's chain in order and reports the first broken link of each.
func Verify(ctx context.Context, d *db.DB) ([]Result, error) {
	rows, err := d.Query(ctx, `SELECT commune_id, seq, hash FROM audit_head ORDER BY commune_id`)
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
	var out []Result
	for _, h := range heads {
		r, err := verifyCommune(ctx, d, h.commune, h.seq, h.hash)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// verifyCommune checks the entries up to the head read before: entries committed while it runs
// (on a live server) belong to a later verification.
func verifyCommune(ctx context.Context, d *db.DB, communeID string, headSeq int64, headHash string) (Result, error) {
	r := Result{CommuneID: communeID}
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
		if e.computeHash() != e.Hash {
			r.BrokenAt, r.Problem = e.Seq, "content was altered (hash mismatch)"
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
