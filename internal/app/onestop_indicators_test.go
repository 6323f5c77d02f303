package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestOnestopReuseAtTheDesk: after the ID number is typed, "Tra cứu giấy tờ đã có" shows the
// scans the commune holds for that person only; one ticked "dùng lại" completes the dossier
// without the paper and is recorded as reused.
func TestOnestopReuseAtTheDesk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		const an, binh = "019090001234", "019090005678"
		shaA, shaB, shaC := strings.Repeat("a", 64), strings.Repeat("b", 64), strings.Repeat("c", 64)
		by := onestop.Actor{ID: "u", Name: "Cán bộ một cửa", Roles: []auth.Role{auth.Desk}}
		for _, x := range []struct{ id, toKhai, chungSinh string }{{an, shaA, shaB}, {binh, "", shaC}} {
			details := map[string]onestop.DocumentDetail{"giay-chung-sinh": {SHA256: x.chungSinh}}
			if x.toKhai != "" {
				details["to-khai"] = onestop.DocumentDetail{SHA256: x.toKhai}
			}
			if _, err := f.a.Onestop.Intake(ctx, f.commune.ID, by, onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1,
				Documents: []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"}, Details: details,
				Applicant: onestop.Applicant{Name: "Người " + x.id, IDNumber: x.id, Phone: "0912345678"}}); err != nil {
				t.Fatal(err)
			}
		}
		desk := f.client(auth.Desk)
		form := url.Values{"procedure_code": {"1.001193"}, "applicant.name": {"Nguyễn Văn An"}, "applicant.id_number": {an},
			"channel": {"1"}, "documents": {"to-khai", "giay-to-tuy-than"}, "verified_vneid": {"1"}}
		lookup := cloneForm(form)
		lookup.Set("outcome", "lookup")
		body := osPage(t, f, desk, "POST", "/ho-so/moi", lookup, 200, "Giấy tờ, kết quả đã có của người này", `value="`+shaA+`"`, `value="`+shaB+`"`)
		if strings.Contains(body, shaC) {
			t.Error("another person's scan is offered")
		}
		// The look-up is audited: who (the desk officer) read whose documents (the ID number,
		// masked but for its last 4 digits).
		var actorID, actorName, object, summary string
		if err := d.QueryRow(ctx, `SELECT actor_id, actor_name, object_id, summary FROM audit_log WHERE commune_id = $1
			AND action = $2 ORDER BY seq DESC LIMIT 1`, f.commune.ID, "dossier.reuse_lookup").Scan(&actorID, &actorName, &object, &summary); err != nil {
			t.Fatalf("no reuse_lookup audit entry: %v", err)
		}
		var deskID string
		if err := d.QueryRow(ctx, `SELECT id FROM users WHERE commune_id = $1 AND username = $2`, f.commune.ID, "u-desk").Scan(&deskID); err != nil {
			t.Fatal(err)
		}
		if object != "********1234" || actorID != deskID || actorName != "Người thử desk" || strings.Contains(summary, an) {
			t.Errorf("reuse_lookup entry: actor %q %q, object %q, summary %s", actorID, actorName, object, summary)
		}
		// Before the look-up, nothing is shown.
		osPage(t, f, desk, "GET", "/ho-so/moi?thu-tuc=1.001193", nil, 200, "Tra cứu giấy tờ đã có")

		// Bình's scan cannot be slipped into An's dossier.
		bad := cloneForm(form)
		bad.Set("outcome", "accept")
		bad["reuse"] = []string{shaC}
		osPage(t, f, desk, "POST", "/ho-so/moi", bad, 422)

		ok := cloneForm(form)
		ok.Set("outcome", "accept")
		ok["reuse"] = []string{shaB}
		status, loc := osPost(t, f, desk, "/ho-so/moi", ok)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/ho-so/") {
			t.Fatalf("reuse intake: %d %s", status, loc)
		}
		code := strings.TrimPrefix(loc, "/ho-so/")
		docs := osSubmittedDocs(t, f, code)
		if docs["giay-chung-sinh"][2] != shaB {
			t.Errorf("reused birth certificate: %v", docs)
		}
		var reused, parts int
		var vneid bool
		if err := d.QueryRow(ctx, `SELECT (SELECT count(*) FROM dossier_documents dd WHERE dd.commune_id = d.commune_id AND dd.dossier_id = d.id
			AND dd.reused = $3), d.reused_parts, d.verified_vneid FROM dossiers d WHERE d.commune_id = $1 AND d.code = $2`,
			f.commune.ID, code, true).Scan(&reused, &parts, &vneid); err != nil {
			t.Fatal(err)
		}
		if reused != 1 || parts != 1 || !vneid {
			t.Errorf("reused rows %d, parts %d, vneid %v", reused, parts, vneid)
		}
		osPage(t, f, desk, "GET", loc, nil, 200, "dùng lại: 1", "Đã xác thực danh tính qua VNeID")

		// The month's indicators count it: 1 of 3 dossiers received reused a part.
		month := time.Now().In(calendar.Zone).Format("2006-01")
		leaderAPI := f.apiAs(auth.Leader)
		st, m, raw := leaderAPI.call("GET", "/api/v1/indicators?month="+month, nil)
		if st != 200 || str(m, "month") != month {
			t.Fatalf("indicators JSON: %d %s", st, raw)
		}
		items, _ := m["indicators"].([]any)
		var reuse map[string]any
		for _, it := range items {
			if x := it.(map[string]any); x["key"] == onestop.IndReuse {
				reuse = x
			}
		}
		if reuse == nil || reuse["numerator"] != 1.0 || reuse["denominator"] != 3.0 || reuse["threshold"] != 80.0 ||
			reuse["max_points"] != 4.0 || reuse["name"] == "" {
			t.Errorf("reuse indicator: %v", reuse)
		}
		// 1 ÷ 3 = 33.33 % of an 80 % threshold: 33.33… × 4 ÷ 80 = 1.67 points.
		if reuse["points"] != 1.67 || reuse["value"] != 33.33 {
			t.Errorf("reuse points: %v", reuse)
		}
		if _, ok := m["total_points"].(float64); !ok {
			t.Errorf("no total_points: %s", raw)
		}
		if st, _, _ := f.apiAs(auth.Desk).call("GET", "/api/v1/indicators?month="+month, nil); st != http.StatusForbidden {
			t.Errorf("desk reads the indicators: %d", st)
		}
		if st, _, _ := leaderAPI.call("GET", "/api/v1/indicators?month=2026-13", nil); st != http.StatusNotFound {
			t.Errorf("bad month: %d", st)
		}

		leader := f.client(auth.Leader)
		osPage(t, f, leader, "GET", "/ho-so/chi-so?thang="+month, nil, 200, "Tỷ lệ hồ sơ giải quyết đúng hạn",
			"Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa", "/ho-so/chi-so/ho-so?chi-so=reuse&amp;thang="+month)
		osPage(t, f, leader, "GET", "/ho-so/chi-so/ho-so?chi-so=reuse&thang="+month, nil, 200, code)
		osPage(t, f, desk, "GET", "/ho-so/chi-so?thang="+month, nil, http.StatusForbidden)
		// In English: the headings, names and formulas come from the catalogue.
		if st, _ := f.do(leader, "GET", "/ngon-ngu/en", nil); st != http.StatusSeeOther {
			t.Fatalf("switch to English: %d", st)
		}
		en := osPage(t, f, leader, "GET", "/ho-so/chi-so?thang="+month, nil, 200, "Service-quality indicators", "Total points",
			"Share of dossiers decided on time", "Share of dossiers reusing digitised data", "How it is counted", "Threshold",
			"Download the Excel file", "Not computed")
		for _, vi := range []string{"Tổng điểm", "Cách tính", "Ngưỡng", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Chưa tính", "Tải tệp Excel"} {
			if strings.Contains(en, vi) {
				t.Errorf("English indicators page shows %q", vi)
			}
		}
		en = osPage(t, f, leader, "GET", "/ho-so/chi-so/ho-so?chi-so=reuse&thang="+month, nil, 200, code,
			"Share of dossiers reusing digitised data", "Counted: 1", "Not counted: 2")
		if strings.Contains(en, "Được tính") || strings.Contains(en, "Tỷ lệ") {
			t.Error("English indicator list shows Vietnamese")
		}
		if st, _ := f.do(leader, "GET", "/ngon-ngu/vi", nil); st != http.StatusSeeOther {
			t.Fatalf("switch to Vietnamese: %d", st)
		}
		resp, err := leader.Get(f.srv.URL + "/ho-so/chi-so?dinh-dang=xlsx&thang=" + month)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") || len(b) < 100 || string(b[:2]) != "PK" {
			t.Errorf("xlsx: %d %s %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
		}
	})
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}

