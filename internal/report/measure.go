package report

import (
	"context"
	"math"
	"time"
)

// Value is what a source measured of one Def for a commune and a period.
type Value struct {
	Key string
	// Num and Den are the counts: a percent is Num ÷ Den; a count is Num; an index's points
	// are Points out of Den.
	Num, Den int
	Points   float64
	// Target overrides the Def's target where the commune sets it (the SIPAS target of the
	// year); HasTarget tells it is set.
	Target    float64
	HasTarget bool
	// Known is false when the records to measure it do not exist yet (no survey this year):
	// the dashboard says so instead of showing 0.
	Known bool
	// Records is the staff page with the records behind the figure; "" when none.
	Records string
	// Note is a short Vietnamese remark on the figure ("tháng 11/2025"), or "".
	Note string
}

// Source measures some of the Defs for a commune and a period, from one room's records. It
// must be cheap (aggregate queries, no per-record reads): the dashboard runs every source on
// every view.
type Source struct {
	Name string // the room, for errors and the sources' list
	// Keys are the Defs it measures, when it declares them: the province's ranking, which
	// judges only targets with a number, skips a source whose every key has none (the
	// Decision 766 points, the costliest read). Nil: always run.
	Keys    []string
	Measure func(ctx context.Context, communeID string, p Period, now time.Time) ([]Value, error)
}

// judged reports whether the source measures a Def with a target (or does not say).
func (src Source) judged() bool {
	if src.Keys == nil {
		return true
	}
	for _, k := range src.Keys {
		if d, ok := DefOf(k); ok && d.HasTarget {
			return true
		}
	}
	return false
}

// Status is how a measure stands against its target.
type Status string

// Statuses.
const (
	Met       Status = "met"
	NotMet    Status = "not_met"
	NoTarget  Status = "no_target"
	Unknown   Status = "unknown"   // not measurable yet
	NotSource Status = "no_source" // no room measures it in this deployment
)

// Measure is a Def with its value in a period.
type Measure struct {
	Def
	Value Value
	// Rate is the measured value in its unit: percent, count or points.
	Rate   float64
	Status Status
}

// measure combines a Def and its Value.
func measure(d Def, v Value, found bool) Measure {
	v.Key = d.Key
	m := Measure{Def: d, Value: v}
	if v.HasTarget {
		m.Def.Target, m.Def.HasTarget = v.Target, true
	}
	switch {
	case !found:
		m.Status = NotSource
		return m
	case !v.Known:
		m.Status = Unknown
		return m
	}
	switch d.Unit {
	case Percent:
		m.Rate = 100
		if v.Den > 0 {
			m.Rate = math.Round(float64(v.Num)*1000/float64(v.Den)) / 10
		}
	case Count:
		m.Rate = float64(v.Num)
	case Points:
		m.Rate = math.Round(v.Points*100) / 100
	}
	switch {
	case !m.Def.HasTarget:
		m.Status = NoTarget
	case d.Lower && m.Rate <= m.Def.Target, !d.Lower && m.Rate >= m.Def.Target:
		m.Status = Met
	default:
		m.Status = NotMet
	}
	return m
}
