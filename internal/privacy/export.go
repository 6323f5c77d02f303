package privacy

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"strings"
	"time"

	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Schema names the export's format; a change that removes or renames a field takes a new one.
const Schema = "xaso.personal.v1"

// Export writes, as one JSON document streamed to w, everything the commune holds about the
// person of request r: their resident row and household, the dossiers where they are the
// applicant, the bookings and petitions under their ID number or phone, their information
// requests, reception visits and requests about their data, and who among the staff read
// those records. It never includes a sealed identity (a denunciation's sender: its handler
// answers that), the staff's notes on a petition, or another person's record: a booking or
// petition found by the phone alone under another name is counted in "withheld", not shown.
func (s *Service) Export(ctx context.Context, communeID string, commune ExportCommune, r Request, w io.Writer) error {
	return errs.Wrap("privacy: export", s.export(ctx, communeID, commune, r, w).err)
}

func (s *Service) export(ctx context.Context, communeID string, commune ExportCommune, r Request, w io.Writer) *exporter {
	x := &exporter{ctx: ctx, s: s, w: w, communeID: communeID, name: fold.String(r.FullName)}
	phones := phoneForms(r.Phone)
	x.raw(`{"schema":`)
	x.value(Schema)
	x.raw(`,"generated_at":`)
	x.value(s.nowUTC().Format(time.RFC3339))
	x.raw(`,"commune":`)
	x.value(commune)
	x.raw(`,"request":`)
	x.value(map[string]any{"number": r.Number, "kind": r.Kind, "received_at": r.ReceivedAt.Format(time.RFC3339),
		"full_name": r.FullName, "id_number": r.IDNumber, "phone": r.Phone})
	x.raw(`,"sections":{`)
	x.section("residents", SubjectResident, "id", `SELECT id, household_id, full_name, birth_date, gender, id_number, phone, relation,
		is_voter, created_at, updated_at FROM residents WHERE commune_id = $1 AND id_number = $2`,
		[]any{r.IDNumber}, cols("id household_id full_name birth_date gender id_number phone relation", "is_voter:b created_at:t updated_at:t"), nil)
	// The household as it concerns them: its head's name and phone only when they are the head.
	x.section("households", SubjectHousehold, "id", `SELECT h.id, h.code, COALESCE(hm.name, ''), h.address,
		CASE WHEN h.head_name = r.full_name THEN h.head_name ELSE '' END, CASE WHEN h.head_name = r.full_name THEN h.phone ELSE '' END
		FROM residents r JOIN households h ON h.commune_id = r.commune_id AND h.id = r.household_id
		LEFT JOIN hamlets hm ON hm.commune_id = h.commune_id AND hm.id = h.hamlet_id
		WHERE r.commune_id = $1 AND r.id_number = $2`,
		[]any{r.IDNumber}, cols("id code hamlet address head_name phone", ""), nil)
	x.section("dossiers", SubjectDossier, "code", `SELECT code, procedure_code, procedure_name, status, applicant_name,
		applicant_id_number, applicant_phone, applicant_email, applicant_address, channel, received_at, due_at, returned_at, return_method
		FROM dossiers WHERE commune_id = $1 AND applicant_id_number = $2 ORDER BY received_at`,
		[]any{r.IDNumber}, cols("code procedure_code procedure_name status applicant_name applicant_id_number applicant_phone applicant_email applicant_address",
			"channel:i received_at:t due_at:t returned_at:t return_method"), nil)
	x.section("bookings", "", "", `SELECT code, procedure_name, day, start_minute, status, name, phone, id_number, created_at
		FROM bookings WHERE commune_id = $1 AND (id_number = $2 OR phone IN ($3, $4)) ORDER BY starts_at`,
		[]any{r.IDNumber, phones[0], phones[1]}, cols("code procedure_name day", "start_minute:i status name phone id_number created_at:t"),
		x.samePerson("name", "id_number", r.IDNumber))
	// Never a denunciation (its sender is sealed) and never the staff's steps and notes.
	x.section("petitions", SubjectPetition, "number", `SELECT number, kind, topic, status, content, sender_name, sender_address,
		sender_phone, sender_email, sender_id_number, received_at, answer, answered_at, closed_at FROM petitions
		WHERE commune_id = $1 AND identity_sealed IS NULL AND kind <> 'denunciation'
		AND (sender_id_number = $2 OR sender_phone IN ($3, $4)) ORDER BY received_at`,
		[]any{r.IDNumber, phones[0], phones[1]}, cols("number kind topic status content sender_name sender_address sender_phone sender_email sender_id_number",
			"received_at:t answer answered_at:t closed_at:t"), x.samePerson("sender_name", "sender_id_number", r.IDNumber))
	x.section("information_requests", "", "", `SELECT number, kind, status, requester_name, requester_address, requester_id_number,
		requester_phone, requester_email, information, received_at, due_at, answered_at, answer, refusal_reason
		FROM inforequests WHERE commune_id = $1 AND requester_id_number = $2 ORDER BY received_at`,
		[]any{r.IDNumber}, cols("number kind status requester_name requester_address requester_id_number requester_phone requester_email information",
			"received_at:t due_at:t answered_at:t answer refusal_reason"), nil)
	x.section("reception_visits", SubjectVisit, "id", `SELECT id, day, citizen_name, citizen_address, id_number, matter_kind, matter,
		request, reply_due_at, reply_text FROM reception_visits WHERE commune_id = $1 AND id_number = $2 AND matter_kind <> 'denunciation'
		ORDER BY day`, []any{r.IDNumber}, cols("id day citizen_name citizen_address id_number matter_kind matter request", "reply_due_at:t reply_text"), nil)
	x.section("personal_data_requests", SubjectRequest, "number", `SELECT number, kind, status, full_name, id_number, phone, delivery,
		wrong_text, right_text, received_at, due_at, verified_at, answered_at, answer, refusal_reason FROM privacy_requests
		WHERE commune_id = $1 AND id_number = $2 ORDER BY received_at`,
		[]any{r.IDNumber}, cols("number kind status full_name id_number phone delivery wrong_text right_text",
			"received_at:t due_at:t verified_at:t answered_at:t answer refusal_reason"), nil)
	// Found by the phone (these rooms keep no ID number), each row under the requester's name
	// only. Never the staff's findings on a report, nor a survey's answers (kept apart).
	same := func(nameCol string) func(map[string]any) bool { return x.samePerson(nameCol, "", r.IDNumber) }
	x.section("letters", "", "", `SELECT id, kind, occasion, recipient_name, recipient_address, recipient_phone, title, body,
		status, created_at, delivered_at FROM letters WHERE commune_id = $1 AND recipient_phone IN ($2, $3) ORDER BY created_at`,
		[]any{phones[0], phones[1]}, cols("id kind occasion recipient_name recipient_address recipient_phone title body status",
			"created_at:t delivered_at:t"), same("recipient_name"))
	x.section("rating_invitations", "", "", `SELECT code, procedure_name, applicant_name, applicant_phone, returned_at
		FROM rating_subjects WHERE commune_id = $1 AND applicant_phone IN ($2, $3) ORDER BY returned_at`,
		[]any{phones[0], phones[1]}, cols("code procedure_name applicant_name applicant_phone", "returned_at:t"), same("applicant_name"))
	x.section("sipas_invitations", "", "", `SELECT dossier_code, procedure_name, applicant_name, applicant_phone, returned_at,
		answered_at FROM sipas_invitations WHERE commune_id = $1 AND applicant_phone IN ($2, $3) ORDER BY returned_at`,
		[]any{phones[0], phones[1]}, cols("dossier_code procedure_name applicant_name applicant_phone", "returned_at:t answered_at:t"),
		same("applicant_name"))
	x.section("conduct_reports", "", "", `SELECT id, officer_name, body, happened_on, reporter_name, reporter_phone, received_at,
		status, outcome FROM conduct_reports WHERE commune_id = $1 AND reporter_phone IN ($2, $3) ORDER BY received_at`,
		[]any{phones[0], phones[1]}, cols("id officer_name body happened_on reporter_name reporter_phone", "received_at:t status outcome"),
		same("reporter_name"))
	x.section("consultation_opinions", "", "", `SELECT id, consultation_id, author_name, author_phone, body, received_on
		FROM consultation_opinions WHERE commune_id = $1 AND author_phone IN ($2, $3) ORDER BY created_at`,
		[]any{phones[0], phones[1]}, cols("id consultation_id author_name author_phone body received_on", ""), same("author_name"))
	x.reads()
	x.raw(`},"withheld":`)
	x.value(map[string]int{"found_by_phone_under_another_name": x.withheld})
	x.raw("}\n")
	return x
}

