package commune_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

// today is the fixed "now" of the tests (10:00 in Vietnam on 15 March 2026).
var today = time.Date(2026, 3, 15, 3, 0, 0, 0, time.UTC)

var officer = audit.Actor{ID: "u-desk", Name: "Hà Thị Mai"}

func newStore(d *db.DB) *commune.Store {
	s := commune.New(d)
	s.Now = func() time.Time { return today }
	return s
}

func mkCommune(t *testing.T, d *db.DB, code string) commune.Commune {
	t.Helper()
	var c commune.Commune
	err := d.Tx(context.Background(), func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(context.Background(), tx, commune.Commune{Code: code, Name: "Xã " + code, Province: "Thái Nguyên"})
		return err
	})
	if err != nil {
		t.Fatalf("create commune %s: %v", code, err)
	}
	return c
}

func mkHamlet(t *testing.T, s *commune.Store, communeID, name string) commune.Hamlet {
	t.Helper()
	h, err := s.CreateHamlet(context.Background(), communeID, officer, commune.Hamlet{Name: name})
	if err != nil {
		t.Fatalf("create hamlet %s: %v", name, err)
	}
	return h
}

// family is a valid household of three in hamlet.
func family(code, hamletID, idPrefix string) commune.Household {
	return commune.Household{Code: code, HamletID: hamletID, Address: "Xóm Đồng Kệu, xã Bình Yên", Phone: "0912 345 678",
		Members: []commune.Resident{
			{FullName: "Nguyễn Văn An", BirthDate: "12/05/1975", Gender: "Nam", IDNumber: idPrefix + "0001", Relation: "chu ho"},
			{FullName: "Hoàng Thị Bích", BirthDate: "1978-09-02", Gender: "nữ", IDNumber: idPrefix + "0002", Phone: "+84 987 654 321", Relation: "Vợ"},
			{FullName: "Nguyễn Đức Cường", BirthDate: "01/01/2012", Gender: "Nam", Relation: "Con"},
		}}
}

func fieldErrs(t *testing.T, err error) errs.FieldErrors {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		t.Fatalf("want an Invalid error with fields, got %v", err)
	}
	fe, ok := e.Err.(errs.FieldErrors)
	if !ok {
		t.Fatalf("Invalid error without fields: %v", err)
	}
	return fe
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	fe := fieldErrs(t, err)
	if fe[field] != key {
		t.Fatalf("field %q: got %q, want %q (all: %v)", field, fe[field], key, fe)
	}
}

