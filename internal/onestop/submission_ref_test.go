package onestop_test

import (
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestOnlineSubmissionsTakeNoNumber (issue 16 item 9): an online submission waiting for the
// desk has a submission reference (…-TTnnnn), not a number of the day's sequence nor a
// register entry; refused or withdrawn it leaves no gap in either; accepted it takes the next
// code and register number of the day it is accepted, and its reference still finds it, in
// the desk's look-up and the public one.
func TestOnlineSubmissionsTakeNoNumber(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p, err := e.svc.Procedure(e.ctx, e.cid, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		var docs []string
		for _, x := range p.Documents {
			if x.Required {
				docs = append(docs, x.ID)
			}
		}
		online := onestop.Actor{ID: "online", Name: "Cổng trực tuyến", Roles: []auth.Role{auth.Desk}}
		submit := func(name, phone string) onestop.Dossier {
			t.Helper()
			dd, err := e.svc.Intake(e.ctx, e.cid, online, onestop.IntakeRequest{ProcedureCode: "1.004873", Channel: onestop.ChannelOnline,
				Documents: docs, AwaitCheck: true, Applicant: onestop.Applicant{Name: name, Phone: phone}})
			if err != nil {
				t.Fatal(err)
			}
			return dd
		}
		mon := at(2026, 3, 2, 9, 0)
		e.clk.set(mon)
		first := e.intake("1.004873", mon)
		if first.Code != "000.00.12.H55-260302-0001" || first.RegisterNumber != 1 {
			t.Fatalf("first desk intake %s, register %d", first.Code, first.RegisterNumber)
		}
		var subs []onestop.Dossier
		for i, who := range []string{"Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường"} {
			s := submit(who, "091234567"+string(rune('1'+i)))
			want := "000.00.12.H55-260302-TT" + "000" + string(rune('1'+i))
			if s.Code != want || s.SubmissionRef != s.Code || s.RegisterYear != 0 || s.RegisterNumber != 0 {
				t.Fatalf("submission %d: code %s ref %s register %d/%d, want %s and no register entry", i, s.Code, s.SubmissionRef, s.RegisterYear, s.RegisterNumber, want)
			}
			subs = append(subs, s)
		}
		// The desk's next dossier follows its own: the submissions took nothing.
		second := e.intake("1.004873", mon)
		if second.Code != "000.00.12.H55-260302-0002" || second.RegisterNumber != 2 {
			t.Fatalf("desk intake after three submissions: %s, register %d", second.Code, second.RegisterNumber)
		}
		// One refused, one withdrawn, one accepted the next day.
		e.do(subs[0].Code, mon, desk, onestop.ActRefuse, onestop.ActionInput{Reasons: "Không thuộc thẩm quyền của xã"})
		e.do(subs[1].Code, mon, desk, onestop.ActWithdraw, onestop.ActionInput{Reason: "Người nộp rút hồ sơ"})
		tue := at(2026, 3, 3, 8, 0)
		acc := e.do(subs[2].Code, tue, desk, onestop.ActAccept, onestop.ActionInput{})
		if acc.Code != "000.00.12.H55-260303-0001" || acc.RegisterYear != 2026 || acc.RegisterNumber != 3 || acc.SubmissionRef != subs[2].Code {
			t.Fatalf("accepted: code %s register %d/%d ref %s", acc.Code, acc.RegisterYear, acc.RegisterNumber, acc.SubmissionRef)
		}
		// The register has exactly the received dossiers, numbered without a gap.
		var got []string
		if err := e.svc.EachRegisterEntry(e.ctx, e.cid, 2026, func(x onestop.Dossier) error {
			got = append(got, x.Code)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, " ") != first.Code+" "+second.Code+" "+acc.Code {
			t.Errorf("register 2026: %v", got)
		}
		if years, err := e.svc.RegisterYears(e.ctx, e.cid); err != nil || len(years) != 1 || years[0] != 2026 {
			t.Errorf("register years %v, %v", years, err)
		}
		// The reference and the new code find the same dossier.
		for _, code := range []string{subs[2].Code, strings.ToLower(subs[2].Code), acc.Code} {
			x, err := e.svc.Dossier(e.ctx, e.cid, code)
			if err != nil || x.ID != acc.ID || x.Code != acc.Code {
				t.Errorf("Dossier(%s) = %s %s, %v", code, x.ID, x.Code, err)
			}
		}
		if x, err := e.svc.PublicLookup(e.ctx, e.cid, subs[2].Code, "5673"); err != nil || x.Code != acc.Code {
			t.Errorf("public look-up by the reference: %s, %v", x.Code, err)
		}
		// A refused submission is found by its reference and stays out of the register.
		if x, err := e.svc.Dossier(e.ctx, e.cid, subs[0].Code); err != nil || x.Status != onestop.StateRejected || x.RegisterYear != 0 {
			t.Errorf("refused submission: %s register %d, %v", x.Status, x.RegisterYear, err)
		}
	})
}

// TestSubmissionReferenceFormat: references write and parse back, and stay apart from codes.
func TestSubmissionReferenceFormat(t *testing.T) {
	ref := onestop.FormatOnlineRef("A", at(2026, 3, 2, 9, 0), 42)
	if ref != "A-260302-TT0042" {
		t.Fatalf("FormatOnlineRef = %s", ref)
	}
	c, err := onestop.ParseCode(" a-260302-tt0042 ")
	if err != nil || !c.Online || c.Seq != 42 || c.String() != ref {
		t.Fatalf("ParseCode = %+v (%s), %v", c, c.String(), err)
	}
	if c, err := onestop.ParseCode("A-260302-0042"); err != nil || c.Online {
		t.Fatalf("a dossier code parsed as a reference: %+v, %v", c, err)
	}
	if c, err := onestop.ParseCode("A-260302-TT" + "999999999"); err != nil || c.Seq != onestop.MaxOnlineSeq {
		t.Errorf("the last reference: %+v, %v", c, err)
	}
	for _, bad := range []string{"A-260302-TT", "A-260302-TT042", "A-260302-TT00042", "A-260302-TT1000000000", "A-260302-TT0000", "A-260302-TX0042", "A-260302-T0042"} {
		if _, err := onestop.ParseCode(bad); err == nil {
			t.Errorf("ParseCode(%q) accepted", bad)
		}
	}
}
