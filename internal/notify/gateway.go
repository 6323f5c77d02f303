package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// HTTPGateway sends SMS or Zalo messages through a provider's gateway, or an adapter in front
// of it, that takes one JSON POST per message:
//
//	{"to": "+84912345678", "text": "…", "subject": "…"}
//
// with "Authorization: Bearer TOKEN" when a token is set. Any 2xx status means accepted.
type HTTPGateway struct {
	url    string
	token  string
	client *http.Client
}

// NewHTTPGateway makes a gateway sender; timeout bounds one request (15 s when zero).
func NewHTTPGateway(rawURL, token string, timeout time.Duration) *HTTPGateway {
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	return &HTTPGateway{url: rawURL, token: token, client: &http.Client{Timeout: timeout}}
}

type gatewayRequest struct {
	To      string `json:"to"`
	Text    string `json:"text"`
	Subject string `json:"subject"`
}

// Send posts m; a status outside 2xx is an error naming the status (the outbox retries).
func (g *HTTPGateway) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(gatewayRequest{To: m.Recipient, Text: m.Body, Subject: m.Subject})
	if err != nil {
		return fmt.Errorf("notify: gateway: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: gateway: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Accept", "application/json")
	if g.token != "" {
		req.Header.Set("Authorization", "Bearer "+g.token)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		// The url.Error repeats the URL, which may carry a key in its query: name the host only.
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return fmt.Errorf("notify: gateway %s: %w", g.host(), err)
	}
	defer resp.Body.Close()
	// A short excerpt of the answer helps the admin who reads last_error; the rest is drained so
	// that the connection can be reused.
	excerpt, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("notify: gateway %s: status %d: %s", g.host(), resp.StatusCode,
			strings.TrimSpace(strings.ToValidUTF8(string(excerpt), "")))
	}
	return nil
}

func (g *HTTPGateway) host() string {
	if u, err := url.Parse(g.url); err == nil && u.Host != "" {
		return u.Host
	}
	return "(bad URL)"
}
