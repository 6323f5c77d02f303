package privacy

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

func seedCommune(t *testing.T, d *db.DB) string {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	for _, q := range []string{
		`INSERT INTO communes (id, code, name, province, address, created_at) VALUES ('c1', 'BY', 'Bình Yên', 'Thái Nguyên', '', $1)`,
		`INSERT INTO hamlets (commune_id, id, name, head_name, sort_order, created_at, updated_at) VALUES ('c1', 'h1', 'Xóm Đồng Kệu', '', 1, $1, $1)`,
		`INSERT INTO households (commune_id, id, code, hamlet_id, head_name, address, phone, search, created_at, updated_at)
			VALUES ('c1', 'hh1', 'HGD-001', 'h1', 'Nguyễn Văn Bố', 'Xóm Đồng Kệu', '0911111111', '', $1, $1)`,
		`INSERT INTO residents (commune_id, id, household_id, position, full_name, birth_date, gender, id_number, phone, relation, is_voter, search, created_at, updated_at)
			VALUES ('c1', 'r1', 'hh1', 1, 'Nguyễn Thị Con', '1990-03-02', 'nu', '019190001234', '0912345678', 'Con', TRUE, '', $1, $1)`,
		`INSERT INTO residents (commune_id, id, household_id, position, full_name, birth_date, gender, id_number, phone, relation, is_voter, search, created_at, updated_at)
			VALUES ('c1', 'r0', 'hh1', 0, 'Nguyễn Văn Bố', '1960-01-01', 'nam', '019060009999', '0911111111', 'Chủ hộ', TRUE, '', $1, $1)`,
		`INSERT INTO petitions (commune_id, id, number, year, seq, kind, channel, topic, content, sender_name, sender_phone, sender_id_number,
			status, received_at, updated_at) VALUES ('c1', 'p1', 'DT-2026-00001', 2026, 1, 'report', 'portal', 'khac', 'Đường hỏng', 'Nguyễn Thị Con', '0912345678', '', 'received', $1, $1)`,
		`INSERT INTO petitions (commune_id, id, number, year, seq, kind, channel, topic, content, sender_name, sender_phone, sender_id_number,
			status, received_at, updated_at) VALUES ('c1', 'p2', 'DT-2026-00002', 2026, 2, 'report', 'portal', 'khac', 'Thư của em trai', 'Nguyễn Văn Em', '0912345678', '', 'received', $1, $1)`,
		`INSERT INTO letters (commune_id, id, kind, occasion, source_kind, source_ref, recipient_name, recipient_phone, title, body, status,
			created_at, created_by, updated_at) VALUES ('c1', 'l1', 'congratulation', 'birth', 'manual', 'x1', 'NGUYEN THI CON', '+84912345678',
			'Thư chúc mừng', 'Chúc mừng gia đình có thêm thành viên mới', 'printed', $1, 'Lê Thị Hoa', $1)`,
		`INSERT INTO conduct_reports (commune_id, id, source, body, reporter_name, reporter_phone, received_on, received_at, created_by, status, due_on)
			VALUES ('c1', 'cr1', 'portal', 'Cán bộ tiếp dân niềm nở', 'Nguyễn Thị Con', '0912345678', '2026-03-02', $1, 'Khách', 'received', '2026-03-12')`,
		`INSERT INTO consultation_opinions (commune_id, id, consultation_id, source, author_name, author_phone, body, received_on, created_at, created_by)
			VALUES ('c1', 'o1', 'k1', 'portal', 'Nguyễn Văn Em', '0912345678', 'Ý kiến của em trai', '2026-03-02', $1, 'Khách')`,
		`INSERT INTO petitions (commune_id, id, number, year, seq, kind, channel, topic, content, sender_name, sender_phone, sender_id_number,
			identity_sealed, status, received_at, updated_at) VALUES ('c1', 'p3', 'DT-2026-00003', 2026, 3, 'denunciation', 'portal', 'khac', 'Tố cáo', '', '', '', $2, 'received', $1, $1)`,
	} {
		args := []any{now}
		if strings.Contains(q, "$2") {
			args = append(args, []byte{1, 2, 3})
		}
		if _, err := d.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	return "c1"
}

func TestRequestLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := seedCommune(t, d)
		ctx := context.Background()
		// Monday 2 March 2026, 09:00.
		now := calendar.NewDate(2026, 3, 2).At(calendar.NewClock(9, 0))
		s := New(Deps{DB: d, Now: func() time.Time { return now }})
		if _, err := s.Receive(ctx, c, audit.System, Input{Kind: KindCopy, FullName: "Nguyễn Thị Con", IDNumber: "12", Phone: "0912345678", Delivery: AtOffice}); err == nil {
			t.Fatal("a short ID number was accepted")
		}
		r, err := s.Receive(ctx, c, audit.System, Input{Kind: KindCopy, FullName: "Nguyễn Thị Con", IDNumber: "019190001234", Phone: "+84 912 345 678", Delivery: SMSLink})
		if err != nil {
			t.Fatal(err)
		}
		if r.Number != "DP-2026-00001" || r.Phone != "0912345678" {
			t.Errorf("number %s phone %s", r.Number, r.Phone)
		}
		// 72 hours on is Thursday 5 March 09:00; the acknowledgement by the end of Wednesday 4 March.
		if want := now.Add(72 * time.Hour).UTC(); !r.DueAt.Equal(want) {
			t.Errorf("due %v, want %v", r.DueAt, want)
		}
		if got := calendar.DateOf(r.AckDueAt.In(calendar.Zone)); got != calendar.NewDate(2026, 3, 4) {
			t.Errorf("acknowledgement due %v", got)
		}
		by := audit.Actor{ID: "u1", Name: "Lê Thị Hoa"}
		if _, err := s.Do(ctx, c, r.Number, by, ActAnswer, Step{}); err == nil {
			t.Fatal("answered before the identity check")
		}
		if _, err := s.Do(ctx, c, r.Number, by, ActVerify, Step{}); err == nil {
			t.Fatal("verified without the checkbox")
		}
		if _, err := s.Do(ctx, c, r.Number, by, ActVerify, Step{Confirmed: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordRead(ctx, web.PersonalRead{CommuneID: c, At: now, UserID: "u1", UserName: "Lê Thị Hoa", Role: "desk",
			SubjectType: SubjectResident, SubjectID: "r1", Route: "GET /nhan-khau/{id}"}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, c, r.Number)
		var buf bytes.Buffer
		if err := s.Export(ctx, c, ExportCommune{Code: "BY", Name: "xã Bình Yên"}, got, &buf); err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%v\n%s", err, buf.String())
		}
		out := buf.String()
		for _, want := range []string{`"schema":"xaso.personal.v1"`, `"id":"r1"`, `"code":"HGD-001"`, "DT-2026-00001", "Đường hỏng",
			`"staff":"Lê Thị Hoa"`, "Chúc mừng gia đình có thêm thành viên mới", "Cán bộ tiếp dân niềm nở",
			`"found_by_phone_under_another_name":2`} {
			if !strings.Contains(out, want) {
				t.Errorf("the copy lacks %s", want)
			}
		}
		// Not the father's record, his phone or name as head, nor the brother's letter, nor the denunciation.
		for _, not := range []string{"r0", "019060009999", "0911111111", "Nguyễn Văn Bố", "Thư của em trai", "Ý kiến của em trai", "DT-2026-00003", "Tố cáo"} {
			if strings.Contains(out, not) {
				t.Errorf("the copy holds %q", not)
			}
		}
		done, err := s.Do(ctx, c, r.Number, by, ActAnswer, Step{})
		if err != nil || done.LinkPath == "" {
			t.Fatalf("answer: %v %+v", err, done)
		}
		token := done.LinkPath[strings.Index(done.LinkPath, "=")+1:]
		if _, err := s.UseLink(ctx, c, r.Number, token, "0000"); err == nil {
			t.Error("the link opened with wrong digits")
		}
		if _, err := s.UseLink(ctx, c, r.Number, "00"+token[2:], "5678"); err == nil {
			t.Error("a forged token opened the link")
		}
		if _, err := s.UseLink(ctx, c, r.Number, token, "5678"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UseLink(ctx, c, r.Number, token, "5678"); err == nil {
			t.Error("the link opened twice")
		}
		var open int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2 AND is_open`, c, r.ID).Scan(&open); err != nil || open != 0 {
			t.Errorf("open duties %d %v", open, err)
		}
	})
}

func TestReadsFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		c := seedCommune(t, d)
		ctx := context.Background()
		s := New(Deps{DB: d})
		at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
		for i, u := range []string{"u1", "u2", "u1"} {
			if err := s.RecordRead(ctx, web.PersonalRead{CommuneID: c, At: at.Add(time.Duration(i) * time.Minute), UserID: u, UserName: "Cán bộ " + u,
				Role: "desk", SubjectType: SubjectDossier, SubjectID: []string{"A", "B", "A"}[i], Route: "GET /ho-so/{code}"}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c2 := range []struct {
			f    ReadFilter
			want int
		}{{ReadFilter{}, 3}, {ReadFilter{SubjectType: SubjectDossier, SubjectID: "A"}, 2}, {ReadFilter{UserID: "u2"}, 1},
			{ReadFilter{SubjectType: SubjectDossier, SubjectID: "A", UserID: "u2"}, 0}, {ReadFilter{Limit: 1, Offset: 1}, 3}} {
			list, total, err := s.Reads(ctx, c, c2.f)
			if err != nil || total != c2.want {
				t.Errorf("%+v: %d reads (%v), want %d", c2.f, total, err, c2.want)
			}
			if c2.f.Limit == 1 && (len(list) != 1 || list[0].SubjectID != "B") {
				t.Errorf("second page: %+v", list)
			}
		}
		readers, err := s.Readers(ctx, c)
		if err != nil || len(readers) != 2 {
			t.Errorf("readers %v %v", readers, err)
		}
	})
}
