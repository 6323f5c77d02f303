package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file served under a fingerprinted name.
type asset struct {
	name, fingerprinted, contentType string
	body                             []byte
	etag                             string
	gz                               []byte // gzipped once at start, for text assets
}

// assets indexes the embedded static files by plain and fingerprinted name.
type assets struct {
	byPlain map[string]*asset
	byPrint map[string]*asset
}

func loadAssets() (*assets, error) {
	a := &assets{byPlain: map[string]*asset{}, byPrint: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:])[:12]
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		fp := strings.TrimSuffix(name, ext) + "." + h + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		x := &asset{name: name, fingerprinted: fp, contentType: ct, body: b, etag: `"` + h + `"`}
		if compressible(ct) && len(b) >= minCompress {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(b)
			zw.Close()
			if buf.Len() < len(b) {
				x.gz = buf.Bytes()
			}
		}
		a.byPlain[name] = x
		a.byPrint[fp] = x
		return nil
	})
	return a, err
}

// URL is the fingerprinted URL of a static file; an unknown name is a template bug.
func (a *assets) URL(name string) (string, error) {
	x, ok := a.byPlain[name]
	if !ok {
		return "", fmt.Errorf("web: no static asset %q", name)
	}
	return "/static/" + x.fingerprinted, nil
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	x, ok := a.byPrint[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", x.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	body, etag := x.body, x.etag
	if x.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) && r.Header.Get("Range") == "" {
			// The gzipped bytes were made once at start; each encoding has its own ETag.
			body, etag = x.gz, strings.TrimSuffix(x.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}