// ExportCommune names the controller in the document.
type ExportCommune struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
}

// phoneForms is the phone as "0…" and as "+84…", the two ways rooms store it.
func phoneForms(p string) [2]string {
	if strings.HasPrefix(p, "0") {
		return [2]string{p, "+84" + p[1:]}
	}
	return [2]string{p, p}
}

type col struct {
	name string
	kind byte // 's' text, 't' time, 'b' boolean, 'i' integer (all nullable)
}

// cols reads "a b c" (text columns) and "x:t y:b z" (typed, text when untyped).
func cols(texts, typed string) []col {
	var out []col
	for _, f := range strings.Fields(texts) {
		out = append(out, col{f, 's'})
	}
	for _, f := range strings.Fields(typed) {
		name, k, ok := strings.Cut(f, ":")
		if !ok {
			k = "s"
		}
		out = append(out, col{name, k[0]})
	}
	return out
}

type exporter struct {
	ctx       context.Context
	s         *Service
	w         io.Writer
	communeID string
	name      string // the requester's name, folded
	err       error
	sections  int
	withheld  int
	subjects  []subjectRef
}

type subjectRef struct{ typ, id string }

func (x *exporter) raw(s string) {
	if x.err == nil {
		_, x.err = io.WriteString(x.w, s)
	}
}

