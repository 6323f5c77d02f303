package disclosure

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"

	"xaso/internal/docs"
)

// Open data (issue 10 item 8): every public disclosure and the aggregates, at stable URLs,
// without personal data (a disclosure holds none beyond what the law says to publish):
//
//	GET /cong-khai/du-lieu.csv    one row per public disclosure, newest first (UTF-8 with BOM, for spreadsheets)
//	GET /cong-khai/du-lieu.json   {"commune", "disclosures": [...], "by_category": [...], "on_time": {...}}
//
// Both stream, a page of rows at a time.

// OpenRecord is one disclosure in the open data; its field names are the documented schema.
type OpenRecord struct {
	ID           string `json:"id"`
	Category     int    `json:"category"`
	Title        string `json:"title"`
	Summary      string `json:"summary"`
	DecisionDate string `json:"decision_date,omitempty"` // YYYY-MM-DD
	PublishedOn  string `json:"published_on"`            // YYYY-MM-DD, the current version
	FirstOn      string `json:"first_published_on"`
	Version      int    `json:"version"`
	OnTime       *bool  `json:"published_on_time,omitempty"` // within 5 working days of the decision (Art. 12.3)
	URL          string `json:"url"`
}

// openPage is how many rows are read at a time.
const openPage = 100

// eachPublic calls fn for every public disclosure of the commune, newest first, a page at a time.
func (s *Service) eachPublic(ctx context.Context, communeID string, fn func(OpenRecord) error) error {
	cal, err := s.Calendar(ctx, communeID)
	if err != nil {
		return err
	}
	for off := 0; ; off += openPage {
		list, _, err := s.Public(ctx, communeID, Filter{Limit: openPage, Offset: off})
		if err != nil {
			return err
		}
		for _, d := range list {
			rec := OpenRecord{ID: d.ID, Category: d.CategoryNo, Title: d.Title, Summary: d.Summary, PublishedOn: d.PublishedOn.String(),
				FirstOn: d.FirstPublishedOn.String(), Version: d.Version, URL: "/cong-khai/" + d.ID}
			if d.DecisionDate.Valid() {
				rec.DecisionDate = d.DecisionDate.String()
				ok := !d.FirstPublishedOn.After(PublishDue(cal, d.DecisionDate))
				rec.OnTime = &ok
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if len(list) < openPage {
			return nil
		}
	}
}

func (p *pages) openCSV(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="cong-khai.csv"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "category", "title", "summary", "decision_date", "published_on", "first_published_on", "version", "published_on_time", "url"})
	err = p.svc.eachPublic(r.Context(), t.ID, func(rec OpenRecord) error {
		onTime := ""
		if rec.OnTime != nil {
			onTime = strconv.FormatBool(*rec.OnTime)
		}
		return cw.Write([]string{rec.ID, strconv.Itoa(rec.Category), docs.SafeCell(rec.Title), docs.SafeCell(rec.Summary), rec.DecisionDate, rec.PublishedOn,
			rec.FirstOn, strconv.Itoa(rec.Version), onTime, p.base + rec.URL})
	})
	cw.Flush()
	return err
}

func (p *pages) openJSON(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	cats, err := p.svc.Categories(r.Context(), t.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	enc := json.NewEncoder(w)
	w.Write([]byte(`{"commune":`))
	enc.Encode(t.Name)
	w.Write([]byte(`,"disclosures":[`))
	counts := map[int]int{}
	var withDecision, onTime, n int
	err = p.svc.eachPublic(r.Context(), t.ID, func(rec OpenRecord) error {
		if n > 0 {
			w.Write([]byte(","))
		}
		n++
		counts[rec.Category]++
		if rec.OnTime != nil {
			withDecision++
			if *rec.OnTime {
				onTime++
			}
		}
		rec.URL = p.base + rec.URL
		return enc.Encode(rec)
	})
	if err != nil {
		return err
	}
	type byCat struct {
		Category int    `json:"category"`
		Name     string `json:"name"`
		Count    int    `json:"count"`
	}
	agg := make([]byCat, 0, len(cats))
	for _, c := range cats {
		agg = append(agg, byCat{Category: c.No, Name: c.NameVI, Count: counts[c.No]})
	}
	w.Write([]byte(`],"by_category":`))
	enc.Encode(agg)
	w.Write([]byte(`,"on_time":`))
	enc.Encode(map[string]int{"with_decision_date": withDecision, "published_within_5_working_days": onTime})
	w.Write([]byte(`}`))
	return nil
}
