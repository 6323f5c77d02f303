package onestop_test

import (
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestDocumentsHandedIn: intake records each document handed in with its form, quantity and
// scan (the procedure's kind and quantity unless the desk says otherwise); the supplement
// received adds the documents it brought; a dossier's scan is found only through that dossier.
func TestDocumentsHandedIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.clk.set(at(2026, 3, 2, 9, 0))
		sha := strings.Repeat("ab", 32)
		req := onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: onestop.ChannelCounter,
			Applicant: onestop.Applicant{Name: "Nguyễn Văn An", Phone: "0912345678"},
			Documents: []string{"giay-to-tuy-than", "Giấy chứng sinh", "to-khai"},
			Details: map[string]onestop.DocumentDetail{"giay-chung-sinh": {Kind: onestop.KindCertifiedCopy, Quantity: 2},
				"to-khai": {SHA256: sha}}}
		a, err := e.svc.Intake(e.ctx, e.cid, desk, req)
		if err != nil {
			t.Fatal(err)
		}
		full, err := e.svc.Dossier(e.ctx, e.cid, a.Code)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			id, kind string
			qty      int
			sha      string
		}
		var got []row
		for _, s := range full.Submitted {
			got = append(got, row{s.DocumentID, s.Kind, s.Quantity, s.SHA256})
			if s.SupplementRound != 0 || s.Name == "" || s.CreatedAt.IsZero() {
				t.Errorf("handed in at intake: %+v", s)
			}
		}
		// In the order of the procedure's list, whatever the order handed in.
		want := []row{{"to-khai", onestop.KindOriginal, 1, sha}, {"giay-chung-sinh", onestop.KindCertifiedCopy, 2, ""},
			{"giay-to-tuy-than", onestop.KindPresent, 1, ""}}
		if len(got) != len(want) {
			t.Fatalf("submitted %+v", got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("document %d: %+v, want %+v", i, got[i], want[i])
			}
		}
		if len(a.Submitted) != 3 {
			t.Errorf("Intake returned %d documents", len(a.Submitted))
		}

		// Bad details are refused before anything is stored.
		bad := req
		bad.Details = map[string]onestop.DocumentDetail{"giay-chung-sinh": {Kind: "scan"}}
		if _, err := e.svc.Intake(e.ctx, e.cid, desk, bad); !hasField(err, "documents.giay-chung-sinh") {
			t.Errorf("kind scan: %v", err)
		}
		bad.Details = map[string]onestop.DocumentDetail{"to-khai": {SHA256: "../../etc/passwd"}}
		if _, err := e.svc.Intake(e.ctx, e.cid, desk, bad); !hasField(err, "documents.to-khai") {
			t.Errorf("bad sha: %v", err)
		}

		// The scan belongs to this dossier only.
		if f, err := e.svc.DossierFile(e.ctx, e.cid, strings.ToLower(a.Code), sha); err != nil || f.DocumentID != "to-khai" {
			t.Errorf("dossier file: %+v %v", f, err)
		}
		b := e.intake("1.001193", at(2026, 3, 2, 10, 0))
		for _, c := range []struct{ commune, code, sha string }{
			{e.cid, b.Code, sha}, {"other", a.Code, sha}, {e.cid, a.Code, strings.Repeat("cd", 32)}, {e.cid, a.Code, ""}, {e.cid, "rác", sha},
		} {
			if _, err := e.svc.DossierFile(e.ctx, c.commune, c.code, c.sha); err == nil {
				t.Errorf("file %s of %s in %s was found", c.sha, c.code, c.commune)
			}
		}

		// Incomplete at intake, completed later: the supplement's documents are handed in with round 1.
		req = onestop.IntakeRequest{ProcedureCode: "1.001193", Applicant: onestop.Applicant{Name: "Trần Thị Bình", Phone: "0987654321"},
			Documents: []string{"to-khai"}, IfIncomplete: onestop.IncompleteSupplement}
		s, err := e.svc.Intake(e.ctx, e.cid, desk, req)
		if err != nil {
			t.Fatal(err)
		}
		e.do(s.Code, at(2026, 3, 4, 9, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		full, err = e.svc.Dossier(e.ctx, e.cid, s.Code)
		if err != nil {
			t.Fatal(err)
		}
		rounds := map[string]int{}
		for _, sd := range full.Submitted {
			rounds[sd.DocumentID] = sd.SupplementRound
		}
		if len(full.Submitted) != 3 || rounds["to-khai"] != 0 || rounds["giay-chung-sinh"] != 1 || rounds["giay-to-tuy-than"] != 1 {
			t.Errorf("after the supplement: %+v", full.Submitted)
		}

		// A dossier received before the table existed is described from the procedure's list.
		if _, err := d.Exec(e.ctx, `DELETE FROM dossier_documents WHERE commune_id = $1 AND dossier_id = $2`, e.cid, b.ID); err != nil {
			t.Fatal(err)
		}
		old, err := e.svc.Dossier(e.ctx, e.cid, b.Code)
		if err != nil || len(old.Submitted) != 3 || old.Submitted[1].Name != "Giấy chứng sinh" {
			t.Errorf("legacy dossier: %+v %v", old.Submitted, err)
		}
	})
}
