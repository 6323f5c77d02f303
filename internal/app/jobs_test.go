package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"xaso/internal/app"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// Two xaso processes on one database tick together: each periodic job runs in one of them.
func TestTwoServersRunEachJobOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		second, err := app.New(context.Background(), app.Options{DB: d, DataDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Hasher: testHasher})
		if err != nil {
			t.Fatal(err)
		}
		for _, hourly := range []bool{false, true} {
			var mu sync.Mutex
			var ran []string
			var wg sync.WaitGroup
			for _, a := range []*app.App{f.a, second, f.a, second} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					jobs := a.RunJobs(context.Background(), hourly)
					mu.Lock()
					ran = append(ran, jobs...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			slices.Sort(ran)
			want := []string{"booking.reminders", "onestop.flag_late"}
			if hourly {
				want = []string{"audit.anchor", "auth.purge_sessions"}
			}
			if !slices.Equal(ran, want) {
				t.Errorf("hourly %v: the jobs ran %v, want each once: %v", hourly, ran, want)
			}
		}
	})
}

// The public page of the signed audit heads renders for a visitor, and the hourly job signs
// the heads into the data directory's file when the audit log is sealed.
func TestAuditHeadsPage(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	f.a.RunJobs(context.Background(), true)
	checkPage(f, f.client(""), "GET", "/nhat-ky-kiem-toan", nil, 200, "xaso audit verify")
	checkPage(f, f.client(""), "GET", "/nhat-ky-kiem-toan.json", nil, 200)
}

// The report of a period prints the audit head signed before its end, as the public page shows
// it, so that a paper copy can be held against the database later (issue 15 item 6).
func TestReportPrintsSignedAuditHead(t *testing.T) {
	d := dbtest.SQLite(t)
	d.ChainKey = []byte("khoa-kiem-toan-thu-nghiem-32-byte")
	f := newFixture(t, d)
	lead := f.client(auth.Leader)
	st, _, pdf := f.getBytes(lead, "/bao-cao/tai?ky=nam&dinh-dang=pdf")
	if st != 200 {
		t.Fatalf("report before any head is signed: %d", st)
	}
	if txt := osPDFText(t, pdf); strings.Contains(txt, "Mã kiểm toán") {
		t.Fatalf("no head is signed yet, but the report prints one:\n%s", txt)
	}
	f.a.RunJobs(context.Background(), true)
	st, _, pdf = f.getBytes(lead, "/bao-cao/tai?ky=nam&dinh-dang=pdf")
	if st != 200 {
		t.Fatalf("report: %d", st)
	}
	txt := strings.Join(strings.Fields(osPDFText(t, pdf)), " ")
	_, _, page := f.getBytes(f.client(""), "/nhat-ky-kiem-toan.json")
	var heads struct {
		Latest *struct {
			Seq  int64  `json:"seq"`
			Hash string `json:"hash"`
		} `json:"latest"`
	}
	if err := json.Unmarshal(page, &heads); err != nil || heads.Latest == nil || len(heads.Latest.Hash) < 16 {
		t.Fatalf("signed heads page: %v %s", err, page)
	}
	h := heads.Latest
	want := fmt.Sprintf("Mã kiểm toán cuối tháng: số %d, %s %s", h.Seq, h.Hash[:8], h.Hash[8:16])
	if !strings.Contains(txt, want) {
		t.Fatalf("report does not print %q:\n%s", want, txt)
	}
}
