package commune

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// DemoCommuneCode is the code of the demo commune Bình Yên.
const DemoCommuneCode = "BINHYEN"

// DemoOptions shape the demo data. Zero fields take the defaults.
type DemoOptions struct {
	Households int       // default 400
	Today      time.Time // ages are counted back from it; default now
	Host       string    // host name of the demo commune; default none
}

// DemoStaff is one entry of the demo staff directory. Username is the fixed demo login to
// create for that person ("" = none); Roles are the roles to give the account.
type DemoStaff struct {
	StaffID  string
	Username string
	FullName string
	Title    string
	Unit     string
	Roles    string
	Phone    string
	Email    string
}

// DemoResult describes the demo commune.
type DemoResult struct {
	CommuneID  string
	Created    bool // false when the demo commune already existed and nothing was changed
	Hamlets    int
	Households int
	Residents  int
	Staff      []DemoStaff
}

// SeedDemo creates the demo commune Bình Yên (province Thái Nguyên) with its hamlets,
// households, residents and staff directory, in one transaction. If a commune with code
// DemoCommuneCode exists it changes nothing and describes the existing one. The data depends
// only on rng and opts.Today (ids are fresh UUIDs). User accounts are not created here: the
// account administration creates one per DemoStaff with a Username and links it with
// Store.LinkStaffUser.
func SeedDemo(ctx context.Context, d *db.DB, rng *rand.Rand, opts DemoOptions) (DemoResult, error) {
	const op = "commune: seed demo"
	if c, err := CommuneByCode(ctx, d, DemoCommuneCode); err == nil {
		return describeDemo(ctx, d, c.ID)
	} else if errs.KindOf(err) != errs.NotFound {
		return DemoResult{}, err
	}
	if opts.Households <= 0 {
		opts.Households = 400
	}
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	g := &demoGen{rng: rng, today: dateOf(opts.Today), ids: map[string]bool{}}
	data := g.generate(opts.Households)
	c := Commune{
		Code:         DemoCommuneCode,
		Name:         "Bình Yên",
		Province:     "Thái Nguyên",
		Address:      "Xóm Trung Tâm, xã Bình Yên, tỉnh Thái Nguyên",
		Phone:        "02083878123",
		Email:        "ubndxabinhyen@thainguyen.gov.vn",
		Chairman:     demoStaff[0].FullName,
		WorkingHours: "Thứ Hai – Thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00",
		ParentBody:   "UBND TỈNH THÁI NGUYÊN",
		AgencyCode:   "000.00.12.H55",
		Host:         opts.Host,
	}
	res := DemoResult{Created: true, Hamlets: len(data.hamlets), Households: len(data.households)}
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = CreateCommune(ctx, tx, c); err != nil {
			return err
		}
		id := c.ID
		var rows [][]any
		for _, h := range data.hamlets {
			rows = append(rows, []any{id, h.ID, h.Name, h.HeadName, h.SortOrder, tx.Now, tx.Now})
		}
		if err := db.InsertRows(ctx, tx, "hamlets", []string{"commune_id", "id", "name", "head_name", "sort_order", "created_at", "updated_at"}, rows); err != nil {
			return errs.Wrap(op, err)
		}
		rows = rows[:0]
		var rrows [][]any
		for _, h := range data.households {
			rows = append(rows, h.row(id, tx.Now))
			for _, m := range h.Members {
				rrows = append(rrows, m.row(id, tx.Now))
			}
		}
		if err := db.InsertRows(ctx, tx, "households", householdCols, rows); err != nil {
			return errs.Wrap(op, err)
		}
		if err := db.InsertRows(ctx, tx, "residents", residentCols, rrows); err != nil {
			return errs.Wrap(op, err)
		}
		res.Residents = len(rrows)
		rows = rows[:0]
		for _, st := range data.staff {
			rows = append(rows, st.row(id, tx.Now))
		}
		if err := db.InsertRows(ctx, tx, "staff", staffCols, rows); err != nil {
			return errs.Wrap(op, err)
		}
		summary := map[string]any{"hamlets": res.Hamlets, "households": res.Households, "residents": res.Residents, "staff": len(data.staff)}
		return record(ctx, tx, op, id, audit.System, "commune.demo_seed", "commune", id, audit.Change{After: summary},
			TopicDemoSeeded, map[string]any{"id": id, "households": res.Households, "residents": res.Residents})
	})
	if err != nil {
		if fe, ok := fieldErrors(err); ok && fe["code"] == "commune.code_taken" {
			// Another process seeded it meanwhile.
			if c, err := CommuneByCode(ctx, d, DemoCommuneCode); err == nil {
				return describeDemo(ctx, d, c.ID)
			}
		}
		return DemoResult{}, err
	}
	res.CommuneID = c.ID
	for i, st := range data.staff {
		res.Staff = append(res.Staff, demoStaffOf(st, demoStaff[i].Username))
	}
	return res, nil
}

