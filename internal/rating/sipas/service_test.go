package sipas

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

var leader = audit.Actor{ID: "u-leader", Name: "Chủ tịch thử"}

// fixture is a Service on a database holding one commune, whose returned dossiers are the
// given ones (the one-stop room's part is played by a slice, filtered by the period as
// onestop.Service.Returned does).
type fixture struct {
	svc       *Service
	d         *db.DB
	communeID string
}

func newFixture(t *testing.T, d *db.DB, now time.Time, pop []Dossier) fixture {
	t.Helper()
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "THU", Name: "Thử", Province: "Thái Nguyên", Host: "xa-thu.example",
			AgencyCode: "000.00.12.H99"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	returned := func(ctx context.Context, communeID string, from, to calendar.Date, fn func(Dossier) error) error {
		for _, p := range pop {
			if day := calendar.DateOf(p.ReturnedAt); !day.Before(from) && !day.After(to) {
				if err := fn(p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return fixture{svc: New(Deps{DB: d, Now: func() time.Time { return now }, Returned: returned}), d: d, communeID: c.ID}
}

func (f fixture) create(t *testing.T, in Input) Survey {
	t.Helper()
	if in.MethodID == "" {
		id, err := f.svc.EnsureBuiltin(context.Background(), f.communeID)
		if err != nil {
			t.Fatal(err)
		}
		in.MethodID = id
	}
	v, err := f.svc.Create(context.Background(), f.communeID, leader, in)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (f fixture) sample(t *testing.T, surveyID string) []Invitation {
	t.Helper()
	list, _, err := f.svc.Invitations(context.Background(), f.communeID, surveyID, InvitationFilter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

var vn = calendar.Zone

// A survey draws its sample from the dossiers returned in its period only, reproducibly
// from its seed; each invitation has its own unguessable token; the method's basis is
// copied onto the survey.
func TestSurveySample(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var pop []Dossier
		for i := range 120 {
			// From 1 March 2026 at 9:00, one every 8 hours: 2 on 1 March, then 3 a day (1:00, 9:00,
			// 17:00), so 59 from 1 to 20 March.
			pop = append(pop, Dossier{ID: fmt.Sprintf("d%03d", i), Code: fmt.Sprintf("H-2603-%04d", i), Field: []string{"Hộ tịch", "Chứng thực", "Đất đai"}[i%3],
				ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh", ApplicantName: "Người " + fmt.Sprint(i), ApplicantPhone: "0912000" + fmt.Sprintf("%03d", i),
				ReturnedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, vn).Add(time.Duration(i) * 8 * time.Hour)})
		}
		f := newFixture(t, d, time.Date(2026, 12, 7, 9, 0, 0, 0, vn), pop)
		in := Input{Title: "Khảo sát quý I", PeriodFrom: "01/03/2026", PeriodTo: "2026-03-20", SampleSize: "12", Seed: "2026"}
		a := f.create(t, in)
		if a.Year != 2026 || a.Population != 59 || a.Invited != 12 || a.Seed != 2026 || a.Status != Open {
			t.Fatalf("survey: %+v", a)
		}
		if !strings.Contains(a.LegalBasis, "2640/QĐ-BNV") || a.MethodVerified || a.MethodEffectiveFrom.String() != "2017-10-10" {
			t.Fatalf("basis not copied: %+v", a)
		}
		b := f.create(t, in)
		sa, sb := f.sample(t, a.ID), f.sample(t, b.ID)
		from, to := calendar.NewDate(2026, 3, 1), calendar.NewDate(2026, 3, 20)
		tokens := map[string]bool{}
		for k := range sa {
			if sa[k].DossierID != sb[k].DossierID {
				t.Fatalf("the same seed drew %s then %s", sa[k].DossierID, sb[k].DossierID)
			}
			day := calendar.DateOf(sa[k].ReturnedAt)
			if day.Before(from) || day.After(to) {
				t.Fatalf("%s returned on %v, outside the period", sa[k].DossierCode, day)
			}
			for _, tok := range []string{sa[k].Token, sb[k].Token} {
				if !ValidToken(tok) || tokens[tok] {
					t.Fatalf("token %q repeated or malformed", tok)
				}
				tokens[tok] = true
			}
		}
		got, err := f.svc.Get(ctx, f.communeID, a.ID)
		if err != nil || got.Invited != 12 || got.Answered != 0 {
			t.Fatalf("get: %+v %v", got, err)
		}
		// Refused: a period ahead of today, reversed, too long, empty; a sample out of range.
		for _, c := range []struct {
			in    Input
			field string
			key   string
		}{
			{Input{Title: "x", PeriodFrom: "2026-12-01", PeriodTo: "2026-12-31", SampleSize: "5"}, "period_to", "sipas.err.period_future"},
			{Input{Title: "x", PeriodFrom: "2026-03-20", PeriodTo: "2026-03-01", SampleSize: "5"}, "period_to", "sipas.err.period_order"},
			{Input{Title: "x", PeriodFrom: "2025-01-01", PeriodTo: "2026-03-01", SampleSize: "5"}, "period_to", "sipas.err.period_long"},
			{Input{Title: "x", PeriodFrom: "2026-06-01", PeriodTo: "2026-06-30", SampleSize: "5"}, "period_to", "sipas.err.population_empty"},
			{Input{Title: "x", PeriodFrom: "2026-03-01", PeriodTo: "2026-03-20", SampleSize: "2001"}, "sample_size", "sipas.err.sample_size"},
			{Input{Title: "", PeriodFrom: "2026-03-01", PeriodTo: "2026-03-20", SampleSize: "5"}, "title", "sipas.err.title_required"},
			{Input{Title: "x", PeriodFrom: "2026-03-01", PeriodTo: "2026-03-20", SampleSize: "5", MethodID: "khong-co"}, "method", "sipas.err.method_required"},
		} {
			if c.in.MethodID == "" {
				c.in.MethodID = a.MethodID
			}
			_, err := f.svc.Create(ctx, f.communeID, leader, c.in)
			if fe, ok := errs.Fields(err); !ok || fe[c.field] != c.key {
				t.Errorf("%+v: %v, want %s on %s", c.in, err, c.key, c.field)
			}
		}
	})
}

// answers is a questionnaire form: each criterion of the builtin method at value v, except
// those listed as blank.
func answers(v int, blank ...string) url.Values {
	f := url.Values{}
	for _, c := range Builtin().Criteria() {
		if !slices.Contains(blank, c.Code) {
			f.Set(FieldName(c.Code), fmt.Sprint(v))
		}
	}
	return f
}

// One questionnaire per invitation, whatever the race: eight answers sent at once by the
// link and on paper, one is taken; the others are told it was answered. A closed survey takes
// no answer. The index is computed from what was taken.
func TestOneAnswerPerInvitation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var pop []Dossier
		for i := range 5 {
			pop = append(pop, Dossier{ID: fmt.Sprintf("d%d", i), Code: fmt.Sprintf("H-%d", i), Field: "Hộ tịch", ProcedureName: "Đăng ký khai sinh",
				ApplicantName: "Người thử", ReturnedAt: time.Date(2026, 5, 4+i, 10, 0, 0, 0, vn)})
		}
		f := newFixture(t, d, time.Date(2026, 6, 1, 9, 0, 0, 0, vn), pop)
		v := f.create(t, Input{Title: "Khảo sát tháng 5", PeriodFrom: "2026-05-01", PeriodTo: "2026-05-31", SampleSize: "5"})
		inv := f.sample(t, v.ID)
		if len(inv) != 5 {
			t.Fatalf("%d invited", len(inv))
		}
		var wg sync.WaitGroup
		results := make([]error, 8)
		for k := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if k%2 == 0 {
					results[k] = f.svc.AnswerOnline(ctx, f.communeID, inv[0].Token, answers(5))
				} else {
					results[k] = f.svc.AnswerPaper(ctx, f.communeID, v.ID, inv[0].ID, leader, answers(2))
				}
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else if e, isE := errs.As(err); !isE || e.Kind != errs.Conflict || e.Key != "sipas.err.already_answered" {
				t.Errorf("a racing answer: %v", err)
			}
		}
		var responses, answered int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM sipas_responses WHERE commune_id = $1`, f.communeID).Scan(&responses); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM sipas_invitations WHERE commune_id = $1 AND answered_at IS NOT NULL`, f.communeID).Scan(&answered); err != nil {
			t.Fatal(err)
		}
		if ok != 1 || responses != 1 || answered != 1 {
			t.Fatalf("%d answers taken, %d responses stored, %d invitations answered; want 1 each", ok, responses, answered)
		}
		// A wrong level, nothing answered, an unknown token.
		bad := answers(4)
		bad.Set(FieldName("1.1"), "7")
		if fe, ok := errs.Fields(f.svc.AnswerOnline(ctx, f.communeID, inv[1].Token, bad)); !ok || fe[FieldName("1.1")] != "sipas.err.value" {
			t.Fatalf("level 7: %v", fe)
		}
		if fe, ok := errs.Fields(f.svc.AnswerOnline(ctx, f.communeID, inv[1].Token, url.Values{})); !ok || fe["answers"] != "sipas.err.no_answer" {
			t.Fatalf("nothing answered: %v", fe)
		}
		if err := f.svc.AnswerOnline(ctx, f.communeID, strings.Repeat("a", 32), answers(4)); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("unknown token: %v", err)
		}
		// Another questionnaire, all "satisfied" but 1.1 left blank and 2.1 "neutral".
		two := answers(4, "1.1")
		two.Set(FieldName("2.1"), "3")
		if err := f.svc.AnswerOnline(ctx, f.communeID, inv[1].Token, two); err != nil {
			t.Fatal(err)
		}
		closed, err := f.svc.Close(ctx, f.communeID, v.ID, leader)
		if err != nil || closed.Status != Closed {
			t.Fatalf("close: %v", err)
		}
		if err := f.svc.AnswerOnline(ctx, f.communeID, inv[2].Token, answers(5)); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("an answer after closing: %v", err)
		}
		if _, err := f.svc.Close(ctx, f.communeID, v.ID, leader); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("closed twice: %v", err)
		}
		idx, err := f.svc.Index(ctx, f.communeID, closed)
		if err != nil {
			t.Fatal(err)
		}
		// The first questionnaire is all 5 (online won) or all 2 (paper won): criterion 1.1
		// has that one answer, 2.1 has it and a 3, the others it and a 4.
		first := 5
		if ch := f.sample(t, v.ID)[0].Channel; ch == Paper {
			first = 2
		}
		sat := 0
		if first == 5 {
			sat = 1
		}
		c11, c21, c22 := idx.Elements[0].Criteria[0], idx.Elements[1].Criteria[0], idx.Elements[1].Criteria[1]
		if idx.Responses != 2 || c11.Valid != 1 || c11.Satisfied != sat || c21.Valid != 2 || c21.Satisfied != sat || c22.Valid != 2 || c22.Satisfied != sat+1 {
			t.Fatalf("index (first answer %d): responses %d, 1.1 %d/%d, 2.1 %d/%d, 2.2 %d/%d", first, idx.Responses, c11.Satisfied, c11.Valid,
				c21.Satisfied, c21.Valid, c22.Satisfied, c22.Valid)
		}
		// The CSV rows: two questionnaires, in order, with their levels and blanks.
		var rows []ResponseRow
		if err := f.svc.EachResponse(ctx, f.communeID, v.ID, func(r ResponseRow) error { rows = append(rows, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].Number != 1 || rows[1].Values["2.1"] != 3 || len(rows[0].Values) != 22 || len(rows[1].Values) != 21 {
			t.Fatalf("rows: %+v", rows)
		}
		if _, present := rows[1].Values["1.1"]; present {
			t.Fatal("a blank criterion exported")
		}
	})
}

