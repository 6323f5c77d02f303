package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// The plan's dashboard on generated dossiers: every target with its value and the records
// behind it for staff, the same figures as open data, the report as DOCX, PDF and XLSX for
// the leaders, and the province's ranking once the deployment holds two communes.
func TestPlanDashboardAndReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		if _, err := onestop.SeedDemoDossiers(ctx, d, f.commune.ID, rand.New(rand.NewPCG(7, 8)), 40); err != nil {
			t.Fatal(err)
		}
		anon, lead := f.client(""), f.client(auth.Leader)
		body := checkPage(f, anon, "GET", "/chi-tieu", nil, 200, "Hồ sơ thủ tục hành chính giải quyết đúng hạn", `role="img"`,
			"Không để xảy ra tình trạng hồ sơ trả quá hạn", "III.2.1. Tuyên truyền")
		if strings.Contains(body, "/bao-cao/tai") {
			t.Error("the public dashboard offers the staff's report")
		}
		if !strings.Contains(body, `id="trend"`) || !strings.Contains(body, "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng") {
			t.Error("the year's dashboard has no month-by-month series")
		}
		if month := checkPage(f, anon, "GET", "/chi-tieu?ky=thang", nil, 200); strings.Contains(month, `id="trend"`) {
			t.Error("a month's dashboard draws a series")
		}
		staff := checkPage(f, lead, "GET", "/chi-tieu?ky=quy", nil, 200, "/bao-cao/tai?", "quý")
		if !strings.Contains(staff, `href="/ho-so/chi-so?thang=`) {
			t.Error("the leader's dashboard does not link the records behind the on-time rate")
		}
		// Every link to the records behind a figure opens for the leader.
		for _, m := range regexp.MustCompile(`<td><a href="([^"]+)">Xem</a></td>`).FindAllStringSubmatch(staff, -1) {
			link := html.UnescapeString(m[1])
			if st, _ := f.do(lead, "GET", link, nil); st != http.StatusOK {
				t.Errorf("the records behind a figure, %s: %d", link, st)
			}
		}
		checkPage(f, anon, "GET", "/chi-tieu?ky=thang&phan=13", nil, 422)

		// Open data: the JSON's on-time figure is the one-stop room's own count.
		raw := checkPage(f, anon, "GET", "/du-lieu-mo/chi-tieu.json", nil, 200)
		var data struct {
			Schema string
			Data   []struct {
				Key                    string
				Numerator, Denominator int
				Status                 string
			}
		}
		if err := json.Unmarshal([]byte(raw), &data); err != nil || data.Schema != "xaso.report.v1" || len(data.Data) < 15 {
			t.Fatalf("json: %v %s", err, raw[:min(len(raw), 300)])
		}
		for _, row := range data.Data {
			if row.Key == "dossiers_on_time" && (row.Denominator == 0 || row.Numerator > row.Denominator) {
				t.Errorf("on-time figure %d/%d", row.Numerator, row.Denominator)
			}
		}
		csvBody := checkPage(f, anon, "GET", "/du-lieu-mo/chi-tieu.csv?ky=nam", nil, 200, "commune,commune_name,period", "dossiers_on_time")
		if strings.Contains(csvBody, "Người thử") {
			t.Error("the open data names an officer")
		}
		checkPage(f, anon, "GET", "/du-lieu-mo", nil, 200, "lower_is_better", "dossiers_on_time")

		// The reports: staff only.
		if st, _, _ := f.getBytes(anon, "/bao-cao/tai?dinh-dang=pdf"); st == http.StatusOK {
			t.Error("a visitor downloaded the report")
		}
		if st, _, _ := f.getBytes(f.client(auth.Desk), "/bao-cao/tai?dinh-dang=pdf"); st != http.StatusForbidden {
			t.Errorf("the desk downloaded the report: %d", st)
		}
		st, _, pdf := f.getBytes(lead, "/bao-cao/tai?ky=nam&dinh-dang=pdf")
		if st != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("pdf: %d", st)
		}
		if txt := osPDFText(t, pdf); !strings.Contains(txt, "BÁO CÁO") || !strings.Contains(txt, "KẾT QUẢ THỰC HIỆN") {
			t.Errorf("the report's text: %s", txt[:min(len(txt), 400)])
		}
		for _, ext := range []string{"docx", "xlsx"} {
			st, _, b := f.getBytes(lead, "/bao-cao/tai?ky=quy&dinh-dang="+ext)
			if st != 200 {
				t.Fatalf("%s: %d", ext, st)
			}
			if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
				t.Fatalf("%s is not a zip: %v", ext, err)
			}
		}
		checkPage(f, lead, "GET", "/bao-cao/tai?dinh-dang=odt", nil, 422)

		// One commune: no ranking; a second in the same province: both ranked.
		checkPage(f, anon, "GET", "/chi-tieu/tinh", nil, 200, "Hệ thống này chỉ phục vụ một xã")
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			_, err := commune.CreateCommune(ctx, tx, commune.Commune{Code: "CUVAN", Name: "Cù Vân", Province: f.commune.Province, AgencyCode: "000.00.12.H99"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		f.a.Web.PurgePages() // the commune was added straight into the database, as by another process
		ranking := checkPage(f, anon, "GET", "/chi-tieu/tinh", nil, 200, `id="province-ranking"`, "Cù Vân", f.commune.Name)
		if strings.Count(ranking, "<tr>") < 3 {
			t.Error("the ranking lacks a commune")
		}
		checkPage(f, anon, "GET", "/du-lieu-mo/tinh.csv", nil, 200, "CUVAN", f.commune.Code)
		if !strings.Contains(ranking, `href="/chi-tieu/tinh/CUVAN?`) || !strings.Contains(ranking, `id="province-summary"`) {
			t.Error("the ranking links no commune's dashboard, or lacks the province's total")
		}
		other := checkPage(f, anon, "GET", "/chi-tieu/tinh/cuvan?ky=nam", nil, 200, "Cù Vân", "Hồ sơ thủ tục hành chính giải quyết đúng hạn")
		if strings.Contains(other, "/bao-cao/tai") {
			t.Error("another commune's dashboard offers its report")
		}
		checkPage(f, anon, "GET", "/chi-tieu/tinh/KHONGCO", nil, 404)
	})
}

