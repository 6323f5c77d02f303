package app_test

import (
	"context"
	"html"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
	"xaso/internal/petition"
	"xaso/internal/reception"
	"xaso/internal/textcheck"
	"xaso/internal/web"
)

var (
	tagRe   = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	hrefRe  = regexp.MustCompile(`href="([^"]+)"`)
	labelRe = regexp.MustCompile(`(?:aria-label|title|alt)="([^"]*)"`)
)

// pageText is what a reader sees or hears of a page: its text and its labels.
func pageText(body string) string {
	var b strings.Builder
	for _, m := range labelRe.FindAllStringSubmatch(body, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tagRe.ReplaceAllString(body, "\n")))
	return b.String()
}

// TestNumbersOnEveryPage walks the demo site by its links, anonymously and as each office, in
// Vietnamese and in English, and checks how every page writes its numbers; it fails when a
// page template was never reached, so that a new template is checked too (issue 8 item 8).
func TestNumbersOnEveryPage(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	// A Monday in office hours, so that the kiosk hands out a ticket and the booking is taken.
	f, _ := newClockFixture(t, d, vnAt(2026, 3, 2, 8, 0))
	if _, err := onestop.SeedDemoDossiers(ctx, d, f.commune.ID, rand.New(rand.NewPCG(3, 4)), 60); err != nil {
		t.Fatal(err)
	}
	actor := func(r auth.Role) petition.Actor {
		return petition.Actor{ID: f.userID("u-" + string(r)), Name: "Người thử " + string(r), Roles: []auth.Role{r}}
	}
	if n, err := petition.SeedDemo(ctx, d, f.commune.ID, petition.DemoStaff{Desk: actor(auth.Desk), Leader: actor(auth.Leader), Specialist: actor(auth.Specialist)}); err != nil || n == 0 {
		t.Fatalf("demo petitions: %d %v", n, err)
	}
	answers, _, err := f.a.Petition.Answers(ctx, f.commune.ID, "", 1, 0)
	if err != nil || len(answers) == 0 {
		t.Fatalf("no public answer: %v", err)
	}
	// A reception session published ahead (the clock is Monday 2 March: 9 March is 5 working
	// days on), and a visit in the logbook.
	leader := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	ss, err := f.a.Reception.CreateSession(ctx, f.commune.ID, leader, reception.SessionInput{Day: "10/03/2026", Start: "07:30", End: "11:30",
		Place: "Phòng tiếp công dân", HostName: "Ma Văn Hùng", HostTitle: "Chủ tịch Ủy ban nhân dân xã", Kind: reception.Regular, Mode: reception.InPerson})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Reception.PublishSession(ctx, f.commune.ID, leader, ss.ID); err != nil {
		t.Fatal(err)
	}
	v, err := f.a.Reception.RecordVisit(ctx, f.commune.ID, leader, reception.VisitInput{Name: "Nguyễn Văn An", Address: "Xóm Trung Tâm",
		People: "1", Kind: reception.Complaint, Matter: "Tranh chấp ranh giới đất", Request: "Đề nghị xã giải quyết", Handling: "Tiếp nhận đơn", Mode: reception.InPerson})
	if err != nil {
		t.Fatal(err)
	}
	budget := f.publishDisclosure()
	f.seedCampaign()
	demo := f.seedDemocracy()
	f.seedConsult()
	f.seedElections()
	rec := f.seedRecommendation(calendar.NewDate(2026, 3, 2))
	inspBoard, inspPlan, inspCase := f.seedInspection()
	if _, err := f.a.Investment.SeedDemo(ctx, f.commune.ID, leader, "u-investmentwatch"); err != nil {
		t.Fatal(err)
	}
	var serviceSeeds []string
	serviceUnreached := map[web.Page]string{}
	for _, walk := range []func() ([]string, map[web.Page]string){f.walkRating, f.walkSipas, f.walkLetters, f.walkConduct, f.walkTasks, f.walkPrivacy} {
		seeds, unreached := walk()
		serviceSeeds = append(serviceSeeds, seeds...)
		maps.Copy(serviceUnreached, unreached)
	}
	f.a.Web.TrackRenders()

	// Pages the walk cannot reach by a GET link, each with the test that renders it.
	unreached := map[web.Page]string{
		"commune/import_preview.html": "the answer to an uploaded file: TestBrowserCommunePages",
		"onestop/confirm.html":        "the answer to a refusal or return sent without confirming: TestOnestopPages",
		"onestop/online_done.html":    "the answer to an online submission: TestOnestopOnlineSubmission",
		"investment/visit_form.html":  "a board member's form: TestInvestmentBrowserVisitSurvivesACutLink",
	}

	skip := regexp.MustCompile(`^/(dang-xuat|ngon-ngu/|static/)|\.(pdf|xlsx|json|csv|ics|svg)(\?|$)|dinh-dang=|/tai-xuong`)
	const maxPages = 450 // pages a role reads in a language
	// Pages no link leads to: forms sent by GET and pages reached from outside.
	seeds := []string{"/", "/viec-den-han", "/ho-so", "/quan-tri", "/ho-so/chi-so", "/tai-khoan/ma-truy-cap",
		"/quan-tri/dat-lich", "/lich/han", "/lich/han?tu=2026-12-04&so-ngay=5", "/kiosk",
		"/don-thu", "/don-thu/" + answers[0].Number, "/xa-tra-loi", "/xa-tra-loi/" + answers[0].Number, "/quan-tri/don-thu",
		"/lich-tiep-cong-dan", "/tiep-cong-dan", v.URL(), "/tiep-cong-dan/so?nam=2026", "/cong-khai?q=du+toan", "/cong-khai/" + budget.ID,
		"/dan-chu", "/hop-thon", "/bau-cu", "/mien-nhiem-truong-thon",
		"/dan-chu/sang-kien/moi", demo.Initiative.URL(), "/hop-thon/sang-kien/moi", demo.Initiative.PublicURL(),
		"/hop-thon/bieu-quyet/" + demo.Online.ID, demo.Online.URL(),
		"/kien-nghi", rec.URL(), "/kien-nghi-giam-sat", rec.PublicURL(),
		"/ban-thanh-tra", inspBoard, inspPlan, inspCase, "/thanh-tra-nhan-dan"}
	seeds = append(seeds, serviceSeeds...)
	maps.Copy(unreached, serviceUnreached)
	var checked, mistakes int
	// The pages behind a booking and a kiosk ticket, which a POST leads to.
	anon := f.client("")
	if st, loc, body := f.post(anon, "/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-03-03"},
		"slot": {"09:00"}, "name": {"Lò Văn Sáng"}, "phone": {"0912000001"}}); st != http.StatusSeeOther {
		t.Fatalf("booking: %d\n%s", st, body)
	} else {
		seeds = append(seeds, loc)
	}
	if st, loc, _ := f.post(anon, "/phan-anh", url.Values{"kind": {"report"}, "topic": {"giao-thong"}, "name": {"Lò Văn Sáng"},
		"phone": {"0912000001"}, "content": {"Cống thoát nước đầu xóm bị sập."}}); st != http.StatusSeeOther {
		t.Fatalf("petition: %d", st)
	} else {
		seeds = append(seeds, loc)
	}
	if st, loc, _ := f.post(anon, "/thong-tin/yeu-cau", url.Values{"kind": {"request"}, "name": {"Lò Văn Sáng"}, "address": {"Xóm Trung Tâm"},
		"id_number": {"019090001234"}, "email": {"sang@example.vn"}, "information": {"Dự toán ngân sách xã năm 2026"}, "delivery": {"electronic"}}); st != http.StatusSeeOther {
		t.Fatalf("information request: %d", st)
	} else {
		seeds = append(seeds, loc, "/yeu-cau-thong-tin/"+loc[strings.LastIndex(loc, "/")+1:])
	}
	if st, loc, _ := f.post(anon, "/kiosk/lay-so", url.Values{"field": {"Hộ tịch"}}); st != http.StatusSeeOther {
		t.Fatalf("kiosk ticket: %d", st)
	} else {
		seeds = append(seeds, loc)
	}

	// Three pages of each shape are enough: the other pages of a list, the other months of
	// the calendar, the other dossiers are the same template.
	pattern := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f-]{27}|\d+`)
	for _, lang := range []string{"vi", "en"} {
		for _, role := range []auth.Role{"", auth.Admin, auth.Leader, auth.Desk, auth.Specialist, auth.HamletHead, auth.Inspection} {
			c := f.client(role)
			u, _ := url.Parse(f.srv.URL)
			c.Jar.SetCookies(u, []*http.Cookie{{Name: "xaso_lang", Value: lang, Path: "/"}})
			seen := map[string]bool{"/": true}
			queue := slices.Clone(seeds)
			shapes := map[string]int{}
			for visited := 0; len(queue) > 0 && visited < maxPages; {
				path := queue[0]
				queue = queue[1:]
				shape := pattern.ReplaceAllString(path, "#")
				if shapes[shape] >= 3 {
					continue
				}
				status, body := f.do(c, "GET", path, nil)
				if status != http.StatusOK || !strings.Contains(body, "<html") {
					continue
				}
				shapes[shape]++
				visited++
				checked++
				for _, m := range textcheck.NumberMistakes(lang, pageText(body)) {
					if mistakes++; mistakes <= 30 {
						t.Errorf("%s as %q (%s): %s", path, role, lang, m)
					}
				}
				for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
					link := html.UnescapeString(m[1])
					if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || skip.MatchString(link) {
						continue
					}
					link, _, _ = strings.Cut(link, "#")
					if !seen[link] {
						seen[link] = true
						queue = append(queue, link)
					}
				}
			}
		}
	}
	var missing []string
	for p, done := range f.a.Web.Pages() {
		if _, ok := unreached[p]; !done && !ok {
			missing = append(missing, string(p))
		}
	}
	sort.Strings(missing)
	t.Logf("%d pages checked, %d templates", checked, len(f.a.Web.Pages()))
	if len(missing) > 0 {
		t.Errorf("%d page templates were never rendered by the walk: %s", len(missing), strings.Join(missing, ", "))
	}
}
