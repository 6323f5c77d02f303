package blob_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/blob"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

var clock = func() time.Time { return time.Date(2025, 7, 1, 8, 30, 0, 0, time.UTC) }

func newStore(t *testing.T, d *db.DB, opts blob.Options) (*blob.Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blobs")
	if opts.Now == nil {
		opts.Now = clock
	}
	s, err := blob.NewLocal(dir, d, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// files lists every regular file under dir (content and leftovers alike).
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func png(extra string) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), extra...)
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func zipFile(t *testing.T, entry string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(entry)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "<workbook/>")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPutOpenRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, dir := newStore(t, d, blob.Options{})
		content := png("ảnh hiện trường")
		b, err := s.Put(ctx, "c1", `C:\fakepath\Ảnh hiện trường.png`, bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		want := blob.Blob{CommuneID: "c1", SHA256: sum(content), Size: int64(len(content)),
			ContentType: "image/png", Filename: "Ảnh hiện trường.png", CreatedAt: clock()}
		if !b.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("CreatedAt = %v, want %v", b.CreatedAt, want.CreatedAt)
		}
		b.CreatedAt = want.CreatedAt
		if b != want {
			t.Fatalf("Put = %+v\nwant  %+v", b, want)
		}
		f, got, err := s.Open(ctx, "c1", b.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil || !bytes.Equal(data, content) {
			t.Fatalf("read back %q, %v", data, err)
		}
		if got.SHA256 != b.SHA256 || got.Filename != b.Filename || got.ContentType != "image/png" {
			t.Fatalf("Open metadata %+v", got)
		}
		if fs := files(t, dir); len(fs) != 1 || filepath.Base(fs[0]) != b.SHA256 ||
			filepath.Base(filepath.Dir(fs[0])) != b.SHA256[2:4] {
			t.Fatalf("files on disk: %v", fs)
		}
	})
}

func TestPutSameContentStoresOneFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, dir := newStore(t, d, blob.Options{})
		content := []byte("%PDF-1.4\n% đơn đề nghị\n")
		first, err := s.Put(ctx, "c1", "Đơn đề nghị.pdf", bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.Put(ctx, "c1", "ten-khac.pdf", bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		if again.Filename != "Đơn đề nghị.pdf" || again.SHA256 != first.SHA256 {
			t.Fatalf("second Put = %+v, want the stored row of the first", again)
		}
		other, err := s.Put(ctx, "c2", "don.pdf", bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		if other.CommuneID != "c2" || other.Filename != "don.pdf" {
			t.Fatalf("other commune's Put = %+v", other)
		}
		if fs := files(t, dir); len(fs) != 1 {
			t.Fatalf("want one file on disk, got %v", fs)
		}
		var rows int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM blobs WHERE sha256 = $1`, first.SHA256).Scan(&rows); err != nil || rows != 2 {
			t.Fatalf("rows = %d, %v; want one per commune", rows, err)
		}
	})
}

func TestPutTooLarge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, dir := newStore(t, d, blob.Options{MaxSize: 2048})
		exact := png(strings.Repeat("x", 2048-len(png(""))))
		if _, err := s.Put(ctx, "c1", "exact.png", bytes.NewReader(exact)); err != nil {
			t.Fatalf("a file of exactly MaxSize: %v", err)
		}
		over := png(strings.Repeat("y", 2048))
		_, err := s.Put(ctx, "c1", "big.png", bytes.NewReader(over))
		if errs.KindOf(err) != errs.TooLarge {
			t.Fatalf("err = %v, want TooLarge", err)
		}
		if e, _ := errs.As(err); e.Key != "blob.too_large" {
			t.Fatalf("key = %q", e.Key)
		}
		if fs := files(t, dir); len(fs) != 1 || filepath.Base(fs[0]) != sum(exact) {
			t.Fatalf("files left on disk: %v", fs)
		}
		var rows int
		d.QueryRow(ctx, `SELECT COUNT(*) FROM blobs`).Scan(&rows)
		if rows != 1 {
			t.Fatalf("rows = %d, want 1", rows)
		}
	})
}

func TestPutCleansFilename(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d, blob.Options{})
		long := strings.Repeat("ệ", 200) + ".pdf" // 600 bytes of name
		cases := map[string]string{
			"../../etc/Đơn.pdf":  "Đơn.pdf",
			"a\x00b\r\nc.pdf":    "abc.pdf",
			"  Tờ khai .pdf  ":   "Tờ khai .pdf",
			"Do\u0302\u0300.pdf": "Dồ.pdf", // decomposed (NFD) becomes NFC
			"..":                 "",
			long:                 strings.Repeat("ệ", 83) + ".pdf",
		}
		i := 0
		for in, want := range cases {
			i++
			b, err := s.Put(ctx, "c1", in, strings.NewReader("%PDF-1.4\n"+strings.Repeat("x", i)))
			if err != nil {
				t.Fatal(err)
			}
			if b.Filename != want {
				t.Errorf("filename %q stored as %q, want %q", in, b.Filename, want)
			}
		}
	})
}

func TestPutCallersByteCap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, dir := newStore(t, d, blob.Options{})
		body := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(bytes.NewReader(png(strings.Repeat("z", 5000)))), 1000)
		if _, err := s.Put(context.Background(), "c1", "a.png", body); errs.KindOf(err) != errs.TooLarge {
			t.Fatalf("err = %v, want TooLarge", err)
		}
		if fs := files(t, dir); len(fs) != 0 {
			t.Fatalf("files left: %v", fs)
		}
		// A cap below the sniffing window is hit before the type is even known.
		small := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(bytes.NewReader(png(strings.Repeat("z", 5000)))), 100)
		if _, err := s.Put(context.Background(), "c1", "a.png", small); errs.KindOf(err) != errs.TooLarge {
			t.Fatalf("err = %v, want TooLarge", err)
		}
	})
}

func TestNewLocalRemovesStaleUploads(t *testing.T) {
	d := dbtest.SQLite(t)
	dir := t.TempDir()
	stale, fresh := filepath.Join(dir, ".upload-1"), filepath.Join(dir, ".upload-2")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := clock().Add(-25 * time.Hour)
	os.Chtimes(stale, old, old)
	os.Chtimes(fresh, clock(), clock())
	if _, err := blob.NewLocal(dir, d, blob.Options{Now: clock}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a day-old temporary file was kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("an upload in progress was removed")
	}
}

func TestPutTypes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, dir := newStore(t, d, blob.Options{})
		zipped := zipFile(t, "xl/workbook.xml")
		cases := []struct {
			name     string
			filename string
			content  []byte
			wantType string // "" = refused
			wantKey  string
		}{
			{"pdf", "a.pdf", []byte("%PDF-1.7\n"), "application/pdf", ""},
			{"jpeg", "a.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "image/jpeg", ""},
			{"webp", "a.webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp", ""},
			{"csv by name", "hộ gia đình.csv", []byte("họ tên,năm sinh\nNguyễn Văn A,1970\n"), "text/csv; charset=utf-8", ""},
			{"text", "ghi chú.txt", []byte("ghi chú\n"), "text/plain; charset=utf-8", ""},
			{"xlsx is a zip named .xlsx", "danh sách.xlsx", zipped, blob.TypeXLSX, ""},
			{"docx is a zip named .docx", "tờ trình.docx", zipFile(t, "word/document.xml"), blob.TypeDOCX, ""},
			{"a client's type is not trusted", "photo.png", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"), "", "blob.type_not_allowed"},
			{"html", "trang.txt", []byte("<!DOCTYPE html><script>alert(1)</script>"), "", "blob.type_not_allowed"},
			{"svg", "a.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>`), "", "blob.type_not_allowed"},
			{"plain zip", "a.zip", zipped, "", "blob.type_not_allowed"},
			{"zip named .csv", "a.csv", zipped, "", "blob.type_not_allowed"},
			{"empty", "a.txt", nil, "", "blob.empty"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := len(files(t, dir))
				b, err := s.Put(ctx, "c1", c.filename, bytes.NewReader(c.content))
				if c.wantType != "" {
					if err != nil || b.ContentType != c.wantType {
						t.Fatalf("Put = %q, %v; want %q", b.ContentType, err, c.wantType)
					}
					return
				}
				e, ok := errs.As(err)
				if !ok || e.Kind != errs.Invalid || e.Key != c.wantKey {
					t.Fatalf("err = %v, want Invalid %s", err, c.wantKey)
				}
				if after := len(files(t, dir)); after != before {
					t.Fatalf("a refused file left %d files behind", after-before)
				}
			})
		}
	})
}

func TestOpenOtherCommuneIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d, blob.Options{})
		b, err := s.Put(ctx, "c1", "a.png", bytes.NewReader(png("c1 only")))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Open(ctx, "c2", b.SHA256); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other commune's Open: %v, want NotFound", err)
		}
		w := httptest.NewRecorder()
		err = s.Serve(w, httptest.NewRequest("GET", "/files/"+b.SHA256, nil), "c2", b.SHA256)
		if errs.KindOf(err) != errs.NotFound || w.Body.Len() != 0 || len(w.Header()) != 0 {
			t.Fatalf("other commune's Serve: %v, wrote %q %v", err, w.Body, w.Header())
		}
	})
}

func TestOpenBadSHA(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d, blob.Options{})
		good, err := s.Put(ctx, "c1", "a.png", bytes.NewReader(png("x")))
		if err != nil {
			t.Fatal(err)
		}
		traversal := "../../../../../../../../etc/passwd"
		// A row planted with a hostile hash: only the syntax check stands between it and the disk.
		if _, err := d.Exec(ctx, `INSERT INTO blobs (commune_id, sha256, size, content_type, filename, created_at)
			VALUES ('c1', $1, 1, 'text/plain', 'x', $2)`, traversal, clock()); err != nil {
			t.Fatal(err)
		}
		for _, sha := range []string{
			"", traversal, good.SHA256[:63], good.SHA256 + "0", strings.ToUpper(good.SHA256),
			strings.Repeat("g", 64), good.SHA256[:62] + "\x00a", good.SHA256[:60] + "/../",
		} {
			f, _, err := s.Open(ctx, "c1", sha)
			if f != nil {
				f.Close()
			}
			if errs.KindOf(err) != errs.NotFound {
				t.Errorf("Open(%q) = %v, want NotFound", sha, err)
			}
		}
	})
}