// The year's index against its target, and against the year before.
func TestYearsAgainstTargets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pop := []Dossier{
			{ID: "a", Code: "A", Field: "Hộ tịch", ReturnedAt: time.Date(2025, 6, 2, 10, 0, 0, 0, vn)},
			{ID: "b", Code: "B", Field: "Hộ tịch", ReturnedAt: time.Date(2026, 6, 2, 10, 0, 0, 0, vn)},
		}
		f := newFixture(t, d, time.Date(2026, 12, 7, 9, 0, 0, 0, vn), pop)
		for _, y := range []struct {
			year  string
			value int
		}{{"2025", 3}, {"2026", 4}} {
			v := f.create(t, Input{Title: "Năm " + y.year, PeriodFrom: y.year + "-01-01", PeriodTo: y.year + "-12-06", SampleSize: "1"})
			if err := f.svc.AnswerOnline(ctx, f.communeID, f.sample(t, v.ID)[0].Token, answers(y.value)); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Close(ctx, f.communeID, v.ID, leader); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.SetTarget(ctx, f.communeID, leader, "2026", "90,5"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SetTarget(ctx, f.communeID, leader, "2026", "95"); err != nil { // changed
			t.Fatal(err)
		}
		if _, err := f.svc.SetTarget(ctx, f.communeID, leader, "2026", "101"); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("101 %%: %v", err)
		}
		years, err := f.svc.Years(ctx, f.communeID)
		if err != nil || len(years) != 2 {
			t.Fatalf("%d years: %v", len(years), err)
		}
		y := years[0]
		if y.Year != 2026 || !y.HasTarget || y.Target.Hundredths != 9500 || !y.Met() || !y.HasPrevious || y.Change() != 10000 || y.ChangeText("vi") != "+100,00" {
			t.Fatalf("2026: %+v change %d", y, y.Change())
		}
		if years[1].HasTarget || years[1].Met() || years[1].HasPrevious {
			t.Fatalf("2025: %+v", years[1])
		}
	})
}

