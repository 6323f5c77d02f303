package rating_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/rating"
	"xaso/internal/secret"
)

// env is a commune, the room's service on a clock the test sets, and a keyring.
type env struct {
	t    *testing.T
	ctx  context.Context
	d    *db.DB
	mu   sync.Mutex
	now  time.Time
	cid  string
	keys *secret.Keyring
	svc  *rating.Service
}

var desk = audit.Actor{ID: "u-desk", Name: "Hoàng Thị Thu"}

func newEnv(t *testing.T, d *db.DB) *env {
	ctx := context.Background()
	e := &env{t: t, ctx: ctx, d: d, now: time.Date(2026, 12, 7, 9, 0, 0, 0, calendar.Zone)}
	e.cid = e.commune("BY", "Bình Yên")
	d.Clock = e.clock
	keys, err := secret.Create(filepath.Join(t.TempDir(), "secret.keys"))
	if err != nil {
		t.Fatal(err)
	}
	e.keys = keys
	e.svc = rating.New(rating.Deps{DB: d, Now: e.clock, Keys: keys, BaseURL: "https://xa-binhyen.example.vn/"})
	return e
}

func (e *env) clock() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }
func (e *env) set(t time.Time)  { e.mu.Lock(); e.now = t; e.mu.Unlock() }

func (e *env) commune(code, name string) string {
	var c commune.Commune
	if err := e.d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(e.ctx, tx, commune.Commune{Code: code, Name: name, Province: "Thái Nguyên", AgencyCode: "000.00.12." + code})
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}

// returned delivers the one-stop room's event for a dossier returned at `at`, as the outbox
// would (its JSON names: internal/onestop/events.go).
func (e *env) returned(code, procedure string, by audit.Actor, at time.Time, method string) {
	e.t.Helper()
	payload := map[string]any{"commune_id": e.cid, "dossier_id": "d-" + code, "code": code, "procedure_code": procedure,
		"procedure_name": "Đăng ký khai sinh", "action": "return", "status": "returned", "channel": 1,
		"applicant": map[string]any{"name": "Nông Thị Hoa", "phone": "0912345678"}, "received_at": at.Add(-time.Hour),
		"due_at": at.Add(time.Hour), "at": at, "return_method": method, "officer": map[string]any{"id": by.ID, "name": by.Name}}
	b, _ := json.Marshal(payload)
	if err := e.svc.OnDossierReturned(e.ctx, events.Event{CommuneID: e.cid, ID: "ev-" + code, Topic: rating.TopicDossierReturned, Payload: b}); err != nil {
		e.t.Fatal(err)
	}
}

// recorded are the rating.recorded events, newest first.
func (e *env) recorded() []events.Event {
	e.t.Helper()
	all, err := events.List(e.ctx, e.d, e.cid, "", 100, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []events.Event
	for _, ev := range all {
		if ev.Topic == rating.TopicRecorded {
			out = append(out, ev)
		}
	}
	return out
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func wantKind(t *testing.T, err error, kind errs.Kind, key string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind || (key != "" && e.Key != key) {
		t.Fatalf("got %v, want %v %s", err, kind, key)
	}
}

// A replayed event (the outbox delivers at least once) leaves one rateable dossier.
func TestReturnedEventReplayIsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		at := e.clock().Add(-10 * time.Minute)
		for range 3 {
			e.returned("H55-261207-0001", "1.001193", desk, at, "counter")
		}
		if n := e.count(`SELECT COUNT(*) FROM rating_subjects WHERE commune_id = $1`, e.cid); n != 1 {
			t.Fatalf("%d subjects after three deliveries", n)
		}
		sub, err := e.svc.Subject(e.ctx, e.cid, "H55-261207-0001")
		if err != nil || sub.OfficerID != desk.ID || sub.ProcedureCode != "1.001193" || !sub.ReturnedAt.Equal(at.UTC()) || sub.DueAt.IsZero() || sub.ApplicantName != "Nông Thị Hoa" {
			t.Fatalf("subject %+v %v", sub, err)
		}
		// A malformed payload is an error (retried, then parked for the admins), not a silent loss.
		if err := e.svc.OnDossierReturned(e.ctx, events.Event{CommuneID: e.cid, ID: "bad", Payload: []byte(`{"code": 1}`)}); err == nil {
			t.Fatal("a malformed event was accepted")
		}
		if err := e.svc.OnDossierReturned(e.ctx, events.Event{CommuneID: e.cid, ID: "empty", Payload: []byte(`{}`)}); err == nil {
			t.Fatal("an event without a dossier was accepted")
		}
	})
}