func fieldErrors(err error) (errs.FieldErrors, bool) {
	e, ok := errs.As(err)
	if !ok {
		return nil, false
	}
	fe, ok := e.Err.(errs.FieldErrors)
	return fe, ok
}

func demoStaffOf(st Staff, username string) DemoStaff {
	return DemoStaff{StaffID: st.ID, Username: username, FullName: st.FullName, Title: st.Title, Unit: st.Unit,
		Roles: st.Roles, Phone: st.Phone, Email: st.Email}
}

// describeDemo reads back an existing demo commune; staff are recognised by their title.
func describeDemo(ctx context.Context, d *db.DB, communeID string) (DemoResult, error) {
	const op = "commune: describe demo"
	res := DemoResult{CommuneID: communeID}
	err := d.QueryRow(ctx, `SELECT (SELECT count(*) FROM hamlets WHERE commune_id = $1),
		(SELECT count(*) FROM households WHERE commune_id = $1), (SELECT count(*) FROM residents WHERE commune_id = $1)`,
		communeID).Scan(&res.Hamlets, &res.Households, &res.Residents)
	if err != nil {
		return res, errs.Wrap(op, err)
	}
	usernames := map[string]string{}
	for _, st := range demoStaff {
		usernames[st.Title] = st.Username
	}
	staff, _, err := New(d).ListStaff(ctx, communeID, StaffFilter{Page: Page{Limit: MaxPageSize}})
	if err != nil {
		return res, err
	}
	for _, st := range staff {
		res.Staff = append(res.Staff, demoStaffOf(st, usernames[st.Title]))
	}
	return res, nil
}

// demoGen draws the demo data from one random source, always in the same order.
type demoGen struct {
	rng   *rand.Rand
	today time.Time
	ids   map[string]bool // ID numbers given so far
}

type demoData struct {
	hamlets    []Hamlet
	households []Household
	staff      []Staff
}

func (g *demoGen) pick(ws []weighted) string {
	total := 0
	for _, w := range ws {
		total += w.weight
	}
	n := g.rng.IntN(total)
	for _, w := range ws {
		if n -= w.weight; n < 0 {
			return w.name
		}
	}
	return ws[len(ws)-1].name
}

func (g *demoGen) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *demoGen) chance(p float64) bool { return g.rng.Float64() < p }

func (g *demoGen) fullName(family string, male bool) string {
	middle, givens := g.pick(demoMiddleFemale), demoGivenFemale
	if male {
		middle, givens = g.pick(demoMiddleMale), demoGivenMale
	}
	given := givens[g.rng.IntN(len(givens))]
	for given == middle {
		given = givens[g.rng.IntN(len(givens))]
	}
	return family + " " + middle + " " + given
}

// birthDate is a date on which someone is exactly age years old today.
func (g *demoGen) birthDate(age int) string {
	return g.today.AddDate(-age, 0, -g.rng.IntN(365)).Format(time.DateOnly)
}

// idNumber makes a personal identification number the way the Ministry of Public Security
// does (Decree 137/2015 Art. 7, as amended): province of birth registration (019, Thái
// Nguyên), a digit for sex and century, the last two digits of the birth year, six random
// digits. Unique within the demo.
func (g *demoGen) idNumber(birth string, male bool) string {
	year := atoi(birth[:4])
	digit := 2 * ((year - 1900) / 100)
	if !male {
		digit++
	}
	for {
		s := fmt.Sprintf("019%d%02d%06d", digit, year%100, g.rng.IntN(1000000))
		if !g.ids[s] {
			g.ids[s] = true
			return s
		}
	}
}

func (g *demoGen) mobile() string {
	return demoMobilePrefixes[g.rng.IntN(len(demoMobilePrefixes))] + fmt.Sprintf("%07d", g.rng.IntN(10000000))
}

func (g *demoGen) person(name string, male bool, age int, relation string) Resident {
	r := Resident{FullName: name, Gender: Female, BirthDate: g.birthDate(age), Relation: relation, Voter: VoterNo}
	if male {
		r.Gender = Male
	}
	if age >= VoterAge {
		r.Voter = VoterYes
	}
	// Everyone has a number from birth registration; the demo leaves some children without
	// one, as a commune's records often do.
	if age >= 14 || g.chance(0.6) {
		r.IDNumber = g.idNumber(r.BirthDate, male)
	}
	if age >= 18 && age <= 70 && g.chance(0.65) {
		r.Phone = g.mobile()
	}
	return r
}

var demoSizes = []weighted{{"1", 8}, {"2", 15}, {"3", 20}, {"4", 25}, {"5", 17}, {"6", 10}, {"7", 5}}

