package app_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestBrowserOnestopFilesAndEdit: a resident submits online with a scan per document in a real
// browser and lands on the submitted page, which a reload shows again without a second
// dossier; the desk opens the scan from the dossier page; a leader edits the procedure's list
// of documents without JavaScript-only controls. axe-core checks every page.
func TestBrowserOnestopFilesAndEdit(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t))
	u := f.srv.URL

	// Online submission with three scans.
	dir := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/thu-tuc/"+onestop.CodeBirth+"/nop"), chromedp.WaitVisible(chromedp.ID("f-applicant-name"))); err != nil {
		t.Fatal(err)
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys(chromedp.ID("f-applicant-name"), "Hoàng Văn Sơn"),
		chromedp.SendKeys(chromedp.ID("f-applicant-phone"), "0913 222 333"),
	}
	for i, id := range []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"} {
		p := filepath.Join(dir, id+".png")
		if err := os.WriteFile(p, append(append([]byte{}, osPNG...), byte('0'+i)), 0o600); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, chromedp.SetUploadFiles(chromedp.ID("f-file-"+id), []string{p}))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`form[action$="/nop"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("online submission: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/thu-tuc/"+onestop.CodeBirth+"/da-nop?") {
		t.Fatalf("after submitting the browser is at %s (%v)", loc, err)
	}
	checkAxe(t, ctx, "submitted page")
	pu, _ := url.Parse(loc)
	code := pu.Query().Get("ma")
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if body := text(t, ctx, "main"); !strings.Contains(body, code) || !strings.Contains(body, "Chờ tiếp nhận") {
		t.Fatalf("submitted page after a reload:\n%s", body)
	}
	var n int
	if err := f.d.QueryRow(context.Background(), `SELECT count(*) FROM dossiers WHERE commune_id = $1`, f.commune.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d dossiers after a reload of the submitted page (%v)", n, err)
	}

	// The desk opens the scan from the dossier page.
	osSignIn(t, ctx, u, "u-desk")
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "dossier page with scans")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[href*="/tep/"]').getAttribute('href')`))
	if err != nil {
		t.Fatalf("no scan link: %v", err)
	}
	if ctype, b := osBrowserFetch(t, ctx, href); ctype != "image/png" || len(b) != len(osPNG)+1 {
		t.Fatalf("scan: %s, %d bytes", ctype, len(b))
	}

	// A leader adds a document to the list and saves.
	osSignIn(t, ctx, u, "u-leader")
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/thu-tuc/"+onestop.CodeBirth), chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`a[href$="/sua"]`)), chromedp.WaitVisible(chromedp.ID("f-name"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "procedure edit form")
	p, err := f.a.Onestop.Procedure(context.Background(), f.commune.ID, onestop.CodeBirth)
	if err != nil {
		t.Fatal(err)
	}
	blank := "f-documents-" + itoa(len(p.Documents)) + "-name"
	if err := chromedp.Do(ctx, osDropFlash, chromedp.SendKeys(chromedp.ID(blank), "Giấy xác nhận của trạm y tế"),
		chromedp.Click(chromedp.CSS(`form[action$="/sua"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	if body := text(t, ctx, "main"); !strings.Contains(body, "Giấy xác nhận của trạm y tế") || !strings.Contains(body, "Đã lưu thủ tục") {
		t.Fatalf("procedure page after the edit:\n%s", body)
	}
	checkAxe(t, ctx, "procedure page after the edit")
	if got, _ := f.a.Onestop.Procedure(context.Background(), f.commune.ID, onestop.CodeBirth); len(got.Documents) != len(p.Documents)+1 || got.Version != p.Version+1 {
		t.Fatalf("after the edit: %d documents, version %d", len(got.Documents), got.Version)
	}
}
