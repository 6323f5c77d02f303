package onestop

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"xaso/internal/blob"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// The documents handed in with a dossier (thành phần hồ sơ đã nộp, table dossier_documents):
// which entry of the procedure's list, in what form and how many, and the scan when there is
// one. Decree 61/2018 Art. 17: the desk checks, scans and keeps every dossier it receives;
// form 01 lists what it received.

// SubmittedDocument is one document handed in with a dossier.
type SubmittedDocument struct {
	DocumentID string // id on the procedure's list
	Name       string // the list's wording when it was handed in
	Kind       string // KindOriginal, KindCopy, KindCertifiedCopy, KindPresent (shown only)
	Quantity   int
	SHA256     string // the scan in package blob; "" for paper
	// SupplementRound is 0 for documents handed in at intake, n for those brought with the
	// supplement of round n.
	SupplementRound int
	CreatedAt       time.Time
	// Reused: taken from an earlier dossier of the same person instead of asked for again
	// (Resolution 66.7/2025/NQ-CP); SHA256 is that dossier's scan.
	Reused bool
}

// DocumentDetail is how one document was handed in: the form and quantity the desk saw (zero
// values take the procedure's), the scan uploaded online.
type DocumentDetail struct {
	Kind     string
	Quantity int
	SHA256   string
}

// checkDetails checks the details of the documents handed in; errors are keyed by document
// ("documents.giay-chung-sinh") so that they show beside the document.
func checkDetails(details map[string]DocumentDetail, fe errs.FieldErrors) {
	for id, dt := range details {
		switch {
		case dt.Kind != "" && !slices.Contains(DocumentKinds, dt.Kind):
			fe["documents."+id] = "onestop.procedure.document_kind_invalid"
		case dt.Quantity < 0 || dt.Quantity > maxQty:
			fe["documents."+id] = "onestop.procedure.document_quantity_invalid"
		case dt.SHA256 != "" && !blob.ValidSHA(dt.SHA256):
			fe["documents."+id] = "onestop.file_invalid"
		}
	}
}

// submittedOf lists the documents of ids as handed in: the procedure's name, kind and quantity
// unless details say otherwise, in the order of the procedure's list.
func submittedOf(p Procedure, ids []string, details map[string]DocumentDetail, round int, at time.Time) []SubmittedDocument {
	out := make([]SubmittedDocument, 0, len(ids))
	for _, id := range ids {
		s := SubmittedDocument{DocumentID: id, Name: id, Kind: KindOriginal, Quantity: 1, SupplementRound: round, CreatedAt: at}
		if doc, ok := p.Document(id); ok {
			s.Name, s.Kind, s.Quantity = doc.Name, doc.Kind, max(doc.Quantity, 1)
		}
		if dt, ok := details[id]; ok {
			if dt.Kind != "" {
				s.Kind = dt.Kind
			}
			if dt.Quantity > 0 {
				s.Quantity = dt.Quantity
			}
			s.SHA256 = dt.SHA256
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b SubmittedDocument) int { return listPosition(p, a.DocumentID) - listPosition(p, b.DocumentID) })
	return out
}

// listPosition is the place of a document on the procedure's list (past the end if it is not on it).
func listPosition(p Procedure, id string) int {
	for i, d := range p.Documents {
		if d.ID == id {
			return i
		}
	}
	return len(p.Documents)
}

var submittedCols = []string{"commune_id", "dossier_id", "supplement_round", "document_id", "position", "name", "kind",
	"quantity", "sha256", "created_at", "reused"}

// insertSubmitted records documents handed in with a dossier.
func insertSubmitted(ctx context.Context, tx *db.Tx, communeID, dossierID string, docs []SubmittedDocument) error {
	rows := make([][]any, len(docs))
	for i, s := range docs {
		rows[i] = submittedRow(communeID, dossierID, i, s)
	}
	if err := db.InsertRows(ctx, tx, "dossier_documents", submittedCols, rows); err != nil {
		return dbErr("onestop: record documents", err)
	}
	return nil
}

