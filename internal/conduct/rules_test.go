package conduct

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
)

// The review's rules, case by case.
func TestCheckReview(t *testing.T) {
	today := calendar.NewDate(2026, 3, 10)
	r := Report{ReceivedOn: calendar.NewDate(2026, 3, 2), OfficerID: "s1"}
	anon := Report{ReceivedOn: calendar.NewDate(2026, 3, 2)}
	for _, c := range []struct {
		name  string
		r     Report
		in    ReviewInput
		field string
		key   string
	}{
		{"fine", r, ReviewInput{Findings: "x", Outcome: "reminder", On: today}, "", ""},
		{"unknown outcome", r, ReviewInput{Findings: "x", Outcome: "fired", On: today}, "outcome", "conduct.err.outcome"},
		{"no findings", r, ReviewInput{Outcome: "no_violation", On: today}, "findings", "conduct.err.findings_required"},
		{"future", r, ReviewInput{Findings: "x", Outcome: "no_violation", On: today.AddDays(1)}, "reviewed_on", "conduct.err.date_future"},
		{"before the report", r, ReviewInput{Findings: "x", Outcome: "no_violation", On: calendar.NewDate(2026, 3, 1)}, "reviewed_on", "conduct.err.review_before_report"},
		{"breach, nobody named", anon, ReviewInput{Findings: "x", Outcome: "discipline_proposed", On: today}, "officer", "conduct.err.officer_required"},
		{"breach, named at review", anon, ReviewInput{Findings: "x", Outcome: "discipline_proposed", On: today, OfficerID: "s2"}, "", ""},
		{"no breach, nobody named", anon, ReviewInput{Findings: "x", Outcome: "no_violation", On: today}, "", ""},
	} {
		fe := CheckReview(c.r, c.in, today)
		if c.field == "" && len(fe) > 0 || c.field != "" && fe[c.field] != c.key {
			t.Errorf("%s: %v", c.name, fe)
		}
	}
}

// Every outcome that proposes discipline is a breach (the target counts disciplined officers
// among those in breach).
func TestOutcomesData(t *testing.T) {
	for _, o := range Outcomes {
		if o.Discipline && !o.Violation {
			t.Errorf("%s proposes discipline without a breach", o.Code)
		}
	}
	if o, ok := OutcomeOf("no_violation"); !ok || o.Violation {
		t.Error("no_violation")
	}
}

// summarize adds up the groups by source and by outcome, open and overdue apart.
func TestSummarize(t *testing.T) {
	got := summarize(2026, []reportRow{
		{Source: SourceResident, Status: Reviewed, Outcome: "reminder", N: 2},
		{Source: SourceResident, Status: Open, N: 3, Overdue: true},
		{Source: SourceResident, Status: Open, N: 1},
		{Source: SourceRating, Status: Reviewed, Outcome: "no_violation", N: 4},
	})
	if got.Received != 10 || got.Open != 4 || got.Overdue != 3 {
		t.Fatalf("%+v", got)
	}
	want := map[string]int{"resident": 6, "hamlet": 0, "rating": 4, "reminder": 2, "no_violation": 4, "self_criticism": 0}
	for _, c := range append(got.BySource, got.ByOutcome...) {
		if n, ok := want[c.Key]; ok && n != c.N {
			t.Errorf("%s: %d, want %d", c.Key, c.N, n)
		}
	}
	if len(got.BySource) != len(Sources) || len(got.ByOutcome) != len(Outcomes) || !got.Met() {
		t.Fatalf("%+v", got)
	}
}

// Badge codes are drawn without bias from the alphabet: every character turns up, nothing else.
func TestNewCode(t *testing.T) {
	seen := map[rune]bool{}
	r := rand.NewChaCha8([32]byte{7})
	for i := 0; i < 60; i++ {
		c, err := newCode(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := NormalizeCode(c); !ok {
			t.Fatalf("code %q", c)
		}
		for _, ch := range c {
			seen[ch] = true
		}
	}
	if len(seen) != len(codeAlphabet) {
		t.Fatalf("only %d characters seen", len(seen))
	}
}

// A sheet of badges: 10 cards make two A4 pages; each card carries the officer's name, title
// and code; a PNG photo is scaled into the card, a broken one gives the placeholder.
func TestRenderBadges(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 900, 1000))
	for y := 0; y < 1000; y++ {
		for x := 0; x < 900; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var photo bytes.Buffer
	if err := png.Encode(&photo, img); err != nil {
		t.Fatal(err)
	}
	if j, ok := photoJPEG(photo.Bytes()); !ok || len(j) > 60<<10 {
		t.Fatalf("photo: %v, %d bytes", ok, len(j))
	}
	if _, ok := photoJPEG([]byte("GIF89a not a photo")); ok {
		t.Fatal("a broken photo was read")
	}
	var cards []BadgeCard
	for i := 0; i < 10; i++ {
		c := BadgeCard{Committee: "UBND XÃ BÌNH YÊN", Name: "Hà Thị Mai", Title: "Công chức tiếp nhận và trả kết quả", Unit: "Bộ phận Một cửa",
			Code: "BC23DFGH", URL: "https://binhyen.example/the-can-bo/BC23DFGH"}
		if i%2 == 0 {
			c.Photo = photo.Bytes()
		} else {
			c.Photo = []byte("broken")
		}
		cards = append(cards, c)
	}
	var out bytes.Buffer
	if err := RenderBadges(&out, cards, "Thẻ công chức", time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Zone)); err != nil {
		t.Fatal(err)
	}
	if out.Len() > 400<<10 {
		t.Errorf("sheet of 10 is %d KB", out.Len()>>10)
	}
	if !bytes.Contains(out.Bytes(), []byte("/Count 2")) {
		t.Error("10 badges are not two pages")
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed: text not checked")
	}
	in := filepath.Join(t.TempDir(), "badges.pdf")
	if err := os.WriteFile(in, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(txt)), " ")
	for _, want := range []string{"HÀ THỊ MAI", "Công chức tiếp nhận và trả kết quả", "BC23DFGH", "THẺ CÔNG CHỨC", "UBND XÃ BÌNH YÊN"} {
		if strings.Count(text, want) < 10 {
			t.Errorf("%q found %d times, want 10", want, strings.Count(text, want))
		}
	}
}
