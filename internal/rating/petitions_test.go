package rating_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/rating"
)

var handler = audit.Actor{ID: "u-spec", Name: "Lý Văn Quân"}

// petitionChanged delivers the petitions room's petition.changed for a petition of this kind
// and status, answered at `answered` (zero: not answered), as the outbox would (its JSON
// names: internal/petition/service.go).
func (e *env) petitionChanged(number, kind, status string, answered time.Time) error {
	p := map[string]any{"id": "p-" + number, "number": number, "kind": kind, "status": status, "topic": "dien-nuoc",
		"handler_id": handler.ID, "handler_name": handler.Name}
	if !answered.IsZero() {
		p["answered_at"] = answered
		p["due_at"] = answered.Add(24 * time.Hour)
	}
	b, _ := json.Marshal(p)
	return e.svc.OnPetitionChanged(e.ctx, events.Event{CommuneID: e.cid, ID: "ev-" + number + status, Topic: rating.TopicPetitionChanged, Payload: b})
}

// An answered report, recommendation or complaint becomes rateable once, whatever the
// replays; a denunciation, or a petition not answered, never does.
func TestPetitionBecomesRateableWhenAnswered(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		at := e.clock().Add(-2 * time.Hour)
		for _, c := range []struct {
			number, kind, status string
			answered             time.Time
		}{
			{"DT-2026-00001", "report", "verifying", time.Time{}},
			{"DT-2026-00001", "report", "answered", at},
			{"DT-2026-00001", "report", "answered", at}, // a replay
			{"DT-2026-00002", "denunciation", "answered", at},
			{"DT-2026-00003", "complaint", "answered", at},
			{"DT-2026-00004", "recommendation", "refused", time.Time{}},
		} {
			if err := e.petitionChanged(c.number, c.kind, c.status, c.answered); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM rating_subjects WHERE commune_id = $1 AND subject_type = 'petition'`, e.cid); n != 2 {
			t.Fatalf("%d rateable petitions, want 2 (the report and the complaint)", n)
		}
		sub, err := e.svc.PetitionSubject(e.ctx, e.cid, "DT-2026-00001")
		if err != nil || sub.OfficerID != handler.ID || sub.ProcedureName != "Phản ánh" || !sub.ReturnedAt.Equal(at.UTC()) {
			t.Fatalf("subject %+v %v", sub, err)
		}
		if _, err := e.svc.PetitionSubject(e.ctx, e.cid, "DT-2026-00002"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a denunciation is rateable: %v", err)
		}
		// A dossier and a petition under the same code are different subjects.
		if _, err := e.svc.Subject(e.ctx, e.cid, "DT-2026-00001"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("the petition is rateable as a dossier: %v", err)
		}
		if err := e.svc.OnPetitionChanged(e.ctx, events.Event{CommuneID: e.cid, ID: "bad", Payload: []byte(`{"number": 1}`)}); err == nil {
			t.Fatal("a malformed event was accepted")
		}
	})
}

// The sender rates an answered petition once, even when several ratings arrive together; the
// rating is credited to the handler, published like a dossier's, and a petition not answered
// is refused in the petitions' own words.
func TestPetitionRatedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const number = "DT-2026-00007"
		if _, err := e.svc.RatePetition(e.ctx, e.cid, number, rating.Input{Level: 5}, rating.ChannelSMS, rating.Web); err == nil {
			t.Fatal("a petition not answered was rated")
		} else {
			wantKind(t, err, errs.NotFound, "rating.err.not_answered")
		}
		if err := e.petitionChanged(number, "recommendation", "answered", e.clock().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		stored, refused := 0, 0
		for i := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.RatePetition(e.ctx, e.cid, number, rating.Input{Level: 1 + i%5, Reasons: nil}, rating.ChannelSMS, rating.Web)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					stored++
				case errs.KindOf(err) == errs.Conflict:
					refused++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if stored != 1 || refused != 5 {
			t.Fatalf("stored %d, refused %d", stored, refused)
		}
		r, ok, err := e.svc.PetitionRatingOf(e.ctx, e.cid, number)
		if err != nil || !ok || r.OfficerID != handler.ID || r.SubjectType != rating.SubjectPetition || r.ProcedureCode != "petition:recommendation" {
			t.Fatalf("rating %+v %v %v", r, ok, err)
		}
		if _, ok, _ := e.svc.RatingOf(e.ctx, e.cid, number); ok {
			t.Fatal("the petition's rating reads as a dossier's")
		}
		evs := e.recorded()
		if len(evs) != 1 || !strings.Contains(string(evs[0].Payload), `"subject_type":"petition"`) {
			t.Fatalf("events %d %v", len(evs), evs)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND action = 'rating.rate'`, e.cid); n != 1 {
			t.Fatalf("%d audit entries", n)
		}
	})
}