// A commune's method is stored once per code and version, and a survey reads its answers
// against it.
func TestLoadMethod(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, time.Date(2026, 12, 7, 9, 0, 0, 0, vn), nil)
		body := `{"code":"xa-thu","version":"2026","name":"Phương pháp của xã","legal_basis":"Kế hoạch của UBND xã","effective_from":"2026-01-01",
			"verified":true,"scale":[{"value":1,"label":"Không hài lòng"},{"value":2,"label":"Hài lòng"}],"satisfied_from":2,
			"elements":[{"code":"1","name":"Thái độ","criteria":[{"code":"1.1","text":"Công chức niềm nở"}]}]}`
		m, err := f.svc.LoadMethod(ctx, f.communeID, leader, strings.NewReader(body))
		if err != nil || m.ID == "" {
			t.Fatalf("load: %v", err)
		}
		if _, err := f.svc.LoadMethod(ctx, f.communeID, leader, strings.NewReader(body)); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("loaded twice: %v", err)
		}
		list, err := f.svc.Methods(ctx, f.communeID)
		if err != nil || len(list) != 2 || list[0].Code != "xa-thu" || !list[1].Builtin {
			t.Fatalf("methods: %d %v", len(list), err)
		}
		if _, err := f.svc.EnsureBuiltin(ctx, f.communeID); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.svc.Methods(ctx, f.communeID); len(list) != 2 {
			t.Fatalf("the builtin stored twice: %d", len(list))
		}
	})
}