func wantKind(t *testing.T, err error, kind errs.Kind) {
	t.Helper()
	if err == nil || errs.KindOf(err) != kind {
		t.Fatalf("want a %v error, got %v", kind, err)
	}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func auditCount(t *testing.T, d *db.DB, communeID, action string) int {
	return count(t, d, `SELECT count(*) FROM audit_log WHERE commune_id = $1 AND action = $2`, communeID, action)
}

func eventCount(t *testing.T, d *db.DB, communeID, topic string) int {
	return count(t, d, `SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, communeID, topic)
}

func TestCommuneCreateFindUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		var c commune.Commune
		err := d.Tx(ctx, func(tx *db.Tx) error {
			var err error
			c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "binhyen", Name: " Bình  Yên ", Province: "Thái Nguyên",
				Host: "BinhYen.Example.VN", Phone: "0208 387 8123", Email: "UBND@binhyen.gov.vn"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Code != "BINHYEN" || c.Name != "Bình Yên" || c.Host != "binhyen.example.vn" || c.Phone != "02083878123" {
			t.Fatalf("not normalised: %+v", c)
		}
		if c.Committee() != "UBND XÃ BÌNH YÊN" {
			t.Fatalf("committee = %q", c.Committee())
		}
		mkCommune(t, d, "OTHER")
		for name, get := range map[string]func() (commune.Commune, error){
			"id":    func() (commune.Commune, error) { return commune.GetCommune(ctx, d, c.ID) },
			"host":  func() (commune.Commune, error) { return commune.CommuneByHost(ctx, d, "binhyen.example.vn:8080") },
			"code":  func() (commune.Commune, error) { return commune.CommuneByCode(ctx, d, "binhyen") },
			"first": func() (commune.Commune, error) { return commune.FirstCommune(ctx, d) },
		} {
			got, err := get()
			if err != nil || got.ID != c.ID {
				t.Fatalf("by %s: %+v, %v", name, got, err)
			}
		}
		_, err = commune.CommuneByHost(ctx, d, "nowhere.example")
		wantKind(t, err, errs.NotFound)
		_, err = commune.GetCommune(ctx, d, "missing")
		wantKind(t, err, errs.NotFound)

		c.WorkingHours = "Thứ Hai – Thứ Sáu"
		c.Chairman = "Hoàng Văn Thắng"
		got, err := s.UpdateCommune(ctx, c.ID, officer, c)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := s.Commune(ctx, c.ID); again.Chairman != "Hoàng Văn Thắng" || again.WorkingHours != got.WorkingHours {
			t.Fatalf("update not saved: %+v", again)
		}
		if auditCount(t, d, c.ID, "commune.create") != 1 || auditCount(t, d, c.ID, "commune.update") != 1 {
			t.Fatal("commune create/update not audited")
		}
		entries, err := audit.List(ctx, d, c.ID, "commune", c.ID, 10, 0)
		if err != nil || len(entries) != 2 || !strings.Contains(entries[0].Summary, "Hoàng Văn Thắng") ||
			strings.Contains(entries[0].Summary, "Thái Nguyên") {
			t.Fatalf("update entry should hold only what changed: %+v %v", entries, err)
		}

		bad := c
		bad.Name, bad.Email, bad.Code = "", "not-an-email", "OTHER"
		_, err = s.UpdateCommune(ctx, c.ID, officer, bad)
		fe := fieldErrs(t, err)
		if fe["name"] != "commune.name_required" || fe["email"] != "commune.email_invalid" {
			t.Fatalf("fields: %v", fe)
		}
		bad = c
		bad.Code = "OTHER"
		_, err = s.UpdateCommune(ctx, c.ID, officer, bad)
		wantField(t, err, "code", "commune.code_taken")
		err = d.Tx(ctx, func(tx *db.Tx) error {
			_, err := commune.CreateCommune(ctx, tx, commune.Commune{Code: "NEW", Name: "Mới", Province: "P", Host: "binhyen.example.vn"})
			return err
		})
		wantField(t, err, "host", "commune.host_taken")
	})
}

func TestHouseholdLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		c := mkCommune(t, d, "BY")
		hm := mkHamlet(t, s, c.ID, "Xóm Đồng Kệu")

		h, err := s.CreateHousehold(ctx, c.ID, officer, family("0001", hm.ID, "01907500"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetHousehold(ctx, c.ID, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.HeadName != "Nguyễn Văn An" || got.HamletName != "Xóm Đồng Kệu" || got.MemberCount != 3 || got.Phone != "0912345678" {
			t.Fatalf("household: %+v", got)
		}
		head, wife, child := got.Members[0], got.Members[1], got.Members[2]
		if !head.IsHead() || head.Relation != "Chủ hộ" || head.BirthDate != "1975-05-12" || wife.Gender != "Nữ" || wife.Phone != "0987654321" {
			t.Fatalf("members not normalised: %+v", got.Members)
		}
		if !head.IsVoter() || !wife.IsVoter() || child.IsVoter() || child.Age(today) != 14 {
			t.Fatalf("voter flags: %v %v %v (child aged %d)", head.IsVoter(), wife.IsVoter(), child.IsVoter(), child.Age(today))
		}

		// Header only: members untouched.
		h2 := got
		h2.Members, h2.Address = nil, "Xóm Đồng Kệu (gần nhà văn hóa)"
		if _, err := s.UpdateHousehold(ctx, c.ID, officer, h2); err != nil {
			t.Fatal(err)
		}
		// The members sent back unchanged (as the edit page does) are not rewritten.
		same, _ := s.GetHousehold(ctx, c.ID, h.ID)
		same.Phone = "0912345679"
		if _, err := s.UpdateHousehold(ctx, c.ID, officer, same); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.GetHousehold(ctx, c.ID, h.ID); again.Phone != "0912345679" || !again.Members[2].UpdatedAt.Equal(got.Members[2].UpdatedAt) {
			t.Fatalf("unchanged members were rewritten: %+v", again.Members[2])
		}
		// New member list: the wife becomes head, the husband "Chồng", the child stays, one added.
		ms := []commune.Resident{wife, head, child, {FullName: "Nguyễn Thị Dung", BirthDate: "03/03/2020", Gender: "Nữ", Relation: "Con"}}
		ms[0].Relation, ms[1].Relation = "Chủ hộ", "Chồng"
		h3 := got
		h3.Address, h3.Members = "Xóm Đồng Kệu (gần nhà văn hóa)", ms
		if _, err := s.UpdateHousehold(ctx, c.ID, officer, h3); err != nil {
			t.Fatal(err)
		}
		got, _ = s.GetHousehold(ctx, c.ID, h.ID)
		if got.HeadName != "Hoàng Thị Bích" || got.MemberCount != 4 || got.Members[0].ID != wife.ID || got.Address != h3.Address {
			t.Fatalf("after head change: %+v", got)
		}

		added, err := s.AddResident(ctx, c.ID, officer, commune.Resident{HouseholdID: h.ID, FullName: "Nguyễn Thị Mẹ", BirthDate: "1950-01-01", Gender: "Nữ", Relation: "Mẹ"})
		if err != nil {
			t.Fatal(err)
		}
		// Renaming the head renames the household.
		w := got.Members[0]
		w.FullName = "Hoàng Thị Bích Ngọc"
		if _, err := s.UpdateResident(ctx, c.ID, officer, w); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.GetHousehold(ctx, c.ID, h.ID); got.HeadName != "Hoàng Thị Bích Ngọc" || got.MemberCount != 5 {
			t.Fatalf("head rename: %+v", got)
		}
		if list, _, _ := s.ListHouseholds(ctx, c.ID, commune.HouseholdFilter{Query: "bich ngoc"}); len(list) != 1 {
			t.Fatalf("search by the new head's name found %d", len(list))
		}
		// The head can be neither removed nor demoted; another member cannot become head.
		wantKind(t, s.RemoveResident(ctx, c.ID, officer, w.ID), errs.Conflict)
		w.Relation = "Vợ"
		_, err = s.UpdateResident(ctx, c.ID, officer, w)
		wantField(t, err, "relation", "commune.resident.head_required")
		a := added
		a.Relation = "Chủ hộ"
		_, err = s.UpdateResident(ctx, c.ID, officer, a)
		wantField(t, err, "relation", "commune.resident.head_exists")
		if err := s.RemoveResident(ctx, c.ID, officer, added.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.GetResident(ctx, c.ID, added.ID)
		wantKind(t, err, errs.NotFound)

		// Moving a member to another household.
		h4, err := s.CreateHousehold(ctx, c.ID, officer, family("0002", hm.ID, "01907600"))
		if err != nil {
			t.Fatal(err)
		}
		kid := got.Members[len(got.Members)-1]
		kid.HouseholdID = h4.ID
		moved, err := s.UpdateResident(ctx, c.ID, officer, kid)
		if err != nil || moved.HouseholdCode != "0002" {
			t.Fatalf("move: %+v %v", moved, err)
		}
		if got, _ := s.GetHousehold(ctx, c.ID, h4.ID); got.MemberCount != 4 {
			t.Fatalf("after move: %d members", got.MemberCount)
		}

		for action, want := range map[string]int{"household.create": 2, "household.update": 3, "resident.create": 1,
			"resident.update": 2, "resident.delete": 1, "hamlet.create": 1} {
			if n := auditCount(t, d, c.ID, action); n != want {
				t.Errorf("audit %s: %d entries, want %d", action, n, want)
			}
		}
		for topic, want := range map[string]int{commune.TopicHouseholdCreated: 2, commune.TopicHouseholdUpdated: 3,
			commune.TopicResidentAdded: 1, commune.TopicResidentUpdated: 2, commune.TopicResidentRemoved: 1} {
			if n := eventCount(t, d, c.ID, topic); n != want {
				t.Errorf("events %s: %d, want %d", topic, n, want)
			}
		}
		// Failed changes leave no trace.
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE commune_id = $1`, c.ID); n != 1+1+2+3+1+2+1 {
			t.Errorf("audit log has %d entries", n)
		}
		// ID numbers enter the audit log masked.
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE summary LIKE $1`, "%019075000001%"); n != 0 {
			t.Errorf("an ID number is in the audit log in clear (%d entries)", n)
		}
		rs, err := audit.Verify(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if !r.OK() {
				t.Fatal(r)
			}
		}
	})
}

func TestValidationKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		c := mkCommune(t, d, "BY")
		hm := mkHamlet(t, s, c.ID, "Xóm Nà Lá")
		if _, err := s.CreateHousehold(ctx, c.ID, officer, family("0001", hm.ID, "01907500")); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name         string
			edit         func(h *commune.Household)
			field, key   string
			noOtherField bool
		}{
			{"no members", func(h *commune.Household) { h.Members = nil }, "members", "commune.household.members_required", true},
			{"no head", func(h *commune.Household) { h.Members[0].Relation = "Con" }, "members", "commune.household.head_missing", true},
			{"two heads", func(h *commune.Household) { h.Members[1].Relation = "Chủ hộ" }, "members", "commune.household.head_repeated", true},
			{"no code", func(h *commune.Household) { h.Code = " " }, "code", "commune.household.code_required", true},
			{"no hamlet", func(h *commune.Household) { h.HamletID = "" }, "hamlet_id", "commune.household.hamlet_required", true},
			{"foreign hamlet", func(h *commune.Household) { h.HamletID = "nope" }, "hamlet_id", "commune.household.hamlet_unknown", true},
			{"code taken", func(h *commune.Household) { h.Code = "0001" }, "code", "commune.household.code_taken", true},
			{"bad household phone", func(h *commune.Household) { h.Phone = "12345" }, "phone", "commune.phone_invalid", true},
			{"short ID", func(h *commune.Household) { h.Members[1].IDNumber = "01907" }, "members.1.id_number", "commune.id_number_invalid", true},
			{"ID twice", func(h *commune.Household) { h.Members[2].IDNumber = h.Members[1].IDNumber }, "members.2.id_number", "commune.resident.id_number_repeated", true},
			{"ID taken", func(h *commune.Household) { h.Members[0].IDNumber = "019075000001" }, "members.0.id_number", "commune.resident.id_number_taken", true},
			{"landline for a resident", func(h *commune.Household) { h.Members[1].Phone = "02083878123" }, "members.1.phone", "commune.mobile_invalid", true},
			{"future birth", func(h *commune.Household) { h.Members[2].BirthDate = "16/03/2026" }, "members.2.birth_date", "commune.birth_date_future", true},
			{"31 February", func(h *commune.Household) { h.Members[2].BirthDate = "31/02/2012" }, "members.2.birth_date", "commune.birth_date_invalid", true},
			{"no birth date", func(h *commune.Household) { h.Members[2].BirthDate = "" }, "members.2.birth_date", "commune.birth_date_required", true},
			{"gender", func(h *commune.Household) { h.Members[0].Gender = "khác" }, "members.0.gender", "commune.gender_invalid", true},
			{"no name", func(h *commune.Household) { h.Members[0].FullName = "  " }, "members.0.full_name", "commune.resident.name_required", true},
			{"long name", func(h *commune.Household) { h.Members[0].FullName = strings.Repeat("Ngọc ", 30) }, "members.0.full_name", "commune.too_long", true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := family("0099", hm.ID, "01909900")
				tc.edit(&h)
				_, err := s.CreateHousehold(ctx, c.ID, officer, h)
				fe := fieldErrs(t, err)
				if fe[tc.field] != tc.key || (tc.noOtherField && len(fe) != 1) {
					t.Fatalf("got %v, want only %s=%s", fe, tc.field, tc.key)
				}
			})
		}
		if n := count(t, d, `SELECT count(*) FROM households WHERE commune_id = $1`, c.ID); n != 1 {
			t.Fatalf("invalid households were written: %d", n)
		}
		_, err := s.CreateHamlet(ctx, c.ID, officer, commune.Hamlet{Name: "Xóm Nà Lá"})
		wantField(t, err, "name", "commune.hamlet.name_taken")
		_, err = s.CreateHamlet(ctx, c.ID, officer, commune.Hamlet{})
		wantField(t, err, "name", "commune.hamlet.name_required")
	})
}

func TestCrossCommuneIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		a, b := mkCommune(t, d, "AAA"), mkCommune(t, d, "BBB")
		hmA := mkHamlet(t, s, a.ID, "Xóm Một")
		mkHamlet(t, s, b.ID, "Xóm Một") // the same name in another commune is fine
		h, err := s.CreateHousehold(ctx, a.ID, officer, family("0001", hmA.ID, "01907500"))
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.CreateStaff(ctx, a.ID, officer, commune.Staff{FullName: "Ma Văn Bình", Title: "Trưởng ban"})
		if err != nil {
			t.Fatal(err)
		}
		r := h.Members[1]
		checks := map[string]func() error{
			"get household": func() error { _, err := s.GetHousehold(ctx, b.ID, h.ID); return err },
			"update household": func() error {
				_, err := s.UpdateHousehold(ctx, b.ID, officer, commune.Household{ID: h.ID, Code: "X", HamletID: hmA.ID})
				return err
			},
			"get resident":    func() error { _, err := s.GetResident(ctx, b.ID, r.ID); return err },
			"update resident": func() error { _, err := s.UpdateResident(ctx, b.ID, officer, r); return err },
			"remove resident": func() error { return s.RemoveResident(ctx, b.ID, officer, r.ID) },
			"add resident": func() error {
				_, err := s.AddResident(ctx, b.ID, officer, commune.Resident{HouseholdID: h.ID, FullName: "X", BirthDate: "2000-01-01", Gender: "Nam", Relation: "Con"})
				return err
			},
			"get hamlet": func() error { _, err := s.GetHamlet(ctx, b.ID, hmA.ID); return err },
			"update hamlet": func() error {
				_, err := s.UpdateHamlet(ctx, b.ID, officer, commune.Hamlet{ID: hmA.ID, Name: "Xóm Hai"})
				return err
			},
			"get staff": func() error { _, err := s.GetStaff(ctx, b.ID, st.ID); return err },
			"update staff": func() error {
				_, err := s.UpdateStaff(ctx, b.ID, officer, commune.Staff{ID: st.ID, FullName: "X", Title: "Y"})
				return err
			},
			"link staff": func() error { _, err := s.LinkStaffUser(ctx, b.ID, officer, st.ID, "u1"); return err },
		}
		for name, f := range checks {
			if err := f(); errs.KindOf(err) != errs.NotFound {
				t.Errorf("%s across communes: %v, want NotFound", name, err)
			}
		}
		_, err = s.CreateHousehold(ctx, b.ID, officer, family("0001", hmA.ID, "01908800"))
		wantField(t, err, "hamlet_id", "commune.household.hamlet_unknown")
		if list, total, _ := s.ListHouseholds(ctx, b.ID, commune.HouseholdFilter{}); total != 0 || len(list) != 0 {
			t.Fatalf("commune B lists A's households: %d", total)
		}
		if list, total, _ := s.ListResidents(ctx, b.ID, commune.ResidentFilter{Query: "nguyen"}); total != 0 || len(list) != 0 {
			t.Fatalf("commune B lists A's residents: %d", total)
		}
		// ID numbers are unique per commune, not across communes.
		hmB, _ := s.ListHamlets(ctx, b.ID)
		if _, err := s.CreateHousehold(ctx, b.ID, officer, family("0001", hmB[0].ID, "01907500")); err != nil {
			t.Fatalf("same code and ID numbers in another commune: %v", err)
		}
		if got, _ := s.GetHousehold(ctx, a.ID, h.ID); got.Code != "0001" || got.MemberCount != 3 {
			t.Fatalf("A's household changed: %+v", got)
		}
	})
}

func TestListsPaginateAndSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		c := mkCommune(t, d, "BY")
		h1, h2 := mkHamlet(t, s, c.ID, "Xóm Yên Thông"), mkHamlet(t, s, c.ID, "Xóm Làng Mới")
		heads := []string{"Nguyễn Văn Hùng", "Lường Thị Hoa", "Ma Đình Sơn", "Nguyễn Thị Vân", "Hà Văn Nguyên"}
		for i := range 23 {
			hm := h1
			if i%3 == 0 {
				hm = h2
			}
			h := commune.Household{Code: fmt.Sprint(i + 1), HamletID: hm.ID, Members: []commune.Resident{
				{FullName: heads[i%len(heads)], BirthDate: "1980-01-01", Gender: "Nam", Relation: "Chủ hộ", IDNumber: fmt.Sprintf("0190800%05d", i)},
				{FullName: "Đặng Thị Thu", BirthDate: "2015-06-01", Gender: "Nữ", Relation: "Con"},
			}}
			if _, err := s.CreateHousehold(ctx, c.ID, officer, h); err != nil {
				t.Fatal(err)
			}
		}
		var codes []string
		for off := 0; off < 30; off += 10 {
			page, total, err := s.ListHouseholds(ctx, c.ID, commune.HouseholdFilter{Page: commune.Page{Limit: 10, Offset: off}})
			if err != nil || total != 23 {
				t.Fatalf("page at %d: total %d, %v", off, total, err)
			}
			for _, h := range page {
				if h.MemberCount != 2 || h.HamletName == "" {
					t.Fatalf("list row: %+v", h)
				}
				codes = append(codes, h.Code)
			}
		}
		if len(codes) != 23 || codes[0] != "1" || codes[8] != "9" || codes[9] != "10" || codes[22] != "23" {
			t.Fatalf("codes in order: %v", codes)
		}
		search := []struct {
			f    commune.HouseholdFilter
			want int
		}{
			{commune.HouseholdFilter{Query: "nguyen van"}, 5},
			{commune.HouseholdFilter{Query: "NGUYỄN"}, 13},
			{commune.HouseholdFilter{Query: "luong thi hoa"}, 5},
			{commune.HouseholdFilter{HamletID: h2.ID}, 8},
			{commune.HouseholdFilter{HamletID: h2.ID, Query: "nguyen van"}, 2},
			{commune.HouseholdFilter{Query: "100%"}, 0},
		}
		for _, tc := range search {
			_, total, err := s.ListHouseholds(ctx, c.ID, tc.f)
			if err != nil || total != tc.want {
				t.Errorf("households %+v: %d, want %d (%v)", tc.f, total, tc.want, err)
			}
		}
		rsearch := []struct {
			f    commune.ResidentFilter
			want int
		}{
			{commune.ResidentFilter{}, 46},
			{commune.ResidentFilter{VotersOnly: true}, 23},
			{commune.ResidentFilter{Query: "dang thi thu"}, 23},
			{commune.ResidentFilter{Query: "019080000007"}, 1},
			{commune.ResidentFilter{Query: "nguyen van", HamletID: h1.ID}, 3},
		}
		for _, tc := range rsearch {
			list, total, err := s.ListResidents(ctx, c.ID, tc.f)
			if err != nil || total != tc.want || len(list) != min(tc.want, commune.DefaultPageSize) {
				t.Errorf("residents %+v: %d (%d listed), want %d (%v)", tc.f, total, len(list), tc.want, err)
			}
		}
		if list, _, _ := s.ListResidents(ctx, c.ID, commune.ResidentFilter{Query: "nguyen van"}); len(list) == 0 || !strings.HasPrefix(list[0].FullName, "Nguyễn Văn") || list[0].HouseholdCode == "" {
			t.Fatalf("resident search rows: %+v", list)
		}
		hamlets, err := s.ListHamlets(ctx, c.ID)
		if err != nil || len(hamlets) != 2 || hamlets[0].Households != 15 || hamlets[1].Households != 8 {
			t.Fatalf("hamlets with counts: %+v %v", hamlets, err)
		}
	})
}

func TestStaffDirectory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		c := mkCommune(t, d, "BY")
		st, err := s.CreateStaff(ctx, c.ID, officer, commune.Staff{FullName: "Đặng Văn Long", Title: "Công chức Tư pháp - Hộ tịch",
			Unit: "Tư pháp - Hộ tịch", Phone: "0912.345.678", Email: "LongDV@example.vn", Roles: "Specialist, desk specialist"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Roles != "specialist desk" || st.Email != "longdv@example.vn" || st.Phone != "0912345678" || st.SortOrder != 1 {
			t.Fatalf("staff not normalised: %+v", st)
		}
		other, err := s.CreateStaff(ctx, c.ID, officer, commune.Staff{FullName: "Hà Thị Mai", Title: "Công chức một cửa", UserID: "u-mai"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.LinkStaffUser(ctx, c.ID, officer, st.ID, "u-long"); err != nil {
			t.Fatal(err)
		}
		if got, err := s.StaffByUserID(ctx, c.ID, "u-long"); err != nil || got.ID != st.ID {
			t.Fatalf("by user: %+v %v", got, err)
		}
		_, err = s.LinkStaffUser(ctx, c.ID, officer, st.ID, "u-mai")
		wantField(t, err, "user_id", "commune.staff.user_taken")
		other.Title, other.Email, other.Roles, other.PhotoSHA256 = "", "x@", "desk!", "abc"
		_, err = s.UpdateStaff(ctx, c.ID, officer, other)
		fe := fieldErrs(t, err)
		for field, key := range map[string]string{"title": "commune.staff.title_required", "email": "commune.email_invalid",
			"roles": "commune.staff.roles_invalid", "photo": "commune.staff.photo_invalid"} {
			if fe[field] != key {
				t.Errorf("%s: %q, want %q", field, fe[field], key)
			}
		}
		list, total, err := s.ListStaff(ctx, c.ID, commune.StaffFilter{Query: "tu phap"})
		if err != nil || total != 1 || list[0].ID != st.ID {
			t.Fatalf("staff search: %+v %d %v", list, total, err)
		}
		if auditCount(t, d, c.ID, "staff.create") != 2 || auditCount(t, d, c.ID, "staff.update") != 1 {
			t.Fatal("staff changes not audited")
		}
	})
}

// Two clerks registering the same household number at the same moment: one succeeds, the
// other gets a message it can act on (the number is taken, or changed meanwhile), never an
// internal error.
func TestConcurrentCreateSameCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(d)
		c := mkCommune(t, d, "BY")
		hm := mkHamlet(t, s, c.ID, "Xóm Đồng Kệu")
		const n = 4
		results := make(chan error, n)
		for i := range n {
			go func() {
				_, err := s.CreateHousehold(ctx, c.ID, officer, family("0777", hm.ID, fmt.Sprintf("0190750%d", i)))
				results <- err
			}()
		}
		ok, conflicts, taken := 0, 0, 0
		for range n {
			err := <-results
			switch e, _ := errs.As(err); {
			case err == nil:
				ok++
			case e != nil && e.Kind == errs.Conflict && e.Key == "commune.conflict":
				conflicts++
			case e != nil && e.Kind == errs.Invalid:
				wantField(t, err, "code", "commune.household.code_taken")
				taken++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d creates succeeded, want 1", ok)
		}
		t.Logf("%d conflicts, %d refused as taken", conflicts, taken)
	})
}
