package web_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/web"
)

// Issue 16 item 2: an upload over the in-memory limit spills to a "multipart-…" temporary
// file; it must be gone when the request ends (before, a copy of every ID scan stayed in /tmp).
func TestUploadTempFilesAreRemoved(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newEnv(t, func(s *web.Server) {
		s.Handle("POST /tai-len", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			if err := web.ParseMultipartForm(r, 1<<10); err != nil {
				return err
			}
			f, _, err := r.FormFile("scan")
			if err != nil {
				return err
			}
			defer f.Close()
			n, _ := io.Copy(io.Discard, f)
			fmt.Fprint(w, n)
			return nil
		})
	})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("scan", "cccd.pdf")
	part.Write(bytes.Repeat([]byte("%PDF-1.4 "), 250_000)) // 2.25 MB
	mw.Close()
	resp, err := http.Post(e.srv.URL+"/tai-len", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(got) != "2250000" {
		t.Fatalf("upload: %d %q", resp.StatusCode, got)
	}
	var left []string
	for range 50 {
		left = left[:0]
		filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), "multipart-") {
				left = append(left, p)
			}
			return nil
		})
		if len(left) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("temporary upload copies left behind: %v", left)
}

// Every handler parses uploads through web.ParseMultipartForm, which cleans up.
func TestNoHandlerParsesUploadsDirectly(t *testing.T) {
	root := filepath.Join("..")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, filepath.Join("web", "multipart.go")) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(".ParseMultipartForm(")) && !bytes.Contains(b, []byte("web.ParseMultipartForm(")) {
			t.Errorf("%s calls ParseMultipartForm directly; use web.ParseMultipartForm (it removes the temporary files)", p)
		}
		return nil
	})
}
