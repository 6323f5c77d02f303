package onestop_test

import (
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/onestop"
)

// Issue 8 item 3: Decree 120/2025's foreign-element civil-status procedures are in force until
// 1/3/2027 (excluded); a dossier keeps the version, name and limit it was received under.
func TestCatalogueEffectiveDates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		inForce := func(day string) bool {
			ps, _, err := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{InForceOn: day, Query: "2.000806"})
			if err != nil {
				t.Fatal(err)
			}
			return len(ps) == 1
		}
		if inForce("2025-06-30") || !inForce("2025-07-01") || !inForce("2027-02-28") || inForce("2027-03-01") {
			t.Errorf("foreign-element marriage in force: 30/6/2025 %v, 1/7/2025 %v, 28/2/2027 %v, 1/3/2027 %v",
				inForce("2025-06-30"), inForce("2025-07-01"), inForce("2027-02-28"), inForce("2027-03-01"))
		}
		p, _ := e.svc.Procedure(e.ctx, e.cid, "2.000806")
		if p.EffectiveUntil != "2027-03-01" || p.LegalBasis == "" {
			t.Errorf("2.000806: until %q, basis %q", p.EffectiveUntil, p.LegalBasis)
		}
		// 28/2/2027 23:30 in Hà Nội is still 28/2 there (16:30 UTC): received.
		old := e.intake("2.000806", time.Date(2027, 2, 28, 16, 30, 0, 0, time.UTC))
		if old.ProcedureVersion != 1 {
			t.Errorf("dossier version %d, want 1", old.ProcedureVersion)
		}
		p.Name, p.Processing = "Đăng ký kết hôn có yếu tố nước ngoài (sửa)", onestop.Processing{Days: 10}
		if _, err := e.svc.UpdateProcedure(e.ctx, e.cid, leader, p); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Dossier(e.ctx, e.cid, old.Code)
		if err != nil || got.ProcedureName != "Đăng ký kết hôn có yếu tố nước ngoài" || got.Processing.Days != 15 || got.ProcedureVersion != 1 {
			t.Errorf("after the catalogue changed the dossier reads %q, %d days, version %d, %v", got.ProcedureName, got.Processing.Days, got.ProcedureVersion, err)
		}
		// 1/3/2027 00:30 in Hà Nội (28/2 17:30 UTC): the temporary power has ended.
		e.clk.set(time.Date(2027, 2, 28, 17, 30, 0, 0, time.UTC))
		_, err = e.svc.Intake(e.ctx, e.cid, desk, onestop.IntakeRequest{ProcedureCode: "2.000806", Channel: 1,
			Applicant: onestop.Applicant{Name: "Nguyễn Văn An", IDNumber: "019090001234", Phone: "0912345678"}})
		if fe, _ := errs.Fields(err); errs.KindOf(err) != errs.Invalid || fe["procedure_code"] != "onestop.procedure_not_in_force" {
			t.Errorf("intake after 1/3/2027: %v", err)
		}
	})
}

// Issue 8 item 4: marriage is immediate, up to 5 working days when the desk marks that checks
// are needed; only certification keeps the 15:00 cut-off.
func TestCatalogueTimeLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		m, _ := e.svc.Procedure(e.ctx, e.cid, "1.000894")
		if !m.Processing.Immediate() || m.ExtendedDays != 5 || m.CutOff {
			t.Errorf("marriage: %+v, extended %d, cut-off %v", m.Processing, m.ExtendedDays, m.CutOff)
		}
		ps, _ := onestop.ShippedProcedures()
		for _, p := range ps {
			if p.CutOff != (p.Field == "Chứng thực") {
				t.Errorf("%s (%s): cut-off %v", p.Code, p.Field, p.CutOff)
			}
		}
		plain := e.intake("1.000894", at(2026, 3, 2, 16, 0)) // Monday 16:00
		if !plain.DueAt.Equal(at(2026, 3, 2, 17, 0)) || plain.NeedsVerification {
			t.Errorf("marriage at 16:00 due %s, want Monday 17:00", plain.DueAt.In(vn))
		}
		e.clk.set(at(2026, 3, 2, 9, 0))
		checked, err := e.svc.Intake(e.ctx, e.cid, desk, onestop.IntakeRequest{ProcedureCode: "1.000894", Channel: 1,
			Documents: []string{"to-khai", "giay-to-tuy-than"}, NeedsVerification: true,
			Applicant: onestop.Applicant{Name: "Nguyễn Văn An", IDNumber: "019090001234", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		if !checked.NeedsVerification || checked.Processing.Days != 5 || !checked.DueAt.Equal(at(2026, 3, 9, 17, 0)) {
			t.Errorf("marriage with checks: %v, %d days, due %s, want Monday 9/3 17:00", checked.NeedsVerification,
				checked.Processing.Days, checked.DueAt.In(vn))
		}
		if got, _ := e.svc.Dossier(e.ctx, e.cid, checked.Code); !got.NeedsVerification || got.Processing.Days != 5 {
			t.Errorf("stored: %v %d", got.NeedsVerification, got.Processing.Days)
		}
		if s := m.Processing.String(); s != "Trả ngay khi nhận đủ hồ sơ" {
			t.Errorf("immediate limit reads %q", s)
		}
	})
}
