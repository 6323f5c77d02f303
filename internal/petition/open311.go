package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/errs"
	"xaso/internal/open311"
	"xaso/internal/web"
)

// The Open311 GeoReport v2 API over the commune's reports and recommendations (complaints and
// denunciations are legal procedures with identity rules of their own and never leave through
// it). Services are the topics; a request is a petition, its id the petition number, its
// expected_datetime the statutory due date. POST needs api_key: a xaso API token of a staff
// account (the integration's), issued on the account page.

// changeset is when the service list last changed (the topics).
var changeset = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

type communeKey struct{}

// open311Backend implements open311.Backend for the request's commune.
type open311Backend struct {
	svc    *Service
	tokens TokenUser
	base   string
}

// TokenUser checks an api_key: auth.Store.TokenUser.
type TokenUser func(ctx context.Context, communeID, token string) (*auth.User, error)

func mountOpen311(s *web.Server, svc *Service, tokens TokenUser) {
	b := &open311Backend{svc: svc, base: svc.base, tokens: tokens}
	h := open311.Handler(b, svc.now)
	serve := func(w http.ResponseWriter, r *http.Request) error {
		t, err := tenant(r)
		if err != nil {
			return err
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), communeKey{}, t.ID)))
		return nil
	}
	s.Handle("GET "+open311.Prefix, auth.Public(), serve)
	s.Handle("POST "+open311.Prefix, auth.Public(), serve)
}

func communeOf(ctx context.Context) string { id, _ := ctx.Value(communeKey{}).(string); return id }

func (b *open311Backend) Discovery(ctx context.Context) (open311.Discovery, error) {
	c, err := commune.GetCommune(ctx, b.svc.d, communeOf(ctx))
	if err != nil {
		return open311.Discovery{}, err
	}
	contact := c.Committee()
	if c.Email != "" {
		contact += ", " + c.Email
	}
	return open311.Discovery{Changeset: changeset, Contact: contact, KeyService: b.base + "/tai-khoan/ma-api",
		Endpoints: []open311.Endpoint{{Specification: "http://wiki.open311.org/GeoReport_v2", URL: b.base + strings.TrimSuffix(open311.Prefix, "/"),
			Changeset: changeset, Type: "production", Formats: []string{"text/xml", "application/json"}}}}, nil
}

func (b *open311Backend) Services(ctx context.Context) ([]open311.Service, error) {
	out := make([]open311.Service, 0, len(Topics))
	for _, t := range Topics {
		out = append(out, open311.Service{Code: t, Name: vi("petition.topic." + t), Description: vi("petition.topic." + t + ".hint"),
			Type: "realtime", Group: vi("petition.open311.group"), Keywords: strings.Split(t, "-")})
	}
	return out, nil
}

func (b *open311Backend) Definition(ctx context.Context, code string) (open311.Definition, error) {
	if !ValidTopic(code) {
		return open311.Definition{}, open311.ErrNotFound
	}
	return open311.Definition{ServiceCode: code}, nil
}

func (b *open311Backend) Create(ctx context.Context, apiKey string, r open311.NewRequest) ([]open311.Created, error) {
	cid := communeOf(ctx)
	if b.tokens == nil {
		return nil, open311.ErrBadKey
	}
	u, err := b.tokens(ctx, cid, apiKey)
	if err != nil || u == nil || !auth.Roles(fileRoles...).Allows(u) {
		return nil, open311.ErrBadKey
	}
	if !ValidTopic(r.ServiceCode) {
		return nil, open311.FieldError{Field: "service_code", Description: "unknown service_code"}
	}
	name := strings.TrimSpace(r.FirstName + " " + r.LastName)
	in := Intake{Kind: Report, Channel: ChannelOpen311, Topic: r.ServiceCode, Place: r.AddressString, Lat: r.Lat, Lon: r.Long,
		Content: r.Description, Sender: Sender{Name: name, Phone: r.Phone, Email: r.Email}, SourceRef: r.DeviceID}
	if in.Content == "" {
		in.Content = vi("petition.topic."+r.ServiceCode) + ": " + r.AddressString
	}
	p, err := b.svc.File(ctx, cid, Actor{ID: u.ID, Name: u.FullName, Roles: u.Roles}, in)
	if fe, ok := errs.Fields(err); ok {
		for field, key := range fe {
			return nil, open311.FieldError{Field: open311Field(field), Description: Messages[key][1]}
		}
	}
	if err != nil {
		return nil, err
	}
	return []open311.Created{{ID: p.Number, Token: p.ID, ServiceNotice: fmt.Sprintf(vi("petition.open311.notice"), p.StepDueAt.In(calendar.Zone).Format("02/01/2006"))}}, nil
}