func (x *exporter) value(v any) {
	if x.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		x.err = err
		return
	}
	_, x.err = x.w.Write(b)
}

// samePerson keeps a row found by the phone only when its ID number is the requester's or its
// name is theirs (without diacritics and case); the others are counted as withheld.
func (x *exporter) samePerson(nameCol, idCol, idNumber string) func(map[string]any) bool {
	return func(row map[string]any) bool {
		if id, _ := row[idCol].(string); id == idNumber {
			return true
		}
		n, _ := row[nameCol].(string)
		if fold.String(n) == x.name {
			return true
		}
		x.withheld++
		return false
	}
}

// section writes "name":[rows…], each row an object of cols, remembering the subjects of the
// read log (subject type and the column that holds its id) and keeping only the rows keep
// allows (all when nil).
func (x *exporter) section(name, subject, idCol, query string, args []any, cs []col, keep func(map[string]any) bool) {
	if x.err != nil {
		return
	}
	if x.sections > 0 {
		x.raw(",")
	}
	x.sections++
	x.value(name)
	x.raw(":[")
	rows, err := x.s.d.Query(x.ctx, query, append([]any{x.communeID}, args...)...)
	if err != nil {
		x.err = err
		return
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		dest := make([]any, len(cs))
		for i, c := range cs {
			switch c.kind {
			case 't':
				dest[i] = new(sql.NullTime)
			case 'b':
				dest[i] = new(sql.NullBool)
			case 'i':
				dest[i] = new(sql.NullInt64)
			default:
				dest[i] = new(sql.NullString)
			}
		}
		if err := rows.Scan(dest...); err != nil {
			x.err = err
			return
		}
		row := map[string]any{}
		for i, c := range cs {
			switch v := dest[i].(type) {
			case *sql.NullTime:
				if v.Valid {
					row[c.name] = v.Time.UTC().Format(time.RFC3339)
				} else {
					row[c.name] = nil
				}
			case *sql.NullBool:
				row[c.name] = v.Bool
			case *sql.NullInt64:
				row[c.name] = v.Int64
			case *sql.NullString:
				row[c.name] = v.String
			}
		}
		if keep != nil && !keep(row) {
			continue
		}
		if subject != "" {
			if id, _ := row[idCol].(string); id != "" {
				x.subjects = append(x.subjects, subjectRef{subject, id})
			}
		}
		if n > 0 {
			x.raw(",")
		}
		n++
		x.value(row)
	}
	if x.err == nil {
		x.err = rows.Err()
	}
	x.raw("]")
}

// reads writes "reads":[…]: who among the staff opened the records found, newest first, at
// most 200 per record.
func (x *exporter) reads() {
	if x.err != nil {
		return
	}
	x.raw(`,"reads":[`)
	n := 0
	for _, sub := range x.subjects {
		list, _, err := x.s.Reads(x.ctx, x.communeID, ReadFilter{SubjectType: sub.typ, SubjectID: sub.id, Limit: 200})
		if err != nil {
			x.err = err
			return
		}
		for _, rd := range list {
			if n > 0 {
				x.raw(",")
			}
			n++
			x.value(map[string]any{"at": rd.At.Format(time.RFC3339), "staff": rd.UserName, "role": rd.Role,
				"record": rd.SubjectType, "record_id": rd.SubjectID})
		}
	}
	x.raw("]")
}

// Held is a record of the person found in another room, with its staff page and its latest
// reads.
type Held struct {
	Type, ID, URL string
	Reads         []Read
	ReadsTotal    int
}

// Holdings lists the records Export would find for r (by walking it into nothing), each with
// up to 10 of its latest reads, for the request's staff page.
func (s *Service) Holdings(ctx context.Context, communeID string, r Request) ([]Held, error) {
	x := s.export(ctx, communeID, ExportCommune{}, r, io.Discard)
	if x.err != nil {
		return nil, errs.Wrap("privacy: holdings", x.err)
	}
	out := make([]Held, 0, len(x.subjects))
	for _, sub := range x.subjects {
		reads, total, err := s.Reads(ctx, communeID, ReadFilter{SubjectType: sub.typ, SubjectID: sub.id, Limit: 10})
		if err != nil {
			return nil, err
		}
		out = append(out, Held{Type: sub.typ, ID: sub.id, URL: SubjectURL(sub.typ, sub.id), Reads: reads, ReadsTotal: total})
	}
	return out, nil
}
