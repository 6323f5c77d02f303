package onestop_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
	"xaso/internal/web"
)

// Benchmarks are read as rates and ratios, never as pass/fail:
//
//	go test ./internal/onestop/ -run '^$' -bench 'Intake|PublicLookup' -benchtime 2s
//
// BenchmarkIntake measures dossiers/s through the Service (one transaction each: two counters,
// the dossier, its control-slip row, the audit entry, the outbox event) and through the JSON
// API with a bearer token (8 clients), on SQLite and, when XASO_TEST_PG is set, PostgreSQL.
// BenchmarkPublicLookup measures GET /api/v1/public/dossiers/{code} through the whole shell
// against a bare net/http handler in the same run, and reports the ratio (x-bare).

// benchShell is a web shell with the one-stop API on d, serving commune cid, and a bearer token
// of a desk officer.
func benchShell(b *testing.B, d *db.DB, svc *onestop.Service, cid string) (*httptest.Server, string) {
	b.Helper()
	ctx := context.Background()
	cat, err := web.NewCatalog(web.Messages, onestop.Messages)
	if err != nil {
		b.Fatal(err)
	}
	as := auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	u, err := as.CreateUser(ctx, cid, audit.System, auth.NewUser{Username: "motcua", FullName: "Hoàng Thị Thu", Password: "matkhau-thu-nghiem", Roles: []auth.Role{auth.Desk}})
	if err != nil {
		b.Fatal(err)
	}
	tok, err := as.CreateToken(ctx, u, "bench")
	if err != nil {
		b.Fatal(err)
	}
	tenant := &web.Tenant{ID: cid, Code: "THU", Name: "xã Thử Nghiệm", Address: "Xóm Trung Tâm", Hours: "7:30–17:00"}
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: as,
		Tenant: func(context.Context, string) (*web.Tenant, error) { return tenant, nil }})
	if err != nil {
		b.Fatal(err)
	}
	onestop.MountAPI(s, svc)
	h, err := s.Start()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv, tok
}

// benchEnv is a commune and a Service whose clock moves one day every 5,000 intakes (the
// daily sequence has four digits).
func benchEnv(b *testing.B, d *db.DB) (*onestop.Service, string, *atomic.Int64) {
	b.Helper()
	ctx := context.Background()
	var c commune.Commune
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "THU", Name: "Thử Nghiệm", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"}); err != nil {
			return err
		}
		_, err = onestop.SeedCatalogue(ctx, tx, c.ID)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	base := at(2026, 3, 2, 9, 0)
	cal := calendar.Default()
	svc := onestop.New(onestop.Deps{DB: d, PublicPerMinute: 1 << 30,
		Calendars: func(context.Context, string) (*calendar.Calendar, error) { return cal, nil },
		Now: func() time.Time {
			return base.AddDate(0, 0, int(n.Add(1)/5000))
		}})
	return svc, c.ID, &n
}

// warmUp takes 500 dossiers in and has the database gather its statistics, as a running
// server's tables have them (PostgreSQL's autovacuum analyses a table within a minute of its
// first rows). Without it PostgreSQL checks each foreign key of the children's rows with the
// plan it made when dossiers was empty, a scan of the whole table, and the figure falls as the
// benchmark fills it (the documents' insert went from 0.7 to 3.5 ms a group in one run).
func warmUp(b *testing.B, d *db.DB, svc *onestop.Service, cid string) {
	b.Helper()
	ctx := context.Background()
	for range 500 {
		req := benchRequest
		req.Documents = append([]string(nil), benchRequest.Documents...)
		if _, err := svc.Intake(ctx, cid, desk, req); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := d.Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

func engines(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
}

var benchRequest = onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1,
	Documents: []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"},
	Applicant: onestop.Applicant{Name: "Nguyễn Văn An", IDNumber: "019090001234", Phone: "0912345678", Address: "Xóm Trung Tâm"}}

func BenchmarkIntake(b *testing.B) {
	engines(b, func(b *testing.B, d *db.DB) {
		svc, cid, _ := benchEnv(b, d)
		ctx := context.Background()
		warmUp(b, d, svc, cid)
		b.Run("store", func(b *testing.B) {
			for b.Loop() {
				req := benchRequest
				req.Documents = append([]string(nil), benchRequest.Documents...)
				if _, err := svc.Intake(ctx, cid, desk, req); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "dossiers/s")
		})
		// The figure: 8 clients of the service at once, all in one commune, so that
		// whatever orders a commune's writes (its counters, its audit chain) is what is measured.
		b.Run("store-8", func(b *testing.B) {
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := benchRequest
					req.Documents = append([]string(nil), benchRequest.Documents...)
					if _, err := svc.Intake(ctx, cid, desk, req); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "dossiers/s")
		})
		srv, tok := benchShell(b, d, svc, cid)
		body := []byte(`{"procedure_code":"1.001193","channel":1,"documents":["to-khai","giay-chung-sinh","giay-to-tuy-than"],
			"applicant":{"name":"Nguyễn Văn An","id_number":"019090001234","phone":"0912345678","address":"Xóm Trung Tâm"}}`)
		b.Run("api", func(b *testing.B) {
			client := benchClient()
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest("POST", srv.URL+"/api/v1/dossiers", bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+tok)
					req.Header.Set("Content-Type", "application/json")
					if err := do(client, req, http.StatusCreated); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "dossiers/s")
		})
	})
}

func BenchmarkPublicLookup(b *testing.B) {
	d := dbtest.SQLite(b)
	svc, cid, _ := benchEnv(b, d)
	dd, err := svc.Intake(context.Background(), cid, desk, benchRequest)
	if err != nil {
		b.Fatal(err)
	}
	srv, _ := benchShell(b, d, svc, cid)
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"ok"}`+"\n")
	}))
	defer bare.Close()
	var bareNs float64
	b.Run("bare", func(b *testing.B) {
		benchGet(b, bare.URL+"/")
		bareNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("xaso", func(b *testing.B) {
		benchGet(b, srv.URL+"/api/v1/public/dossiers/"+dd.Code+"?phone_last4=5678")
		if bareNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/bareNs, "x-bare")
		}
	})
}

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 32, MaxIdleConnsPerHost: 32, DisableCompression: true}}
}

func do(c *http.Client, req *http.Request, want int) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != want {
		err = fmt.Errorf("%s %s: status %d", req.Method, req.URL.Path, resp.StatusCode)
	}
	return err
}

// benchGet sends b.N GETs from 8 concurrent clients.
func benchGet(b *testing.B, url string) {
	client := benchClient()
	req, _ := http.NewRequest("GET", url, nil)
	if err := do(client, req, http.StatusOK); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("GET", url, nil)
			if err := do(client, req, http.StatusOK); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