// household draws one family of size members: a head, usually a spouse of the other sex,
// children with their father's family name, sometimes a parent of the head, and in older
// families a married son with his wife and children.
func (g *demoGen) household(size int) []Resident {
	headMale := g.chance(0.85)
	var headAge int
	switch {
	case size == 1 && g.chance(0.7):
		headAge, headMale = g.between(60, 88), g.chance(0.4)
	case size == 1:
		headAge = g.between(24, 45)
	case size == 2:
		headAge = g.between(24, 80)
	default:
		headAge = g.between(28, 72)
	}
	family := g.pick(demoFamilyNames)
	head := g.person(g.fullName(family, headMale), headMale, headAge, RelationHead)
	ms := []Resident{head}
	motherAge, childFamily := -1, family
	if !headMale {
		motherAge = headAge
	}
	if size >= 2 && (headMale && g.chance(0.92) || !headMale && g.chance(0.5)) {
		if headMale {
			age := max(18, headAge-g.between(0, 6))
			ms = append(ms, g.person(g.fullName(g.pick(demoFamilyNames), false), false, age, "Vợ"))
			motherAge = age
		} else {
			husbandFamily := g.pick(demoFamilyNames)
			ms = append(ms, g.person(g.fullName(husbandFamily, true), true, headAge+g.between(0, 6), "Chồng"))
			childFamily = husbandFamily
		}
	}
	if motherAge < 0 {
		motherAge = headAge - g.between(0, 4)
	}
	left := size - len(ms)
	switch {
	case headAge >= 58 && left >= 3 && g.chance(0.6):
		// Three generations: the eldest son, his wife and their children.
		sonAge := motherAge - g.between(22, 28)
		ms = append(ms, g.person(g.fullName(childFamily, true), true, sonAge, "Con"))
		wifeAge := max(18, sonAge-g.between(0, 5))
		ms = append(ms, g.person(g.fullName(g.pick(demoFamilyNames), false), false, wifeAge, "Con dâu"))
		age := wifeAge - g.between(20, 26)
		for len(ms) < size && age >= 0 {
			male := g.chance(0.5)
			ms = append(ms, g.person(g.fullName(childFamily, male), male, age, "Cháu"))
			age -= g.between(2, 6)
		}
	case headAge <= 45 && left >= 2 && g.chance(0.3):
		// A widowed parent of the head lives with the family.
		if g.chance(0.7) {
			ms = append(ms, g.person(g.fullName(g.pick(demoFamilyNames), false), false, headAge+g.between(22, 32), "Mẹ"))
		} else {
			ms = append(ms, g.person(g.fullName(family, true), true, headAge+g.between(24, 34), "Bố"))
		}
	}
	age := motherAge - g.between(20, 30)
	for len(ms) < size && age >= 0 {
		male := g.chance(0.5)
		ms = append(ms, g.person(g.fullName(childFamily, male), male, age, "Con"))
		age -= g.between(2, 5)
	}
	return ms
}

func (g *demoGen) generate(households int) demoData {
	var data demoData
	total := 0
	for _, h := range demoHamlets {
		total += h.weight
	}
	code, placed := 0, 0
	for i, wh := range demoHamlets {
		hm := Hamlet{ID: newID(), Name: wh.name, SortOrder: i + 1}
		n := households * wh.weight / total
		if i == len(demoHamlets)-1 {
			n = households - placed
		}
		placed += n
		address := wh.name + ", xã Bình Yên, tỉnh Thái Nguyên"
		for range n {
			code++
			size := atoi(g.pick(demoSizes))
			h := Household{ID: newID(), Code: fmt.Sprintf("%04d", code), HamletID: hm.ID, HamletName: hm.Name, Address: address}
			h.Members = g.household(size)
			for j := range h.Members {
				m := &h.Members[j]
				m.ID, m.HouseholdID, m.Position = newID(), h.ID, j
				if h.Phone == "" {
					h.Phone = m.Phone
				}
			}
			h.HeadName = h.Members[0].FullName
			if hm.HeadName == "" && Age(h.Members[0].BirthDate, g.today) >= 35 && Age(h.Members[0].BirthDate, g.today) <= 65 {
				hm.HeadName = h.HeadName
			}
			data.households = append(data.households, h)
		}
		if hm.HeadName == "" && n > 0 {
			hm.HeadName = data.households[len(data.households)-n].HeadName
		}
		data.hamlets = append(data.hamlets, hm)
	}
	for i, ds := range demoStaff {
		st := Staff{ID: newID(), FullName: ds.FullName, Title: ds.Title, Unit: ds.Unit, Roles: ds.Roles, SortOrder: i + 1, Phone: g.mobile()}
		if ds.Username == "truongxom" {
			st.FullName = data.hamlets[1].HeadName // Xóm Đồng Kệu
		}
		st.Email = demoEmail(st.FullName)
		data.staff = append(data.staff, st)
	}
	return data
}

// demoEmail writes an official's address the way provincial mail systems do: the given name,
// then the initials of the other names ("Hoàng Văn Thắng" → "thanghv").
func demoEmail(name string) string {
	parts := strings.Fields(fold.String(name))
	if len(parts) == 0 {
		return ""
	}
	local := parts[len(parts)-1]
	for _, p := range parts[:len(parts)-1] {
		local += p[:1]
	}
	return local + ".binhyen@thainguyen.gov.vn"
}
