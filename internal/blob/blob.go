// Package blob stores the files people upload: scans of papers, photos of a pothole, PDFs,
// spreadsheets. Content lives on local disk, addressed by its SHA-256 (dir/ab/cd/<sha256>), so
// the same bytes are kept once however often they are uploaded; the metadata lives in the
// tenant-scoped table blobs (commune_id, sha256, size, content_type, filename, created_at).
//
// A commune sees a blob only if it has a row for it: the file on disk may be shared with
// another commune that uploaded the same bytes, the right to read it is not. The type of a file
// is sniffed from its first bytes, never taken from the client, and checked against an allow
// list; its size is capped while it streams in.
//
// The package knows nothing of who may read which blob: permission checks are the caller's.
// It never deletes stored content (another commune may hold the same bytes); it deletes only
// pending uploads (pending.go), which are not content yet. Scans of papers go through PutScan
// or Stage, which take PDF, JPEG and PNG only, by their magic bytes (SniffScan).
package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// Content types the sniffer reports or that Put derives from it.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeWebP = "image/webp"
	TypeCSV  = "text/csv"
	TypeText = "text/plain"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// DefaultMaxSize is the size cap when Options.MaxSize is zero.
const DefaultMaxSize = 10 << 20

// Options tunes a Store.
type Options struct {
	MaxSize int64 // bytes; 0 means DefaultMaxSize
	// Allowed lists media types without parameters. Empty means PDF, JPEG, PNG, WebP, CSV,
	// plain text, XLSX and DOCX. The sniffer sees CSV as text/plain and XLSX/DOCX as zip: the
	// file name's extension narrows those (a zip is accepted only as .xlsx or .docx).
	Allowed []string
	Now     func() time.Time // clock for created_at; nil means time.Now
}

func defaultAllowed() []string {
	return []string{TypePDF, TypeJPEG, TypePNG, TypeWebP, TypeCSV, TypeText, TypeXLSX, TypeDOCX}
}

// Blob is the metadata of one stored file as one commune sees it.
type Blob struct {
	CommuneID   string
	SHA256      string // 64 lower-case hex digits
	Size        int64
	ContentType string // sniffed, e.g. "image/png" or "text/plain; charset=utf-8"
	Filename    string // the name given at the first upload by this commune, cleaned
	CreatedAt   time.Time
}

// Store is a content-addressed blob store on local disk with its metadata in the database.
type Store struct {
	dir     string
	db      *db.DB
	maxSize int64
	allowed []string
	now     func() time.Time
}

// NewLocal opens (creating it if needed) a store in dir.
func NewLocal(dir string, d *db.DB, opts Options) (*Store, error) {
	if dir == "" {
		return nil, errors.New("blob: no directory")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob: create %s: %w", dir, err)
	}
	s := &Store{dir: dir, db: d, maxSize: opts.MaxSize, now: opts.Now}
	if s.maxSize <= 0 {
		s.maxSize = DefaultMaxSize
	}
	if s.now == nil {
		s.now = time.Now
	}
	allowed := opts.Allowed
	if len(allowed) == 0 {
		allowed = defaultAllowed()
	}
	for _, a := range allowed {
		s.allowed = append(s.allowed, strings.ToLower(strings.TrimSpace(a)))
	}
	s.removeStaleUploads()
	return s, nil
}

// removeStaleUploads deletes temporary files that a crash left behind; a day old is surely
// not an upload still streaming in.
func (s *Store) removeStaleUploads() {
	names, _ := filepath.Glob(filepath.Join(s.dir, tempPattern))
	for _, name := range names {
		if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && s.now().Sub(fi.ModTime()) > 24*time.Hour {
			os.Remove(name)
		}
	}
	// Pending uploads whose row a crash never wrote (or whose row expired long ago).
	pending, _ := filepath.Glob(filepath.Join(s.dir, ".pending", "*"))
	for _, name := range pending {
		if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && s.now().Sub(fi.ModTime()) > 2*PendingTTL {
			os.Remove(name)
		}
	}
}

// tempPattern names uploads in progress; the leading dot keeps them apart from the two-letter
// content folders.
const tempPattern = ".upload-*"

// MaxSize is the largest upload the store accepts, in bytes.
func (s *Store) MaxSize() int64 { return s.maxSize }

// Put stores the content of r for a commune and returns its metadata. It streams r to a
// temporary file in the store while hashing it, rejects it if it is larger than MaxSize
// (errs.TooLarge, "blob.too_large", limit in MiB), empty (errs.Invalid, "blob.empty") or of a
// type not allowed (errs.Invalid, "blob.type_not_allowed", sniffed type), then moves it to its
// content address. Putting the same bytes again is harmless: one file, one row per commune;
// the returned Blob is the row as stored (the first filename wins).
func (s *Store) Put(ctx context.Context, communeID, filename string, r io.Reader) (Blob, error) {
	return s.put(ctx, communeID, filename, r, s.contentType)
}