func open311Field(f string) string {
	switch f {
	case "content":
		return "description"
	case "place":
		return "address_string"
	case "name":
		return "first_name"
	}
	return f
}

const open311Cols = `number, topic, content, place, lat, lon, status, received_at, updated_at, due_at, step_due_at, answer, outcome_note,
	forwarded_to, sender_name, sender_address, sender_phone, sender_email, sender_id_number`

func (b *open311Backend) scan(rows interface{ Scan(...any) error }) (open311.Request, error) {
	var r open311.Request
	var topic, content, place, status, answer, note, fwd string
	var lat, lon sql.NullFloat64
	var due, stepDue sql.NullTime
	var snd Sender
	if err := rows.Scan(&r.ID, &topic, &content, &place, &lat, &lon, &status, &r.Requested, &r.Updated, &due, &stepDue, &answer, &note, &fwd,
		&snd.Name, &snd.Address, &snd.Phone, &snd.Email, &snd.IDNumber); err != nil {
		return r, err
	}
	// The list is public: what names the sender is removed, as in the commune's answers.
	r.ServiceCode, r.ServiceName, r.Description, r.Address = topic, vi("petition.topic."+topic), Redact(content, snd, ""), Redact(place, snd, "")
	r.AgencyResponsible = vi("petition.open311.agency")
	if lat.Valid && lon.Valid {
		r.Lat, r.Long = &lat.Float64, &lon.Float64
	}
	if Status(status).Open() {
		r.Status = "open"
		if due.Valid {
			r.Expected = due.Time
		} else if stepDue.Valid {
			r.Expected = stepDue.Time
		}
	} else {
		r.Status = "closed"
		switch {
		case answer != "":
			r.StatusNotes = answer
		case fwd != "":
			r.StatusNotes = vi("petition.status.forwarded") + ": " + fwd
		default:
			r.StatusNotes = note
		}
	}
	r.StatusNotes = truncate(r.StatusNotes, 1000)
	return r, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// open311Kinds are what the API shows: reports and recommendations whose sender agreed to
// publication, or that came in through the API itself.
const open311Kinds = `kind IN ('report', 'recommendation') AND (publish_consent OR channel = 'open311')`

func (b *open311Backend) Requests(ctx context.Context, f open311.Filter) ([]open311.Request, error) {
	cid := communeOf(ctx)
	where := ` WHERE commune_id = $1 AND ` + open311Kinds
	args := []any{cid}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if len(f.IDs) > 0 {
		ph := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			ph[i] = arg(strings.ToUpper(id))
		}
		where += ` AND number IN (` + strings.Join(ph, ", ") + `)`
	} else {
		where += ` AND received_at >= ` + arg(f.Start.UTC()) + ` AND received_at < ` + arg(f.End.UTC())
		if f.ServiceCode != "" {
			var ph []string
			for _, c := range strings.Split(f.ServiceCode, ",") {
				ph = append(ph, arg(strings.TrimSpace(c)))
			}
			where += ` AND topic IN (` + strings.Join(ph, ", ") + `)`
		}
		switch f.Status {
		case "open":
			where += ` AND status IN ` + openStatuses
		case "closed":
			where += ` AND status NOT IN ` + openStatuses
		}
	}
	rows, err := b.svc.d.Query(ctx, `SELECT `+open311Cols+` FROM petitions`+where+` ORDER BY received_at DESC, id DESC LIMIT 1001`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []open311.Request
	for rows.Next() {
		r, err := b.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (b *open311Backend) Request(ctx context.Context, id string) (open311.Request, error) {
	r, err := b.scan(b.svc.d.QueryRow(ctx, `SELECT `+open311Cols+` FROM petitions WHERE commune_id = $1 AND number = $2 AND `+open311Kinds,
		communeOf(ctx), strings.ToUpper(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, open311.ErrNotFound
	}
	return r, err
}

func (b *open311Backend) Token(ctx context.Context, token string) ([]open311.Created, error) {
	var number string
	err := b.svc.d.QueryRow(ctx, `SELECT number FROM petitions WHERE commune_id = $1 AND id = $2 AND `+open311Kinds, communeOf(ctx), token).Scan(&number)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, open311.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return []open311.Created{{ID: number, Token: token}}, nil
}
