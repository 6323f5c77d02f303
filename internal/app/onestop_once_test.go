package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// postKeyed posts a JSON intake with an Idempotency-Key and returns the status, the
// Idempotent-Replayed header and the body.
func postKeyed(f *fixture, c apiClient, key string, body any) (int, string, string, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/dossiers", strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Idempotent-Replayed"), string(raw), nil
}

func countDossiers(t *testing.T, f *fixture) int {
	t.Helper()
	var n int
	if err := f.d.QueryRow(context.Background(), `SELECT count(*) FROM dossiers WHERE commune_id = $1`, f.commune.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOnestopIdempotencyKey (issue 8 item 12): four identical intakes at once with one key make
// one dossier and four identical answers; the key again with another body is a 422; another
// caller's same key is its own; without a key, two posts make two dossiers.
func TestOnestopIdempotencyKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		desk := f.apiAs(auth.Desk)
		body := birth("to-khai", "giay-chung-sinh", "giay-to-tuy-than")
		const n = 4
		type answer struct {
			st       int
			replayed string
			raw      string
			err      error
		}
		answers := make([]answer, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				st, rep, raw, err := postKeyed(f, desk, "intake-2026-0001", body)
				answers[i] = answer{st, rep, raw, err}
			}()
		}
		close(start)
		wg.Wait()
		replayed := 0
		for i, a := range answers {
			if a.err != nil || a.st != 201 || a.raw != answers[0].raw {
				t.Errorf("answer %d: %d %v %s (first %s)", i, a.st, a.err, a.raw, answers[0].raw)
			}
			if a.replayed == "true" {
				replayed++
			}
		}
		if replayed != n-1 {
			t.Errorf("%d answers replayed, want %d", replayed, n-1)
		}
		if got := countDossiers(t, f); got != 1 {
			t.Fatalf("%d dossiers from one key", got)
		}
		// Same key, another body: 422, in the caller's language.
		other := birth("to-khai", "giay-chung-sinh", "giay-to-tuy-than")
		other["applicant"].(map[string]any)["name"] = "Lê Văn Nam"
		st, _, raw, err := postKeyed(f, desk, "intake-2026-0001", other)
		if err != nil || st != 422 || !strings.Contains(raw, "Idempotency-Key") || !strings.Contains(raw, "đã được dùng") {
			t.Errorf("same key, other body: %d %s", st, raw)
		}
		// The key belongs to its caller: another token's same key is a new intake.
		if st, _, raw, _ := postKeyed(f, f.apiAs(auth.Desk), "intake-2026-0001", body); st != 201 {
			t.Errorf("another caller's key: %d %s", st, raw)
		}
		if st, _, raw, _ := postKeyed(f, desk, strings.Repeat("x", 201), body); st != 422 {
			t.Errorf("overlong key: %d %s", st, raw)
		}
		if got := countDossiers(t, f); got != 2 {
			t.Errorf("%d dossiers, want 2", got)
		}
	})
}

// TestOnestopIntakeFormOnce (issue 8 item 12): the desk form carries a one-time token; two
// submissions of the same form at once make one dossier, and both show it.
func TestOnestopIntakeFormOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		desk := f.client(auth.Desk)
		_, page := f.do(desk, "GET", "/ho-so/moi?thu-tuc=1.001193", nil)
		m := regexp.MustCompile(`name="form_token" value="([0-9a-f]{32})"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the intake form has no token:\n%.2000s", page)
		}
		form := osApplicant()
		form.Set("procedure_code", "1.001193")
		form.Set("channel", "1")
		form.Set("fee.amount", "0")
		form.Set("outcome", "accept")
		form.Set("form_token", m[1])
		form["documents"] = []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"}
		locs := make([]string, 2)
		sts := make([]int, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				resp, err := desk.PostForm(f.srv.URL+"/ho-so/moi", url.Values(form))
				if err != nil {
					return
				}
				resp.Body.Close()
				sts[i], locs[i] = resp.StatusCode, resp.Header.Get("Location")
			}()
		}
		close(start)
		wg.Wait()
		if sts[0] != http.StatusSeeOther || sts[1] != http.StatusSeeOther || locs[0] != locs[1] || !strings.HasPrefix(locs[0], "/ho-so/") {
			t.Fatalf("double submit: %v %v", sts, locs)
		}
		if got := countDossiers(t, f); got != 1 {
			t.Fatalf("%d dossiers from one form", got)
		}
		// Sent again later: the first dossier, with a word why.
		st, loc := osPost(t, f, desk, "/ho-so/moi", form)
		if st != http.StatusSeeOther || loc != locs[0] {
			t.Errorf("resent form: %d %s", st, loc)
		}
		osPage(t, f, desk, "GET", loc, nil, 200, "Phiếu này đã được gửi một lần")
		if got := countDossiers(t, f); got != 1 {
			t.Errorf("%d dossiers after resending", got)
		}
	})
}
