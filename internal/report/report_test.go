package report

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/docs"
	"xaso/internal/errs"
)

var now = time.Date(2025, 12, 5, 10, 0, 0, 0, calendar.Zone)

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		q        string
		id, from string
		to       string
		bad      bool
	}{
		{q: "", id: "2025", from: "2025-01-01", to: "2025-12-31"},
		{q: "ky=nam&nam=2024", id: "2024", from: "2024-01-01", to: "2024-12-31"},
		{q: "ky=quy&nam=2025&phan=4", id: "2025-Q4", from: "2025-10-01", to: "2025-12-31"},
		{q: "ky=quy", id: "2025-Q4", from: "2025-10-01", to: "2025-12-31"},
		{q: "ky=thang&nam=2024&phan=2", id: "2024-02", from: "2024-02-01", to: "2024-02-29"},
		{q: "ky=thang", id: "2025-12", from: "2025-12-01", to: "2025-12-31"},
		{q: "ky=thang&phan=13", bad: true},
		{q: "ky=quy&phan=0", bad: true},
		{q: "ky=tuan", bad: true},
		{q: "nam=abc", bad: true},
		{q: "nam=1999", bad: true},
	} {
		v, _ := url.ParseQuery(c.q)
		p, err := ParsePeriod(v, now)
		if c.bad {
			if errs.KindOf(err) != errs.Invalid {
				t.Errorf("%q: %v, want Invalid", c.q, err)
			}
			continue
		}
		if err != nil || p.ID() != c.id || p.From.String() != c.from || p.To.String() != c.to {
			t.Errorf("%q: %s %s–%s %v", c.q, p.ID(), p.From, p.To, err)
			continue
		}
		// The period's own query reads back to itself.
		back, _ := url.ParseQuery(p.Query())
		if q, err := ParsePeriod(back, now); err != nil || q != p {
			t.Errorf("%q: query %q reads back as %+v %v", c.q, p.Query(), q, err)
		}
	}
	q4, _ := NewPeriod(Quarter, 2025, 4)
	if q4.Next().ID() != "2026-Q1" || q4.Prev().ID() != "2025-Q3" || q4.Label() != "quý IV/2025" {
		t.Errorf("quarter steps: %s %s %s", q4.Next().ID(), q4.Prev().ID(), q4.Label())
	}
	jan, _ := NewPeriod(Month, 2026, 1)
	if jan.Prev().ID() != "2025-12" || !jan.End().Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, calendar.Zone)) {
		t.Errorf("month steps: %s %s", jan.Prev().ID(), jan.End())
	}
	y, _ := NewPeriod(Year, 2025, 0)
	if n := len(y.Months(now)); n != 12 {
		t.Errorf("%d months of 2025 begun by 5 December", n)
	}
	if n := len(y.Months(time.Date(2025, 3, 15, 0, 0, 0, 0, calendar.Zone))); n != 3 {
		t.Errorf("%d months begun by 15 March", n)
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"", "ky=quy&nam=2025&phan=4", "ky=thang&phan=99", "nam=-1", "ky=nam&nam=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		p, err := ParsePeriod(v, now)
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if p.To.Before(p.From) || !p.Start().Before(p.End()) {
			t.Fatalf("%q: %+v", s, p)
		}
	})
}

func TestMeasureStatus(t *testing.T) {
	pct, _ := DefOf(KeyDossiersOnTime)
	cnt, _ := DefOf(KeyOverdueOpen)
	sip, _ := DefOf(KeySipas)
	for _, c := range []struct {
		name   string
		d      Def
		v      Value
		found  bool
		rate   float64
		status Status
	}{
		{"all on time", pct, Value{Num: 200, Den: 200, Known: true}, true, 100, Met},
		{"one late", pct, Value{Num: 199, Den: 200, Known: true}, true, 99.5, NotMet},
		{"nothing ended", pct, Value{Known: true}, true, 100, Met},
		{"none overdue", cnt, Value{Num: 0, Known: true}, true, 0, Met},
		{"two overdue", cnt, Value{Num: 2, Known: true}, true, 2, NotMet},
		{"no target set", sip, Value{Num: 8451, Den: 10000, Known: true}, true, 84.5, NoTarget},
		{"target set", sip, Value{Num: 8451, Den: 10000, Known: true, Target: 85, HasTarget: true}, true, 84.5, NotMet},
		{"no survey", sip, Value{}, true, 0, Unknown},
		{"no room", pct, Value{}, false, 0, NotSource},
	} {
		m := measure(c.d, c.v, c.found)
		if m.Rate != c.rate || m.Status != c.status || m.Key != c.d.Key || m.Value.Key != c.d.Key {
			t.Errorf("%s: %v %s (%s)", c.name, m.Rate, m.Status, m.Key)
		}
	}
}

