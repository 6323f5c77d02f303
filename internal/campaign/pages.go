package campaign

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/richtext"
	"xaso/internal/web"
)

// The room's pages: the public news on the portal (this file) and the staff pages under
// /tuyen-truyen (staff.go). Each reads a form, calls the Service and draws the answer; every
// rule is the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page.
var (
	canSee    = auth.Roles(auth.Desk, auth.Leader, auth.Specialist, auth.Admin)
	canChange = auth.Roles(auth.Leader, auth.Specialist, auth.Desk)
)

const (
	publicPerPage = 20
	staffPerPage  = 20
	staffBase     = "/tuyen-truyen"
)

type pages struct {
	s   *web.Server
	svc *Service

	pNews, pNewsItem                              web.Page
	pOverview, pArticle, pSession, pSessionDelete web.Page
}

// Mount adds the room's pages:
//
//	GET       /tin-tuc                           public: the published articles, latest first (?trang=)
//	GET       /tin-tuc/{id}                      public: one published article, printable (others: 404)
//	GET       /tuyen-truyen                      desk, leader, specialist, admin: coverage of a period (?tu=&den=), sessions (?trang=), articles (?trang-bai=)
//	GET, POST /tuyen-truyen/bai-viet/moi         desk, leader, specialist: write an article (a draft)
//	GET       /tuyen-truyen/bai-viet/{id}        desk, leader, specialist, admin: an article; POST (desk, leader, specialist): save it
//	POST      /tuyen-truyen/bai-viet/{id}/dang   desk, leader, specialist: publish it
//	POST      /tuyen-truyen/bai-viet/{id}/go     desk, leader, specialist: withdraw it
//	GET, POST /tuyen-truyen/hoi-nghi/moi         desk, leader, specialist: record a session
//	GET       /tuyen-truyen/hoi-nghi/{id}        desk, leader, specialist, admin: a session; POST (desk, leader, specialist): save it
//	GET, POST /tuyen-truyen/hoi-nghi/{id}/xoa    desk, leader, specialist: confirm, then delete a session
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("campaign", sub)
	p := &pages{s: s, svc: svc,
		pNews: s.Page("campaign/news_list.html"), pNewsItem: s.Page("campaign/news_item.html"),
		pOverview: s.Page("campaign/overview.html"), pArticle: s.Page("campaign/article_form.html"),
		pSession: s.Page("campaign/session_form.html"), pSessionDelete: s.Page("campaign/session_delete.html")}
	s.Handle("GET /tin-tuc", auth.Public(), p.news)
	s.Handle("GET /tin-tuc/{id}", auth.Public(), p.newsItem)
	p.mountStaff(s)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("campaign: page", errs.NotFound, "campaign.err.not_found")
}

func (p *pages) news(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, publicPerPage)
	list, total, err := p.svc.PublicArticles(r.Context(), t.ID, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pNews, "campaign.news.title", map[string]any{"Rows": list, "Total": total, "Pager": pager})
}

func (p *pages) newsItem(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	a, err := p.svc.PublicArticle(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pNewsItem, "campaign.news.title", map[string]any{"A": a, "Body": trustedBody(a.Body)})
}

// trustedBody is the body as HTML for the page: sanitised again at rendering (Sanitize is
// idempotent), so that nothing stored before a sanitiser was configured can run script.
func trustedBody(body string) template.HTML { return template.HTML(richtext.Sanitize(body)) }
