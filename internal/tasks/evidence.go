package tasks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/blob"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Evidence is a piece of evidence that a task was done: a link to a record of another room
// (URL, a path on this site) or a file in the blob store (SHA256).
type Evidence struct {
	ID          string
	TaskID      string
	Kind        EvidenceKind
	Caption     string
	URL         string
	SHA256      string
	Filename    string
	Size        int64
	ContentType string
	CreatedAt   time.Time
	CreatedBy   string
}

// IsFile reports whether the evidence is an uploaded file.
func (e Evidence) IsFile() bool { return e.SHA256 != "" }

// EvidenceInput is a link as the form gives it, cleaned.
type EvidenceInput struct {
	Kind    EvidenceKind
	Caption string
	URL     string
}

// EvidenceTypes are the file types a piece of evidence may be.
var EvidenceTypes = []string{blob.TypePDF, blob.TypeJPEG, blob.TypePNG, blob.TypeDOCX, blob.TypeXLSX}

// SniffEvidence tells an uploaded file's type by its first bytes: a PDF, a JPEG or a PNG by
// their magic bytes, a Word or Excel file by the zip signature and its name (.docx, .xlsx);
// "" for anything else.
func SniffEvidence(head []byte, filename string) string {
	if t := blob.SniffScan(head); t != "" {
		return t
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		switch strings.ToLower(filepath.Ext(filename)) {
		case ".docx":
			return blob.TypeDOCX
		case ".xlsx":
			return blob.TypeXLSX
		}
	}
	return ""
}

// checkEvidence checks what every piece of evidence needs: a known kind and a caption.
func checkEvidence(kind EvidenceKind, caption string) errs.FieldErrors {
	fe := errs.FieldErrors{}
	if !kind.Valid() {
		fe["kind"] = "tasks.err.kind_unknown"
	}
	if caption == "" {
		fe["caption"] = "tasks.err.caption_required"
	}
	return fe
}

// evidenceTask reads the task a member adds evidence to: theirs to report, not cancelled.
func (s *Service) evidenceTask(ctx context.Context, q db.Q, communeID, taskID string, m Member) (Task, error) {
	const op = "tasks: evidence"
	t, err := getTask(ctx, q, communeID, taskID, s.now())
	if err != nil {
		return t, err
	}
	if !t.ReportableBy(m) {
		return t, forbidden(op)
	}
	if t.Status == Cancelled {
		return t, errs.E(op, errs.Conflict, "tasks.err.cancelled")
	}
	return t, nil
}

// AddLink adds a link to a record of another room as evidence of a task.
func (s *Service) AddLink(ctx context.Context, communeID, taskID string, m Member, in EvidenceInput, fe map[string]string) (Evidence, error) {
	const op = "tasks: add link"
	bad := checkEvidence(in.Kind, in.Caption)
	for k, v := range fe {
		bad[k] = v
	}
	if _, ok := bad["url"]; !ok {
		if u, ok := LocalPath(in.URL); ok {
			in.URL = u
		} else {
			bad["url"] = "tasks.err.url_local"
		}
	}
	if _, err := s.evidenceTask(ctx, s.d, communeID, taskID, m); err != nil {
		return Evidence{}, err
	}
	if err := bad.Err(op); err != nil {
		return Evidence{}, err
	}
	e := Evidence{TaskID: taskID, Kind: in.Kind, Caption: in.Caption, URL: in.URL}
	return e, s.insertEvidence(ctx, communeID, m, &e)
}

// countingReader stops a file at its cap and says so.
type countingReader struct {
	r        io.Reader
	n, max   int64
	exceeded bool
}

var errTooLarge = errors.New("tasks: file over its cap")

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.max {
		c.exceeded = true
		return n, errTooLarge
	}
	return n, err
}

