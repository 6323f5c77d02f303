package blob_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/blob"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

// TestPutScanByContent (issue 8 item 6): a scan is a PDF, a JPEG or a PNG by its first bytes;
// a text file renamed .pdf is refused with a message naming it.
func TestPutScanByContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newStore(t, d, blob.Options{})
		ctx := t.Context()
		good := map[string][]byte{
			"giay.pdf": []byte("%PDF-1.4\n1 0 obj\n"),
			"anh.jpg":  append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, "JFIF"...),
			"anh.png":  png(""),
		}
		want := map[string]string{"giay.pdf": blob.TypePDF, "anh.jpg": blob.TypeJPEG, "anh.png": blob.TypePNG}
		for name, b := range good {
			got, err := s.PutScan(ctx, "c1", name, bytes.NewReader(b))
			if err != nil || got.ContentType != want[name] {
				t.Errorf("%s: %v %q", name, err, got.ContentType)
			}
		}
		bad := map[string][]byte{
			"don.pdf":  []byte("Đây là văn bản, không phải PDF"),
			"anh.webp": append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), make([]byte, 20)...),
			"to.pdf":   []byte("  %PDF-1.4 with a space first"),
		}
		for name, b := range bad {
			_, err := s.PutScan(ctx, "c1", name, bytes.NewReader(b))
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.Invalid || e.Key != "blob.not_scan" || len(e.Args) != 1 || e.Args[0] != name {
				t.Errorf("%s: %v, want blob.not_scan naming it", name, err)
			}
			msg := blob.Messages[e.Key][0]
			if !strings.Contains(msg, "PDF") || !strings.Contains(msg, "JPEG") {
				t.Errorf("message %q", msg)
			}
		}
		// Put (any allowed file) still takes text.
		if _, err := s.Put(ctx, "c1", "ghi-chu.txt", strings.NewReader("văn bản")); err != nil {
			t.Errorf("put text: %v", err)
		}
	})
}

// TestPendingUploads: a staged upload is kept by id for its commune only, becomes a blob on
// Commit, and is deleted (row and file) once expired, leaving no blob.
func TestPendingUploads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 3, 7, 22, 0, 0, 0, time.UTC)
		s, dir := newStore(t, d, blob.Options{Now: func() time.Time { return now }})
		ctx := t.Context()
		if _, err := s.Stage(ctx, "c1", "don.pdf", strings.NewReader("plain text")); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("stage text: %v", err)
		}
		p, err := s.Stage(ctx, "c1", "giay.pdf", bytes.NewReader([]byte("%PDF-1.7 kept")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetPending(ctx, "c2", p.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("other commune sees the pending upload: %v", err)
		}
		if _, err := s.GetPending(ctx, "c1", "../../etc/passwd"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("bad id: %v", err)
		}
		got, err := s.GetPending(ctx, "c1", p.ID)
		if err != nil || got.Filename != "giay.pdf" || got.SHA256 != p.SHA256 {
			t.Fatalf("get pending: %v %+v", err, got)
		}
		var blobs int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM blobs`).Scan(&blobs); err != nil || blobs != 0 {
			t.Fatalf("%d blobs before commit (%v)", blobs, err)
		}
		b, err := s.Commit(ctx, "c1", p.ID)
		if err != nil || b.SHA256 != p.SHA256 || b.ContentType != blob.TypePDF {
			t.Fatalf("commit: %v %+v", err, b)
		}
		s.Discard(ctx, "c1", p.ID)
		if _, err := s.GetPending(ctx, "c1", p.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("discarded upload still pending: %v", err)
		}
		// An abandoned one expires: no row, no file, no blob.
		q, err := s.Stage(ctx, "c1", "bo.png", bytes.NewReader(png("abandoned")))
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(blob.PendingTTL + time.Minute)
		if _, err := s.GetPending(ctx, "c1", q.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("expired upload still served: %v", err)
		}
		if n := s.SweepPending(ctx); n != 1 {
			t.Errorf("swept %d", n)
		}
		if _, err := os.Stat(filepath.Join(dir, ".pending", q.ID)); !os.IsNotExist(err) {
			t.Errorf("pending file left: %v", err)
		}
		var pend int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM blob_pending`).Scan(&pend); err != nil || pend != 0 {
			t.Errorf("%d pending rows left (%v)", pend, err)
		}
		if err := d.QueryRow(ctx, `SELECT count(*) FROM blobs`).Scan(&blobs); err != nil || blobs != 1 {
			t.Errorf("%d blobs, want the committed one only (%v)", blobs, err)
		}
	})
}

func FuzzSniffScan(f *testing.F) {
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte{0xFF, 0xD8, 0xFF})
	f.Add(png(""))
	f.Add([]byte("text"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := blob.SniffScan(b)
		if got != "" && got != blob.TypePDF && got != blob.TypeJPEG && got != blob.TypePNG {
			t.Fatalf("sniffed %q", got)
		}
		if got == blob.TypePDF && !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("PDF without its magic")
		}
	})
}
