package onestop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
)

var procedureCols = []string{"commune_id", "code", "name", "field", "level", "processing_days", "processing_minutes",
	"processing_note", "fee_text", "fee_amount", "fee_exemptions", "legal_basis", "result", "channels", "online_allowed",
	"code_verified", "source", "active", "search", "version", "created_at", "updated_at", "extended_days", "cut_off",
	"boundary_free", "effective_from", "effective_until"}

var documentCols = []string{"commune_id", "procedure_code", "id", "position", "name", "kind", "quantity", "required", "note"}

// SeedCatalogue gives a commune the shipped procedures it does not have yet (a commune's own
// edits are kept) and returns how many were added. It runs inside the caller's transaction,
// so that a new commune and its catalogue appear together.
func SeedCatalogue(ctx context.Context, tx *db.Tx, communeID string) (int, error) {
	const op = "onestop: seed catalogue"
	shipped, err := ShippedProcedures()
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	have := map[string]bool{}
	rows, err := tx.Query(ctx, `SELECT code FROM procedures WHERE commune_id = $1`, communeID)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return 0, errs.Wrap(op, err)
		}
		have[c] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errs.Wrap(op, err)
	}
	var prows, drows [][]any
	for _, p := range shipped {
		if have[p.Code] {
			continue
		}
		prows = append(prows, procedureRow(communeID, p, tx))
		for i, d := range p.Documents {
			drows = append(drows, []any{communeID, p.Code, d.ID, i, d.Name, d.Kind, d.Quantity, d.Required, d.Note})
		}
	}
	if len(prows) == 0 {
		return 0, nil
	}
	if err := db.InsertRows(ctx, tx, "procedures", procedureCols, prows); err != nil {
		return 0, dbErr(op, err)
	}
	if err := db.InsertRows(ctx, tx, "procedure_documents", documentCols, drows); err != nil {
		return 0, dbErr(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, audit.System, "procedure.seed", "commune", communeID,
		audit.Change{After: map[string]any{"procedures": len(prows)}}); err != nil {
		return 0, err
	}
	return len(prows), events.Publish(ctx, tx, communeID, TopicCatalogueSeeded, map[string]any{"commune_id": communeID, "procedures": len(prows)})
}

func procedureRow(communeID string, p Procedure, tx *db.Tx) []any {
	return []any{communeID, p.Code, p.Name, p.Field, p.Level, p.Processing.Days, p.Processing.Minutes, p.ProcessingNote,
		p.FeeText, p.FeeAmount, p.FeeExemptions, p.LegalBasis, p.Result, strings.Join(p.Channels, " "), p.OnlineAllowed,
		p.CodeVerified, p.Source, p.Active, p.search(), p.Version, tx.Now, tx.Now, p.ExtendedDays, p.CutOff,
		p.BoundaryFree, p.EffectiveFrom, p.EffectiveUntil}
}

// EnsureCatalogue seeds one commune's catalogue in its own transaction (see SeedCatalogue).
func (s *Service) EnsureCatalogue(ctx context.Context, communeID string) (int, error) {
	var n int
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		n, err = SeedCatalogue(ctx, tx, communeID)
		return err
	})
	if n > 0 {
		s.wake()
	}
	return n, err
}

