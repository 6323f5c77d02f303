package app_test

import (
	"context"
	"time"

	"xaso/internal/audit"
	"xaso/internal/privacy"
	"xaso/internal/web"
)

// walkPrivacy seeds the personal data room for the page walk (TestNumbersOnEveryPage): a
// resident's request for a copy, checked by the desk, and a read of their record in the log;
// it returns the pages no link leads to (the receipt, the request, the copy's link page; the
// form, the tracking page, the log and the settings are linked from the request list, which
// the staff home card links).
func (f *fixture) walkPrivacy() (seeds []string, unreached map[web.Page]string) {
	f.t.Helper()
	ctx := context.Background()
	res := f.aResident(f.t)
	r, err := f.a.Privacy.Receive(ctx, f.commune.ID, audit.Actor{Name: "Người dân qua cổng thông tin"}, privacy.Input{Kind: privacy.KindCopy,
		FullName: res.name, IDNumber: res.idNumber, Phone: res.phone, Delivery: privacy.SMSLink})
	if err != nil {
		f.t.Fatal(err)
	}
	desk := audit.Actor{ID: f.userID("u-desk"), Name: "Người thử desk"}
	if _, err := f.a.Privacy.Do(ctx, f.commune.ID, r.Number, desk, privacy.ActVerify, privacy.Step{Confirmed: true}); err != nil {
		f.t.Fatal(err)
	}
	if err := f.a.Privacy.RecordRead(ctx, web.PersonalRead{CommuneID: f.commune.ID, At: time.Now(), UserID: desk.ID, UserName: desk.Name,
		Role: "desk", SubjectType: privacy.SubjectResident, SubjectID: res.id, Route: "GET /nhan-khau/{id}"}); err != nil {
		f.t.Fatal(err)
	}
	return []string{"/du-lieu-ca-nhan", "/du-lieu-ca-nhan/da-nhan/" + r.Number, r.URL(), "/du-lieu-ca-nhan/tai/" + r.Number + "?k=0",
		"/du-lieu-ca-nhan/nhat-ky?doi-tuong=resident:" + res.id}, nil
}