// PutScan is Put for the scan of a paper: only a PDF, a JPEG or a PNG is taken, known by its
// first bytes (see SniffScan) whatever its name says; anything else is errs.Invalid
// ("blob.not_scan", naming the file).
func (s *Store) PutScan(ctx context.Context, communeID, filename string, r io.Reader) (Blob, error) {
	return s.put(ctx, communeID, filename, r, scanType)
}

// PutImage is Put for a photo (a staff badge's): only a JPEG, PNG or WebP image, known by its
// first bytes, is stored; anything else is errs.Invalid ("blob.not_image", naming the file)
// and nothing is written.
func (s *Store) PutImage(ctx context.Context, communeID, filename string, r io.Reader) (Blob, error) {
	return s.put(ctx, communeID, filename, r, imageType)
}

// imageType is the type check of PutImage.
func imageType(head []byte, filename string) (string, error) {
	switch t := http.DetectContentType(head); t {
	case TypeJPEG, TypePNG, "image/webp":
		return t, nil
	}
	name := filename
	if name == "" {
		name = "(không tên)"
	}
	return "", errs.E("blob: put", errs.Invalid, "blob.not_image", name)
}

func (s *Store) put(ctx context.Context, communeID, filename string, r io.Reader, typeOf func(head []byte, filename string) (string, error)) (Blob, error) {
	const op = "blob: put"
	if communeID == "" {
		return Blob{}, errs.Wrap(op, errors.New("no commune"))
	}
	filename = cleanFilename(filename)

	// Sniff before anything touches the disk: a refused type costs at most 512 bytes of reading.
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Blob{}, s.readError(err)
	}
	head = head[:n]
	if n == 0 {
		return Blob{}, errs.E(op, errs.Invalid, "blob.empty")
	}
	ctype, err := typeOf(head, filename)
	if err != nil {
		return Blob{}, err
	}

	tmp, err := os.CreateTemp(s.dir, tempPattern)
	if err != nil {
		return Blob{}, errs.Wrap(op, err)
	}
	tmpName := tmp.Name()
	moved := false
	defer func() {
		if !moved {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()

	h := sha256.New()
	w := io.MultiWriter(tmp, h)
	if _, err := w.Write(head); err != nil {
		return Blob{}, errs.Wrap(op, err)
	}
	// One byte more than allowed tells "exactly at the limit" from "over it".
	rest, err := io.Copy(w, io.LimitReader(readerCtx{ctx, r}, s.maxSize-int64(n)+1))
	if err != nil {
		return Blob{}, s.readError(err)
	}
	size := int64(n) + rest
	if size > s.maxSize {
		return Blob{}, s.tooLarge()
	}
	if err := tmp.Sync(); err != nil {
		return Blob{}, errs.Wrap(op, err)
	}
	if err := tmp.Close(); err != nil {
		return Blob{}, errs.Wrap(op, err)
	}

	sum := hex.EncodeToString(h.Sum(nil))
	final := s.path(sum)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return Blob{}, errs.Wrap(op, err)
	}
	if _, err := os.Stat(final); err == nil {
		// Same bytes already stored (by this or another commune); files only ever appear
		// complete at their address, so the existing one is good.
		os.Remove(tmpName)
		moved = true
	} else {
		if err := os.Rename(tmpName, final); err != nil {
			return Blob{}, errs.Wrap(op, err)
		}
		moved = true
		if err := syncDir(filepath.Dir(final)); err != nil {
			return Blob{}, errs.Wrap(op, err)
		}
	}

	// Should the row fail to be written, the file stays as an orphan: harmless, and reused by
	// the next upload of the same bytes.
	if _, err := s.db.Exec(ctx, `INSERT INTO blobs (commune_id, sha256, size, content_type, filename, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commune_id, sha256) DO NOTHING`,
		communeID, sum, size, ctype, filename, s.now()); err != nil {
		return Blob{}, errs.Wrap(op, err)
	}
	b, err := s.lookup(ctx, communeID, sum)
	if err != nil {
		return Blob{}, errs.Wrap(op, err)
	}
	return b, nil
}

func (s *Store) tooLarge() error {
	return errs.E("blob: put", errs.TooLarge, "blob.too_large", (s.maxSize+1<<20-1)>>20) // in MiB, rounded up
}

// readError classifies a failure to read the upload: the caller's own cap
// (http.MaxBytesReader) is the user's file being too large, anything else is ours.
func (s *Store) readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return s.tooLarge()
	}
	return errs.Wrap("blob: put", fmt.Errorf("read: %w", err))
}

