package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/campaign"
	"xaso/internal/chart"
	"xaso/internal/commune"
	"xaso/internal/democracy"
	"xaso/internal/oversight"
	"xaso/internal/rating"
	"xaso/internal/rating/sipas"
	"xaso/internal/report"
	"xaso/internal/web"
)

// reportRoom holds the plan's tracking on the App (filled in by the room's wiring).
type reportRoom struct {
	// Report is the dashboard of the plan's targets, its reports and its open data.
	Report *report.Service
}

// reportMessages are the report room's catalogue tables.
func reportMessages() []map[string][2]string {
	return []map[string][2]string{report.Messages, chart.Messages}
}

// mountReport builds the report room with one Source per room that measures a target of the
// plan: each adapts its room's own counting to report.Value (the report room imports none of
// them). Every source reads with aggregate queries or a bounded list.
func (a *App) mountReport(ctx context.Context, o Options) error {
	a.Report = report.New(report.Deps{Now: o.Now, Sources: a.reportSources(), Trend: func(ctx context.Context, cid string, from, to time.Time) (int, int, error) {
		c, err := a.Onestop.Counts(ctx, cid, from, to)
		return c.OnTime, c.Finished, err
	}, Communes: func(ctx context.Context) ([]report.Commune, error) {
		list, err := commune.ListCommunes(ctx, o.DB)
		if err != nil || len(list) < 2 {
			return nil, err
		}
		out := make([]report.Commune, len(list))
		for i, c := range list {
			out[i] = report.Commune{ID: c.ID, Code: c.Code, Name: c.Name, Province: c.Province}
		}
		return out, nil
	}})
	report.Mount(a.Web, a.Report, report.PageDeps{CommuneHead: func(r *http.Request) (report.Head, error) {
		t := web.TenantOf(r)
		c, err := commune.GetCommune(r.Context(), o.DB, t.ID)
		if err != nil {
			return report.Head{}, err
		}
		return report.Head{Letterhead: c.Letterhead(), Commune: c.Name, Chairman: c.Chairman}, nil
	}, AuditHead: a.auditHeadLine})
	return nil
}

// monthKey is a month as the rating room keys it.
func monthKey(t time.Time) string { return t.In(calendar.Zone).Format("2006-01") }

// lastMonth is the period's last month begun by now.
func lastMonth(p report.Period, now time.Time) time.Time {
	end := p.End().Add(-time.Second)
	if now.Before(end) {
		end = now
	}
	return end
}

