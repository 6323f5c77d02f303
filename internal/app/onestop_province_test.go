package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestOnestopProvinceMode: Decree 118/2025 — a commune's centre receives dossiers for another
// commune of the same province. The dossier belongs to the competent commune (its code, its
// list, its staff's actions), the receiving desk sees it read only in its "received for
// others" list, both audit logs record it, another province is refused, and the usual
// isolation between communes holds for everything else.
func TestOnestopProvinceMode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d) // A: Bình Yên, Thái Nguyên
		var b, c commune.Commune
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			var err error
			if b, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BINHTHANH", Name: "Bình Thành", Province: "Thái Nguyên",
				Host: "xa-b.example", AgencyCode: "000.00.12.H99"}); err != nil {
				return err
			}
			c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "TINHKHAC", Name: "Tỉnh Khác", Province: "Bắc Kạn",
				Host: "xa-c.example", AgencyCode: "000.00.13.H01"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{b.ID, c.ID} {
			if _, err := f.a.Onestop.EnsureCatalogue(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []auth.Role{auth.Desk, auth.Specialist, auth.Leader} {
			if _, err := f.a.Auth.CreateUser(ctx, b.ID, audit.System, auth.NewUser{Username: "b-" + string(r), FullName: "Cán bộ B " + string(r),
				Password: testPassword, Roles: []auth.Role{r}}); err != nil {
				t.Fatal(err)
			}
		}
		api := f.apiAs(auth.Desk)
		docs := []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"}

		// The desk form offers the communes of the province, this one first by default.
		desk := f.client(auth.Desk)
		body := osPage(t, f, desk, "GET", "/ho-so/moi?thu-tuc=1.001193", nil, http.StatusOK, "Xã có thẩm quyền giải quyết", "Bình Thành")
		if strings.Contains(body, "Tỉnh Khác") {
			t.Error("the intake form offers a commune of another province")
		}

		// Issue 8 item 2: boundary-free intake is per procedure, off by default. Until the
		// province lists birth registration, A refuses B's resident with a clear message.
		req := birth(docs...)
		req["for_commune"] = "BINHTHANH"
		if st, _, raw := api.call("POST", "/api/v1/dossiers", req); st != http.StatusUnprocessableEntity ||
			!strings.Contains(raw, "không phụ thuộc địa giới hành chính") {
			t.Fatalf("intake for B of a procedure not flagged: %d %s", st, raw)
		}
		if _, n, _ := f.a.Onestop.ListDossiers(ctx, b.ID, onestop.DossierFilter{}); n != 0 {
			t.Fatalf("the refused dossier was stored: %d", n)
		}
		bp, err := f.a.Onestop.Procedure(ctx, b.ID, "1.001193")
		if err != nil || bp.BoundaryFree {
			t.Fatalf("birth registration boundary-free by default: %v %v", bp.BoundaryFree, err)
		}
		bp.BoundaryFree = true
		if _, err := f.a.Onestop.UpdateProcedure(ctx, b.ID, onestop.Actor{ID: "x", Name: "Cán bộ B", Roles: []auth.Role{auth.Leader}}, bp); err != nil {
			t.Fatal(err)
		}

		// A receives for B through the API: B's code, B's dossier.
		st, out, raw := api.call("POST", "/api/v1/dossiers", req)
		if st != http.StatusCreated {
			t.Fatalf("intake for B: %d %s", st, raw)
		}
		code := str(out, "code")
		if !strings.HasPrefix(code, "000.00.12.H99-") {
			t.Fatalf("code %q lacks B's agency code", code)
		}
		dos, err := f.a.Onestop.Dossier(ctx, b.ID, code)
		if err != nil {
			t.Fatalf("the dossier is not B's: %v", err)
		}
		if dos.ReceivedBy != f.commune.ID || dos.CommuneID != b.ID || len(dos.History) != 1 ||
			!strings.Contains(dos.History[0].Note, "Tiếp nhận tại Trung tâm PVHCC xã Bình Yên") {
			t.Fatalf("dossier: received_by %q commune %q history %+v", dos.ReceivedBy, dos.CommuneID, dos.History)
		}
		if _, err := f.a.Onestop.Dossier(ctx, f.commune.ID, code); err == nil {
			t.Error("the dossier is also A's own")
		}

		// The same through the desk form.
		form := osApplicant()
		form.Set("applicant.name", "Hoàng Văn Tỉnh")
		form.Set("procedure_code", "1.001193")
		form.Set("channel", "1")
		form.Set("fee.amount", "0")
		form.Set("outcome", "accept")
		form.Set("for_commune", "BINHTHANH")
		form["documents"] = docs
		if st, loc := osPost(t, f, desk, "/ho-so/moi", form); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/ho-so/000.00.12.H99-") {
			t.Fatalf("form intake for B: %d %q", st, loc)
		}

		// A sees it, read only.
		st, out, raw = api.call("GET", "/api/v1/dossiers/"+code, nil)
		if st != http.StatusOK || !strings.Contains(raw, `"allowed_actions":[]`) || str(out, "code") != code {
			t.Errorf("A's API view: %d %s", st, raw)
		}
		osPage(t, f, desk, "GET", "/ho-so/"+code, nil, http.StatusOK, "Bình Thành", "tiếp nhận hộ")
		// The receiving centre prints the receipt it hands the applicant, and nothing else.
		if st, body := f.do(desk, "GET", "/dossiers/"+code+"/forms/receipt.pdf", nil); st != http.StatusOK || !strings.HasPrefix(body, "%PDF") {
			t.Errorf("receipt of a dossier received for B: %d", st)
		}
		if st, _ := f.do(desk, "GET", "/dossiers/"+code+"/forms/controlslip.pdf", nil); st != http.StatusNotFound {
			t.Errorf("control slip of B's dossier at A: %d, want 404", st)
		}
		osPage(t, f, desk, "GET", "/ho-so?ho-xa-khac=1", nil, http.StatusOK, "Tiếp nhận hộ xã khác", code, "Nguyễn Thị Hoa", "Hoàng Văn Tỉnh")
		if _, body := f.do(desk, "GET", "/ho-so?q=hoang+van+tinh", nil); strings.Contains(body, "Hoàng Văn Tỉnh") {
			t.Error("B's dossier is in A's own list")
		}
		// …but cannot process it.
		if st, _, raw := api.call("POST", "/api/v1/dossiers/"+code+"/handover", map[string]any{"to_role": "specialist"}); st != http.StatusForbidden && st != http.StatusConflict {
			t.Errorf("A's handover: %d %s", st, raw)
		}
		if st, _, raw := f.apiAs(auth.Leader).call("POST", "/api/v1/dossiers/"+code+"/approve", map[string]any{}); st != http.StatusForbidden && st != http.StatusConflict {
			t.Errorf("A's approval: %d %s", st, raw)
		}
		if st, _ := f.do(desk, "POST", "/ho-so/"+code+"/chuyen", url.Values{"handover.to": {"specialist"}}); st != http.StatusForbidden && st != http.StatusConflict {
			t.Errorf("A's handover page: %d", st)
		}

		// B's staff have it in their list and process it.
		bDesk := signInAt(t, f, "xa-b.example", "b-desk")
		osPage(t, f, bDesk, "GET", "/ho-so?q=hoang+van+tinh", nil, http.StatusOK, "Hoàng Văn Tỉnh")
		osPage(t, f, bDesk, "GET", "/ho-so/"+code, nil, http.StatusOK, "Bình Yên")
		if st, loc := osPost(t, f, bDesk, "/ho-so/"+code+"/chuyen", url.Values{"handover.to": {"specialist"}}); st != http.StatusSeeOther {
			t.Errorf("B's handover: %d %q", st, loc)
		}
		if got, _ := f.a.Onestop.Dossier(ctx, b.ID, code); got.Status != onestop.StateProcessing {
			t.Errorf("after B's handover: %s", got.Status)
		}

		// Both logs.
		bLog, err := audit.List(ctx, d, b.ID, "dossier", dos.ID, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range bLog {
			if e.Action == "dossier.intake" && e.Actor.Name == "Người thử desk (xã Bình Yên)" {
				found = true
			}
		}
		if !found {
			t.Errorf("B's log lacks the intake by A's desk: %+v", bLog)
		}
		aLog, err := audit.List(ctx, d, f.commune.ID, "dossier", dos.ID, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(aLog) != 1 || aLog[0].Action != "dossier.received_for" || !strings.Contains(aLog[0].Summary, code) ||
			!strings.Contains(aLog[0].Summary, "BINHTHANH") {
			t.Errorf("A's log: %+v", aLog)
		}

		// Another province, or no such commune: 422, nothing stored.
		for _, fc := range []string{"TINHKHAC", "KHONGCO"} {
			req["for_commune"] = fc
			if st, _, raw := api.call("POST", "/api/v1/dossiers", req); st != http.StatusUnprocessableEntity || !strings.Contains(raw, "xã") {
				t.Errorf("intake for %s: %d %s", fc, st, raw)
			}
		}
		if _, n, err := f.a.Onestop.ListDossiers(ctx, c.ID, onestop.DossierFilter{}); err != nil || n != 0 {
			t.Errorf("the other province's commune got dossiers: %d %v", n, err)
		}

		// A dossier of B that A did not receive stays invisible to A.
		own, err := f.a.Onestop.Intake(ctx, b.ID, onestop.Actor{ID: "x", Name: "Cán bộ B", Roles: []auth.Role{auth.Desk}},
			onestop.IntakeRequest{ProcedureCode: "1.001193", Documents: docs, Applicant: onestop.Applicant{Name: "Vi Văn Riêng", Phone: "0911000111"}})
		if err != nil {
			t.Fatal(err)
		}
		if st, _, _ := api.call("GET", "/api/v1/dossiers/"+own.Code, nil); st != http.StatusNotFound {
			t.Errorf("A reads B's own dossier: %d", st)
		}
		if st, _, _ := api.call("POST", "/api/v1/dossiers/"+own.Code+"/handover", map[string]any{"to_role": "specialist"}); st != http.StatusNotFound {
			t.Errorf("A hands over B's own dossier: %d", st)
		}
		if st, _ := f.do(desk, "GET", "/ho-so/"+own.Code, nil); st != http.StatusNotFound {
			t.Errorf("A's page of B's own dossier: %d", st)
		}
		if _, body := f.do(desk, "GET", "/ho-so?ho-xa-khac=1", nil); strings.Contains(body, "Vi Văn Riêng") {
			t.Error("B's own dossier is in A's received list")
		}
	})
}