// A petition's link opens its page only: the token of a dossier with the same code does not,
// nor the reverse.
func TestPetitionLinkToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const number = "DT-2026-00009"
		path, err := e.svc.PetitionRatePath(e.ctx, e.cid, number)
		if err != nil || !strings.HasPrefix(path, "/danh-gia/phan-anh/"+number+"?k=") {
			t.Fatalf("path %q %v", path, err)
		}
		tok := path[strings.Index(path, "k=")+2:]
		if ok, _ := e.svc.CheckPetitionToken(e.ctx, e.cid, number, tok); !ok {
			t.Fatal("the petition's own token is refused")
		}
		if ok, _ := e.svc.CheckToken(e.ctx, e.cid, number, tok); ok {
			t.Fatal("a petition's token opens a dossier's page")
		}
		dossierTok, err := e.svc.Token(e.ctx, e.cid, number)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.svc.CheckPetitionToken(e.ctx, e.cid, number, dossierTok); ok {
			t.Fatal("a dossier's token opens a petition's page")
		}
		if u := e.svc.PetitionRateURL(e.cid, number); u != "https://xa-binhyen.example.vn"+path {
			t.Fatalf("url %q", u)
		}
	})
}

// Decision 766's satisfaction with the handling of reports and recommendations counts the
// month's rated reports and recommendations, not complaints and not dossiers; the dossiers'
// rate does not count petitions.
func TestPetitionSatisfactionArithmetic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		at := e.clock().Add(-3 * time.Hour)
		rate := func(number, kind string, level int) {
			t.Helper()
			if err := e.petitionChanged(number, kind, "answered", at); err != nil {
				t.Fatal(err)
			}
			in := rating.Input{Level: level}
			if level <= 2 {
				in.Reasons = []string{"attitude"}
			}
			if _, err := e.svc.RatePetition(e.ctx, e.cid, number, in, rating.ChannelWeb, rating.Web); err != nil {
				t.Fatal(err)
			}
		}
		rate("DT-2026-00011", "report", 5)
		rate("DT-2026-00012", "report", 4)
		rate("DT-2026-00013", "recommendation", 2)
		rate("DT-2026-00014", "complaint", 5)
		e.returned("H55-261207-0009", "1.001193", desk, at, "counter")
		if _, err := e.svc.Rate(e.ctx, e.cid, "H55-261207-0009", rating.Input{Level: 3}, rating.ChannelCounter, desk); err != nil {
			t.Fatal(err)
		}
		yes, no, err := e.svc.PetitionSatisfaction(e.ctx, e.cid, e.clock())
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(yes, ",") != "DT-2026-00011,DT-2026-00012" || strings.Join(no, ",") != "DT-2026-00013" {
			t.Fatalf("satisfied %v, others %v", yes, no)
		}
		yes, no, err = e.svc.Satisfaction(e.ctx, e.cid, e.clock(), "")
		if err != nil || len(yes) != 0 || strings.Join(no, ",") != "H55-261207-0009" {
			t.Fatalf("dossiers: satisfied %v, others %v, %v", yes, no, err)
		}
		// Last month: nothing.
		if yes, no, err := e.svc.PetitionSatisfaction(e.ctx, e.cid, e.clock().AddDate(0, -1, 0)); err != nil || len(yes)+len(no) != 0 {
			t.Fatalf("last month %v %v %v", yes, no, err)
		}
	})
}
