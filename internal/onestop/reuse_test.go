package onestop_test

import (
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/onestop"
)

func sha(c string) string { return strings.Repeat(c, 64) }

// Resolution 66.7/2025: what a person handed in before is offered again to that person only.
func TestReuseOfferedOnlyToTheSamePerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		const an, binh = "019090001234", "019090005678"
		intake := func(id string, docs []string, details map[string]onestop.DocumentDetail, reuse ...string) (onestop.Dossier, error) {
			return e.svc.Intake(e.ctx, e.cid, desk, onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1, Documents: docs,
				Details: details, Reuse: reuse, VerifiedVNeID: true,
				Applicant: onestop.Applicant{Name: "Người " + id, IDNumber: id, Phone: "0912345678"}})
		}
		both := []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"}
		if _, err := intake(an, both, map[string]onestop.DocumentDetail{"to-khai": {SHA256: sha("a")}, "giay-chung-sinh": {SHA256: sha("b")}}); err != nil {
			t.Fatal(err)
		}
		if _, err := intake(binh, both, map[string]onestop.DocumentDetail{"giay-chung-sinh": {SHA256: sha("c")}}); err != nil {
			t.Fatal(err)
		}
		held, err := e.svc.HeldDocuments(e.ctx, e.cid, an)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range held {
			got = append(got, h.SHA256[:1]+":"+h.DocumentID)
		}
		if strings.Join(got, " ") != "a:to-khai b:giay-chung-sinh" && strings.Join(got, " ") != "b:giay-chung-sinh a:to-khai" {
			t.Errorf("held for An = %v, want only An's two scans", got)
		}
		// Bình's scan is never reused for An, even when asked for by its hash.
		_, err = intake(an, []string{"to-khai", "giay-to-tuy-than"}, nil, sha("c"))
		if fe, ok := errs.Fields(err); !ok || fe["reuse"] != "onestop.reuse_not_held" {
			t.Fatalf("reusing another person's scan: %v", err)
		}
		// An's own birth-certificate scan completes the new dossier without the paper.
		dn, err := intake(an, []string{"to-khai", "giay-to-tuy-than"}, nil, sha("b"))
		if err != nil {
			t.Fatal(err)
		}
		if dn.Status != onestop.StateReceived || dn.Digital.ReusedParts != 1 || !dn.Digital.VerifiedVNeID {
			t.Errorf("reused dossier: %s, %+v", dn.Status, dn.Digital)
		}
		full, err := e.svc.Dossier(e.ctx, e.cid, dn.Code)
		if err != nil {
			t.Fatal(err)
		}
		reused := 0
		for _, s := range full.Submitted {
			if s.Reused {
				reused++
				if s.DocumentID != "giay-chung-sinh" || s.SHA256 != sha("b") {
					t.Errorf("reused row %+v", s)
				}
			}
		}
		if reused != 1 || full.Digital.ReusedParts != 1 || !full.Digital.VerifiedVNeID {
			t.Errorf("stored: %d reused rows, %+v", reused, full.Digital)
		}
		// Someone else's number, a malformed one: nothing.
		for _, id := range []string{"019090009999", "", "12ab"} {
			if h, err := e.svc.HeldDocuments(e.ctx, e.cid, id); err != nil || len(h) != 0 {
				t.Errorf("held for %q = %v, %v", id, h, err)
			}
		}
	})
}

// A result scan attached makes the dossier digitised when its inputs are scanned, and is then
// offered to the same person as a document already held.
func TestAttachResultDigitises(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dn, err := e.svc.Intake(e.ctx, e.cid, desk, onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1,
			Documents: []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"},
			Details:   map[string]onestop.DocumentDetail{"to-khai": {SHA256: sha("a")}, "giay-chung-sinh": {SHA256: sha("b")}},
			Applicant: onestop.Applicant{Name: "Nguyễn Văn An", IDNumber: "019090001234", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AttachResult(e.ctx, e.cid, desk, dn.Code, sha("d"), true); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("result before the decision: %v", err)
		}
		e.finish(dn.Code, at(2026, 3, 2, 10, 0))
		got, err := e.svc.AttachResult(e.ctx, e.cid, specialist, dn.Code, sha("d"), true)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Digital.Digitised || !got.Digital.EResult || got.Digital.ResultSHA256 != sha("d") {
			t.Errorf("after attach: %+v", got.Digital)
		}
		if f, err := e.svc.DossierFile(e.ctx, e.cid, dn.Code, sha("d")); err != nil || f.DocumentID != "ket-qua" {
			t.Errorf("result file: %+v, %v", f, err)
		}
		held, err := e.svc.HeldDocuments(e.ctx, e.cid, "019090001234")
		if err != nil {
			t.Fatal(err)
		}
		if len(held) != 3 || !held[2].Result {
			t.Errorf("held = %+v", held)
		}
	})
}