func TestDashboardAndRanking(t *testing.T) {
	onTime := map[string][2]int{"a": {90, 100}, "b": {100, 100}, "c": {95, 100}, "d": {100, 100}}
	src := Source{Name: "fake", Measure: func(ctx context.Context, cid string, p Period, now time.Time) ([]Value, error) {
		x := onTime[cid]
		return []Value{
			{Key: KeyDossiersOnTime, Num: x[0], Den: x[1], Known: true, Records: "/ho-so"},
			{Key: KeyOverdueOpen, Num: 100 - x[0], Known: true},
			{Key: "unknown_key", Num: 1, Known: true},
		}, nil
	}}
	communes := []Commune{{ID: "a", Name: "An Khánh", Province: "Thái Nguyên"}, {ID: "b", Name: "Bình Yên", Province: "Thái Nguyên"},
		{ID: "c", Name: "Cù Vân", Province: "Thái Nguyên"}, {ID: "d", Name: "Định Hóa", Province: "Thái Nguyên"}, {ID: "x", Name: "Khác", Province: "Bắc Kạn"}}
	s := New(Deps{Sources: []Source{src}, Now: func() time.Time { return now }, Communes: func(context.Context) ([]Commune, error) { return communes, nil }})
	p, _ := NewPeriod(Year, 2025, 0)
	b, err := s.Dashboard(context.Background(), "c", p)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Measures) != len(Defs) || b.Judged != 2 || b.Met != 0 {
		t.Fatalf("dashboard: %d measures, %d/%d", len(b.Measures), b.Met, b.Judged)
	}
	if m, _ := b.Get(KeyProjectsSupervised); m.Status != NotSource {
		t.Errorf("a target no source measures: %s", m.Status)
	}
	rows, err := s.Province(context.Background(), "Thái Nguyên", p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Commune.ID+":"+itoa(r.Rank))
	}
	// b and d meet both targets and tie on the on-time rate (rank 1, 1); c, then a.
	if strings.Join(got, ",") != "b:1,d:1,c:3,a:4" {
		t.Errorf("ranking %v", got)
	}
	// The province's total sums the communes' counts: 385 of 400 on time, 15 overdue.
	tot := Total(rows, p, now)
	if m, _ := tot.Get(KeyDossiersOnTime); m.Value.Num != 385 || m.Value.Den != 400 || m.Rate != 96.3 || m.Status != NotMet {
		t.Errorf("province on time: %+v %v %s", m.Value, m.Rate, m.Status)
	}
	if m, _ := tot.Get(KeyOverdueOpen); m.Value.Num != 15 || m.Status != NotMet {
		t.Errorf("province overdue: %+v %s", m.Value, m.Status)
	}
	if m, _ := tot.Get(KeyProjectsSupervised); m.Status != NotSource {
		t.Errorf("province, unmeasured target: %s", m.Status)
	}
	bad := New(Deps{Sources: []Source{src, {Name: "broken", Measure: func(context.Context, string, Period, time.Time) ([]Value, error) {
		return nil, errors.New("boom")
	}}}})
	if _, err := bad.Dashboard(context.Background(), "a", p); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("a failing source: %v", err)
	}
	panicky := New(Deps{Sources: []Source{{Name: "panicky", Measure: func(context.Context, string, Period, time.Time) ([]Value, error) {
		panic("oops")
	}}}})
	if _, err := panicky.Dashboard(context.Background(), "a", p); err == nil {
		t.Error("a panicking source passed")
	}
}

