package onestop

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/fold"
	"xaso/internal/web"
)

// Document kinds of a procedure's list (thành phần hồ sơ).
const (
	KindOriginal      = "original"       // bản chính
	KindCopy          = "copy"           // bản sao (bản chụp)
	KindCertifiedCopy = "certified_copy" // bản sao có chứng thực
	KindPresent       = "present"        // xuất trình để đối chiếu, không nộp
)

// DocumentKinds lists every document kind.
var DocumentKinds = []string{KindOriginal, KindCopy, KindCertifiedCopy, KindPresent}

// Channels of a procedure and of a dossier (Circular 03/2025: 1 counter, 2 online, 3 post).
const (
	ChannelCounter = 1
	ChannelOnline  = 2
	ChannelPost    = 3
)

var channelNames = map[int]string{ChannelCounter: "counter", ChannelOnline: "online", ChannelPost: "post"}

// ChannelName is the JSON name of a channel number ("counter", "online", "post").
func ChannelName(c int) string { return channelNames[c] }

// Document is one entry of a procedure's list of documents.
type Document struct {
	ID       string `json:"id"` // stable key within the procedure: "to-khai"
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Quantity int    `json:"quantity"`
	// Required documents must all be handed in for the dossier to be complete; the others
	// apply to some cases only ("văn bản ủy quyền, nếu ủy quyền") and may still be asked for
	// in a supplement request, being on the list.
	Required bool   `json:"required"`
	Note     string `json:"note,omitempty"`
}

// Processing is a procedure's time limit as stored: whole working days, or working minutes
// (half a day is 240), or immediate when both are zero.
type Processing struct {
	Days    int `json:"days,omitempty"`
	Minutes int `json:"minutes,omitempty"`
	// CutOff carries the procedure's cut-off rule to a dossier (see Procedure.CutOff).
	CutOff bool `json:"-"`
}

// Calendar converts p for due-date arithmetic.
func (p Processing) Calendar() calendar.Processing {
	return calendar.Processing{Days: p.Days, Hours: float64(p.Minutes) / 60, NoCutOff: !p.CutOff}
}

// Limit is the time limit a dossier of the procedure gets: its own, or the extended one when
// the desk marked that checks are needed (cần xác minh); the cut-off rule goes with it.
func (p Procedure) Limit(verify bool) Processing {
	l := p.Processing
	if verify && p.ExtendedDays > 0 {
		l = Processing{Days: p.ExtendedDays}
	}
	l.CutOff = p.CutOff
	return l
}

// String writes the limit in Vietnamese; an immediate limit is "trả ngay" (Civil Status Law
// Art. 16–18: done immediately on a complete dossier), not a day count.
func (p Processing) String() string {
	if p.Immediate() {
		return "Trả ngay khi nhận đủ hồ sơ"
	}
	return p.Calendar().String()
}

// Procedure is an administrative procedure (thủ tục hành chính) as a commune publishes it.
type Procedure struct {
	Code           string     `json:"code"` // national code, "1.001193"
	Name           string     `json:"name"`
	Field          string     `json:"field"` // lĩnh vực: "Hộ tịch"
	Level          string     `json:"level"` // "Cấp xã"
	Processing     Processing `json:"processing"`
	ProcessingNote string     `json:"processing_note,omitempty"`
	FeeText        string     `json:"fee_text"`
	FeeAmount      int64      `json:"fee_amount"` // đồng, the usual amount for one dossier
	FeeExemptions  string     `json:"fee_exemptions,omitempty"`
	Documents      []Document `json:"documents,omitempty"`
	LegalBasis     string     `json:"legal_basis"`
	Result         string     `json:"result"`
	Channels       []string   `json:"channels"` // "counter", "online", "post"
	OnlineAllowed  bool       `json:"online_allowed"`
	// CodeVerified says the national code was confirmed in a public source; false marks a
	// code xaso could not confirm (shown so that staff check it against the national portal).
	CodeVerified bool   `json:"code_verified"`
	Source       string `json:"source,omitempty"`
	Active       bool   `json:"active"`
	Version      int    `json:"version"`
	// ExtendedDays is the longer limit, in working days, when the dossier needs checks (the
	// desk marks "cần xác minh" at intake): marriage up to 5 (Civil Status Law Art. 18.2).
	ExtendedDays int `json:"extended_days,omitempty"`
	// CutOff: a dossier received after the commune's cut-off (15:00) counts from the next
	// working day. Only certification says so (Decree 23/2015/NĐ-CP Art. 7, 21).
	CutOff bool `json:"cut_off"`
	// BoundaryFree: the province lists this procedure as received by any commune centre of
	// the province, whatever the applicant's commune (Decree 118/2025). Off by default.
	BoundaryFree bool `json:"boundary_free"`
	// EffectiveFrom and EffectiveUntil bound the days (YYYY-MM-DD in Asia/Ho_Chi_Minh) the
	// procedure is in force, EffectiveUntil itself excluded; "" is open.
	EffectiveFrom  string `json:"effective_from,omitempty"`
	EffectiveUntil string `json:"effective_until,omitempty"`
}