// The demo shows the 2025 plan as tasks with their progress, and the 2025 dashboard counts
// them: the tasks done by their deadline over the plan's tasks, with the plan behind the figure.
func TestPlanDemoTasksOnTheDashboard(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	if err := f.a.SeedServiceDemo(ctx, f.commune.ID, audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}); err != nil {
		t.Fatal(err)
	}
	plans, err := f.a.Tasks.Plans(ctx, f.commune.ID)
	if err != nil || len(plans) != 1 || plans[0].Total < 30 || plans[0].Done == 0 {
		t.Fatalf("demo plan: %+v %v", plans, err)
	}
	lead := f.client(auth.Leader)
	checkPage(f, lead, "GET", "/ke-hoach", nil, 200, "Chính quyền thân thiện", "<progress")
	body := checkPage(f, lead, "GET", "/chi-tieu?ky=nam&nam=2025", nil, 200, "Nhiệm vụ của kế hoạch đã hoàn thành", `href="/ke-hoach"`)
	i := strings.Index(body, `id="m-plan_tasks_done"`)
	if i < 0 {
		t.Fatal("no tasks line on the dashboard")
	}
	want := fmt.Sprintf("%d/%d", plans[0].DoneOnTime, plans[0].Total-plans[0].Cancelled)
	if line := body[i:min(len(body), i+2000)]; !strings.Contains(line, want) {
		t.Errorf("the tasks line does not show %s", want)
	}
}
