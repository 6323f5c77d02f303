package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"xaso/internal/errs"
)

// Pending uploads: a form sent back with errors keeps the files already sent. Each waits under
// a random id (the form carries it in a hidden field) outside the content store, so an
// abandoned form leaves no blob behind: Commit makes it a blob when the form succeeds, and
// pending uploads past their expiry are deleted (every Stage sweeps them).

// PendingTTL is how long an upload waits for its form to be sent again.
const PendingTTL = 24 * time.Hour

// Pending is an upload kept for a form.
type Pending struct {
	ID          string // 32 hex digits, random: whoever holds it may use the upload
	SHA256      string
	Size        int64
	ContentType string
	Filename    string
	ExpiresAt   time.Time
}

// pendingDir holds the pending files; the leading dot keeps it apart from the content folders.
func (s *Store) pendingPath(id string) string { return filepath.Join(s.dir, ".pending", id) }

// Stage keeps a scan (PDF, JPEG or PNG, by content, as PutScan) for a form sent back with
// errors, and sweeps the pending uploads that expired.
func (s *Store) Stage(ctx context.Context, communeID, filename string, r io.Reader) (Pending, error) {
	const op = "blob: stage"
	if communeID == "" {
		return Pending{}, errs.Wrap(op, errors.New("no commune"))
	}
	s.SweepPending(ctx)
	filename = cleanFilename(filename)
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Pending{}, s.readError(err)
	}
	head = head[:n]
	if n == 0 {
		return Pending{}, errs.E(op, errs.Invalid, "blob.empty")
	}
	ctype, err := scanType(head, filename)
	if err != nil {
		return Pending{}, err
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	p := Pending{ID: hex.EncodeToString(raw[:]), ContentType: ctype, Filename: filename, ExpiresAt: s.now().Add(PendingTTL).UTC()}
	if err := os.MkdirAll(filepath.Dir(s.pendingPath(p.ID)), 0o750); err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	f, err := os.OpenFile(s.pendingPath(p.ID), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(s.pendingPath(p.ID))
		}
	}()
	h := sha256.New()
	w := io.MultiWriter(f, h)
	if _, err := w.Write(head); err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	rest, err := io.Copy(w, io.LimitReader(readerCtx{ctx, r}, s.maxSize-int64(n)+1))
	if err != nil {
		return Pending{}, s.readError(err)
	}
	if p.Size = int64(n) + rest; p.Size > s.maxSize {
		return Pending{}, s.tooLarge()
	}
	if err := f.Close(); err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	p.SHA256 = hex.EncodeToString(h.Sum(nil))
	if _, err := s.db.Exec(ctx, `INSERT INTO blob_pending (commune_id, id, sha256, size, content_type, filename, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, communeID, p.ID, p.SHA256, p.Size, p.ContentType, p.Filename, s.now().UTC(), p.ExpiresAt); err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	done = true
	return p, nil
}

// validPendingID: ids come from forms; check them before they reach SQL or a path.
func validPendingID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// GetPending returns a commune's pending upload that has not expired; errs.NotFound
// ("blob.pending_gone") otherwise.
func (s *Store) GetPending(ctx context.Context, communeID, id string) (Pending, error) {
	const op = "blob: pending"
	gone := errs.E(op, errs.NotFound, "blob.pending_gone")
	if !validPendingID(id) {
		return Pending{}, gone
	}
	p := Pending{ID: id}
	err := s.db.QueryRow(ctx, `SELECT sha256, size, content_type, filename, expires_at FROM blob_pending
		WHERE commune_id = $1 AND id = $2`, communeID, id).Scan(&p.SHA256, &p.Size, &p.ContentType, &p.Filename, &p.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !s.now().Before(p.ExpiresAt)) {
		return Pending{}, gone
	}
	if err != nil {
		return Pending{}, errs.Wrap(op, err)
	}
	return p, nil
}

// Commit stores a pending upload as a blob of the commune (as PutScan would). The pending one
// stays until Discard (or its expiry), so that a form whose next step fails keeps it.
func (s *Store) Commit(ctx context.Context, communeID, id string) (Blob, error) {
	p, err := s.GetPending(ctx, communeID, id)
	if err != nil {
		return Blob{}, err
	}
	f, err := os.Open(s.pendingPath(id))
	if err != nil {
		return Blob{}, errs.Wrap("blob: commit", err)
	}
	b, err := s.put(ctx, communeID, p.Filename, f, scanType)
	f.Close()
	if err != nil {
		return Blob{}, err
	}
	return b, nil
}

// Discard forgets pending uploads (their row and file); unknown ids are ignored.
func (s *Store) Discard(ctx context.Context, communeID string, ids ...string) {
	for _, id := range ids {
		if !validPendingID(id) {
			continue
		}
		if _, err := s.db.Exec(ctx, `DELETE FROM blob_pending WHERE commune_id = $1 AND id = $2`, communeID, id); err == nil {
			os.Remove(s.pendingPath(id))
		}
	}
}

// SweepPending deletes the pending uploads that expired (a hundred at a time) and returns how
// many went.
func (s *Store) SweepPending(ctx context.Context) int {
	rows, err := s.db.Query(ctx, `SELECT commune_id, id FROM blob_pending WHERE expires_at <= $1 ORDER BY expires_at LIMIT 100`, s.now().UTC())
	if err != nil {
		return 0
	}
	type key struct{ commune, id string }
	var gone []key
	for rows.Next() {
		var k key
		if rows.Scan(&k.commune, &k.id) == nil {
			gone = append(gone, k)
		}
	}
	rows.Close()
	for _, k := range gone {
		s.Discard(ctx, k.commune, k.id)
	}
	return len(gone)
}
