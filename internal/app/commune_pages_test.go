package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/app"
	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

// untranslatedKey matches a registry or admin catalogue key shown as itself: a key missing
// from the catalogue.
var untranslatedKey = regexp.MustCompile(`\b(commune|admin)\.[a-z_]+(\.[a-z_]+)?\b`)

// checkPage fetches path and checks the status, that the body holds every want, and that no
// catalogue key leaked into it untranslated.
func checkPage(f *fixture, c *http.Client, method, path string, form url.Values, status int, want ...string) string {
	f.t.Helper()
	got, body := f.do(c, method, path, form)
	if got != status {
		f.t.Errorf("%s %s: status %d, want %d\n%.600s", method, path, got, status, body)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			f.t.Errorf("%s %s: body lacks %q", method, path, w)
		}
	}
	if k := untranslatedKey.FindString(body); k != "" {
		f.t.Errorf("%s %s: untranslated key %q", method, path, k)
	}
	return body
}

func communeFormOf(c commune.Commune) url.Values {
	return url.Values{"name": {c.Name}, "province": {c.Province}, "address": {c.Address}, "phone": {c.Phone},
		"email": {c.Email}, "chairman": {c.Chairman}, "working_hours": {c.WorkingHours}, "parent_body": {c.ParentBody},
		"agency_code": {c.AgencyCode}, "host": {c.Host}}
}

// auditOf returns the audit entries of one object, newest first.
func auditOf(t *testing.T, d *db.DB, communeID, objectType, objectID string) []audit.Entry {
	t.Helper()
	es, err := audit.List(context.Background(), d, communeID, objectType, objectID, 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestCommuneInfoPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		admin, leader, desk := f.client(auth.Admin), f.client(auth.Leader), f.client(auth.Desk)

		checkPage(f, admin, "GET", "/quan-tri", nil, 200, `href="/quan-tri/xa"`)
		checkPage(f, admin, "GET", "/quan-tri/xa", nil, 200, f.commune.Code, "000.00.12.H55", "có thể mất đến 30 giây để trang chủ cập nhật")
		checkPage(f, leader, "GET", "/quan-tri/xa", nil, 200, f.commune.Address)
		checkPage(f, leader, "GET", "/can-bo", nil, 200, `href="/quan-tri/xa"`)
		checkPage(f, desk, "GET", "/quan-tri/xa", nil, 403)

		// The address is changed; the code cannot be, even when a form sends one.
		form := communeFormOf(f.commune)
		form.Set("address", "Số 1 đường Trung Tâm, xã Bình Yên")
		form.Set("code", "DOI-MA")
		if status, _ := f.do(admin, "POST", "/quan-tri/xa", form); status != http.StatusSeeOther {
			t.Fatalf("save commune: %d", status)
		}
		checkPage(f, admin, "GET", "/quan-tri/xa", nil, 200, "Số 1 đường Trung Tâm, xã Bình Yên", "Đã lưu thông tin xã")
		got, err := commune.GetCommune(ctx, d, f.commune.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Address != "Số 1 đường Trung Tâm, xã Bình Yên" || got.Code != f.commune.Code || got.AgencyCode != f.commune.AgencyCode {
			t.Fatalf("saved commune: %+v", got)
		}
		if es := auditOf(t, d, f.commune.ID, "commune", f.commune.ID); len(es) == 0 || es[0].Action != "commune.update" || es[0].Actor.Name != "Người thử admin" {
			t.Fatalf("audit of the change: %+v", es)
		}

		// An invalid email is refused next to its field, and nothing of the form is saved.
		form.Set("email", "khong-phai-thu-dien-tu")
		form.Set("address", "Địa chỉ không được lưu")
		body := checkPage(f, leader, "POST", "/quan-tri/xa", form, 422, "Địa chỉ thư điện tử không hợp lệ", `id="f-email-err"`, "Địa chỉ không được lưu")
		if !strings.Contains(body, `aria-invalid="true"`) {
			t.Error("the invalid field is not marked aria-invalid")
		}
		if got, _ := commune.GetCommune(ctx, d, f.commune.ID); got.Address != "Số 1 đường Trung Tâm, xã Bình Yên" || got.Email != f.commune.Email {
			t.Fatalf("an invalid form changed the commune: %+v", got)
		}
		// A missing name is refused too.
		form = communeFormOf(f.commune)
		form.Set("name", " ")
		checkPage(f, admin, "POST", "/quan-tri/xa", form, 422, "Chưa nhập tên xã")
	})
}

