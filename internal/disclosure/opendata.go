package disclosure

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"xaso/internal/docs"
)

// Open data (issue 10 item 8): every public disclosure and the aggregates, at stable URLs,
// without personal data (a disclosure holds none beyond what the law says to publish):
//
//	GET /cong-khai/du-lieu.csv    one row per public disclosure, newest first (UTF-8 with BOM, for spreadsheets)
//	GET /cong-khai/du-lieu.json   {"commune", "disclosures": [...], "by_category": [...], "whole_commune": n,
//	                              "by_hamlet": [{"hamlet_id", "name", "own", "concerning"}], "on_time": {..., "rate"}}
//
// Both stream, a page of rows at a time.

// OpenRecord is one disclosure in the open data; its field names are the documented schema.
type OpenRecord struct {
	ID           string   `json:"id"`
	Category     int      `json:"category"`
	Title        string   `json:"title"`
	Summary      string   `json:"summary"`
	DecisionDate string   `json:"decision_date,omitempty"` // YYYY-MM-DD
	PublishedOn  string   `json:"published_on"`            // YYYY-MM-DD, the current version
	FirstOn      string   `json:"first_published_on"`
	Version      int      `json:"version"`
	OnTime       *bool    `json:"published_on_time,omitempty"` // within 5 working days of the decision (Art. 12.3)
	URL          string   `json:"url"`
	Hamlets      []string `json:"hamlets"` // ids of the hamlets concerned; empty: the whole commune
}

// openPage is how many rows are read at a time.
const openPage = 100

// eachPublic calls fn for every public disclosure of the commune, newest first, a page at a
// time: each page starts after the last row of the one before (the order's key), so that the
// whole list costs one index walk however long it is.
func (s *Service) eachPublic(ctx context.Context, communeID string, fn func(OpenRecord) error) error {
	const op = "disclosure: open data"
	cal, err := s.Calendar(ctx, communeID)
	if err != nil {
		return err
	}
	where := ` WHERE commune_id = $1 AND status IN ('published', 'updated')`
	order := ` ORDER BY published_on DESC, published_at DESC, id DESC LIMIT ` + strconv.Itoa(openPage)
	list, err := s.page(ctx, op, communeID, `SELECT `+cols+` FROM disclosures`+where+order, communeID)
	for ; err == nil && len(list) > 0; list, err = s.after(ctx, op, communeID, where, order, list[len(list)-1]) {
		for _, d := range list {
			rec := OpenRecord{ID: d.ID, Category: d.CategoryNo, Title: d.Title, Summary: d.Summary, PublishedOn: d.PublishedOn.String(),
				FirstOn: d.FirstPublishedOn.String(), Version: d.Version, URL: "/cong-khai/" + d.ID, Hamlets: d.HamletIDs}
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
	return err
}

// after is the page of public disclosures that follows last in the list's order.
func (s *Service) after(ctx context.Context, op, communeID, where, order string, last Disclosure) ([]Disclosure, error) {
	return s.page(ctx, op, communeID, `SELECT `+cols+` FROM disclosures`+where+
		` AND (published_on < $2 OR published_on = $2 AND (published_at < $3 OR published_at = $3 AND id < $4))`+order,
		communeID, last.PublishedOn.String(), last.PublishedAt, last.ID)
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
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	names := nameMap(hamlets)
	cw.Write([]string{"id", "category", "title", "summary", "decision_date", "published_on", "first_published_on", "version", "published_on_time", "url", "hamlets"})
	err = p.svc.eachPublic(r.Context(), t.ID, func(rec OpenRecord) error {
		onTime := ""
		if rec.OnTime != nil {
			onTime = strconv.FormatBool(*rec.OnTime)
		}
		return cw.Write([]string{rec.ID, strconv.Itoa(rec.Category), docs.SafeCell(rec.Title), docs.SafeCell(rec.Summary), rec.DecisionDate, rec.PublishedOn,
			rec.FirstOn, strconv.Itoa(rec.Version), onTime, p.base + rec.URL, docs.SafeCell(joinNames(rec.Hamlets, names))})
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
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	counts, byHamlet := map[int]int{}, map[string]int{}
	var withDecision, onTime, n, whole int
	err = p.svc.eachPublic(r.Context(), t.ID, func(rec OpenRecord) error {
		if n > 0 {
			w.Write([]byte(","))
		}
		n++
		counts[rec.Category]++
		if len(rec.Hamlets) == 0 {
			whole++
		}
		for _, h := range rec.Hamlets {
			byHamlet[h]++
		}
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
	type perHamlet struct {
		ID   string `json:"hamlet_id"`
		Name string `json:"name"`
		// Own are the disclosures about the hamlet; Concerning adds those for the whole commune.
		Own        int `json:"own"`
		Concerning int `json:"concerning"`
	}
	ph := make([]perHamlet, 0, len(hamlets))
	for _, h := range hamlets {
		ph = append(ph, perHamlet{ID: h.ID, Name: h.Name, Own: byHamlet[h.ID], Concerning: byHamlet[h.ID] + whole})
	}
	w.Write([]byte(`,"whole_commune":`))
	enc.Encode(whole)
	w.Write([]byte(`,"by_hamlet":`))
	enc.Encode(ph)
	w.Write([]byte(`,"on_time":`))
	rate := any(nil)
	if withDecision > 0 {
		rate = float64(onTime*10000/withDecision) / 10000
	}
	enc.Encode(map[string]any{"with_decision_date": withDecision, "published_within_5_working_days": onTime, "rate": rate})
	w.Write([]byte(`}`))
	return nil
}

// nameMap maps the hamlets' ids to their names.
func nameMap(hamlets []Hamlet) map[string]string {
	out := make(map[string]string, len(hamlets))
	for _, h := range hamlets {
		out[h.ID] = h.Name
	}
	return out
}

// joinNames writes the hamlets' names, "; " between them.
func joinNames(ids []string, names map[string]string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
	}
	return strings.Join(out, "; ")
}
