package report

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"xaso/internal/errs"
)

// Commune is a commune of the deployment, as the province's view lists it.
type Commune struct {
	ID, Code, Name, Province string
}

// Deps is what the Service needs from the composition root.
type Deps struct {
	// Sources measure the Defs; a Def no source measures shows as "no source".
	Sources []Source
	// Communes lists the deployment's communes (the province's view); nil: one commune only.
	Communes func(ctx context.Context) ([]Commune, error)
	Now      func() time.Time
	// Trend measures one percent target over a span (the months of a quarter or a year, drawn
	// as a series on the dashboard): KeyDossiersOnTime by the one-stop room; nil: no series.
	Trend func(ctx context.Context, communeID string, from, to time.Time) (num, den int, err error)
}

// Service computes the dashboard. Safe for concurrent use.
type Service struct {
	sources  []Source
	communes func(ctx context.Context) ([]Commune, error)
	now      func() time.Time
	trend    func(ctx context.Context, communeID string, from, to time.Time) (num, den int, err error)
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{sources: d.Sources, communes: d.Communes, now: d.Now, trend: d.Trend}
}

// Dashboard is every target of the plan with its value in a period.
type Dashboard struct {
	CommuneID string
	Period    Period
	At        time.Time // when it was computed
	Measures  []Measure // in the order of Defs
	Met       int       // of the measures with a target and a value
	Judged    int
	// Took is how long each source took, in the order of the sources (for `xaso generate`'s
	// measurements and the logs: where a slow dashboard spends its time).
	Took []SourceTime
}

// SourceTime is one source's time on a dashboard.
type SourceTime struct {
	Name string
	D    time.Duration
}

// Section is the dashboard's measures of one plan section.
func (d Dashboard) Section(sec string) []Measure {
	var out []Measure
	for _, m := range d.Measures {
		if m.Section == sec {
			out = append(out, m)
		}
	}
	return out
}

// Get returns the measure of a key.
func (d Dashboard) Get(key string) (Measure, bool) {
	for _, m := range d.Measures {
		if m.Key == key {
			return m, true
		}
	}
	return Measure{}, false
}

// Dashboard measures every Def for the commune and the period. The sources run side by side
// (each reads its own room); the first error is returned.
func (s *Service) Dashboard(ctx context.Context, communeID string, p Period) (Dashboard, error) {
	return s.dashboard(ctx, communeID, p, s.sources)
}

func (s *Service) dashboard(ctx context.Context, communeID string, p Period, sources []Source) (Dashboard, error) {
	now := s.now()
	results := make([][]Value, len(sources))
	errList := make([]error, len(sources))
	took := make([]SourceTime, len(sources))
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errList[i] = fmt.Errorf("report: source %s panicked: %v", src.Name, r)
				}
			}()
			t0 := time.Now()
			vs, err := src.Measure(ctx, communeID, p, now)
			took[i] = SourceTime{Name: src.Name, D: time.Since(t0)}
			if err != nil {
				err = fmt.Errorf("report: source %s: %w", src.Name, err)
			}
			results[i], errList[i] = vs, err
		}()
	}
	wg.Wait()
	for _, err := range errList {
		if err != nil {
			return Dashboard{}, errs.Wrap("report: dashboard", err)
		}
	}
	byKey := map[string]Value{}
	for _, vs := range results {
		for _, v := range vs {
			byKey[v.Key] = v
		}
	}
	d := Dashboard{CommuneID: communeID, Period: p, At: now, Took: took}
	for _, def := range Defs {
		v, ok := byKey[def.Key]
		m := measure(def, v, ok)
		d.Measures = append(d.Measures, m)
		switch m.Status {
		case Met:
			d.Met++
			d.Judged++
		case NotMet:
			d.Judged++
		}
	}
	return d, nil
}

// Ranked is one commune's line in the province's ranking.
type Ranked struct {
	Commune Commune
	Board   Dashboard
	Rank    int
	// Score is the share of the judged targets met, in percent (100 when none is judged).
	Score float64
}