// submittedRow is the row of the document handed in at position i, under submittedCols.
func submittedRow(communeID, dossierID string, i int, s SubmittedDocument) []any {
	return []any{communeID, dossierID, s.SupplementRound, s.DocumentID, i, s.Name, s.Kind, s.Quantity, s.SHA256, s.CreatedAt, s.Reused}
}

// submitted reads the documents handed in with a dossier, intake first, then by supplement.
func submitted(ctx context.Context, q db.Q, communeID, dossierID string) ([]SubmittedDocument, error) {
	const op = "onestop: dossier documents"
	rows, err := q.Query(ctx, `SELECT document_id, name, kind, quantity, sha256, supplement_round, created_at, reused
		FROM dossier_documents WHERE commune_id = $1 AND dossier_id = $2 ORDER BY supplement_round, position, document_id`,
		communeID, dossierID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []SubmittedDocument
	for rows.Next() {
		var s SubmittedDocument
		if err := rows.Scan(&s.DocumentID, &s.Name, &s.Kind, &s.Quantity, &s.SHA256, &s.SupplementRound, &s.CreatedAt, &s.Reused); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, s)
	}
	return out, errs.Wrap(op, rows.Err())
}

// fillSubmitted loads d.Submitted. A dossier received before xaso kept these rows has only
// the ids of its documents: they are described from the procedure's list as it is now.
func fillSubmitted(ctx context.Context, q db.Q, communeID string, d *Dossier) error {
	s, err := submitted(ctx, q, communeID, d.ID)
	if err != nil {
		return err
	}
	if len(s) == 0 && len(d.Documents) > 0 {
		p, err := getProcedure(ctx, q, communeID, d.ProcedureCode)
		if err != nil && errs.KindOf(err) != errs.NotFound {
			return err
		}
		s = submittedOf(p, d.Documents, nil, 0, time.Time{})
	}
	d.Submitted = s
	return nil
}

// DossierFile returns the document of the commune's dossier whose scan is sha: the check made
// before a scan is served, so that a scan is reached only through a dossier that holds it.
// Anything else (a malformed sha, another dossier's scan, another commune's dossier) is not found.
func (s *Service) DossierFile(ctx context.Context, communeID, code, sha string) (SubmittedDocument, error) {
	const op = "onestop: dossier file"
	notFound := errs.E(op, errs.NotFound, "onestop.file_not_found")
	c, err := ParseCode(code)
	if err != nil || !blob.ValidSHA(sha) {
		return SubmittedDocument{}, notFound
	}
	var f SubmittedDocument
	err = s.d.QueryRow(ctx, `SELECT dd.document_id, dd.name, dd.kind, dd.quantity, dd.sha256, dd.supplement_round, dd.created_at
		FROM dossier_documents dd JOIN dossiers d ON d.commune_id = dd.commune_id AND d.id = dd.dossier_id
		WHERE d.commune_id = $1 AND d.`+codeColumn(c.String())+` = $2 AND dd.commune_id = $1 AND dd.sha256 = $3
		ORDER BY dd.supplement_round, dd.position LIMIT 1`, communeID, c.String(), sha).
		Scan(&f.DocumentID, &f.Name, &f.Kind, &f.Quantity, &f.SHA256, &f.SupplementRound, &f.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		// The result's scan is kept on the dossier itself (reuse.go).
		rf, ok, err := resultFile(ctx, s.d, communeID, c.String(), sha)
		if err != nil || !ok {
			return f, cmp.Or[error](err, notFound)
		}
		return rf, nil
	}
	return f, errs.Wrap(op, err)
}

// detailFields names the form fields of a document's details on the desk's intake form.
func detailFields(id string) (kind, quantity string) { return "kind." + id, "quantity." + id }

// scansText writes the scans of documents as "to-khai:<sha256> …" for the audit log.
func scansText(docs []SubmittedDocument) string {
	var parts []string
	for _, d := range docs {
		if d.SHA256 != "" {
			parts = append(parts, d.DocumentID+":"+d.SHA256)
		}
	}
	return strings.Join(parts, " ")
}