// One commune never reaches another's surveys, invitations or tokens.
func TestCommunesApart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pop := []Dossier{{ID: "a", Code: "A", Field: "Hộ tịch", ReturnedAt: time.Date(2026, 6, 2, 10, 0, 0, 0, vn)}}
		f := newFixture(t, d, time.Date(2026, 12, 7, 9, 0, 0, 0, vn), pop)
		v := f.create(t, Input{Title: "Khảo sát", PeriodFrom: "2026-06-01", PeriodTo: "2026-06-30", SampleSize: "1"})
		i := f.sample(t, v.ID)[0]
		var other commune.Commune
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			var err error
			other, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "KHAC", Name: "Khác", Province: "Thái Nguyên", Host: "xa-khac.example",
				AgencyCode: "000.00.12.H98"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Get(ctx, other.ID, v.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("survey from another commune: %v", err)
		}
		if _, _, err := f.svc.ByToken(ctx, other.ID, i.Token); errs.KindOf(err) != errs.NotFound {
			t.Errorf("token from another commune: %v", err)
		}
		if err := f.svc.AnswerOnline(ctx, other.ID, i.Token, answers(5)); errs.KindOf(err) != errs.NotFound {
			t.Errorf("answer from another commune: %v", err)
		}
		if err := f.svc.AnswerPaper(ctx, other.ID, v.ID, i.ID, leader, answers(5)); errs.KindOf(err) != errs.NotFound {
			t.Errorf("paper from another commune: %v", err)
		}
		if list, total, err := f.svc.List(ctx, other.ID, Filter{}); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("another commune lists %d surveys: %v", total, err)
		}
		if _, err := f.svc.Close(ctx, other.ID, v.ID, leader); errs.KindOf(err) != errs.NotFound {
			t.Errorf("closed from another commune: %v", err)
		}
	})
}