// The report follows the plan's sections with the numbers filled in, leaves room for the
// commune's text, lists what was not met, and renders as PDF and DOCX.
func TestReportDoc(t *testing.T) {
	src := Source{Name: "fake", Measure: func(ctx context.Context, cid string, p Period, now time.Time) ([]Value, error) {
		return []Value{{Key: KeyDossiersOnTime, Num: 197, Den: 200, Known: true}, {Key: KeyHamletsConferences, Num: 10, Den: 10, Known: true}}, nil
	}}
	s := New(Deps{Sources: []Source{src}, Now: func() time.Time { return now }})
	p, _ := NewPeriod(Year, 2025, 0)
	b, err := s.Dashboard(context.Background(), "a", p)
	if err != nil {
		t.Fatal(err)
	}
	tr := func(key string, args ...any) string { return Messages[key][0] }
	d := s.Doc(b, Head{Letterhead: docs.Letterhead{ParentBody: "UBND TỈNH THÁI NGUYÊN", IssuingBody: "UBND XÃ BÌNH YÊN", Place: "Bình Yên"},
		Commune: "Bình Yên", Chairman: "Ma Văn Hùng"}, tr)
	var text strings.Builder
	holes := 0
	for _, bl := range d.Blocks {
		switch x := bl.(type) {
		case docs.Paragraph:
			for _, r := range x.Runs {
				text.WriteString(r.Text + "\n")
			}
		case docs.Placeholder:
			holes++
		case docs.Table:
			for _, row := range x.Rows {
				text.WriteString(strings.Join(row, " | ") + "\n")
			}
		}
	}
	all := text.String()
	for _, want := range []string{"I. KẾT QUẢ THỰC HIỆN", Messages["report.s.III.1.2"][0], "98,5 % (197/200)", "Chưa đạt: Hồ sơ thủ tục hành chính giải quyết đúng hạn",
		Messages["report.s.III.2.1"][0], "100 % (10/10)", "năm 2025", "III. PHƯƠNG HƯỚNG"} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if holes < 5 || d.Signature == nil || d.Signature.Name != "Ma Văn Hùng" {
		t.Errorf("%d places for the commune's text; signature %+v", holes, d.Signature)
	}
	var pdf, docx bytes.Buffer
	if err := docs.Render(&pdf, d); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
		t.Fatalf("pdf: %v", err)
	}
	if err := docs.RenderDOCX(&docx, d); err != nil || !bytes.HasPrefix(docx.Bytes(), []byte("PK")) {
		t.Fatalf("docx: %v", err)
	}
	var xlsx bytes.Buffer
	if err := s.Annex(context.Background(), &xlsx, b, tr); err != nil || !bytes.HasPrefix(xlsx.Bytes(), []byte("PK")) {
		t.Fatalf("xlsx: %v", err)
	}
}

// The trend is one read per month of the period begun by now, none for a month.
func TestTrend(t *testing.T) {
	var spans []string
	s := New(Deps{Now: func() time.Time { return now }, Trend: func(ctx context.Context, cid string, from, to time.Time) (int, int, error) {
		spans = append(spans, from.In(calendar.Zone).Format("2006-01-02")+"/"+to.In(calendar.Zone).Format("01-02"))
		return 9, 10, nil
	}})
	q4, _ := NewPeriod(Quarter, 2025, 4)
	pts, err := s.Trend(context.Background(), "a", q4)
	if err != nil || len(pts) != 3 || pts[2].Num != 9 || strings.Join(spans, " ") != "2025-10-01/11-01 2025-11-01/12-01 2025-12-01/01-01" {
		t.Fatalf("trend %v %v %v", pts, spans, err)
	}
	m, _ := NewPeriod(Month, 2025, 12)
	if pts, _ := s.Trend(context.Background(), "a", m); pts != nil {
		t.Fatalf("a month's trend: %v", pts)
	}
}
