package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// Issue 16 item 8: a hamlet head sees their own hamlet only; identity numbers are masked for the
// roles that do not register residents, and cannot be searched for; staff reads are audited.
func TestHamletHeadSeesOwnHamletOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		cid := f.commune.ID
		var headID, deskID string
		if err := d.QueryRow(ctx, `SELECT id FROM users WHERE commune_id = $1 AND username = 'u-hamlethead'`, cid).Scan(&headID); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT id FROM users WHERE commune_id = $1 AND username = 'u-desk'`, cid).Scan(&deskID); err != nil {
			t.Fatal(err)
		}
		hamlets, err := f.a.Communes.ListHamlets(ctx, cid)
		if err != nil || len(hamlets) < 2 {
			t.Fatalf("hamlets: %v %v", hamlets, err)
		}
		own, other := hamlets[0], hamlets[1]
		household := func(hamletID string) commune.Household {
			list, _, err := f.a.Communes.ListHouseholds(ctx, cid, commune.HouseholdFilter{HamletID: hamletID})
			if err != nil || len(list) == 0 {
				t.Fatalf("households of %s: %v", hamletID, err)
			}
			h, err := f.a.Communes.GetHousehold(ctx, cid, list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			return h
		}
		ownHH, otherHH := household(own.ID), household(other.ID)
		var member commune.Resident
		for _, m := range ownHH.Members {
			if len(m.IDNumber) == 12 {
				member = m
			}
		}
		if member.ID == "" {
			t.Fatalf("no member with an ID number in %+v", ownHH.Members)
		}

		hh, admin, desk, leader := f.client(auth.HamletHead), f.client(auth.Admin), f.client(auth.Desk), f.client(auth.Leader)
		// Before any assignment the hamlet head sees no one, and is told why.
		checkPage(f, hh, "GET", "/ho-gia-dinh", nil, 200, "chưa được gán cho xóm nào")

		form := url.Values{"name": {own.Name}, "head_name": {own.HeadName}, "sort_order": {""}, "head_user_id": {deskID}}
		checkPage(f, admin, "GET", "/xom/"+own.ID, nil, 200, `value="`+headID+`"`, "Người thử hamlethead")
		checkPage(f, admin, "POST", "/xom/"+own.ID, form, 422, "không có vai trò trưởng xóm")
		form.Set("head_user_id", headID)
		if code, body := f.do(admin, "POST", "/xom/"+own.ID, form); code != 303 {
			t.Fatalf("assign the head: %d %.400s", code, body)
		}

		body := checkPage(f, hh, "GET", "/ho-gia-dinh", nil, 200, `/ho-gia-dinh/`+ownHH.ID+`"`)
		if strings.Contains(body, `/ho-gia-dinh/`+otherHH.ID+`"`) || strings.Contains(body, `value="`+other.ID+`"`) {
			t.Errorf("the hamlet head's list shows another hamlet")
		}
		checkPage(f, hh, "GET", "/ho-gia-dinh?xom="+other.ID, nil, 200)
		checkPage(f, hh, "GET", "/ho-gia-dinh/"+otherHH.ID, nil, 404)
		body = checkPage(f, hh, "GET", "/ho-gia-dinh/"+ownHH.ID, nil, 200, member.FullName, "*********"+member.IDNumber[9:])
		if strings.Contains(body, member.IDNumber) {
			t.Errorf("the hamlet head sees the full ID number %s", member.IDNumber)
		}
		if es := auditOf(t, d, cid, "household", ownHH.ID); len(es) == 0 || es[0].Action != "household.view" || es[0].Actor.Name != "Người thử hamlethead" {
			t.Errorf("the hamlet head's read is not audited: %+v", es)
		}
		body = checkPage(f, hh, "GET", "/nhan-khau", nil, 200)
		for _, m := range otherHH.Members {
			if strings.Contains(body, m.FullName) && !nameInHamlet(t, f, cid, own.ID, m.FullName) {
				t.Errorf("resident %s of another hamlet listed for the hamlet head", m.FullName)
			}
		}

		// Searching by the full ID number: the desk finds one resident; the leader, who sees
		// numbers masked, cannot use the search to test a number.
		checkPage(f, desk, "GET", "/nhan-khau?q="+member.IDNumber, nil, 200, "Tổng số: 1<", member.FullName)
		if body := checkPage(f, leader, "GET", "/nhan-khau?q="+member.IDNumber, nil, 200); strings.Contains(body, "Tổng số: 1<") {
			t.Errorf("the leader's search by ID number singled out the resident")
		}
		checkPage(f, desk, "GET", "/ho-gia-dinh/"+ownHH.ID, nil, 200, member.IDNumber)
		checkPage(f, desk, "GET", "/nhan-khau/"+member.ID, nil, 200)
		if es := auditOf(t, d, cid, "resident", member.ID); len(es) == 0 || es[0].Action != "resident.view" || es[0].Actor.Name != "Người thử desk" {
			t.Errorf("the desk's read of a resident is not audited: %+v", es)
		}
	})
}

// nameInHamlet reports whether someone of that name lives in the hamlet (demo names repeat).
func nameInHamlet(t *testing.T, f *fixture, communeID, hamletID, name string) bool {
	t.Helper()
	list, _, err := f.a.Communes.ListResidents(context.Background(), communeID, commune.ResidentFilter{HamletID: hamletID, Query: name, Page: commune.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	return len(list) > 0
}