// Ratings fired at one dossier at the same time: exactly one is stored, with one audit entry
// and one event; every other caller is told, in Vietnamese, that it was already rated.
func TestOncePerDossierUnderRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const code = "H55-261207-0002"
		e.returned(code, "1.001193", desk, e.clock().Add(-5*time.Minute), "counter")
		const n = 12
		var wg sync.WaitGroup
		errsOut := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				in := rating.Input{Level: 1 + i%5, Reasons: []string{"long_wait"}}
				if i%2 == 0 {
					_, errsOut[i] = e.svc.RateAtCounter(e.ctx, e.cid, code, in, desk)
				} else {
					_, errsOut[i] = e.svc.Rate(e.ctx, e.cid, code, in, rating.ChannelQR, rating.Web)
				}
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errsOut {
			if err == nil {
				ok++
				continue
			}
			wantKind(t, err, errs.Conflict, "rating.err.already_rated")
		}
		if ok != 1 {
			t.Fatalf("%d ratings succeeded, want exactly 1: %v", ok, errsOut)
		}
		if got := e.count(`SELECT COUNT(*) FROM ratings WHERE commune_id = $1`, e.cid); got != 1 {
			t.Fatalf("%d ratings stored", got)
		}
		if got := e.count(`SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, rating.TopicRecorded); got != 1 {
			t.Fatalf("%d events", got)
		}
		if got := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND action = 'rating.rate'`, e.cid); got != 1 {
			t.Fatalf("%d audit entries", got)
		}
		msg := rating.Messages["rating.err.already_rated"][0]
		if !strings.Contains(msg, "đã được đánh giá") || !strings.Contains(msg, "Xin cảm ơn") {
			t.Errorf("the refusal is not a polite Vietnamese sentence: %q", msg)
		}
	})
}

// The event carries exactly the payload the conduct room reads.
func TestRecordedEventPayload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const code = "H55-261207-0003"
		e.returned(code, "1.001193", desk, e.clock().Add(-5*time.Minute), "counter")
		r, err := e.svc.RateAtCounter(e.ctx, e.cid, code, rating.Input{Level: 2, Reasons: []string{"other", "attitude", "attitude"},
			Comment: "  Cán bộ nói chuyện điện thoại khi tiếp dân.  "}, desk)
		if err != nil {
			t.Fatal(err)
		}
		evs := e.recorded()
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		var m map[string]any
		if err := json.Unmarshal(evs[0].Payload, &m); err != nil {
			t.Fatal(err)
		}
		want := []string{"commune_id", "rating_id", "subject_type", "subject_id", "dossier_code", "procedure_code", "procedure_name",
			"officer_id", "officer_name", "level", "reasons", "comment", "channel", "at"}
		if len(m) != len(want) {
			t.Errorf("payload has %d fields, want %d: %s", len(m), len(want), evs[0].Payload)
		}
		for _, k := range want {
			if _, ok := m[k]; !ok {
				t.Errorf("payload lacks %q: %s", k, evs[0].Payload)
			}
		}
		if m["rating_id"] != r.ID || m["dossier_code"] != code || m["officer_id"] != desk.ID || m["level"] != 2.0 || m["channel"] != "counter" ||
			m["subject_type"] != "dossier" || m["comment"] != "Cán bộ nói chuyện điện thoại khi tiếp dân." {
			t.Errorf("payload %s", evs[0].Payload)
		}
		if rs, _ := m["reasons"].([]any); len(rs) != 2 || rs[0] != "attitude" || rs[1] != "other" {
			t.Errorf("reasons %v, want [attitude other] in the list's order, once each", m["reasons"])
		}
		// A satisfied rating keeps no reasons, and its reasons are an empty list, not null.
		const code2 = "H55-261207-0004"
		e.returned(code2, "1.001193", desk, e.clock().Add(-5*time.Minute), "counter")
		if _, err := e.svc.Rate(e.ctx, e.cid, code2, rating.Input{Level: 5, Reasons: []string{"attitude"}}, rating.ChannelSMS, rating.Web); err != nil {
			t.Fatal(err)
		}
		evs = e.recorded()
		if !strings.Contains(string(evs[0].Payload), `"reasons":[]`) || !strings.Contains(string(evs[0].Payload), `"channel":"sms"`) {
			t.Errorf("payload %s", evs[0].Payload)
		}
	})
}