func (a *App) reportSources() []report.Source {
	v := func(key string, num, den int, records string) report.Value {
		return report.Value{Key: key, Num: num, Den: den, Known: true, Records: records}
	}
	return []report.Source{
		{Name: "tasks", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			plans, err := a.Tasks.Plans(ctx, cid)
			if err != nil {
				return nil, err
			}
			val := report.Value{Key: report.KeyTasksDone, Records: "/ke-hoach"}
			for _, pl := range plans {
				if pl.To.Before(p.From) || pl.From.After(p.To) {
					continue // a plan of another period
				}
				val.Known = true
				val.Num += pl.DoneOnTime
				val.Den += pl.Total - pl.Cancelled
			}
			return []report.Value{val}, nil
		}},
		{Name: "onestop", Keys: []string{report.KeyDossiersOnTime, report.KeyLateApologised, report.KeyOverdueOpen},
			Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
				c, err := a.Onestop.Counts(ctx, cid, p.Start(), p.End())
				if err != nil {
					return nil, err
				}
				m := monthKey(lastMonth(p, now))
				return []report.Value{
					v(report.KeyDossiersOnTime, c.OnTime, c.Finished, "/ho-so/chi-so?thang="+m),
					v(report.KeyLateApologised, c.LateWithApology, c.Late, "/ho-so/bang/thang?loai=tre-han&thang="+m),
					v(report.KeyOverdueOpen, c.OverdueOpen, 0, "/ho-so/bang/thang?loai=qua-han&thang="+m),
				}, nil
			}},
		// The Decision 766 points of the period's last month begun: the one-stop room's whole
		// index (a month's dossiers read in full), so the province's ranking leaves it out.
		{Name: "onestop-766", Keys: []string{report.KeyIndex766},
			Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
				m := lastMonth(p, now)
				ind, err := a.Onestop.Indicators(ctx, cid, m, "")
				if err != nil {
					return nil, err
				}
				return []report.Value{{Key: report.KeyIndex766, Points: ind.TotalPoints, Den: int(ind.MaxPoints), Known: true,
					Records: "/ho-so/chi-so?thang=" + monthKey(m), Note: "tháng " + m.In(calendar.Zone).Format("01/2006")}}, nil
			}},
		{Name: "petition", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			yes, no, err := a.Petition.HandledBetween(ctx, cid, p.Start(), p.End())
			if err != nil {
				return nil, err
			}
			return []report.Value{v(report.KeyPetitionsOnTime, len(yes), len(yes)+len(no), "/don-thu")}, nil
		}},
		{Name: "rating", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			from, to := monthKey(p.Start()), monthKey(p.End().Add(-time.Second))
			d, err := a.Rating.Total(ctx, cid, rating.Scope{FromMonth: from, ToMonth: to, Subject: rating.SubjectDossier})
			if err != nil {
				return nil, err
			}
			var pet rating.Figure
			for _, k := range []string{"report", "recommendation"} {
				f, err := a.Rating.Total(ctx, cid, rating.Scope{FromMonth: from, ToMonth: to, Subject: rating.SubjectPetition, Procedure: "petition:" + k})
				if err != nil {
					return nil, err
				}
				pet.Count, pet.Satisfied = pet.Count+f.Count, pet.Satisfied+f.Satisfied
			}
			return []report.Value{v(report.KeyRatingsSatisfied, d.Satisfied, d.Count, "/danh-gia?thang="+to),
				v(report.KeyPetitionSatisfied, pet.Satisfied, pet.Count, "/danh-gia?thang="+to)}, nil
		}},
		{Name: "sipas", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			out := report.Value{Key: report.KeySipas, Records: "/chi-so-hai-long"}
			if t, ok, err := a.Sipas.TargetOf(ctx, cid, p.Year); err != nil {
				return nil, err
			} else if ok {
				out.Target, out.HasTarget = float64(t.Hundredths)/100, true
			}
			list, _, err := a.Sipas.List(ctx, cid, sipas.Filter{Status: sipas.Closed, Limit: 50})
			if err != nil {
				return nil, err
			}
			for _, s := range list { // the latest period first
				if s.Year != p.Year {
					continue
				}
				idx, err := a.Sipas.Index(ctx, cid, s)
				if err != nil {
					return nil, err
				}
				if idx.Overall.Known() {
					out.Num, out.Den, out.Known = int(idx.Overall.Hundredths()), 10000, true
					break
				}
			}
			return []report.Value{out}, nil
		}},
		{Name: "disclosure", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			s, err := a.Disclosure.Report(ctx, cid, p.From, p.To)
			if err != nil {
				return nil, err
			}
			return []report.Value{v(report.KeyDisclosuresOnTime, s.Total.OnTime, s.Total.WithDecision, "/quan-ly-cong-khai")}, nil
		}},
		{Name: "campaign", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			c, err := a.Campaign.Coverage(ctx, cid, campaign.Period{From: p.From, To: p.To})
			if err != nil {
				return nil, err
			}
			val := v(report.KeyHamletsConferences, c.Reached.N, c.Reached.D, "/tuyen-truyen")
			val.Known = c.Reached.D > 0
			return []report.Value{val}, nil
		}},
		{Name: "democracy", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			list, _, err := a.Democracy.Meetings(ctx, cid, democracy.MeetingFilter{From: p.Start(), Limit: 500})
			if err != nil {
				return nil, err
			}
			var households, informed, present int
			held := 0
			for _, m := range list {
				if m.Status != democracy.Held || !m.StartsAt.Before(p.End()) || m.StartsAt.Before(p.Start()) {
					continue
				}
				r, err := a.Democracy.Reach(ctx, cid, m)
				if err != nil {
					return nil, err
				}
				held++
				households, informed, present = households+r.Households, informed+r.Informed, present+r.Present
			}
			inf, pre := v(report.KeyHouseholdsInformed, informed, households, "/dan-chu"), v(report.KeyHouseholdsPresent, present, households, "/dan-chu")
			inf.Known, pre.Known = held > 0, held > 0
			return []report.Value{inf, pre}, nil
		}},
		{Name: "investment", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			c, err := a.Investment.Coverage(ctx, cid)
			if err != nil {
				return nil, err
			}
			val := v(report.KeyProjectsSupervised, c.With, c.Need, "/du-an")
			val.Known = c.Need > 0
			return []report.Value{val}, nil
		}},
		{Name: "oversight", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			list, _, err := a.Recommendations.List(ctx, cid, oversight.RecFilter{Board: oversight.BoardInspection, SentFrom: p.From, SentTo: p.To, Limit: 1000})
			if err != nil {
				return nil, err
			}
			today := calendar.DateOf(now)
			onTime, due := 0, 0
			for _, r := range list {
				answered := r.AnsweredOn.Valid()
				if !answered && !today.After(r.DueOn) {
					continue // not due yet
				}
				due++
				if answered && !r.AnsweredOn.After(r.DueOn) {
					onTime++
				}
			}
			val := v(report.KeyInspectionAnswered, onTime, due, "/kien-nghi")
			val.Known = due > 0
			return []report.Value{val}, nil
		}},
		{Name: "reception", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			to := p.To
			if today := calendar.DateOf(now); today.Before(to) {
				to = today
			}
			list, err := a.Reception.Sessions(ctx, cid, p.From, to, true)
			if err != nil {
				return nil, err
			}
			return []report.Value{v(report.KeyReceptionSessions, len(list), 0, "/tiep-cong-dan")}, nil
		}},
		{Name: "letters", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			n, err := a.Letters.DeliveredBetween(ctx, cid, p.Start(), p.End())
			if err != nil {
				return nil, err
			}
			return []report.Value{v(report.KeyLetters, n, 0, "/thu")}, nil
		}},
		{Name: "conduct", Measure: func(ctx context.Context, cid string, p report.Period, now time.Time) ([]report.Value, error) {
			t, err := a.Conduct.YearTarget(ctx, cid, p.Year)
			if err != nil {
				return nil, err
			}
			badges, err := a.Conduct.AllBadges(ctx, cid)
			if err != nil {
				return nil, err
			}
			_, staff, err := a.Communes.ListStaff(ctx, cid, commune.StaffFilter{Page: commune.Page{Limit: 1}})
			if err != nil {
				return nil, err
			}
			issued := map[string]bool{}
			for _, b := range badges {
				if strings.TrimSpace(b.Code) != "" {
					issued[b.Staff.ID] = true
				}
			}
			year := fmt.Sprint(p.Year)
			bv := v(report.KeyBadges, min(len(issued), staff), staff, "/ung-xu/the")
			bv.Known = staff > 0
			return []report.Value{
				v(report.KeyConductDisciplined, len(t.Officers), 0, "/ung-xu?nam="+year+"&vi-pham=1"),
				v(report.KeyConductReportsOpen, t.Overdue, 0, "/ung-xu?nam="+year+"&trang-thai=overdue"),
				bv,
			}, nil
		}},
	}
}
