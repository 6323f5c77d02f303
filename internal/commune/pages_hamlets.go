package commune

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// maxSortOrder bounds a hamlet's display order (a commune has tens of hamlets, not thousands).
const maxSortOrder = 9999

func (p *pages) listHamlets(w http.ResponseWriter, r *http.Request) error {
	list, err := p.st.ListHamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	households := 0
	for _, h := range list {
		households += h.Households
	}
	return p.s.Render(w, r, http.StatusOK, p.hamlets, "commune.hamlets.title", map[string]any{"Hamlets": list, "Households": households})
}

func (p *pages) newHamlet(w http.ResponseWriter, r *http.Request) error {
	accounts, err := p.headAccounts(r)
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.hamletForm, "commune.hamlets.new", map[string]any{"New": true, "Accounts": accounts})
}

// headAccounts lists the accounts that may be named a hamlet's head.
func (p *pages) headAccounts(r *http.Request) ([]Account, error) {
	if p.heads == nil {
		return nil, nil
	}
	return p.heads(r.Context(), web.TenantOf(r).ID)
}

func (p *pages) editHamlet(w http.ResponseWriter, r *http.Request) error {
	h, err := p.st.GetHamlet(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	form := url.Values{"name": {h.Name}, "head_name": {h.HeadName}, "head_user_id": {h.HeadUserID}, "sort_order": {""}}
	if h.SortOrder > 0 {
		form.Set("sort_order", strconv.Itoa(h.SortOrder))
	}
	accounts, err := p.headAccounts(r)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.hamletForm, "commune.hamlets.edit", map[string]any{"Hamlet": h, "Accounts": accounts}, form, nil)
}

// saveHamlet creates a hamlet (POST /xom/moi) or saves one (POST /xom/{id}).
func (p *pages) saveHamlet(w http.ResponseWriter, r *http.Request) error {
	const op = "commune: save hamlet"
	t, u := web.TenantOf(r), web.UserOf(r)
	id := r.PathValue("id")
	var h Hamlet
	if id != "" {
		var err error
		if h, err = p.st.GetHamlet(r.Context(), t.ID, id); err != nil {
			return err
		}
	}
	h.Name, h.HeadName, h.HeadUserID = r.PostFormValue("name"), r.PostFormValue("head_name"), r.PostFormValue("head_user_id")
	order, ok := parseSortOrder(r.PostFormValue("sort_order"))
	accounts, err := p.headAccounts(r)
	if err != nil {
		return err
	}
	accountOK := h.HeadUserID == "" || slices.ContainsFunc(accounts, func(a Account) bool { return a.ID == h.HeadUserID })
	switch {
	case !ok || !accountOK:
		// Check the other fields too, so that every mistake shows at once; nothing is saved.
		fe := h.normalize()
		if !ok {
			fe["sort_order"] = "commune.hamlet.sort_order_invalid"
		}
		if !accountOK {
			fe["head_user_id"] = "commune.hamlet.account_invalid"
		}
		err = fe.Err(op)
	case id == "":
		h.SortOrder = order // 0: after the last hamlet
		_, err = p.st.CreateHamlet(r.Context(), t.ID, u.Actor(), h)
	default:
		if order > 0 { // left blank: keep the current order
			h.SortOrder = order
		}
		_, err = p.st.UpdateHamlet(r.Context(), t.ID, u.Actor(), h)
	}
	if fe, ok := errs.Fields(err); ok {
		title := "commune.hamlets.edit"
		if id == "" {
			title = "commune.hamlets.new"
		}
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.hamletForm, title,
			map[string]any{"New": id == "", "Hamlet": h, "Accounts": accounts}, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	if id == "" {
		p.s.Flash(w, r, "commune.hamlets.created")
	} else {
		p.s.Flash(w, r, "commune.saved")
	}
	return web.Redirect(w, r, "/xom")
}

// parseSortOrder reads the display order field: blank is 0, else a whole number from 1 to
// maxSortOrder.
func parseSortOrder(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxSortOrder {
		return 0, false
	}
	return n, true
}
