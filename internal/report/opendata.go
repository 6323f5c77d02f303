package report

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"

	"xaso/internal/docs"
	"xaso/internal/web"
)

// Open data: the dashboard's figures at stable addresses, as CSV and JSON, with the schema on
// /du-lieu-mo. Only aggregates leave: counts and rates, never a name, a code of a record or
// anything that could point at a resident.

// Row is one figure of the open data (the JSON's objects, the CSV's rows, in this order).
type Row struct {
	Commune     string   `json:"commune"`      // the commune's code
	CommuneName string   `json:"commune_name"` // its name
	Period      string   `json:"period"`       // 2025, 2025-Q4, 2025-12
	From        string   `json:"from"`         // first day, YYYY-MM-DD
	To          string   `json:"to"`           // last day, YYYY-MM-DD
	Section     string   `json:"section"`      // the plan's section
	Key         string   `json:"key"`          // the target's key (stable)
	Name        string   `json:"name"`         // the target's name, in Vietnamese
	Unit        Unit     `json:"unit"`         // percent, count or points
	Numerator   int      `json:"numerator"`    // counted
	Denominator int      `json:"denominator"`  // out of (0 for a count)
	Value       *float64 `json:"value"`        // the measured value in its unit; null when not measured
	Target      *float64 `json:"target"`       // the plan's target; null when it gives none
	Lower       bool     `json:"lower_is_better"`
	Status      Status   `json:"status"` // met, not_met, no_target, unknown, no_source
}

// dataFields document the schema on the open-data page: name and Vietnamese description.
var dataFields = [][2]string{
	{"commune", "Mã xã trong hệ thống"},
	{"commune_name", "Tên xã"},
	{"period", "Kỳ: năm (2025), quý (2025-Q4) hoặc tháng (2025-12)"},
	{"from", "Ngày đầu kỳ (YYYY-MM-DD)"},
	{"to", "Ngày cuối kỳ (YYYY-MM-DD)"},
	{"section", "Mục của kế hoạch"},
	{"key", "Mã chỉ tiêu (không đổi giữa các phiên bản)"},
	{"name", "Tên chỉ tiêu"},
	{"unit", "Đơn vị: percent (phần trăm), count (số lượng), points (điểm)"},
	{"numerator", "Số được tính"},
	{"denominator", "Trên tổng số (0 với chỉ tiêu số lượng)"},
	{"value", "Kết quả theo đơn vị; rỗng (null) khi chưa đo được"},
	{"target", "Mục tiêu của kế hoạch; rỗng (null) khi kế hoạch không giao số"},
	{"lower_is_better", "true khi mục tiêu là không vượt quá (ví dụ số hồ sơ quá hạn)"},
	{"status", "met (đạt), not_met (chưa đạt), no_target (theo dõi), unknown (chưa có dữ liệu), no_source (chưa đo được)"},
}

var csvHeader = []string{"commune", "commune_name", "period", "from", "to", "section", "key", "name", "unit", "numerator",
	"denominator", "value", "target", "lower_is_better", "status"}

func rowsOf(code, name string, b Dashboard, name2 func(key string) string) []Row {
	out := make([]Row, 0, len(b.Measures))
	for _, m := range b.Measures {
		r := Row{Commune: code, CommuneName: name, Period: b.Period.ID(), From: b.Period.From.String(), To: b.Period.To.String(),
			Section: m.Section, Key: m.Key, Name: name2(m.Key), Unit: m.Unit, Numerator: m.Value.Num, Denominator: m.Value.Den,
			Lower: m.Lower, Status: m.Status}
		if m.Status != Unknown && m.Status != NotSource {
			v := m.Rate
			r.Value = &v
		}
		if m.HasTarget {
			t := m.Target
			r.Target = &t
		}
		if m.Unit == Count {
			r.Denominator = 0
		}
		out = append(out, r)
	}
	return out
}

func (r Row) csv() []string {
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return []string{r.Commune, docs.SafeCell(r.CommuneName), r.Period, r.From, r.To, r.Section, r.Key, docs.SafeCell(r.Name), string(r.Unit),
		strconv.Itoa(r.Numerator), strconv.Itoa(r.Denominator), f(r.Value), f(r.Target), strconv.FormatBool(r.Lower), string(r.Status)}
}

func (p *pages) viName(key string) string { return p.s.Catalog().T("vi", "report.m."+key) }

func dataHeaders(w http.ResponseWriter, ctype, name string) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Access-Control-Allow-Origin", "*")
}

func (p *pages) dataCSV(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, b, err := p.boardOf(r)
	if err != nil {
		return err
	}
	dataHeaders(w, "text/csv; charset=utf-8", "chi-tieu-"+t.Code+"-"+b.Period.ID()+".csv")
	cw := csv.NewWriter(w)
	_ = cw.Write(csvHeader)
	for _, row := range rowsOf(t.Code, t.Name, b, p.viName) {
		if err := cw.Write(row.csv()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (p *pages) dataJSON(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, b, err := p.boardOf(r)
	if err != nil {
		return err
	}
	dataHeaders(w, "application/json; charset=utf-8", "chi-tieu-"+t.Code+"-"+b.Period.ID()+".json")
	return json.NewEncoder(w).Encode(map[string]any{"schema": "xaso.report.v1", "period": b.Period.ID(), "data": rowsOf(t.Code, t.Name, b, p.viName)})
}

// provinceCSV streams one row per commune and target: a province of a hundred communes is
// two thousand rows, written as each commune is measured.
func (p *pages) provinceCSV(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, err := tenant(r)
	if err != nil {
		return err
	}
	per, err := ParsePeriod(r.URL.Query(), p.svc.now())
	if err != nil {
		return err
	}
	list, err := p.svc.Province(r.Context(), t.Province, per)
	if err != nil {
		return err
	}
	dataHeaders(w, "text/csv; charset=utf-8", "chi-tieu-tinh-"+per.ID()+".csv")
	cw := csv.NewWriter(w)
	_ = cw.Write(csvHeader)
	for _, c := range list {
		for _, row := range rowsOf(c.Commune.Code, c.Commune.Name, c.Board, p.viName) {
			if err := cw.Write(row.csv()); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
