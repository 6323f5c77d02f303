package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/web"
)

// Issue 8 item 10: text responses are gzipped for clients that take it; nothing else changes.
func TestTextResponsesAreCompressed(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	e := newEnv(t, func(s *web.Server) {
		s.Handle("GET /dong-chay", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			io.WriteString(w, "dòng đầu\n")
			http.NewResponseController(w).Flush()
			<-release // the first line must reach the client before the handler ends
			io.WriteString(w, "dòng cuối\n")
			return nil
		})
		s.Handle("GET /anh", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.7 " + strings.Repeat("x", 4000)))
			return nil
		})
	})
	t.Cleanup(free) // runs before the server's Close, which waits for the handler
	get := func(path, accept, method string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, e.srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept) // set by hand: the transport then leaves the body alone
		}
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, b
	}
	gunzip := func(b []byte) string {
		t.Helper()
		zr, err := gzip.NewReader(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}

	// The home page: gzipped, smaller, same page; not for a client without gzip or with q=0.
	resp, zb := get("/", "gzip, deflate, br", "GET")
	_, plain := get("/", "", "GET")
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding") {
		t.Fatalf("home: encoding %q vary %q", resp.Header.Get("Content-Encoding"), resp.Header.Values("Vary"))
	}
	if got := gunzip(zb); got != string(plain) || len(zb) >= len(plain) {
		t.Fatalf("home: %d gzipped bytes for %d plain; same page: %v", len(zb), len(plain), got == string(plain))
	}
	for _, accept := range []string{"", "identity", "gzip;q=0", "br"} {
		if resp, _ := get("/", accept, "GET"); resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q: got %q", accept, resp.Header.Get("Content-Encoding"))
		}
	}
	if resp, b := get("/", "gzip", "HEAD"); resp.Header.Get("Content-Encoding") != "" || len(b) != 0 {
		t.Errorf("HEAD: encoding %q, %d bytes", resp.Header.Get("Content-Encoding"), len(b))
	}
	// A PDF is not compressed again.
	if resp, _ := get("/anh", "gzip", "GET"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("a PDF was gzipped")
	}

	// The stylesheet: gzipped once at start, with its own ETag, and 304 on revalidation.
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindStringSubmatch(string(plain))
	if css == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	resp, zb = get(css[1], "gzip", "GET")
	_, raw := get(css[1], "", "GET")
	if resp.Header.Get("Content-Encoding") != "gzip" || gunzip(zb) != string(raw) || len(zb)*2 > len(raw) {
		t.Fatalf("css: encoding %q, %d gzipped of %d", resp.Header.Get("Content-Encoding"), len(zb), len(raw))
	}
	t.Logf("stylesheet %d bytes, %d gzipped", len(raw), len(zb))
	etag := resp.Header.Get("ETag")
	req, _ := http.NewRequest("GET", e.srv.URL+css[1], nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("If-None-Match", etag)
	if resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req); err != nil || resp.StatusCode != 304 {
		t.Fatalf("revalidation: %v %v", resp.StatusCode, err)
	}

	// A streamed response still streams: the first line arrives while the handler waits.
	req, _ = http.NewRequest("GET", e.srv.URL+"/dong-chay", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	sresp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer sresp.Body.Close()
	if sresp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("stream: encoding %q", sresp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(sresp.Body)
	if err != nil {
		t.Fatal(err)
	}
	first := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(zr).ReadString('\n')
		first <- line
	}()
	select {
	case line := <-first:
		if line != "dòng đầu\n" {
			t.Fatalf("first line %q", line)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first line did not arrive before the handler finished: the stream was buffered")
	}
	free()
}

// A page served again from the page cache is sent gzipped as it was kept, not compressed again,
// and is the same page as a render; a client without gzip still gets it plain.
func TestCachedPagesAreKeptCompressed(t *testing.T) {
	var renders atomic.Int64
	e := newEnv(t, func(s *web.Server) {
		s.Handle("GET /kho", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			renders.Add(1)
			web.Cacheable(w)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<p>"+strings.Repeat("Thủ tục hành chính cấp xã. ", 200)+"</p>")
			return nil
		})
	})
	get := func(accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", e.srv.URL+"/kho", nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, b
	}
	first, fb := get("gzip")
	again, ab := get("gzip")
	plainResp, plain := get("")
	// A hit goes out with its length, in one piece, not chunked.
	if n, _ := strconv.Atoi(plainResp.Header.Get("Content-Length")); n != len(plain) || len(plainResp.TransferEncoding) > 0 {
		t.Fatalf("uncompressed hit: Content-Length %q, %d bytes sent, transfer encoding %v",
			plainResp.Header.Get("Content-Length"), len(plain), plainResp.TransferEncoding)
	}
	if n := renders.Load(); n != 1 {
		t.Fatalf("%d renders for three requests within the cache's life", n)
	}
	for i, r := range []*http.Response{first, again} {
		if r.Header.Get("Content-Encoding") != "gzip" || len(r.Header.Values("Vary")) != 1 {
			t.Fatalf("response %d: encoding %q, vary %q", i+1, r.Header.Get("Content-Encoding"), r.Header.Values("Vary"))
		}
	}
	if n, _ := strconv.Atoi(again.Header.Get("Content-Length")); n != len(ab) {
		t.Fatalf("cached response says %q bytes, sent %d", again.Header.Get("Content-Length"), len(ab))
	}
	for _, b := range [][]byte{fb, ab} {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("not gzip: %v", err)
		}
		out, _ := io.ReadAll(zr)
		if string(out) != string(plain) || !strings.HasPrefix(string(plain), "<p>Thủ tục") {
			t.Fatalf("gzipped page differs from the plain one (%d vs %d bytes)", len(out), len(plain))
		}
	}
}