// InForce reports whether the procedure is in force on day ("YYYY-MM-DD").
func (p Procedure) InForce(day string) bool {
	return (p.EffectiveFrom == "" || p.EffectiveFrom <= day) && (p.EffectiveUntil == "" || day < p.EffectiveUntil)
}

// EffectiveFromDMY and EffectiveUntilDMY write the dates as Vietnamese read them (01/03/2027).
func (p Procedure) EffectiveFromDMY() string  { return dmy(p.EffectiveFrom) }
func (p Procedure) EffectiveUntilDMY() string { return dmy(p.EffectiveUntil) }

func dmy(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format("02/01/2006")
}

// Immediate reports a limit of "immediately on a complete dossier" (trả ngay).
func (p Processing) Immediate() bool { return p.Days == 0 && p.Minutes == 0 }

// Document returns the list entry with that id or name (names compared without diacritics
// and case, so "giay chung sinh" finds "Giấy chứng sinh").
func (p Procedure) Document(idOrName string) (Document, bool) {
	for _, d := range p.Documents {
		if d.ID == idOrName {
			return d, true
		}
	}
	f := fold.String(idOrName)
	if f == "" {
		return Document{}, false
	}
	for _, d := range p.Documents {
		if fold.String(d.Name) == f {
			return d, true
		}
	}
	return Document{}, false
}

// DocumentIDs lists the ids of the procedure's documents, in order.
func (p Procedure) DocumentIDs() []string {
	ids := make([]string, len(p.Documents))
	for i, d := range p.Documents {
		ids[i] = d.ID
	}
	return ids
}

func (p Procedure) search() string { return fold.Join(p.Code, p.Name, p.Field) }

var (
	codeRE  = regexp.MustCompile(`^[1-9]\.[0-9]{6}$`)
	docIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
)

// Limits of procedure fields.
const (
	maxName  = 500
	maxText  = 4000
	maxDocs  = 40
	maxQty   = 100
	maxFee   = 1_000_000_000
	maxPDays = 365
)

