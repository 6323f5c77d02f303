package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
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
