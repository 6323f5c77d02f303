package onestop

import (
	_ "embed"
	"encoding/json"
	"sort"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/docs"
)

// The one-stop forms are versioned data: each circular's set (number, title, paper, legal
// basis) in formsets.json, and a dossier prints on the set in force on the day it was
// received. Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP, amended by Decree
// 367/2025/NĐ-CP) has seven forms, 01 receipt … 05 notice of stopping, 06 control slip, 07
// register; Circular 01/2018/TT-VPCP before it had six.

//go:embed formsets.json
var formSetsJSON []byte

// formSpec is one form of a set.
type formSpec struct {
	Number      string `json:"number"`
	Title       string `json:"title"`
	Size        string `json:"size"`        // "A5" or "A4"
	Orientation string `json:"orientation"` // "portrait" or "landscape"
	Extension   bool   `json:"extension"`   // form 04: apology and request to extend
}

// formSet is the forms of one circular, in force from a date.
type formSet struct {
	Version string              `json:"version"`
	From    string              `json:"from"` // YYYY-MM-DD, Vietnam time
	Basis   string              `json:"basis"`
	Forms   map[string]formSpec `json:"forms"`
	from    time.Time
}

// formSets are the sets, oldest first.
var formSets = mustFormSets(formSetsJSON)

func mustFormSets(b []byte) []formSet {
	var f struct {
		Sets []formSet `json:"sets"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		panic("onestop: formsets.json: " + err.Error())
	}
	for i := range f.Sets {
		t, err := time.ParseInLocation("2006-01-02", f.Sets[i].From, calendar.Zone)
		if err != nil || len(f.Sets[i].Forms) == 0 {
			panic("onestop: formsets.json: set " + f.Sets[i].Version)
		}
		f.Sets[i].from = t
	}
	sort.Slice(f.Sets, func(i, j int) bool { return f.Sets[i].from.Before(f.Sets[j].from) })
	return f.Sets
}

// formSetAt is the set in force at t (the dossier's receipt); the newest for a zero t (a
// register printed today).
func formSetAt(t time.Time) formSet {
	if t.IsZero() {
		return formSets[len(formSets)-1]
	}
	s := formSets[0]
	for _, fs := range formSets {
		if !t.Before(fs.from) {
			s = fs
		}
	}
	return s
}

// spec is one form of the set, with ok false when the set has no such form (a stop notice
// under Circular 01/2018).
func (s formSet) spec(name string) (formSpec, bool) {
	f, ok := s.Forms[name]
	return f, ok
}

// line is the form's number and legal basis as printed top right: "Mẫu số 01 (Thông tư số
// 03/2025/TT-VPCP)".
func (s formSet) line(name string) string {
	f, ok := s.Forms[name]
	if !ok {
		return ""
	}
	return "Mẫu số " + f.Number + " (" + s.Basis + ")"
}

// apply sets a Doc's paper, orientation, form line and title from the set.
func (s formSet) apply(name string, d docs.Doc) docs.Doc {
	f, ok := s.Forms[name]
	if !ok {
		return d
	}
	d.Size = docs.A5
	if f.Size == "A4" {
		d.Size = docs.A4
	}
	d.Landscape = f.Orientation == "landscape"
	d.Form = s.line(name)
	d.Title = f.Title
	return d
}