// Validate checks a procedure and returns field errors keyed like the JSON fields
// ("name", "documents.2.name").
func (p *Procedure) normalize() map[string]string {
	fe := map[string]string{}
	p.Code = strings.TrimSpace(p.Code)
	p.Name, p.Field, p.Level = cleanText(p.Name), cleanText(p.Field), cleanText(p.Level)
	p.FeeText, p.FeeExemptions = cleanText(p.FeeText), cleanText(p.FeeExemptions)
	p.LegalBasis, p.Result, p.ProcessingNote = cleanText(p.LegalBasis), cleanText(p.Result), cleanText(p.ProcessingNote)
	if !codeRE.MatchString(p.Code) {
		fe["code"] = "onestop.procedure.code_invalid"
	}
	switch {
	case p.Name == "":
		fe["name"] = "onestop.procedure.name_required"
	case runeLen(p.Name) > maxName:
		fe["name"] = "onestop.too_long"
	}
	if p.Field == "" {
		fe["field"] = "onestop.procedure.field_required"
	}
	for _, k := range []struct {
		name, v string
	}{{"fee_text", p.FeeText}, {"fee_exemptions", p.FeeExemptions}, {"legal_basis", p.LegalBasis},
		{"result", p.Result}, {"processing_note", p.ProcessingNote}, {"level", p.Level}} {
		if runeLen(k.v) > maxText {
			fe[k.name] = "onestop.too_long"
		}
	}
	pr := p.Processing
	if pr.Days < 0 || pr.Minutes < 0 || (pr.Days > 0 && pr.Minutes > 0) || pr.Days > maxPDays || pr.Minutes > maxPDays*8*60 {
		fe["processing"] = "onestop.procedure.processing_invalid"
	}
	if p.ExtendedDays < 0 || p.ExtendedDays > maxPDays {
		fe["extended_days"] = "onestop.procedure.processing_invalid"
	}
	p.EffectiveFrom, p.EffectiveUntil = strings.TrimSpace(p.EffectiveFrom), strings.TrimSpace(p.EffectiveUntil)
	for _, k := range []struct{ name, v string }{{"effective_from", p.EffectiveFrom}, {"effective_until", p.EffectiveUntil}} {
		if _, err := time.Parse(time.DateOnly, k.v); k.v != "" && err != nil {
			fe[k.name] = "onestop.procedure.date_invalid"
		}
	}
	if p.EffectiveFrom != "" && p.EffectiveUntil != "" && p.EffectiveUntil <= p.EffectiveFrom {
		fe["effective_until"] = "onestop.procedure.dates_order"
	}
	if p.FeeAmount < 0 || p.FeeAmount > maxFee {
		fe["fee_amount"] = "onestop.procedure.fee_invalid"
	}
	var chans []string
	for _, c := range p.Channels {
		if c != "counter" && c != "online" && c != "post" {
			fe["channels"] = "onestop.procedure.channel_invalid"
		} else if !slices.Contains(chans, c) {
			chans = append(chans, c)
		}
	}
	p.Channels = chans
	if len(p.Documents) > maxDocs {
		fe["documents"] = "onestop.procedure.too_many_documents"
	}
	seen := map[string]bool{}
	for i := range p.Documents {
		d := &p.Documents[i]
		pre := fmt.Sprintf("documents.%d.", i)
		d.ID, d.Name, d.Note = strings.TrimSpace(d.ID), cleanText(d.Name), cleanText(d.Note)
		if !docIDRE.MatchString(d.ID) {
			fe[pre+"id"] = "onestop.procedure.document_id_invalid"
		} else if seen[d.ID] {
			fe[pre+"id"] = "onestop.procedure.document_id_repeated"
		}
		seen[d.ID] = true
		switch {
		case d.Name == "":
			fe[pre+"name"] = "onestop.procedure.document_name_required"
		case runeLen(d.Name) > maxName:
			fe[pre+"name"] = "onestop.too_long"
		}
		if !slices.Contains(DocumentKinds, d.Kind) {
			fe[pre+"kind"] = "onestop.procedure.document_kind_invalid"
		}
		if d.Quantity < 0 || d.Quantity > maxQty {
			fe[pre+"quantity"] = "onestop.procedure.document_quantity_invalid"
		}
		if runeLen(d.Note) > maxText {
			fe[pre+"note"] = "onestop.too_long"
		}
	}
	return fe
}

// catalogueFile is the shape of catalogue/procedures.json.
type catalogueFile struct {
	Version    int                  `json:"version"`
	Sources    []string             `json:"sources"`
	Procedures []catalogueProcedure `json:"procedures"`
}