// Province measures every commune of the province (the deployment's communes whose Province
// is this one) and ranks them by the share of targets met, then by on-time dossiers, then by
// name. One dashboard per commune, a few at a time.
func (s *Service) Province(ctx context.Context, province string, p Period) ([]Ranked, error) {
	if s.communes == nil {
		return nil, nil
	}
	all, err := s.communes(ctx)
	if err != nil {
		return nil, errs.Wrap("report: province", err)
	}
	var list []Commune
	for _, c := range all {
		if c.Province == province {
			list = append(list, c)
		}
	}
	// The ranking judges targets with a number: the sources of none are left out.
	var sources []Source
	for _, src := range s.sources {
		if src.judged() {
			sources = append(sources, src)
		}
	}
	out := make([]Ranked, len(list))
	errList := make([]error, len(list))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, c := range list {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			b, err := s.dashboard(ctx, c.ID, p, sources)
			out[i], errList[i] = Ranked{Commune: c, Board: b, Score: score(b)}, err
		}()
	}
	wg.Wait()
	for _, err := range errList {
		if err != nil {
			return nil, err
		}
	}
	rank(out)
	return out, nil
}

func score(b Dashboard) float64 {
	if b.Judged == 0 {
		return 100
	}
	return float64(b.Met) * 100 / float64(b.Judged)
}

// Total is the province's own dashboard from its communes' boards: for each target, the
// counts summed over the communes that measured it (a rate of the province, not a mean of
// rates), an index's points averaged; a target is unknown when no commune measured it.
func Total(rs []Ranked, p Period, at time.Time) Dashboard {
	d := Dashboard{CommuneID: "", Period: p, At: at}
	for _, def := range Defs {
		sum := Value{Key: def.Key}
		found, points, n := false, 0.0, 0
		for _, r := range rs {
			m, ok := r.Board.Get(def.Key)
			if !ok || m.Status == NotSource {
				continue
			}
			found = true
			if m.Status == Unknown {
				continue
			}
			sum.Known = true
			sum.Num += m.Value.Num
			sum.Den += m.Value.Den
			points += m.Value.Points
			n++
			if m.Value.HasTarget && !sum.HasTarget {
				sum.Target, sum.HasTarget = m.Value.Target, true
			}
		}
		if n > 0 {
			sum.Points = points / float64(n)
			if def.Unit == Points {
				sum.Den /= n
			}
		}
		m := measure(def, sum, found)
		d.Measures = append(d.Measures, m)
		switch m.Status {
		case Met:
			d.Met++
			d.Judged++
		case NotMet:
			d.Judged++
		}
	}
	return d
}

// communeOf finds a commune of the province by its code.
func (s *Service) communeOf(ctx context.Context, province, code string) (Commune, bool, error) {
	if s.communes == nil || code == "" {
		return Commune{}, false, nil
	}
	all, err := s.communes(ctx)
	if err != nil {
		return Commune{}, false, errs.Wrap("report: commune", err)
	}
	for _, c := range all {
		if c.Province == province && strings.EqualFold(c.Code, code) {
			return c, true, nil
		}
	}
	return Commune{}, false, nil
}

// MonthPoint is one month of the trend.
type MonthPoint struct {
	Month    time.Time
	Num, Den int
}

// Trend is the on-time rate of dossiers month by month over the period, up to now: one
// aggregate read per month. Nil without a Trend or for a month's period.
func (s *Service) Trend(ctx context.Context, communeID string, p Period) ([]MonthPoint, error) {
	if s.trend == nil || p.Kind == Month {
		return nil, nil
	}
	var out []MonthPoint
	for _, m := range p.Months(s.now()) {
		num, den, err := s.trend(ctx, communeID, m.UTC(), m.AddDate(0, 1, 0).UTC())
		if err != nil {
			return nil, errs.Wrap("report: trend", err)
		}
		out = append(out, MonthPoint{Month: m, Num: num, Den: den})
	}
	return out, nil
}