// What may be rated where: not before the return; on the tablet only the officer's own return
// at the counter within two hours; a level 1–5 and known reasons only.
func TestRatingRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.Rate(e.ctx, e.cid, "H55-261207-0009", rating.Input{Level: 4}, rating.ChannelWeb, rating.Web)
		wantKind(t, err, errs.NotFound, "rating.err.not_returned")

		now := e.clock()
		other := audit.Actor{ID: "u-other", Name: "Lương Văn Tuấn"}
		e.returned("A-1", "1.001193", desk, now.Add(-3*time.Hour), "counter") // too old for the tablet
		e.returned("A-2", "1.001193", desk, now.Add(-90*time.Minute), "post") // sent by post
		e.returned("A-3", "1.001193", desk, now.Add(-60*time.Minute), "counter")
		e.returned("A-4", "1.001193", desk, now.Add(-30*time.Minute), "counter")
		e.returned("A-5", "1.001193", other, now.Add(-10*time.Minute), "counter")
		sub, ok, err := e.svc.AwaitingAtCounter(e.ctx, e.cid, desk.ID)
		if err != nil || !ok || sub.Code != "A-4" {
			t.Fatalf("the tablet offers %q %v %v, want A-4", sub.Code, ok, err)
		}
		for _, code := range []string{"A-1", "A-2", "A-5"} {
			_, err := e.svc.RateAtCounter(e.ctx, e.cid, code, rating.Input{Level: 5}, desk)
			wantKind(t, err, errs.Conflict, "rating.err.counter_gone")
		}
		// can still be rated from their links.
		if _, err := e.svc.Rate(e.ctx, e.cid, "A-1", rating.Input{Level: 3}, rating.ChannelQR, rating.Web); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Rate(e.ctx, e.cid, "A-2", rating.Input{Level: 0}, rating.ChannelQR, rating.Web)
		if fe, ok := errs.Fields(err); !ok || fe["level"] != "rating.err.level" {
			t.Fatalf("level 0: %v", err)
		}
		_, err = e.svc.Rate(e.ctx, e.cid, "A-2", rating.Input{Level: 1, Reasons: []string{"bribe"}}, rating.ChannelQR, rating.Web)
		if fe, ok := errs.Fields(err); !ok || fe["reason"] != "rating.err.reason" {
			t.Fatalf("unknown reason: %v", err)
		}
		_, err = e.svc.Rate(e.ctx, e.cid, "A-2", rating.Input{Level: 1, Comment: strings.Repeat("ă", rating.MaxComment+1)}, rating.ChannelQR, rating.Web)
		if fe, ok := errs.Fields(err); !ok || fe["comment"] != "rating.err.comment_long" {
			t.Fatalf("long comment: %v", err)
		}
		if _, err := e.svc.RateAtCounter(e.ctx, e.cid, "A-4", rating.Input{Level: 4}, desk); err != nil {
			t.Fatal(err)
		}
		// Rated: the tablet offers the next unrated return, A-3; the other officer's tablet A-5.
		if sub, ok, _ := e.svc.AwaitingAtCounter(e.ctx, e.cid, desk.ID); !ok || sub.Code != "A-3" {
			t.Errorf("after A-4 the tablet offers %q %v", sub.Code, ok)
		}
		if sub, ok, _ := e.svc.AwaitingAtCounter(e.ctx, e.cid, other.ID); !ok || sub.Code != "A-5" {
			t.Errorf("the other tablet offers %q %v", sub.Code, ok)
		}
		// Two hours on, the tablet offers nothing.
		e.set(now.Add(2 * time.Hour))
		if sub, ok, _ := e.svc.AwaitingAtCounter(e.ctx, e.cid, desk.ID); ok {
			t.Errorf("two hours on the tablet offers %q", sub.Code)
		}
		if r, ok, err := e.svc.RatingOf(e.ctx, e.cid, "A-4"); err != nil || !ok || r.Level != 4 || r.Channel != rating.ChannelCounter {
			t.Errorf("rating of A-4: %+v %v %v", r, ok, err)
		}
	})
}