// catalogueProcedure is one shipped procedure; processing is given in days or hours as the
// law writes it, and time_verified=false marks a time limit not checked against the text.
type catalogueProcedure struct {
	Code           string     `json:"code"`
	CodeVerified   bool       `json:"code_verified"`
	Name           string     `json:"name"`
	Field          string     `json:"field"`
	Level          string     `json:"level"`
	Days           int        `json:"days"`
	Hours          float64    `json:"hours"`
	TimeVerified   bool       `json:"time_verified"`
	ProcessingNote string     `json:"processing_note"`
	FeeText        string     `json:"fee_text"`
	FeeAmount      int64      `json:"fee_amount"`
	FeeExemptions  string     `json:"fee_exemptions"`
	Documents      []Document `json:"documents"`
	LegalBasis     string     `json:"legal_basis"`
	Result         string     `json:"result"`
	Channels       []string   `json:"channels"`
	OnlineAllowed  bool       `json:"online_allowed"`
	Active         *bool      `json:"active"`
	Source         string     `json:"source"`
	ExtendedDays   int        `json:"extended_days"`
	CutOff         bool       `json:"cut_off"`
	BoundaryFree   bool       `json:"boundary_free"`
	EffectiveFrom  string     `json:"effective_from"`
	EffectiveUntil string     `json:"effective_until"`
}

//go:embed catalogue/procedures.json
var catalogueFS embed.FS

// ShippedProcedures returns the procedures shipped with xaso, each commune's starting
// catalogue. A broken file is a programming error caught by the tests.
func ShippedProcedures() ([]Procedure, error) {
	b, err := catalogueFS.ReadFile("catalogue/procedures.json")
	if err != nil {
		return nil, err
	}
	return parseCatalogue(b)
}

func parseCatalogue(b []byte) ([]Procedure, error) {
	var f catalogueFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("onestop: catalogue: %w", err)
	}
	out := make([]Procedure, 0, len(f.Procedures))
	seen := map[string]bool{}
	for _, c := range f.Procedures {
		p := Procedure{Code: c.Code, CodeVerified: c.CodeVerified, Name: c.Name, Field: c.Field, Level: c.Level,
			Processing: Processing{Days: c.Days, Minutes: int(math.Round(c.Hours * 60))}, ProcessingNote: c.ProcessingNote,
			FeeText: c.FeeText, FeeAmount: c.FeeAmount, FeeExemptions: c.FeeExemptions, Documents: c.Documents,
			LegalBasis: c.LegalBasis, Result: c.Result, Channels: c.Channels, OnlineAllowed: c.OnlineAllowed,
			Source: c.Source, Active: c.Active == nil || *c.Active, Version: 1, ExtendedDays: c.ExtendedDays, CutOff: c.CutOff,
			BoundaryFree: c.BoundaryFree, EffectiveFrom: c.EffectiveFrom, EffectiveUntil: c.EffectiveUntil}
		if !c.TimeVerified {
			p.ProcessingNote = strings.TrimSpace(p.ProcessingNote + " " + timeUnverifiedNote)
		}
		if fe := p.normalize(); len(fe) > 0 {
			return nil, fmt.Errorf("onestop: catalogue: procedure %s: %v", c.Code, fe)
		}
		if seen[p.Code] {
			return nil, fmt.Errorf("onestop: catalogue: procedure %s twice", p.Code)
		}
		seen[p.Code] = true
		out = append(out, p)
	}
	return out, nil
}

// timeUnverifiedNote is appended to the note of a shipped time limit that xaso could not
// check against the legal text, so that staff confirm it before relying on it.
const timeUnverifiedNote = "(Thời hạn này chưa được đối chiếu với văn bản gốc; đề nghị cán bộ kiểm tra trên Cổng Dịch vụ công quốc gia.)"

// Text writes the limit in the page's language, numbers by the shell's formatter: "5 ngày làm
// việc", "1,5 giờ làm việc" ("1.5 working hours" in English), or immediate.
func (p Processing) Text(v *web.View) string {
	switch {
	case p.Immediate():
		return v.T("onestop.page.procedure.immediate")
	case p.Days > 0:
		return v.T("calendar.limit.days", p.Days)
	}
	return v.T("calendar.limit.hours", v.Dec(float64(p.Minutes)/60))
}