// TestOnestopIndicatorListPaged: an indicator's dossiers are listed 50 a page, the counts are
// of the whole month.
func TestOnestopIndicatorListPaged(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	by := onestop.Actor{ID: "u", Name: "Cán bộ một cửa", Roles: []auth.Role{auth.Desk}}
	const n = 55
	for i := range n {
		if _, err := f.a.Onestop.Intake(ctx, f.commune.ID, by, onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1,
			Documents: []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"},
			Applicant: onestop.Applicant{Name: "Người thử " + strconv.Itoa(i), Phone: "0912345678"}}); err != nil {
			t.Fatal(err)
		}
	}
	month := time.Now().In(calendar.Zone).Format("2006-01")
	leader := f.client(auth.Leader)
	row := `<tr><th scope="row"><a href="/ho-so/`
	base := "/ho-so/chi-so/ho-so?chi-so=online_share&thang=" + month
	body := osPage(t, f, leader, "GET", base, nil, 200, "Được tính: 0", "Không được tính: "+strconv.Itoa(n), "trang=2")
	if got := strings.Count(body, row); got != 50 {
		t.Errorf("page 1: %d rows, want 50", got)
	}
	body = osPage(t, f, leader, "GET", base+"&trang=2", nil, 200, "Không được tính: "+strconv.Itoa(n), `rel="prev"`)
	if got := strings.Count(body, row); got != n-50 {
		t.Errorf("page 2: %d rows, want %d", got, n-50)
	}
	if body = osPage(t, f, leader, "GET", base+"&trang=9", nil, 200); strings.Count(body, row) != 0 {
		t.Error("page 9 lists dossiers")
	}
}