// The token of a rating link: right for its commune and code only; any case; ≥ 80 bits; the
// key sealed by the keyring, and still the same after a restart and after a rotation.
func TestRatingLinkToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const code = "000.00.12.H55-261207-0001"
		tok, err := e.svc.Token(e.ctx, e.cid, code)
		if err != nil || len(tok) != 16 {
			t.Fatalf("token %q %v", tok, err)
		}
		check := func(svc *rating.Service, communeID, code, tok string, want bool) {
			t.Helper()
			ok, err := svc.CheckToken(e.ctx, communeID, code, tok)
			if err != nil || ok != want {
				t.Errorf("CheckToken(%s, %s, %q) = %v %v, want %v", communeID, code, tok, ok, err, want)
			}
		}
		check(e.svc, e.cid, code, tok, true)
		check(e.svc, e.cid, code, strings.ToUpper(tok), true)
		check(e.svc, e.cid, code, " "+tok+" ", true)
		check(e.svc, e.cid, "000.00.12.H55-261207-0002", tok, false)
		flipped := []byte(tok)
		flipped[3] ^= 1
		check(e.svc, e.cid, code, string(flipped), false)
		check(e.svc, e.cid, code, tok[:15], false)
		check(e.svc, e.cid, code, "", false)
		other := e.commune("KHAC", "Khác")
		check(e.svc, other, code, tok, false)
		if u := e.svc.RateURL(e.cid, code); u != "https://xa-binhyen.example.vn/danh-gia/ho-so/"+code+"?k="+tok {
			t.Errorf("RateURL %q", u)
		}
		// The key is sealed in the database, never stored in the clear.
		var stored string
		var sealed bool
		if err := d.QueryRow(e.ctx, `SELECT secret, sealed FROM rating_keys WHERE commune_id = $1`, e.cid).Scan(&stored, &sealed); err != nil || !sealed {
			t.Fatalf("key row: sealed %v %v", sealed, err)
		}
		// Another instance with the same keyring accepts the link; one without a keyring cannot
		// read the sealed key and says so.
		check(rating.New(rating.Deps{DB: d, Now: e.clock, Keys: e.keys}), e.cid, code, tok, true)
		if _, err := rating.New(rating.Deps{DB: d, Now: e.clock}).CheckToken(e.ctx, e.cid, code, tok); err == nil {
			t.Error("a sealed key was read without the keyring")
		}
		// Rotating the keyring keeps printed links valid; the key is sealed again under the new one.
		path := filepath.Join(t.TempDir(), "rotated.keys")
		first, err := secret.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		plain := rating.New(rating.Deps{DB: d, Now: e.clock})
		third := e.commune("BA", "Ba")
		tok3, err := plain.Token(e.ctx, third, code) // no keyring yet: kept unsealed
		if err != nil {
			t.Fatal(err)
		}
		check(rating.New(rating.Deps{DB: d, Now: e.clock, Keys: first}), third, code, tok3, true)
		var s1 string
		d.QueryRow(e.ctx, `SELECT secret FROM rating_keys WHERE commune_id = $1`, third).Scan(&s1)
		rotated, err := secret.Rotate(path)
		if err != nil {
			t.Fatal(err)
		}
		check(rating.New(rating.Deps{DB: d, Now: e.clock, Keys: rotated}), third, code, tok3, true)
		var s2 string
		d.QueryRow(e.ctx, `SELECT secret FROM rating_keys WHERE commune_id = $1`, third).Scan(&s2)
		if s1 == s2 || !rotated.NeedsRotation(mustB64(t, s1)) || rotated.NeedsRotation(mustB64(t, s2)) {
			t.Errorf("the key was not sealed again under the active key after the rotation")
		}
	})
}

