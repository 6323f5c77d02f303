package oversight

import (
	"testing"

	"xaso/internal/calendar"
)

// A member form either has field errors that are catalogue keys, or a member whose name and
// position are set, whose hamlet is one of the commune's, and who did not leave before being
// elected nor in the future.
func FuzzValidateMember(f *testing.F) {
	f.Add("Lò Văn Sáng", "h1", "head", "0912 345 678", "05/07/2025", "", "")
	f.Add("", "zz", "chair", "12", "2025-13-01", "2024-01-01", "x")
	f.Add("Ma Văn Tuấn", "h2", "member", "+84912345678", "1/1/2026", "31/12/2026", "Chuyển đi")
	today := calendar.NewDate(2026, 12, 7)
	hs := []HamletRef{{ID: "h1", Name: "Đồng Tâm"}, {ID: "h2", Name: "Nà Pồng"}}
	f.Fuzz(func(t *testing.T, name, hamlet, pos, phone, elected, left, reason string) {
		m, fe := validateMember(MemberInput{FullName: name, HamletID: hamlet, Position: pos, Phone: phone, ElectedOn: elected, LeftOn: left, LeftReason: reason}, today, hs)
		for k, key := range fe {
			if _, ok := Messages[key]; !ok {
				t.Fatalf("%s: unknown key %s", k, key)
			}
		}
		if len(fe) > 0 {
			return
		}
		if m.FullName == "" || !m.Position.Valid() || m.Hamlet == "" || !m.ElectedOn.Valid() || m.ElectedOn.After(today) {
			t.Fatalf("accepted %+v", m)
		}
		if m.LeftOn.Valid() && (m.LeftOn.Before(m.ElectedOn) || m.LeftReason == "") {
			t.Fatalf("accepted leaving %+v", m)
		}
	})
}

// A plan form is either refused with catalogue keys or names a period whose span is a real
// range of days inside its year.
func FuzzValidatePlan(f *testing.F) {
	f.Add("quarter", "2026", "4", "Giám sát", "")
	f.Add("half", "2026", "3", "x", "y")
	f.Add("year", "99999999999999999999", "", "x", "")
	f.Fuzz(func(t *testing.T, period, year, part, content, subjects string) {
		p, fe := validatePlan(PlanInput{Period: period, Year: year, Part: part, Content: content, Subjects: subjects})
		for _, key := range fe {
			if _, ok := Messages[key]; !ok {
				t.Fatalf("unknown key %s", key)
			}
		}
		if len(fe) > 0 {
			return
		}
		from, to := p.Period.Span(p.Year, p.Part)
		if to.Before(from) || from.Year != p.Year || to.Year != p.Year || p.Content == "" {
			t.Fatalf("%+v: span %s–%s", p, from, to)
		}
	})
}

// A case form is either refused with catalogue keys or carries a known source, a title, a
// content and a day received not in the future; a forwarded petition has its number.
func FuzzValidateCase(f *testing.F) {
	f.Add("box", "", "01/12/2026", "Nông Văn Dũng", "Đường nứt", "Mặt đường nứt")
	f.Add("petition", "", "2026-12-08", "", "x", "y")
	f.Add("direct", "PA-001", "31/02/2026", "\x00", "", "")
	today := calendar.NewDate(2026, 12, 7)
	f.Fuzz(func(t *testing.T, source, ref, received, by, title, content string) {
		c, fe := validateCase(CaseInput{Source: source, PetitionRef: ref, ReceivedOn: received, RaisedBy: by, Title: title, Content: content}, today)
		for _, key := range fe {
			if _, ok := Messages[key]; !ok {
				t.Fatalf("unknown key %s", key)
			}
		}
		if len(fe) > 0 {
			return
		}
		if c.Title == "" || c.Content == "" || !c.ReceivedOn.Valid() || c.ReceivedOn.After(today) || (c.Source == SourcePetition && c.PetitionRef == "") {
			t.Fatalf("accepted %+v", c)
		}
	})
}

// A normalised phone holds digits only and normalises to itself.
func FuzzNormalPhone(f *testing.F) {
	for _, s := range []string{"+84 912 345 678", "0912.345.678", "84912345678", "", "+84", "８４"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := NormalPhone(s)
		for _, r := range p {
			if r < '0' || r > '9' {
				t.Fatalf("%q → %q", s, p)
			}
		}
		if q := NormalPhone(p); q != p {
			t.Fatalf("%q → %q → %q", s, p, q)
		}
	})
}