// AddFile stores an uploaded file as evidence of a task: at most the room's size cap, and a
// PDF, JPEG, PNG, DOCX or XLSX by its first bytes (and, for the Office files, its name).
// Nothing is stored when the task, the kind, the caption or the type is refused.
func (s *Service) AddFile(ctx context.Context, communeID, taskID string, m Member, kind EvidenceKind, caption, filename string, r io.Reader) (Evidence, error) {
	const op = "tasks: add file"
	if s.files == nil {
		return Evidence{}, errs.E(op, errs.Conflict, "tasks.err.uploads_off")
	}
	caption, ok := oneLine(caption, MaxCaption)
	bad := checkEvidence(kind, caption)
	if !ok {
		bad["caption"] = "tasks.err.too_long"
	}
	if _, err := s.evidenceTask(ctx, s.d, communeID, taskID, m); err != nil {
		return Evidence{}, err
	}
	if err := bad.Err(op); err != nil {
		return Evidence{}, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Evidence{}, errs.E(op, errs.Invalid, "tasks.err.file_unreadable")
	}
	head = head[:n]
	if n == 0 {
		return Evidence{}, errs.E(op, errs.Invalid, "tasks.err.file_empty")
	}
	if SniffEvidence(head, filename) == "" {
		return Evidence{}, errs.E(op, errs.Invalid, "tasks.err.file_type")
	}
	cr := &countingReader{r: io.MultiReader(bytes.NewReader(head), r), max: s.maxFile}
	b, err := s.files.Put(ctx, communeID, filename, cr)
	if cr.exceeded {
		return Evidence{}, errs.E(op, errs.TooLarge, "tasks.err.file_too_large", (s.maxFile+1<<20-1)>>20)
	}
	if err != nil {
		return Evidence{}, err
	}
	if media, _, _ := mime.ParseMediaType(b.ContentType); !slices.Contains(EvidenceTypes, media) {
		return Evidence{}, errs.E(op, errs.Invalid, "tasks.err.file_type")
	}
	e := Evidence{TaskID: taskID, Kind: kind, Caption: caption, SHA256: b.SHA256, Filename: b.Filename, Size: b.Size, ContentType: b.ContentType}
	return e, s.insertEvidence(ctx, communeID, m, &e)
}

// insertEvidence writes a piece of evidence, its audit entry and its event, within the cap of
// pieces per task.
func (s *Service) insertEvidence(ctx context.Context, communeID string, m Member, e *Evidence) error {
	const op = "tasks: evidence"
	return s.tx(ctx, func(tx *db.Tx) error {
		t, err := s.evidenceTask(ctx, tx, communeID, e.TaskID, m)
		if err != nil {
			return err
		}
		n, err := countEvidence(ctx, tx, communeID, t.ID)
		if err != nil {
			return err
		}
		if n >= MaxEvidence {
			return errs.E(op, errs.Conflict, "tasks.err.too_much_evidence", MaxEvidence)
		}
		e.ID, e.CreatedAt, e.CreatedBy = uuid.Must(uuid.NewV7()).String(), tx.Now, m.Name
		if _, err := tx.Exec(ctx, `INSERT INTO task_evidence (commune_id, id, task_id, kind, caption, url, blob_sha, filename, size,
			content_type, created_at, created_by, created_by_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			communeID, e.ID, e.TaskID, string(e.Kind), e.Caption, e.URL, e.SHA256, e.Filename, e.Size, e.ContentType, e.CreatedAt,
			e.CreatedBy, m.ID); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, m.Actor, actionEvidence, "plan_task", t.ID, audit.Change{After: map[string]any{
			"evidence": e.ID, "kind": e.Kind, "url": e.URL, "sha256": e.SHA256, "size": e.Size}}); err != nil {
			return err
		}
		ev := t.event("evidence")
		ev["evidence"], ev["kind"] = n+1, e.Kind
		return events.Publish(ctx, tx, communeID, TopicTaskChanged, ev)
	})
}

const evidenceCols = `id, task_id, kind, caption, url, blob_sha, filename, size, content_type, created_at, created_by`

func scanEvidence(row interface{ Scan(...any) error }) (Evidence, error) {
	var e Evidence
	var kind string
	err := row.Scan(&e.ID, &e.TaskID, &kind, &e.Caption, &e.URL, &e.SHA256, &e.Filename, &e.Size, &e.ContentType, &e.CreatedAt, &e.CreatedBy)
	e.Kind, e.CreatedAt = EvidenceKind(kind), e.CreatedAt.UTC()
	return e, err
}

// EvidenceOf returns a page of a task's evidence, oldest first, and how many.
func (s *Service) EvidenceOf(ctx context.Context, communeID, taskID string, limit, offset int) ([]Evidence, int, error) {
	const op = "tasks: evidence list"
	limit, offset = limits(limit, offset)
	total, err := countEvidence(ctx, s.d, communeID, taskID)
	if err != nil || total == 0 {
		return nil, 0, err
	}
	rows, err := s.d.Query(ctx, `SELECT `+evidenceCols+` FROM task_evidence WHERE commune_id = $1 AND task_id = $2
		ORDER BY created_at, id LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), communeID, taskID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, e)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// ServeEvidence writes an uploaded piece of evidence of the task (the caller has checked the
// reader may see the task).
func (s *Service) ServeEvidence(w http.ResponseWriter, r *http.Request, communeID, taskID, id string) error {
	const op = "tasks: evidence file"
	e, err := scanEvidence(s.d.QueryRow(r.Context(), `SELECT `+evidenceCols+` FROM task_evidence
		WHERE commune_id = $1 AND task_id = $2 AND id = $3`, communeID, taskID, id))
	if err != nil {
		return notFound(op, err)
	}
	if !e.IsFile() || s.files == nil {
		return errs.E(op, errs.NotFound, "tasks.err.not_found")
	}
	return s.files.Serve(w, r, communeID, e.SHA256)
}