func TestServe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d, blob.Options{})
		pdf := []byte("%PDF-1.4\n" + strings.Repeat("nội dung ", 50))
		p, err := s.Put(ctx, "c1", "Quyết định số 12.pdf", bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		csv := []byte("họ tên;ấp\n")
		c, err := s.Put(ctx, "c1", `Danh sách "hộ" nghèo.csv`, bytes.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}

		serve := func(sha string, hdr map[string]string) *httptest.ResponseRecorder {
			t.Helper()
			r := httptest.NewRequest("GET", "/files/"+sha, nil)
			for k, v := range hdr {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			if err := s.Serve(w, r, "c1", sha); err != nil {
				t.Fatal(err)
			}
			return w
		}

		w := serve(p.SHA256, nil)
		wantHeaders := map[string]string{
			"Content-Type":           "application/pdf",
			"X-Content-Type-Options": "nosniff",
			"Content-Disposition":    `inline; filename="quyet dinh so 12.pdf"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%2012.pdf`,
			"Etag":                   `"` + p.SHA256 + `"`,
			"Cache-Control":          "private, max-age=31536000, immutable",
		}
		for k, v := range wantHeaders {
			if got := w.Header().Get(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), pdf) {
			t.Fatalf("status %d, body %d bytes", w.Code, w.Body.Len())
		}

		w = serve(c.SHA256, nil)
		if got, want := w.Header().Get("Content-Disposition"),
			`attachment; filename="danh sach _ho_ ngheo.csv"; filename*=UTF-8''Danh%20s%C3%A1ch%20%22h%E1%BB%99%22%20ngh%C3%A8o.csv`; got != want {
			t.Errorf("csv Content-Disposition = %q\nwant %q", got, want)
		}
		if got := w.Header().Get("Content-Type"); got != "text/csv; charset=utf-8" {
			t.Errorf("csv Content-Type = %q", got)
		}

		if w := serve(p.SHA256, map[string]string{"If-None-Match": `"` + p.SHA256 + `"`}); w.Code != http.StatusNotModified {
			t.Errorf("If-None-Match: status %d, want 304", w.Code)
		}
		w = serve(p.SHA256, map[string]string{"Range": "bytes=0-7"})
		if w.Code != http.StatusPartialContent || w.Body.String() != "%PDF-1.4" {
			t.Errorf("Range: status %d, body %q", w.Code, w.Body)
		}
	})
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func FuzzValidSHA(f *testing.F) {
	f.Add(sum([]byte("x")))
	f.Add(strings.ToUpper(sum([]byte("x"))))
	f.Add("../../etc/passwd")
	f.Add("")
	f.Add(strings.Repeat("a", 63) + "\x00")
	f.Add(strings.Repeat("é", 32))
	f.Fuzz(func(t *testing.T, s string) {
		ok := blob.ValidSHA(s)
		if ok != shaPattern.MatchString(s) {
			t.Fatalf("ValidSHA(%q) = %v, disagrees with %s", s, ok, shaPattern)
		}
		if ok {
			// A valid hash is exactly what the store itself would write for some content.
			raw, err := hex.DecodeString(s)
			if err != nil || len(raw) != sha256.Size || hex.EncodeToString(raw) != s {
				t.Fatalf("ValidSHA(%q) accepted a non-canonical hash", s)
			}
			if filepath.Base(s) != s || filepath.Clean(s) != s {
				t.Fatalf("ValidSHA(%q) accepted a path", s)
			}
		}
	})
}

// Every key the store's errors carry has a Vietnamese message.
func TestMessagesCoverErrorKeys(t *testing.T) {
	for _, k := range []string{"blob.too_large", "blob.type_not_allowed", "blob.empty", "blob.not_found"} {
		if m, ok := blob.Messages[k]; !ok || m[0] == "" || m[1] == "" {
			t.Errorf("no message for %s", k)
		}
	}
}

// Describe returns the metadata of the commune's blobs among the hashes asked, in one query:
// another commune's blob, an unknown hash and a malformed one are left out.
func TestDescribe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newStore(t, d, blob.Options{})
		a, err := s.Put(ctx, "c1", "a.png", bytes.NewReader(png("một")))
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Put(ctx, "c2", "b.png", bytes.NewReader(png("hai")))
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Describe(ctx, "c1", []string{a.SHA256, b.SHA256, strings.Repeat("0", 64), "x'; DROP TABLE blobs; --"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[a.SHA256].Filename != "a.png" || got[a.SHA256].Size != a.Size || got[a.SHA256].ContentType != "image/png" {
			t.Fatalf("Describe = %+v", got)
		}
		if got, err := s.Describe(ctx, "c1", nil); err != nil || len(got) != 0 {
			t.Fatalf("Describe(nil) = %v, %v", got, err)
		}
	})
}