func mustB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The figures on a hand-made set: two officers, two procedures, two months.
//
//	November: desk 5 (P1), desk 4 (P1), other 1 (P2)
//	December: desk 2 (P1), desk 3 (P2), other 5 (P2), other 4 (P1), other 1 (P1)
func TestFiguresArithmetic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		other := audit.Actor{ID: "u-other", Name: "Lương Văn Tuấn"}
		nov := time.Date(2026, 11, 30, 23, 30, 0, 0, calendar.Zone) // 16:30 UTC: still November in Vietnam
		dec := time.Date(2026, 12, 1, 0, 30, 0, 0, calendar.Zone)   // 17:30 UTC on 30 November: December in Vietnam
		set := []struct {
			at    time.Time
			by    audit.Actor
			proc  string
			level int
		}{
			{nov, desk, "P1", 5}, {nov, desk, "P1", 4}, {nov, other, "P2", 1},
			{dec, desk, "P1", 2}, {dec, desk, "P2", 3}, {dec, other, "P2", 5}, {dec, other, "P1", 4}, {dec, other, "P1", 1},
		}
		for i, x := range set {
			code := "C-" + string(rune('A'+i))
			e.returned(code, x.proc, x.by, x.at.Add(-time.Minute), "counter")
			e.set(x.at)
			var reasons []string
			if x.level <= 2 {
				reasons = []string{"long_wait"}
			}
			if _, err := e.svc.Rate(e.ctx, e.cid, code, rating.Input{Level: x.level, Reasons: reasons}, rating.ChannelWeb, rating.Web); err != nil {
				t.Fatal(err)
			}
		}
		decScope := rating.Scope{FromMonth: "2026-12", ToMonth: "2026-12"}
		tot, err := e.svc.Total(e.ctx, e.cid, decScope)
		if err != nil {
			t.Fatal(err)
		}
		// December: 5 ratings, sum 15, average 3, satisfied 2 (40 %), not satisfied 2.
		if tot.Count != 5 || tot.Sum != 15 || tot.Average() != 3 || tot.Satisfied != 2 || tot.SatisfiedPercent() != 40 || tot.Unsatisfied != 2 {
			t.Errorf("December %+v avg %v pct %v", tot, tot.Average(), tot.SatisfiedPercent())
		}
		byOff, n, err := e.svc.ByOfficer(e.ctx, e.cid, decScope, 10, 0)
		if err != nil || n != 2 || len(byOff) != 2 {
			t.Fatalf("by officer %v %d %v", byOff, n, err)
		}
		// By name: Hoàng Thị Thu (desk) 2+3 → 2,5; Lương Văn Tuấn 5+4+1 → 3,33, 66,7 %.
		if f := byOff[0]; f.Key != desk.ID || f.Count != 2 || f.Average() != 2.5 || f.Satisfied != 0 || f.Unsatisfied != 1 {
			t.Errorf("desk %+v", f)
		}
		if f := byOff[1]; f.Key != other.ID || f.Name != other.Name || f.Count != 3 || f.Average() != 3.33 || f.SatisfiedPercent() != 66.7 || f.Unsatisfied != 1 {
			t.Errorf("other %+v avg %v pct %v", f, f.Average(), f.SatisfiedPercent())
		}
		byProc, n, err := e.svc.ByProcedure(e.ctx, e.cid, decScope, 1, 1) // the second page of one
		if err != nil || n != 2 || len(byProc) != 1 || byProc[0].Key != "P2" || byProc[0].Count != 2 || byProc[0].Sum != 8 {
			t.Errorf("by procedure page 2: %v %d %v", byProc, n, err)
		}
		both := rating.Scope{FromMonth: "2026-11", ToMonth: "2026-12"}
		byMonth, _, err := e.svc.ByMonth(e.ctx, e.cid, both, 12, 0)
		if err != nil || len(byMonth) != 2 || byMonth[0].Key != "2026-12" || byMonth[1].Key != "2026-11" || byMonth[1].Count != 3 ||
			byMonth[1].Average() != 3.33 || byMonth[1].Satisfied != 2 {
			t.Errorf("by month %+v %v", byMonth, err)
		}
		// A desk officer's own scope, and the lists behind a figure.
		own := rating.Scope{FromMonth: "2026-11", ToMonth: "2026-12", OfficerID: desk.ID}
		if tot, _ := e.svc.Total(e.ctx, e.cid, own); tot.Count != 4 || tot.Sum != 14 {
			t.Errorf("desk's own %+v", tot)
		}
		list, total, err := e.svc.List(e.ctx, e.cid, decScope, rating.LevelUnsatisfied, 10, 0)
		if err != nil || total != 2 || len(list) != 2 || list[0].Code != "C-H" || list[1].Code != "C-D" || list[0].Reasons[0] != "long_wait" {
			t.Errorf("unsatisfied list %v %d %v", list, total, err)
		}
		list, total, _ = e.svc.List(e.ctx, e.cid, rating.Scope{FromMonth: "2026-12", ToMonth: "2026-12", Procedure: "P1"}, rating.LevelSatisfied, 10, 0)
		if total != 1 || list[0].Code != "C-G" {
			t.Errorf("satisfied P1 list %v %d", list, total)
		}
		if _, total, _ = e.svc.List(e.ctx, e.cid, both, rating.Level("5"), 1, 0); total != 2 {
			t.Errorf("level 5: %d", total)
		}
		// Decision 766: satisfied over all rated dossiers of the month.
		yes, no, err := e.svc.Satisfaction(e.ctx, e.cid, time.Date(2026, 12, 15, 0, 0, 0, 0, calendar.Zone), "")
		if err != nil || len(yes) != 2 || len(no) != 3 {
			t.Errorf("satisfaction %v %v %v", yes, no, err)
		}
		yes, no, _ = e.svc.Satisfaction(e.ctx, e.cid, nov, "P2")
		if len(yes) != 0 || len(no) != 1 || no[0] != "C-C" {
			t.Errorf("November P2 satisfaction %v %v", yes, no)
		}
		// Today (1 December in Vietnam): the five December ratings, two not satisfied.
		if f, err := e.svc.Today(e.ctx, e.cid, ""); err != nil || f.Count != 5 || f.Unsatisfied != 2 {
			t.Errorf("today %+v %v", f, err)
		}
		if f, _ := e.svc.Today(e.ctx, e.cid, other.ID); f.Count != 3 {
			t.Errorf("today for the other officer %+v", f)
		}
	})
}