// Open returns the content and metadata of a blob of the commune. A sha that is not 64
// lower-case hex digits, or that this commune never stored, is errs.NotFound
// ("blob.not_found"), even if another commune holds the same bytes.
func (s *Store) Open(ctx context.Context, communeID, sha string) (io.ReadSeekCloser, Blob, error) {
	const op = "blob: open"
	// sha comes from a URL: check it before it reaches SQL or a file path.
	if !ValidSHA(sha) || communeID == "" {
		return nil, Blob{}, errs.E(op, errs.NotFound, "blob.not_found")
	}
	b, err := s.lookup(ctx, communeID, sha)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Blob{}, errs.E(op, errs.NotFound, "blob.not_found")
	}
	if err != nil {
		return nil, Blob{}, errs.Wrap(op, err)
	}
	f, err := os.Open(s.path(sha))
	if err != nil {
		// A row without its file is our fault (a lost disk, a bad restore), not the user's.
		return nil, Blob{}, errs.Wrap(op, err)
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != b.Size {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s: size %d on disk, %d recorded", sha, fi.Size(), b.Size)
		}
		return nil, Blob{}, errs.Wrap(op, err)
	}
	return f, b, nil
}

// Describe returns the metadata of the commune's blobs among shas, in one query and without
// opening the files: for pages that list attachments by name. Unknown or malformed hashes are
// left out of the map.
func (s *Store) Describe(ctx context.Context, communeID string, shas []string) (map[string]Blob, error) {
	const op = "blob: describe"
	out := map[string]Blob{}
	args := []any{communeID}
	var marks []string
	for _, sha := range shas {
		if ValidSHA(sha) {
			args = append(args, sha)
			marks = append(marks, fmt.Sprintf("$%d", len(args)))
		}
	}
	if len(marks) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, `SELECT sha256, size, content_type, filename, created_at FROM blobs
		WHERE commune_id = $1 AND sha256 IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		b := Blob{CommuneID: communeID}
		if err := rows.Scan(&b.SHA256, &b.Size, &b.ContentType, &b.Filename, &b.CreatedAt); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[b.SHA256] = b
	}
	return out, errs.Wrap(op, rows.Err())
}

func (s *Store) lookup(ctx context.Context, communeID, sha string) (Blob, error) {
	b := Blob{CommuneID: communeID, SHA256: sha}
	err := s.db.QueryRow(ctx, `SELECT size, content_type, filename, created_at FROM blobs
		WHERE commune_id = $1 AND sha256 = $2`, communeID, sha).Scan(&b.Size, &b.ContentType, &b.Filename, &b.CreatedAt)
	return b, err
}

// path is where the content with this hash lives; two levels of 256 folders keep any one
// folder small.
func (s *Store) path(sha string) string {
	return filepath.Join(s.dir, sha[0:2], sha[2:4], sha)
}

// contentType sniffs head and returns the type to record, or why the type is refused.
func (s *Store) contentType(head []byte, filename string) (string, error) {
	const op = "blob: put"
	sniffed := http.DetectContentType(head)
	media, _, err := mime.ParseMediaType(sniffed)
	if err != nil {
		media = sniffed
	}
	ctype := sniffed
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case media == "application/zip" && ext == ".xlsx":
		// Office Open XML files are zip archives; the sniffer cannot tell them from any other
		// zip, so the name decides between the two allowed kinds and every other zip is refused.
		ctype, media = TypeXLSX, TypeXLSX
	case media == "application/zip" && ext == ".docx":
		ctype, media = TypeDOCX, TypeDOCX
	case media == TypeText && ext == ".csv":
		// A CSV is plain text to the sniffer; the name only narrows text to text.
		ctype, media = TypeCSV+strings.TrimPrefix(sniffed, TypeText), TypeCSV
	}
	if !slices.Contains(s.allowed, media) {
		return "", errs.E(op, errs.Invalid, "blob.type_not_allowed", media)
	}
	return ctype, nil
}

// ScanTypes are the types a scan of a paper can be.
var ScanTypes = []string{TypePDF, TypeJPEG, TypePNG}

// SniffScan tells a scan's type by its magic bytes: "%PDF-" for a PDF, FF D8 FF for a JPEG,
// 89 "PNG" 0D 0A 1A 0A for a PNG; "" for anything else (a text file renamed .pdf is "").
// It is the one place that says what a scan is.
func SniffScan(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return TypePDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return TypeJPEG
	case bytes.HasPrefix(head, []byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}):
		return TypePNG
	}
	return ""
}

// scanType is the type check of PutScan and Stage.
func scanType(head []byte, filename string) (string, error) {
	if t := SniffScan(head); t != "" {
		return t, nil
	}
	name := filename
	if name == "" {
		name = "(không tên)"
	}
	return "", errs.E("blob: put", errs.Invalid, "blob.not_scan", name)
}

// ValidSHA reports whether s is a SHA-256 as this store writes it: 64 lower-case hex digits.
func ValidSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// readerCtx stops a long upload when the request that carries it is gone.
type readerCtx struct {
	ctx context.Context
	r   io.Reader
}

func (r readerCtx) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
