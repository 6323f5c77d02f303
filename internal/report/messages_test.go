package report

import (
	"io/fs"
	"regexp"
	"testing"
)

// Every key the room uses is in the catalogue, in both languages: the templates' literal keys
// and every Def's and section's keys.
func TestMessagesCoverEveryKey(t *testing.T) {
	need := map[string]bool{}
	for _, d := range Defs {
		for _, p := range []string{"report.m.", "report.t.", "report.h."} {
			need[p+d.Key] = true
		}
	}
	for _, s := range Sections {
		need["report.s."+s] = true
	}
	for _, st := range []Status{Met, NotMet, NoTarget, Unknown, NotSource} {
		need["report.status."+string(st)] = true
	}
	for _, k := range []PeriodKind{Month, Quarter, Year} {
		need["report.period."+string(k)] = true
	}
	re := regexp.MustCompile(`"(report\.[a-z0-9_.]+)"`)
	_ = fs.WalkDir(templateFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, path)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			need[m[1]] = true
		}
		return nil
	})
	for k := range need {
		if v, ok := Messages[k]; !ok || v[0] == "" || v[1] == "" {
			t.Errorf("missing message %s", k)
		}
	}
}