// The public home shows the new details once the tenant cache (30 s) has expired: what the
// hint on the page promises.
func TestCommuneInfoReachesHomeWithin30s(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	var now atomic.Int64
	now.Store(time.Now().UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	a, err := app.New(context.Background(), app.Options{DB: f.d, DataDir: t.TempDir(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Hasher: testHasher, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	home := func() string {
		resp, err := http.Get(srv.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if !strings.Contains(home(), f.commune.Address) {
		t.Fatal("home does not show the commune's address")
	}
	form := communeFormOf(f.commune)
	form.Set("address", "Trụ sở mới, xóm Trung Tâm")
	form.Set("working_hours", "Sáng 7:00–11:00")
	if status, _ := f.do(f.client(auth.Admin), "POST", "/quan-tri/xa", form); status != http.StatusSeeOther {
		t.Fatalf("save commune: %d", status)
	}
	now.Add(int64(31 * time.Second))
	if b := home(); !strings.Contains(b, "Trụ sở mới, xóm Trung Tâm") || !strings.Contains(b, "Sáng 7:00–11:00") {
		t.Fatalf("home after 31 s does not show the new details:\n%.1500s", b)
	}
}

func TestHamletPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		desk, leader := f.client(auth.Desk), f.client(auth.Leader)
		st := commune.New(d)
		before, err := st.ListHamlets(ctx, f.commune.ID)
		if err != nil {
			t.Fatal(err)
		}

		checkPage(f, desk, "GET", "/ho-gia-dinh", nil, 200, `href="/xom"`)
		checkPage(f, leader, "GET", "/xom", nil, 200, before[0].Name, before[0].HeadName, "/ho-gia-dinh?xom="+before[0].ID)
		checkPage(f, leader, "GET", "/xom/moi", nil, 403)
		checkPage(f, leader, "POST", "/xom/moi", url.Values{"name": {"Xóm Lãnh Đạo"}}, 403)
		checkPage(f, desk, "GET", "/xom/moi", nil, 200, `name="sort_order"`)

		if status, _ := f.do(desk, "POST", "/xom/moi", url.Values{"name": {"Xóm  Khe Thử"}, "head_name": {"Hoàng Văn Thử"}}); status != http.StatusSeeOther {
			t.Fatalf("create hamlet: %d", status)
		}
		body := checkPage(f, desk, "GET", "/xom", nil, 200, "Đã thêm xóm.", "Xóm Khe Thử", "Hoàng Văn Thử", `href="/xom/moi"`)
		if !strings.Contains(body, "Toàn xã có "+strconv.Itoa(len(before)+1)+" xóm") {
			t.Errorf("hamlet count not in the caption:\n%.2000s", body)
		}
		after, _ := st.ListHamlets(ctx, f.commune.ID)
		created := after[len(after)-1]
		if len(after) != len(before)+1 || created.Name != "Xóm Khe Thử" || created.Households != 0 {
			t.Fatalf("created hamlet: %+v", created)
		}
		if es := auditOf(t, d, f.commune.ID, "hamlet", created.ID); len(es) != 1 || es[0].Action != "hamlet.create" {
			t.Fatalf("audit: %+v", es)
		}

		// Refused: a name already used, a display order that is not a number. Nothing saved.
		checkPage(f, desk, "POST", "/xom/moi", url.Values{"name": {before[0].Name}}, 422, "Đã có xóm mang tên này")
		checkPage(f, desk, "POST", "/xom/moi", url.Values{"name": {"Xóm Mới Hai"}, "sort_order": {"ba"}}, 422, "Thứ tự hiển thị phải là số nguyên")
		checkPage(f, desk, "POST", "/xom/"+created.ID, url.Values{"name": {""}, "sort_order": {"0"}}, 422, "Chưa nhập tên xóm", "Thứ tự hiển thị phải là số nguyên")
		if n, _ := st.ListHamlets(ctx, f.commune.ID); len(n) != len(after) {
			t.Fatalf("a refused form added a hamlet: %d", len(n))
		}

		// Edit: rename and move to the top.
		checkPage(f, desk, "GET", "/xom/"+created.ID, nil, 200, `value="Xóm Khe Thử"`, `value="`+strconv.Itoa(created.SortOrder)+`"`)
		if status, _ := f.do(desk, "POST", "/xom/"+created.ID, url.Values{"name": {"Xóm Khe Mới"}, "head_name": {"Hoàng Thị Mới"}, "sort_order": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("update hamlet: %d", status)
		}
		got, err := st.GetHamlet(ctx, f.commune.ID, created.ID)
		if err != nil || got.Name != "Xóm Khe Mới" || got.HeadName != "Hoàng Thị Mới" || got.SortOrder != 1 {
			t.Fatalf("updated hamlet: %+v %v", got, err)
		}
		// A blank order on an edit keeps the current one.
		if status, _ := f.do(desk, "POST", "/xom/"+created.ID, url.Values{"name": {"Xóm Khe Mới"}, "sort_order": {""}}); status != http.StatusSeeOther {
			t.Fatalf("update hamlet: %d", status)
		}
		if got, _ := st.GetHamlet(ctx, f.commune.ID, created.ID); got.SortOrder != 1 || got.HeadName != "" {
			t.Fatalf("updated hamlet: %+v", got)
		}
		checkPage(f, desk, "GET", "/xom/khong-co", nil, 404)
	})
}

// householdWithMembers finds a demo household with at least three members.
func householdWithMembers(t *testing.T, st *commune.Store, communeID string) commune.Household {
	t.Helper()
	ctx := context.Background()
	list, _, err := st.ListHouseholds(ctx, communeID, commune.HouseholdFilter{Page: commune.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range list {
		if h.MemberCount >= 3 {
			full, err := st.GetHousehold(ctx, communeID, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			return full
		}
	}
	t.Fatal("no demo household with three members")
	return commune.Household{}
}

func TestResidentEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		desk, leader := f.client(auth.Desk), f.client(auth.Leader)
		st := commune.New(d)
		h := householdWithMembers(t, st, f.commune.ID)
		head, m := h.Members[0], h.Members[1]

		body := checkPage(f, desk, "GET", "/ho-gia-dinh/"+h.ID, nil, 200, `href="/nhan-khau/`+m.ID+`"`, `href="/nhan-khau/`+m.ID+`/xoa"`,
			`href="/nhan-khau/`+head.ID+`"`, `action="/ho-gia-dinh/`+h.ID+`/chu-ho"`)
		if strings.Contains(body, `/nhan-khau/`+head.ID+`/xoa`) {
			t.Error("the household page offers to remove the head")
		}
		if body := checkPage(f, leader, "GET", "/ho-gia-dinh/"+h.ID, nil, 200); strings.Contains(body, `/nhan-khau/`+m.ID+`"`) {
			t.Error("a leader (read only) is offered the edit link")
		}
		checkPage(f, leader, "GET", "/nhan-khau/"+m.ID, nil, 403)

		checkPage(f, desk, "GET", "/nhan-khau/"+m.ID, nil, 200, `value="`+m.FullName+`"`, `value="`+m.BirthDate+`"`, `name="voter" value="auto" checked`)
		form := url.Values{"full_name": {"Trần Thị Đã Sửa"}, "birth_date": {"15/03/1990"}, "gender": {"Nữ"}, "id_number": {"001 190 000 777"},
			"phone": {"+84 912 345 678"}, "relation": {"con"}, "voter": {"no"}}
		if status, _ := f.do(desk, "POST", "/nhan-khau/"+m.ID, form); status != http.StatusSeeOther {
			t.Fatalf("edit resident: %d", status)
		}
		got, err := st.GetResident(ctx, f.commune.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FullName != "Trần Thị Đã Sửa" || got.BirthDate != "1990-03-15" || got.IDNumber != "001190000777" ||
			got.Phone != "0912345678" || got.Relation != "Con" || got.IsVoter() || got.HouseholdID != h.ID {
			t.Fatalf("edited resident: %+v", got)
		}
		// An adult kept off the voter list is shown as such, not as "automatic".
		checkPage(f, desk, "GET", "/nhan-khau/"+m.ID, nil, 200, `name="voter" value="no" checked`)
		// The page read after the edit is audited too (resident.view); the edit is the one before.
		es := auditOf(t, d, f.commune.ID, "resident", m.ID)
		if len(es) < 2 || es[0].Action != "resident.view" || es[1].Action != "resident.update" || strings.Contains(es[1].Summary, "001190000777") {
			t.Fatalf("audit of the edit (ID number must be masked): %+v", es)
		}

		// Invalid: nothing saved, errors at the fields.
		bad := url.Values{"full_name": {"Tên Không Lưu"}, "birth_date": {"31/02/1990"}, "gender": {"Nữ"}, "relation": {"Con"}}
		checkPage(f, desk, "POST", "/nhan-khau/"+m.ID, bad, 422, "Ngày sinh không hợp lệ", `id="f-birth_date-err"`)
		bad = url.Values{"full_name": {"Tên Không Lưu"}, "birth_date": {"1990-03-15"}, "gender": {"Nữ"}, "relation": {"Chủ hộ"}}
		checkPage(f, desk, "POST", "/nhan-khau/"+m.ID, bad, 422, "Hộ đã có chủ hộ")
		if got, _ := st.GetResident(ctx, f.commune.ID, m.ID); got.FullName != "Trần Thị Đã Sửa" {
			t.Fatalf("an invalid form changed the resident: %+v", got)
		}

		// The head is edited without a relation field and stays head.
		checkPage(f, desk, "GET", "/nhan-khau/"+head.ID, nil, 200, "Người này là chủ hộ")
		form = url.Values{"full_name": {head.FullName + " Sửa"}, "birth_date": {head.BirthDate}, "gender": {head.Gender}, "voter": {"auto"}}
		if status, _ := f.do(desk, "POST", "/nhan-khau/"+head.ID, form); status != http.StatusSeeOther {
			t.Fatalf("edit head: %d", status)
		}
		hh, _ := st.GetHousehold(ctx, f.commune.ID, h.ID)
		if hh.HeadName != head.FullName+" Sửa" || !hh.Members[0].IsHead() {
			t.Fatalf("household after editing its head: %+v", hh)
		}
		checkPage(f, desk, "GET", "/nhan-khau/khong-co", nil, 404)
	})
}

func TestRemoveResident(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		admin := f.client(auth.Admin)
		st := commune.New(d)
		h := householdWithMembers(t, st, f.commune.ID)
		head, m := h.Members[0], h.Members[len(h.Members)-1]

		// The head: refused, with the store's message, before and after asking.
		body := checkPage(f, admin, "GET", "/nhan-khau/"+head.ID+"/xoa", nil, 200, "Không thể xóa chủ hộ")
		if strings.Contains(body, `action="/nhan-khau/`+head.ID+`/xoa"`) {
			t.Error("the head's removal page offers the button")
		}
		checkPage(f, admin, "POST", "/nhan-khau/"+head.ID+"/xoa", url.Values{}, 409, "Không thể xóa chủ hộ", `href="/ho-gia-dinh/`+h.ID+`#chu-ho"`)
		if _, err := st.GetResident(ctx, f.commune.ID, head.ID); err != nil {
			t.Fatalf("the head was removed: %v", err)
		}

		// Another member: the question first, removed on confirmation, audited.
		checkPage(f, admin, "GET", "/nhan-khau/"+m.ID+"/xoa", nil, 200,
			"Xóa nhân khẩu "+m.FullName+" khỏi hộ số "+h.Code, `action="/nhan-khau/`+m.ID+`/xoa"`, `href="/ho-gia-dinh/`+h.ID+`"`)
		if _, err := st.GetResident(ctx, f.commune.ID, m.ID); err != nil {
			t.Fatalf("asking removed the resident: %v", err)
		}
		if status, _ := f.do(admin, "POST", "/nhan-khau/"+m.ID+"/xoa", url.Values{}); status != http.StatusSeeOther {
			t.Fatalf("remove: %d", status)
		}
		if _, err := st.GetResident(ctx, f.commune.ID, m.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("resident still there: %v", err)
		}
		checkPage(f, admin, "GET", "/ho-gia-dinh/"+h.ID, nil, 200, "Đã xóa nhân khẩu khỏi hộ.")
		es := auditOf(t, d, f.commune.ID, "resident", m.ID)
		if len(es) != 1 || es[0].Action != "resident.delete" || es[0].Actor.Name != "Người thử admin" || !strings.Contains(es[0].Summary, m.FullName) {
			t.Fatalf("audit of the removal: %+v", es)
		}
		if m.IDNumber != "" && strings.Contains(es[0].Summary, m.IDNumber) {
			t.Error("the audit log holds the full ID number")
		}
		checkPage(f, admin, "POST", "/nhan-khau/"+m.ID+"/xoa", url.Values{}, 404)
	})
}

func TestChangeHead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		desk := f.client(auth.Desk)
		st := commune.New(d)
		h := householdWithMembers(t, st, f.commune.ID)
		head, next := h.Members[0], h.Members[1]
		path := "/ho-gia-dinh/" + h.ID + "/chu-ho"

		// Refused, nothing changed: the head named again, the old head left as head, no choice.
		checkPage(f, desk, "POST", path, url.Values{"new_head": {head.ID}, "old_head_relation": {"Chồng"}}, 422, "Chọn một thành viên khác")
		checkPage(f, desk, "POST", path, url.Values{"new_head": {next.ID}, "old_head_relation": {"chu ho"}}, 422, "Mỗi hộ chỉ có một chủ hộ")
		body := checkPage(f, desk, "POST", path, url.Values{}, 422, "Chưa nhập quan hệ với chủ hộ")
		// The page's other forms still show the household as stored.
		if !strings.Contains(body, `id="f-code" name="code" type="text" value="`+h.Code+`"`) {
			t.Error("after an error the household form lost its values")
		}
		if got, _ := st.GetHousehold(ctx, f.commune.ID, h.ID); got.HeadName != h.HeadName {
			t.Fatalf("a refused change moved the head: %+v", got)
		}

		if status, _ := f.do(desk, "POST", path, url.Values{"new_head": {next.ID}, "old_head_relation": {"chồng"}}); status != http.StatusSeeOther {
			t.Fatalf("change head: %d", status)
		}
		got, err := st.GetHousehold(ctx, f.commune.ID, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.HeadName != next.FullName || got.Members[0].ID != next.ID || len(got.Members) != len(h.Members) {
			t.Fatalf("after the change: %+v", got)
		}
		for _, m := range got.Members {
			if m.ID == head.ID && m.Relation != "Chồng" {
				t.Fatalf("old head's relation: %q", m.Relation)
			}
		}
		checkPage(f, desk, "GET", "/ho-gia-dinh/"+h.ID, nil, 200, "Đã đổi chủ hộ.")
		// The old head can now be removed.
		if status, _ := f.do(desk, "POST", "/nhan-khau/"+head.ID+"/xoa", url.Values{}); status != http.StatusSeeOther {
			t.Fatalf("remove the former head: %d", status)
		}
	})
}

// Adding a member with an error keeps the page's other forms as they were: the added member's
// fields have their own names.
func TestAddResidentErrorStaysInItsForm(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	desk := f.client(auth.Desk)
	h := householdWithMembers(t, commune.New(f.d), f.commune.ID)
	form := url.Values{"new.full_name": {"Lò Văn Mới"}, "new.birth_date": {"2001-01-01"}, "new.gender": {"Nam"},
		"new.relation": {"Con"}, "new.phone": {"12345"}}
	body := checkPage(f, desk, "POST", "/ho-gia-dinh/"+h.ID+"/nhan-khau", form, 422, `id="f-new-phone"`, "Số điện thoại di động phải có 10 chữ số",
		`id="f-code" name="code" type="text" value="`+h.Code+`"`)
	if strings.Contains(body, `id="f-phone-err"`) {
		t.Error("the member's phone error shows on the household's phone")
	}
	form.Set("new.phone", "0987654321")
	if status, _ := f.do(desk, "POST", "/ho-gia-dinh/"+h.ID+"/nhan-khau", form); status != http.StatusSeeOther {
		t.Fatalf("add resident: %d", status)
	}
	if got, _ := commune.New(f.d).GetHousehold(context.Background(), f.commune.ID, h.ID); len(got.Members) != len(h.Members)+1 {
		t.Fatalf("members: %d, want %d", len(got.Members), len(h.Members)+1)
	}
}

// The new pages also answer in English.
func TestCommunePagesInEnglish(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	admin := f.client(auth.Admin)
	if status, _ := f.do(admin, "GET", "/ngon-ngu/en?next=/", nil); status != http.StatusSeeOther {
		t.Fatalf("switch language: %d", status)
	}
	h := householdWithMembers(t, commune.New(f.d), f.commune.ID)
	checkPage(f, admin, "GET", "/quan-tri/xa", nil, 200, "Commune details", "may take up to 30 seconds")
	checkPage(f, admin, "GET", "/xom", nil, 200, "Hamlets", "households in the commune")
	checkPage(f, admin, "GET", "/ho-gia-dinh/"+h.ID, nil, 200, "Change the head of household")
	checkPage(f, admin, "GET", "/nhan-khau/"+h.Members[1].ID, nil, 200, "Edit resident", "On the voter list")
	checkPage(f, admin, "GET", "/nhan-khau/"+h.Members[1].ID+"/xoa", nil, 200, "Remove "+h.Members[1].FullName)
}

// TestCrossCommuneRegistryPages: another commune's hamlets and residents are not found.
func TestCrossCommuneRegistryPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		other := f.otherCommune(t)
		st := commune.New(d)
		ham, err := st.CreateHamlet(ctx, other.ID, audit.System, commune.Hamlet{Name: "Xóm Một"})
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.CreateHousehold(ctx, other.ID, audit.System, commune.Household{Code: "K-1", HamletID: ham.ID,
			Members: []commune.Resident{{FullName: "Vi Văn Khác", BirthDate: "1970-01-01", Gender: "Nam", Relation: commune.RelationHead},
				{FullName: "Vi Thị Khác", BirthDate: "1972-01-01", Gender: "Nữ", Relation: "Vợ"}}})
		if err != nil {
			t.Fatal(err)
		}
		head, wife := h.Members[0], h.Members[1]
		admin := f.client(auth.Admin)
		edit := url.Values{"full_name": {"Đổi Tên"}, "birth_date": {"1972-01-01"}, "gender": {"Nữ"}, "relation": {"Vợ"}, "name": {"Xóm Đổi"},
			"new_head": {wife.ID}, "old_head_relation": {"Chồng"}}
		for _, p := range []struct{ method, path string }{
			{"GET", "/nhan-khau/" + wife.ID},
			{"POST", "/nhan-khau/" + wife.ID},
			{"GET", "/nhan-khau/" + wife.ID + "/xoa"},
			{"POST", "/nhan-khau/" + wife.ID + "/xoa"},
			{"GET", "/xom/" + ham.ID},
			{"POST", "/xom/" + ham.ID},
			{"POST", "/ho-gia-dinh/" + h.ID + "/chu-ho"},
		} {
			if status, _ := f.do(admin, p.method, p.path, edit); status != http.StatusNotFound {
				t.Errorf("%s %s of another commune: %d, want 404", p.method, p.path, status)
			}
		}
		if body := checkPage(f, admin, "GET", "/xom", nil, 200); strings.Contains(body, "Xóm Một") {
			t.Error("another commune's hamlet is listed")
		}
		got, err := st.GetHousehold(ctx, other.ID, h.ID)
		if err != nil || len(got.Members) != 2 || got.HeadName != head.FullName || got.Members[1].FullName != wife.FullName {
			t.Fatalf("other commune's household changed: %+v %v", got, err)
		}
		if hm, _ := st.GetHamlet(ctx, other.ID, ham.ID); hm.Name != "Xóm Một" {
			t.Fatalf("other commune's hamlet changed: %+v", hm)
		}
		if c, _ := commune.GetCommune(ctx, d, other.ID); c.Name != "Khác" {
			t.Fatalf("other commune changed: %+v", c)
		}
	})
}