// EnsureAllCatalogues seeds every commune that has no procedure yet (one query when all have
// one): the composition root calls it at start-up for communes created before this room.
func (s *Service) EnsureAllCatalogues(ctx context.Context) error {
	rows, err := s.d.Query(ctx, `SELECT c.id FROM communes c WHERE NOT EXISTS (SELECT 1 FROM procedures p WHERE p.commune_id = c.id)`)
	if err != nil {
		return errs.Wrap("onestop: ensure catalogues", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return errs.Wrap("onestop: ensure catalogues", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if _, err := s.EnsureCatalogue(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// OnCommuneCreated is the outbox handler for commune.created: the new commune gets the shipped
// catalogue. Idempotent, as outbox handlers must be.
func (s *Service) OnCommuneCreated(ctx context.Context, e events.Event) error {
	var p struct {
		ID string `json:"id"`
	}
	if err := e.Decode(&p); err != nil || p.ID == "" {
		return nil // not ours to retry: a malformed payload will not get better
	}
	_, err := s.EnsureCatalogue(ctx, p.ID)
	return err
}

// ProcedureFilter selects procedures for a list.
type ProcedureFilter struct {
	Query      string // matched without diacritics against code, name and field
	Field      string
	ActiveOnly bool
	// InForceOn ("YYYY-MM-DD") keeps the procedures in force that day; "" keeps all.
	InForceOn string
	Limit     int
	Offset    int
}

// Page sizes of lists.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

const procedureSelect = `SELECT code, name, field, level, processing_days, processing_minutes, processing_note, fee_text,
	fee_amount, fee_exemptions, legal_basis, result, channels, online_allowed, code_verified, source, active, version,
	extended_days, cut_off, boundary_free, effective_from, effective_until
	FROM procedures WHERE commune_id = $1`

func scanProcedure(sc interface{ Scan(...any) error }) (Procedure, error) {
	var p Procedure
	var chans string
	err := sc.Scan(&p.Code, &p.Name, &p.Field, &p.Level, &p.Processing.Days, &p.Processing.Minutes, &p.ProcessingNote,
		&p.FeeText, &p.FeeAmount, &p.FeeExemptions, &p.LegalBasis, &p.Result, &chans, &p.OnlineAllowed, &p.CodeVerified,
		&p.Source, &p.Active, &p.Version, &p.ExtendedDays, &p.CutOff, &p.BoundaryFree, &p.EffectiveFrom, &p.EffectiveUntil)
	p.Channels = strings.Fields(chans)
	return p, err
}

// Procedures returns a page of the commune's procedures by field and code (without their
// documents) and how many match: two queries.
func (s *Service) Procedures(ctx context.Context, communeID string, f ProcedureFilter) ([]Procedure, int, error) {
	const op = "onestop: procedures"
	if f.Limit <= 0 {
		f.Limit = DefaultPageSize
	}
	f.Limit, f.Offset = min(f.Limit, MaxPageSize), max(f.Offset, 0)
	// Every word of the query must appear, in any order, so that "đăng ký khai sinh" also finds
	// "Đăng ký lại khai sinh" (issue 8 item 16). With InForceOn set, only the versions in force
	// that day (effective dates, issue 8 item 3).
	args := []any{communeID, f.Field, boolInt(f.ActiveOnly), true, f.InForceOn}
	where := ` AND ($2 = '' OR field = $2) AND ($3 = 0 OR active = $4)`
	where += ` AND ($5 = '' OR ((effective_from = '' OR effective_from <= $5) AND (effective_until = '' OR effective_until > $5)))`
	for _, w := range searchWords(f.Query) {
		args = append(args, w)
		where += fmt.Sprintf(` AND search LIKE $%d`, len(args))
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM procedures WHERE commune_id = $1`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	n := len(args)
	rows, err := s.d.Query(ctx, procedureSelect+where+fmt.Sprintf(` ORDER BY field, code LIMIT $%d OFFSET $%d`, n+1, n+2),
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Procedure
	for rows.Next() {
		p, err := scanProcedure(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, p)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// maxSearchWords bounds the LIKE clauses of one query.
const maxSearchWords = 8

// searchWords turns a query into one LIKE pattern per folded word (wildcards taken literally).
func searchWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(fold.String(q)) {
		w = strings.NewReplacer("%", "", "_", "", "\\", "").Replace(w)
		if w == "" || slices.Contains(out, "%"+w+"%") {
			continue
		}
		out = append(out, "%"+w+"%")
		if len(out) == maxSearchWords {
			break
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Procedure returns one procedure with its documents.
func (s *Service) Procedure(ctx context.Context, communeID, code string) (Procedure, error) {
	return getProcedure(ctx, s.d, communeID, strings.TrimSpace(code))
}

func getProcedure(ctx context.Context, q db.Q, communeID, code string) (Procedure, error) {
	const op = "onestop: procedure"
	p, err := scanProcedure(q.QueryRow(ctx, procedureSelect+` AND code = $2`, communeID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(op, errs.NotFound, "onestop.procedure_not_found")
	}
	if err != nil {
		return p, errs.Wrap(op, err)
	}
	rows, err := q.Query(ctx, `SELECT id, name, kind, quantity, required, note FROM procedure_documents
		WHERE commune_id = $1 AND procedure_code = $2 ORDER BY position, id`, communeID, code)
	if err != nil {
		return p, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.ID, &d.Name, &d.Kind, &d.Quantity, &d.Required, &d.Note); err != nil {
			return p, errs.Wrap(op, err)
		}
		p.Documents = append(p.Documents, d)
	}
	return p, errs.Wrap(op, rows.Err())
}

// UpdateProcedure saves a commune's edit of a procedure: name, field, level, time limit,
// fees, documents, legal basis, result, channels and whether it is active (audited). p.Version
// must be the version read; a concurrent edit makes it a conflict. The code and the shipped
// provenance (code_verified, source) are kept.
func (s *Service) UpdateProcedure(ctx context.Context, communeID string, by Actor, p Procedure) (Procedure, error) {
	const op = "onestop: update procedure"
	if fe := p.normalize(); len(fe) > 0 {
		return p, errs.FieldErrors(fe).Err(op)
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		old, err := getProcedure(ctx, tx, communeID, p.Code)
		if err != nil {
			return err
		}
		if old.Version != p.Version {
			return errs.E(op, errs.Conflict, "onestop.procedure.conflict")
		}
		p.CodeVerified, p.Source, p.Version = old.CodeVerified, old.Source, old.Version+1
		res, err := tx.Exec(ctx, `UPDATE procedures SET name = $3, field = $4, level = $5, processing_days = $6,
			processing_minutes = $7, processing_note = $8, fee_text = $9, fee_amount = $10, fee_exemptions = $11,
			legal_basis = $12, result = $13, channels = $14, online_allowed = $15, active = $16, search = $17,
			version = $18, updated_at = $19, extended_days = $21, cut_off = $22, boundary_free = $23, effective_from = $24,
			effective_until = $25 WHERE commune_id = $1 AND code = $2 AND version = $20`,
			communeID, p.Code, p.Name, p.Field, p.Level, p.Processing.Days, p.Processing.Minutes, p.ProcessingNote,
			p.FeeText, p.FeeAmount, p.FeeExemptions, p.LegalBasis, p.Result, strings.Join(p.Channels, " "), p.OnlineAllowed,
			p.Active, p.search(), p.Version, tx.Now, old.Version, p.ExtendedDays, p.CutOff, p.BoundaryFree, p.EffectiveFrom,
			p.EffectiveUntil)
		if err != nil {
			return dbErr(op, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(op, errs.Conflict, "onestop.procedure.conflict")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM procedure_documents WHERE commune_id = $1 AND procedure_code = $2`, communeID, p.Code); err != nil {
			return dbErr(op, err)
		}
		var drows [][]any
		for i, d := range p.Documents {
			drows = append(drows, []any{communeID, p.Code, d.ID, i, d.Name, d.Kind, d.Quantity, d.Required, d.Note})
		}
		if err := db.InsertRows(ctx, tx, "procedure_documents", documentCols, drows); err != nil {
			return dbErr(op, err)
		}
		before, after := changed(old.auditView(), p.auditView())
		if err := audit.Record(ctx, tx, communeID, by.audit(), "procedure.update", "procedure", p.Code,
			audit.Change{Before: before, After: after}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicProcedureUpdated, map[string]any{"code": p.Code, "version": p.Version})
	})
	if err == nil {
		s.forgetProcedures(communeID)
		s.wake()
	}
	return p, err
}

func (p Procedure) auditView() map[string]any {
	docs := make([]string, len(p.Documents))
	for i, d := range p.Documents {
		docs[i] = fmt.Sprintf("%s: %s (%s ×%d, %v)", d.ID, d.Name, d.Kind, d.Quantity, d.Required)
	}
	return map[string]any{"name": p.Name, "field": p.Field, "level": p.Level, "processing": p.Processing.String(),
		"processing_note": p.ProcessingNote, "fee_text": p.FeeText, "fee_amount": p.FeeAmount, "fee_exemptions": p.FeeExemptions,
		"legal_basis": p.LegalBasis, "result": p.Result, "channels": strings.Join(p.Channels, " "),
		"online_allowed": p.OnlineAllowed, "active": p.Active, "documents": strings.Join(docs, "; "),
		"extended_days": p.ExtendedDays, "cut_off": p.CutOff, "boundary_free": p.BoundaryFree,
		"effective_from": p.EffectiveFrom, "effective_until": p.EffectiveUntil}
}

// changed keeps only the keys whose values differ, for a compact audit summary.
func changed(before, after map[string]any) (map[string]any, map[string]any) {
	b, a := map[string]any{}, map[string]any{}
	for k, v := range after {
		if before[k] != v {
			b[k], a[k] = before[k], v
		}
	}
	return b, a
}
