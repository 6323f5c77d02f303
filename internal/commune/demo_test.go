package commune_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/fold"
)

func TestSeedDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Now()
		res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{Today: today})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seeded %d hamlets, %d households, %d residents, %d staff in %v", res.Hamlets, res.Households, res.Residents,
			len(res.Staff), time.Since(start).Round(time.Millisecond))
		if !res.Created || res.Hamlets < 8 || res.Households < 350 || res.Households > 450 || res.Residents < 2*res.Households {
			t.Fatalf("result: %+v", res)
		}
		c, err := commune.GetCommune(ctx, d, res.CommuneID)
		if err != nil || c.Name != "Bình Yên" || c.Province != "Thái Nguyên" || c.ParentBody != "UBND TỈNH THÁI NGUYÊN" || c.Chairman == "" {
			t.Fatalf("commune: %+v %v", c, err)
		}
		for table, want := range map[string]int{"hamlets": res.Hamlets, "households": res.Households, "residents": res.Residents} {
			if n := count(t, d, `SELECT count(*) FROM `+table+` WHERE commune_id = $1`, c.ID); n != want {
				t.Errorf("%s: %d rows, result says %d", table, n, want)
			}
		}
		// Exactly one head per household, sizes 1–7.
		if n := count(t, d, `SELECT count(*) FROM households h WHERE h.commune_id = $1 AND
			(SELECT count(*) FROM residents r WHERE r.commune_id = h.commune_id AND r.household_id = h.id AND r.relation = $2) <> 1`,
			c.ID, commune.RelationHead); n != 0 {
			t.Fatalf("%d households without exactly one head", n)
		}
		if n := count(t, d, `SELECT count(*) FROM households h WHERE h.commune_id = $1 AND
			(SELECT count(*) FROM residents r WHERE r.commune_id = h.commune_id AND r.household_id = h.id) NOT BETWEEN 1 AND 7`, c.ID); n != 0 {
			t.Fatalf("%d households outside 1–7 members", n)
		}
		s := newStore(d)
		// Every household passes the rules a staff member's form would be held to, and
		// families hang together: spouses of the other sex, children younger than the head.
		households, total, err := s.ListHouseholds(ctx, c.ID, commune.HouseholdFilter{Page: commune.Page{Limit: commune.MaxPageSize}})
		if err != nil || total != res.Households {
			t.Fatal(total, err)
		}
		ids := map[string]bool{}
		for i, hl := range households {
			h, err := s.GetHousehold(ctx, c.ID, hl.ID)
			if err != nil {
				t.Fatal(err)
			}
			head := h.Members[0]
			if !head.IsHead() || h.HeadName != head.FullName {
				t.Fatalf("household %s: head %+v", h.Code, head)
			}
			for _, m := range h.Members {
				if m.IDNumber != "" {
					if ids[m.IDNumber] || !strings.HasPrefix(m.IDNumber, "019") || m.IDNumber[4:6] != m.BirthDate[2:4] {
						t.Fatalf("ID number %s of %+v", m.IDNumber, m)
					}
					ids[m.IDNumber] = true
				}
				if m.Age(today) >= 14 && m.IDNumber == "" {
					t.Fatalf("resident aged 14 or more without an ID number: %+v", m)
				}
				if m.IsVoter() != (m.Age(today) >= 18) {
					t.Fatalf("voter flag of %+v aged %d", m, m.Age(today))
				}
				switch m.Relation {
				case "Vợ", "Chồng":
					if m.Gender == head.Gender {
						t.Fatalf("spouse of the same sex in %s", h.Code)
					}
				case "Con", "Cháu":
					if m.Age(today) >= head.Age(today) {
						t.Fatalf("child older than the head in %s: %+v", h.Code, h.Members)
					}
				}
			}
			if i == 0 {
				// The demo data passes the rules a staff member's form is held to.
				if _, err := s.UpdateHousehold(ctx, c.ID, officer, h); err != nil {
					t.Fatalf("demo household %s does not pass validation: %v", h.Code, err)
				}
			}
		}

		// Search without diacritics.
		found, total, err := s.ListResidents(ctx, c.ID, commune.ResidentFilter{Query: "nguyen van"})
		if err != nil || total == 0 {
			t.Fatalf("search: %d, %v", total, err)
		}
		for _, r := range found {
			if !strings.Contains(r.FullName, "Nguyễn Văn") {
				t.Fatalf("search for \"nguyen van\" found %q", r.FullName)
			}
		}

		// Staff with the fixed demo usernames.
		usernames := map[string]commune.DemoStaff{}
		for _, st := range res.Staff {
			if st.StaffID == "" || st.FullName == "" {
				t.Fatalf("staff: %+v", st)
			}
			if st.Username != "" {
				usernames[st.Username] = st
			}
		}
		for _, u := range []string{"admin", "chutich", "motcua", "chuyenmon", "truongxom", "thanhtra", "giamsat", "mattran"} {
			if _, ok := usernames[u]; !ok {
				t.Errorf("no demo staff for username %s", u)
			}
		}
		if usernames["chutich"].FullName != c.Chairman || usernames["chutich"].Roles != "leader" {
			t.Errorf("chairman: %+v vs %q", usernames["chutich"], c.Chairman)
		}
		hamlets, _ := s.ListHamlets(ctx, c.ID)
		if hamlets[1].Name != "Xóm Đồng Kệu" || hamlets[1].HeadName != usernames["truongxom"].FullName {
			t.Errorf("hamlet head %q is not the staff entry %q", hamlets[1].HeadName, usernames["truongxom"].FullName)
		}
		for _, hm := range hamlets {
			if hm.HeadName == "" || hm.Households == 0 {
				t.Errorf("hamlet %+v", hm)
			}
		}

		// A second call changes nothing and describes the same commune.
		entries := count(t, d, `SELECT count(*) FROM audit_log WHERE commune_id = $1`, c.ID)
		again, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(9, 9)), commune.DemoOptions{Today: today})
		if err != nil || again.Created || again.CommuneID != res.CommuneID || again.Households != res.Households || again.Residents != res.Residents {
			t.Fatalf("second seed: %+v %v", again, err)
		}
		if !reflect.DeepEqual(again.Staff, res.Staff) {
			t.Fatalf("second seed staff:\n%+v\n%+v", again.Staff, res.Staff)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE commune_id = $1`, c.ID); n != entries {
			t.Fatal("second seed wrote to the audit log")
		}
		if rs, err := audit.Verify(ctx, d); err != nil || len(rs) != 1 || !rs[0].OK() {
			t.Fatalf("audit chain: %v %v", rs, err)
		}
	})
}

// The same seed gives the same people.
func TestSeedDemoIsDeterministic(t *testing.T) {
	ctx := context.Background()
	names := func() []string {
		d := dbtest.SQLite(t)
		if _, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(7, 7)), commune.DemoOptions{Today: today, Households: 60}); err != nil {
			t.Fatal(err)
		}
		rows, err := d.Query(ctx, `SELECT h.code, r.full_name, r.birth_date, coalesce(r.id_number, ''), r.phone, r.relation
			FROM residents r JOIN households h ON h.commune_id = r.commune_id AND h.id = r.household_id ORDER BY h.code, r.position`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var f [6]string
			rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5])
			out = append(out, strings.Join(f[:], "|"))
		}
		return out
	}
	a, b := names(), names()
	if len(a) < 120 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two seeds with the same source differ (%d vs %d rows)", len(a), len(b))
	}
	if !strings.Contains(fold.String(strings.Join(a, "\n")), "chu ho") {
		t.Fatal("no heads of household")
	}
}