// TestBrowserCommunePages runs axe-core (WCAG 2.1 AA) on the registry's new pages, in their
// plain and their error states, at a phone's width, and checks that no page scrolls sideways.
func TestBrowserCommunePages(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t))
	u := f.srv.URL
	h := householdWithMembers(t, commune.New(f.d), f.commune.ID)
	// noValidate lets the server's checks, not the browser's, judge the form.
	noValidate := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`(document.querySelector('form.form').noValidate = true)`)(ctx, tg)
		return err
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(u+"/dang-nhap"), chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.SendKeys(chromedp.ID("f-username"), "u-admin"),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dang-xuat"] button`))); err != nil {
		t.Fatal(err)
	}
	visit := func(name, path string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(u + path), chromedp.WaitVisible(chromedp.CSS("h1"))}, actions...)...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAxe(t, ctx, name)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 8).join(' ')`))
			t.Errorf("%s scrolls sideways at 375 px: %s", name, wide)
		}
	}
	visit("commune details", "/quan-tri/xa")
	visit("commune details with an error", "/quan-tri/xa",
		chromedp.SetValue(chromedp.ID("f-email"), "khong-hop-le"),
		noValidate,
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("f-email-err")))
	visit("staff directory", "/can-bo")
	visit("hamlets", "/xom")
	visit("new hamlet with an error", "/xom/moi",
		chromedp.SetValue(chromedp.ID("f-sort_order"), "0"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Xóm Thử"),
		noValidate,
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("f-sort_order-err")))
	visit("household", "/ho-gia-dinh/"+h.ID)
	visit("edit resident", "/nhan-khau/"+h.Members[1].ID)
	visit("edit head", "/nhan-khau/"+h.Members[0].ID)
	visit("remove resident", "/nhan-khau/"+h.Members[1].ID+"/xoa")
	visit("remove head", "/nhan-khau/"+h.Members[0].ID+"/xoa")

	// Confirm a removal by clicking, as a clerk would.
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/nhan-khau/"+h.Members[1].ID+"/xoa"),
		chromedp.Click(chromedp.CSS(`form[action$="/xoa"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, "p.flash"); !strings.Contains(msg, "Đã xóa nhân khẩu") {
		t.Fatalf("flash after removal: %q", msg)
	}
}
