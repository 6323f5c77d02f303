package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// seedElections fills the elections room with its demo (an election held and recognised, one
// in preparation, a removal petition), so that a walk of the site reaches its pages.
func (f *fixture) seedElections() {
	f.t.Helper()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	if err := f.a.Election.SeedDemo(context.Background(), f.commune.ID, by); err != nil {
		f.t.Fatal(err)
	}
}

var hashRe = regexp.MustCompile(`id="election-hash"[^>]*>([0-9a-f]{64})<`)

// A hamlet-head election through the pages, from the plan to the recognition: the steps
// counted back from the day, the count refused before its day, paper ballots typed in by the
// team, the threshold against all the hamlet's households, the Front refused the recognition
// of a hamlet head and the chairman giving it, and the public page showing the arithmetic and
// the hash of the papers, which the published list reproduces.
func TestElectionThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 3, 2, 9, 0))
		ctx := context.Background()
		hamlets, err := f.a.Election.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) == 0 {
			t.Fatalf("hamlets %v %v", hamlets, err)
		}
		h := hamlets[0]
		var households int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM households WHERE commune_id = $1 AND hamlet_id = $2`, f.commune.ID, h.ID).Scan(&households); err != nil || households == 0 {
			t.Fatalf("households %d %v", households, err)
		}
		needed := households/2 + 1
		anon, leader := f.client(""), f.client(auth.Leader)
		if status, _ := f.do(anon, "GET", "/bau-cu", nil); status == http.StatusOK {
			t.Fatal("the staff list is public")
		}
		status, loc, body := f.post(leader, "/bau-cu/moi", url.Values{"kind": {"hamlet_head"}, "hamlet_id": {h.ID}, "day": {"22/03/2026"}, "place": {"Nhà văn hóa"}})
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/bau-cu/") {
			t.Fatalf("create: %d %s", status, errorText(body))
		}
		el := loc
		id := strings.TrimPrefix(el, "/bau-cu/")
		post := func(c *http.Client, path string, form url.Values, want int) string {
			t.Helper()
			status, _, body := f.post(c, path, form)
			if status != want {
				t.Fatalf("%s: %d, want %d: %s", path, status, want, errorText(body))
			}
			return body
		}
		post(leader, el+"/buoc/plan", url.Values{"on": {"2026-03-02"}, "ref": {"12/QĐ-UBND"}}, http.StatusSeeOther)
		post(leader, el+"/ung-cu-vien", url.Values{"name": {"Lò Văn Sáng"}, "birth_year": {"1978"}}, http.StatusSeeOther)
		post(leader, el+"/ung-cu-vien", url.Values{"name": {"Nông Thị Hoa"}}, http.StatusSeeOther)
		post(leader, el+"/kiem-phieu/phieu", url.Values{"cand": {"1"}, "papers": {"5"}}, http.StatusConflict)

		clk.set(vnAt(2026, 3, 9, 9, 0)) // 13 days before: the candidate list is late
		leader = f.client(auth.Leader)
		post(leader, el+"/buoc/candidates", url.Values{"on": {"2026-03-09"}}, http.StatusSeeOther)
		body = post(leader, el+"/buoc/team", url.Values{"on": {"2026-03-09"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(body, "Tổ trưởng Tổ bầu cử") {
			t.Fatalf("team without its head: %s", errorText(body))
		}
		post(leader, el+"/buoc/team", url.Values{"on": {"2026-03-09"}, "leader": {"Hoàng Văn Nam"}, "members": {"Ma Thị Lan"}}, http.StatusSeeOther)
		post(leader, el+"/buoc/announce", url.Values{"on": {"2026-03-09"}, "how": {"Loa truyền thanh"}}, http.StatusSeeOther)
		status, body = f.do(leader, "GET", el, nil)
		if status != 200 || !strings.Contains(body, "Thực hiện muộn: chưa đủ 15 ngày") || !strings.Contains(body, "Hoàng Văn Nam") {
			t.Fatalf("election page: %d %s", status, errorText(body))
		}
		if status, body := f.do(anon, "GET", "/bau-cu-thon/"+id, nil); status != 200 || !strings.Contains(body, "Lò Văn Sáng") {
			t.Fatalf("announced election not public: %d", status)
		}

		clk.set(vnAt(2026, 3, 22, 10, 0))
		leader, front := f.client(auth.Leader), f.client(auth.Front)
		if status, body := f.do(front, "GET", el+"/kiem-phieu", nil); status != 200 || !strings.Contains(body, `action="`+el+`/kiem-phieu/phieu"`) {
			t.Fatalf("count page: %d %s", status, errorText(body))
		}
		post(front, el+"/kiem-phieu/phieu", url.Values{"cand": {"1", "2"}, "papers": {"1"}}, http.StatusUnprocessableEntity)
		post(front, el+"/kiem-phieu/phieu", url.Values{"cand": {"1"}, "papers": {strconv.Itoa(needed)}}, http.StatusSeeOther)
		post(front, el+"/kiem-phieu/phieu", url.Values{"invalid": {"1"}, "papers": {"1"}}, http.StatusSeeOther)
		post(front, el+"/kiem-phieu/so-phieu", url.Values{"issued": {strconv.Itoa(needed + 1)}, "returned": {strconv.Itoa(needed + 1)}}, http.StatusSeeOther)
		post(front, el+"/kiem-phieu/ket-thuc", url.Values{"note": {""}}, http.StatusSeeOther)
		post(front, el+"/cong-nhan", url.Values{"on": {"2026-03-22"}}, http.StatusForbidden)
		var open int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND room = 'election' AND subject_id = $2 AND is_open`, f.commune.ID, id).Scan(&open); err != nil || open != 1 {
			t.Fatalf("recognition duty open: %d %v", open, err)
		}
		post(leader, el+"/cong-nhan", url.Values{"on": {"2026-03-23"}, "ref": {"20/QĐ-UBND"}}, http.StatusUnprocessableEntity) // tomorrow
		post(leader, el+"/cong-nhan", url.Values{"on": {"2026-03-22"}, "ref": {"20/QĐ-UBND"}}, http.StatusSeeOther)
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND room = 'election' AND subject_id = $2 AND is_open`, f.commune.ID, id).Scan(&open); err != nil || open != 0 {
			t.Fatalf("recognition duty still open: %d %v", open, err)
		}
		status, body = f.do(leader, "GET", el, nil)
		if status != 200 || !strings.Contains(body, "Đã công nhận kết quả") || !strings.Contains(body, "election-term-end") {
			t.Fatalf("recognised: %d %s", status, errorText(body))
		}

		status, body = f.do(anon, "GET", "/bau-cu-thon/"+id, nil)
		arithmetic := strconv.Itoa(needed) + "/" + strconv.Itoa(households) + " hộ (cần " + strconv.Itoa(needed) + ")"
		if status != 200 || !strings.Contains(body, arithmetic) || !strings.Contains(body, "ít nhất "+strconv.Itoa(needed)+" hộ") || !strings.Contains(body, "Trúng cử") {
			t.Fatalf("public result: %d, want %q: %s", status, arithmetic, errorText(body))
		}
		m := hashRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no hash on the public page")
		}
		status, list := f.do(anon, "GET", "/bau-cu-thon/"+id+"/phieu.txt", nil)
		sum := sha256.Sum256([]byte(list))
		if status != 200 || hex.EncodeToString(sum[:]) != m[1] || strings.Count(list, "\n") != needed+1+2 {
			t.Fatalf("papers list: %d, hash mismatch or %d lines", status, strings.Count(list, "\n"))
		}
		if status, body := f.do(anon, "GET", "/bau-cu-thon", nil); status != 200 || !strings.Contains(body, "/bau-cu-thon/"+id) {
			t.Fatalf("public list: %d", status)
		}
		for _, pdf := range []string{"/phieu-bau.pdf", "/danh-sach-ung-cu-vien.pdf", "/bien-ban-kiem-phieu.pdf"} {
			resp, err := leader.Get(f.srv.URL + el + pdf)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("%s: %d %s", pdf, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}
	})
}

// The seeded room: every staff page renders for a leader, and the keys of its templates are
// in the catalogue.
func TestElectionSeededPages(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	f.seedElections()
	f.seedElections() // idempotent
	leader, hh := f.client(auth.Leader), f.client(auth.HamletHead)
	status, body := f.do(leader, "GET", "/bau-cu", nil)
	if status != 200 || strings.Count(body, `href="/bau-cu/0`) < 2 {
		t.Fatalf("list: %d %s", status, errorText(body))
	}
	for _, path := range []string{"/bau-cu/moi", "/bau-cu/cai-dat", "/mien-nhiem-truong-thon", "/bau-cu-thon"} {
		if status, body := f.do(leader, "GET", path, nil); status != 200 {
			t.Fatalf("%s: %d %s", path, status, errorText(body))
		}
	}
	if status, body := f.do(hh, "GET", "/bau-cu", nil); status != 200 || strings.Contains(body, `href="/bau-cu/0`) {
		t.Fatalf("a hamlet head heading no hamlet sees elections: %d", status)
	}
	if n := f.checkTemplateKeys(t, "../democracy/election/templates", "election"); n < 100 {
		t.Fatalf("only %d keys in the templates", n)
	}
}
