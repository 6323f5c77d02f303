package app_test

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/rating/sipas"
	"xaso/internal/web"
)

// walkSipas seeds the SIPAS room for the page walk (TestNumbersOnEveryPage): it returns the
// pages no link leads to, and the templates the walk cannot reach with the test that renders each.
//
// The walk's clock stands on 2 March 2026 while the demo dossiers were returned in the weeks
// before the real today, so a few of them are moved back into February first; then a survey
// of February is closed with answers (the public result and the years' table have an index)
// and another is left open (the paper form, the printable, the questionnaire by its link).
func (f *fixture) walkSipas() (seeds []string, unreached map[web.Page]string) {
	f.t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	rows, err := f.d.Query(ctx, `SELECT id FROM dossiers WHERE commune_id = $1 AND status = 'returned' ORDER BY code LIMIT 12`, f.commune.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			f.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < 4 {
		f.t.Fatalf("only %d returned demo dossiers", len(ids))
	}
	for k, id := range ids {
		at := calendar.NewDate(2026, 2, 2+k).At(calendar.NewClock(10, 0)).UTC()
		if _, err := f.d.Exec(ctx, `UPDATE dossiers SET returned_at = $3 WHERE commune_id = $1 AND id = $2`, f.commune.ID, id, at); err != nil {
			f.t.Fatal(err)
		}
	}
	methodID, err := f.a.Sipas.EnsureBuiltin(ctx, f.commune.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	survey := func(title string, size string) (sipas.Survey, []sipas.Invitation) {
		v, err := f.a.Sipas.Create(ctx, f.commune.ID, by, sipas.Input{Title: title, PeriodFrom: "2026-02-01", PeriodTo: "2026-02-28",
			MethodID: methodID, SampleSize: size, Seed: "7"})
		if err != nil {
			f.t.Fatal(err)
		}
		inv, _, err := f.a.Sipas.Invitations(ctx, f.commune.ID, v.ID, sipas.InvitationFilter{Limit: 50})
		if err != nil {
			f.t.Fatal(err)
		}
		return v, inv
	}
	closed, inv := survey("Khảo sát tháng 2 năm 2026", "6")
	for k, i := range inv[:3] {
		form := sipasAnswers([]string{"5", "4", "3"}[k])
		form.Set("comment", "Phòng chờ sạch sẽ, công chức nhiệt tình.")
		if err := f.a.Sipas.AnswerOnline(ctx, f.commune.ID, i.Token, form); err != nil {
			f.t.Fatal(err)
		}
	}
	if _, err := f.a.Sipas.Close(ctx, f.commune.ID, closed.ID, by); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.a.Sipas.SetTarget(ctx, f.commune.ID, by, "2026", "85"); err != nil {
		f.t.Fatal(err)
	}
	open, inv := survey("Khảo sát bổ sung tháng 2 năm 2026", "4")
	if err := f.a.Sipas.AnswerPaper(ctx, f.commune.ID, open.ID, inv[0].ID, by, sipasAnswers("4")); err != nil {
		f.t.Fatal(err)
	}
	// No menu links the room yet, and the questionnaire is reached from a message or a
	// printed form, never from a page (its link is shown to staff as text).
	return []string{"/chi-so-hai-long", inv[1].Link(), inv[0].Link(), closed.URL(), open.URL()}, nil
}
