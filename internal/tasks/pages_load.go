package tasks

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// loadColumns are the CSV columns the load page describes (catalogue keys).
var loadColumns = []string{"tasks.load.col.section", "tasks.load.col.section_title", "tasks.load.col.body", "tasks.load.col.owner",
	"tasks.load.col.owner_role", "tasks.load.col.lead", "tasks.load.col.cooperating", "tasks.load.col.due_on",
	"tasks.load.col.result", "tasks.load.col.target"}

func (p *pages) loadPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors, fileErrs FileErrors) error {
	web.NoStore(w)
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pLoad, "tasks.load.title", map[string]any{"MaxMB": MaxFileBytes >> 20,
		"Columns": loadColumns, "FileErrors": fileErrs, "TitleType": "textarea", "DateType": "date"}, form, fe)
}

func (p *pages) loadForm(w http.ResponseWriter, r *http.Request) error {
	return p.loadPage(w, r, http.StatusOK, nil, nil, nil)
}

// load reads the uploaded plan file and creates the plan, or shows every mistake by line.
// For a CSV, the form gives the plan's own fields, checked before the file is read.
func (p *pages) load(w http.ResponseWriter, r *http.Request) error {
	const op = "tasks: load form"
	r.Body = http.MaxBytesReader(w, r.Body, MaxFileBytes+1<<20)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	if err := web.ParseMultipartForm(r, 4<<20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(op, errs.TooLarge, "tasks.err.plan_file_large", MaxFileBytes>>20)
		}
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	form := url.Values(r.MultipartForm.Value)
	meta, bad := ParsePlanForm(form)
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 || fhs[0].Size == 0 {
		bad["file"] = "tasks.err.file_empty"
		return p.loadPage(w, r, http.StatusUnprocessableEntity, form, bad, nil)
	}
	f, err := fhs[0].Open()
	if err != nil {
		return errs.E(op, errs.Invalid, "tasks.err.file_unreadable")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return errs.E(op, errs.Invalid, "tasks.err.file_unreadable")
	}
	if !IsJSONFile(fhs[0].Filename, data) {
		for k, v := range CheckPlanMeta(meta) {
			if bad[k] == "" {
				bad[k] = v
			}
		}
	}
	if len(bad) > 0 {
		return p.loadPage(w, r, http.StatusUnprocessableEntity, form, bad, nil)
	}
	pl, err := p.svc.LoadFile(r.Context(), communeOf(r), web.UserOf(r).Actor(), fhs[0].Filename, bytes.NewReader(data), meta)
	if fileErrs, ok := FileErrorsOf(err); ok {
		return p.loadPage(w, r, http.StatusUnprocessableEntity, form, nil, fileErrs)
	}
	if fe, ok := errs.Fields(err); ok {
		return p.loadPage(w, r, http.StatusUnprocessableEntity, form, fe, nil)
	}
	if e, ok := errs.As(err); ok && e.Kind == errs.TooLarge {
		return p.loadPage(w, r, http.StatusRequestEntityTooLarge, form, errs.FieldErrors{"file": e.Key}, nil)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.loaded")
	return web.Redirect(w, r, pl.URL())
}

// sampleCSV is a CSV of tasks to fill in: the header the loader reads and two rows.
func (p *pages) sampleCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mau-nhiem-vu.csv"`)
	w.Header().Set("Cache-Control", "no-cache")
	// A BOM, so that Excel opens the file as UTF-8.
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.WriteAll([][]string{
		{vi("tasks.csv.section"), vi("tasks.csv.section_title"), vi("tasks.csv.body"), vi("tasks.csv.owner"), vi("tasks.csv.lead"),
			vi("tasks.csv.cooperating"), vi("tasks.csv.due_on"), vi("tasks.csv.result"), vi("tasks.csv.target")},
		{"III.1.2", vi("tasks.sample.section_title"), vi("tasks.sample.body1"), vi("tasks.sample.owner1"), "", "", "31/12/2025",
			vi("tasks.sample.result1"), vi("tasks.sample.target1")},
		{"III.1.2", "", vi("tasks.sample.body2"), vi("tasks.sample.owner2"), vi("tasks.sample.lead2"), vi("tasks.sample.coop2"),
			"10 ngày làm việc", vi("tasks.sample.result2"), ""},
	})
	return cw.Error()
}
