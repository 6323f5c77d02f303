package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/notify"
)

// gatewayCall is one request the fake gateway received.
type gatewayCall struct {
	Method, ContentType, Authorization string
	Body                               map[string]string
}

// fakeGateway stands in for an SMS or Zalo provider, the edge we do not own. It answers with
// status (200 unless set).
type fakeGateway struct {
	*httptest.Server
	mu     sync.Mutex
	calls  []gatewayCall
	status int
}

func newFakeGateway(t *testing.T) *fakeGateway {
	t.Helper()
	g := &fakeGateway{status: http.StatusOK}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := gatewayCall{Method: r.Method, ContentType: r.Header.Get("Content-Type"), Authorization: r.Header.Get("Authorization")}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &c.Body); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		g.mu.Lock()
		g.calls = append(g.calls, c)
		status := g.status
		g.mu.Unlock()
		w.WriteHeader(status)
		if status >= 300 {
			io.WriteString(w, `{"error":"provider unavailable"}`)
		}
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *fakeGateway) setStatus(s int) { g.mu.Lock(); g.status = s; g.mu.Unlock() }

func (g *fakeGateway) received() []gatewayCall {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]gatewayCall(nil), g.calls...)
}

func TestHTTPGatewaySend(t *testing.T) {
	g := newFakeGateway(t)
	snd := notify.NewHTTPGateway(g.URL+"/sms", "bí-mật", time.Second)
	m := notify.Message{Channel: notify.SMS, Recipient: "+84912345678", Subject: "Hồ sơ", Body: "Hồ sơ của bạn đã có kết quả."}
	if err := snd.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	calls := g.received()
	if len(calls) != 1 {
		t.Fatalf("gateway got %d calls", len(calls))
	}
	c := calls[0]
	if c.Method != "POST" || !strings.HasPrefix(c.ContentType, "application/json") || c.Authorization != "Bearer bí-mật" {
		t.Errorf("request %s %q %q", c.Method, c.ContentType, c.Authorization)
	}
	want := map[string]string{"to": m.Recipient, "text": m.Body, "subject": m.Subject}
	for k, v := range want {
		if c.Body[k] != v {
			t.Errorf("body[%s] = %q, want %q", k, c.Body[k], v)
		}
	}

	noToken := notify.NewHTTPGateway(g.URL, "", time.Second)
	if err := noToken.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if a := g.received()[1].Authorization; a != "" {
		t.Errorf("Authorization without a token = %q", a)
	}
}

func TestHTTPGatewayErrors(t *testing.T) {
	g := newFakeGateway(t)
	g.setStatus(http.StatusInternalServerError)
	snd := notify.NewHTTPGateway(g.URL+"/sms?key=secret-in-url", "", time.Second)
	err := snd.Send(context.Background(), notify.Message{Recipient: "+84912345678", Body: "x"})
	if err == nil || !strings.Contains(err.Error(), "500") || !strings.Contains(err.Error(), "provider unavailable") {
		t.Fatalf("err = %v, want one naming status 500 and the answer", err)
	}
	if strings.Contains(err.Error(), "secret-in-url") {
		t.Fatalf("err %q leaks the URL's query", err)
	}

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer slow.Close()
	defer close(release)
	start := time.Now()
	err = notify.NewHTTPGateway(slow.URL, "", 100*time.Millisecond).Send(context.Background(), notify.Message{Recipient: "+84912345678", Body: "x"})
	if err == nil || time.Since(start) > time.Second {
		t.Fatalf("slow gateway: err %v after %v, want a timeout error", err, time.Since(start))
	}
}
