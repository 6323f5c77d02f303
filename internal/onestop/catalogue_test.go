package onestop_test

import (
	"maps"
	"os"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/onestop"
)

// The shipped catalogue loads, has the commune-level procedures of onestop-rules.md §2 and at
// least twenty more real ones, and every procedure can take a complete dossier.
func TestShippedCatalogue(t *testing.T) {
	ps, err := onestop.ShippedProcedures()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 25 {
		t.Fatalf("only %d procedures shipped", len(ps))
	}
	byCode := map[string]onestop.Procedure{}
	fields := map[string]bool{}
	for _, p := range ps {
		byCode[p.Code] = p
		fields[p.Field] = true
		if !p.CodeVerified {
			t.Logf("%s: code not verified", p.Code)
		}
		required := 0
		for _, d := range p.Documents {
			if d.Required {
				required++
			}
		}
		if p.Active && required == 0 {
			t.Errorf("%s: no required document", p.Code)
		}
	}
	for _, code := range []string{"1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "2.000815", "2.000884", "2.001019", "1.001612", "1.004222", "1.004194"} {
		if _, ok := byCode[code]; !ok {
			t.Errorf("procedure %s of onestop-rules.md §2 is missing", code)
		}
	}
	for _, f := range []string{"Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Đất đai", "Đăng ký kinh doanh hộ", "Người có công", "Nuôi con nuôi"} {
		if !fields[f] {
			t.Errorf("no procedure in the field %s", f)
		}
	}
	// Facts the law fixes.
	if p := byCode["2.000815"]; p.FeeAmount != 2000 || p.Processing != (onestop.Processing{}) {
		t.Errorf("certified copy: fee %d, processing %+v", p.FeeAmount, p.Processing)
	}
	if p := byCode["2.000884"]; p.FeeAmount != 10000 {
		t.Errorf("signature certification fee %d", p.FeeAmount)
	}
	if p := byCode["1.004873"]; p.Processing.Days != 3 {
		t.Errorf("marital status certificate: %+v", p.Processing)
	}
	if p := byCode["1.004222"]; p.Active {
		t.Error("permanent residence (police) should not take dossiers at the commune desk")
	}
	if p := byCode["1.001193"]; !strings.Contains(p.FeeExemptions, "Điều 11") {
		t.Errorf("birth: exemptions %q", p.FeeExemptions)
	}
}

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z]`)

// Every catalogue key the package's code uses exists, in both languages with the same
// arguments.
func TestMessagesCoverEveryKey(t *testing.T) {
	notMessages := map[string]bool{}
	for _, topic := range []string{onestop.TopicAccepted, onestop.TopicReturned, onestop.TopicLate, onestop.TopicApologised,
		onestop.TopicChanged, onestop.TopicProcedureUpdated, onestop.TopicCatalogueSeeded} {
		notMessages[topic] = true
	}
	keyRe := regexp.MustCompile(`"(onestop\.[a-z_.]*[a-z_])"`)
	files, _ := os.ReadDir(".")
	used := 0
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "messages.go" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(src), -1) {
			if notMessages[m[1]] || strings.HasPrefix(m[1], "onestop.dossier.") || strings.HasPrefix(m[1], "onestop.procedure.updated") {
				continue
			}
			used++
			if _, ok := onestop.Messages[m[1]]; !ok {
				if _, ok := onestop.PageMessages[m[1]]; !ok {
					t.Errorf("%s: key %s is not in Messages or PageMessages", name, m[1])
				}
			}
		}
	}
	// Keys built from values: states, actions, offices.
	for _, s := range onestop.States {
		if _, ok := onestop.Messages[s.Label()]; !ok {
			t.Errorf("state %s has no label", s)
		}
	}
	for _, a := range append(onestop.Actions, onestop.ActIntake) {
		if _, ok := onestop.Messages[a.Label()]; !ok {
			t.Errorf("action %s has no label", a)
		}
	}
	if used < 40 {
		t.Fatalf("only %d keys found: is the scan broken?", used)
	}
	all := maps.Clone(onestop.Messages)
	maps.Copy(all, onestop.PageMessages)
	for key, m := range all {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if vi, en := verbRe.FindAllString(m[0], -1), verbRe.FindAllString(m[1], -1); strings.Join(vi, "") != strings.Join(en, "") {
			t.Errorf("%s: arguments differ: %v vs %v", key, vi, en)
		}
	}
}
