package onestop

import (
	"context"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/blob"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Digitisation and "never ask twice". Circular 01/2023/TT-VPCP: the parts handed in and the
// result are kept as scans, the result is issued electronically where the procedure allows.
// Resolution 66.7/2025/NQ-CP and Official letter 159/TTg-CĐS (2026): a resident is not asked
// again for a paper the commune already holds; at intake the desk sees what the same person
// (same ID number, same commune) handed in or received before and reuses it, and the reuse is
// counted (Decision 766, group "digitisation").

// Digital is what a dossier records for the digitisation indicators of Decision 766.
type Digital struct {
	// ReusedParts counts the documents taken from the applicant's earlier dossiers.
	ReusedParts int
	// ResultSHA256 is the scan of the result in package blob ("" until attached).
	ResultSHA256 string
	// EResult: the result was issued electronically.
	EResult bool
	// Digitised: every document handed in has a scan and the result is attached.
	Digitised bool
	// VerifiedVNeID: the desk checked the applicant's identity with VNeID at intake.
	VerifiedVNeID bool
}

// HeldDocument is a scan the commune already holds for a person: a document handed in with an
// earlier dossier, or the result of one.
type HeldDocument struct {
	DossierCode   string
	ProcedureName string
	DocumentID    string // the id on the earlier procedure's list; "ket-qua" for a result
	Name          string
	Kind          string
	SHA256        string
	At            time.Time
	Result        bool
}

// resultDocumentID is the document id under which a reused result is recorded.
const resultDocumentID = "ket-qua"

// HeldDocuments lists the scans the commune holds for the person with this ID number, newest
// first, one per scan. Only that ID number's dossiers are read: another person's documents are
// never offered. An empty or malformed number holds nothing.
func (s *Service) HeldDocuments(ctx context.Context, communeID, idNumber string) ([]HeldDocument, error) {
	return heldDocuments(ctx, s.d, communeID, idNumber)
}

// LookUpHeld is HeldDocuments for an officer at the desk ("Tra cứu giấy tờ đã có"): the look-up
// is audited (Decree 13/2023/NĐ-CP: who read whose personal data, and when) as
// "dossier.reuse_lookup" on the ID number masked but for its last 4 digits, in the same short
// transaction as the read. An empty or malformed number looks nothing up and is not recorded.
func (s *Service) LookUpHeld(ctx context.Context, communeID string, by Actor, idNumber string) ([]HeldDocument, error) {
	id, ok := normalIDNumber(idNumber)
	if !ok {
		return nil, nil
	}
	var out []HeldDocument
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if out, err = heldDocuments(ctx, tx, communeID, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, by.audit(), "dossier.reuse_lookup", "person", maskIDNumber(id),
			audit.Change{After: map[string]any{"held": len(out)}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// normalIDNumber strips spaces and dots from an ID number and reports whether it is one (12
// digits, or 9 for an old ID card).
func normalIDNumber(idNumber string) (string, bool) {
	idNumber = strings.NewReplacer(" ", "", ".", "").Replace(strings.TrimSpace(idNumber))
	d := digitsOnly(idNumber)
	return idNumber, d == idNumber && (len(d) == 12 || len(d) == 9)
}

// maskIDNumber hides all but the last 4 digits of an ID number, for the audit log.
func maskIDNumber(id string) string {
	if len(id) <= 4 {
		return id
	}
	return strings.Repeat("*", len(id)-4) + id[len(id)-4:]
}

func heldDocuments(ctx context.Context, q db.Q, communeID, idNumber string) ([]HeldDocument, error) {
	const op = "onestop: held documents"
	idNumber, ok := normalIDNumber(idNumber)
	if !ok {
		return nil, nil
	}
	// CROSS JOIN keeps SQLite's planner on the person's dossiers first (index dossiers_applicant),
	// then their documents by key: left to itself it walked the commune's every scan through
	// dossier_documents_sha (3 s at 100,000 dossiers a commune, 2 ms this way). PostgreSQL
	// treats it as the inner join it is.
	rows, err := q.Query(ctx, `SELECT d.code, d.procedure_name, dd.document_id, dd.name, dd.kind, dd.sha256, dd.created_at
		FROM dossiers d CROSS JOIN dossier_documents dd
		WHERE d.commune_id = $1 AND d.applicant_id_number = $2 AND dd.commune_id = d.commune_id AND dd.dossier_id = d.id
		AND dd.sha256 <> '' ORDER BY dd.created_at DESC, d.code, dd.document_id`, communeID, idNumber)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []HeldDocument
	seen := map[string]bool{}
	for rows.Next() {
		var h HeldDocument
		if err := rows.Scan(&h.DossierCode, &h.ProcedureName, &h.DocumentID, &h.Name, &h.Kind, &h.SHA256, &h.At); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if !seen[h.SHA256] {
			seen[h.SHA256] = true
			out = append(out, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	rs, err := queryDossiers(ctx, q, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1 AND applicant_id_number = $2
		AND result_sha256 <> '' ORDER BY updated_at DESC, code`, communeID, idNumber)
	if err != nil {
		return nil, err
	}
	for _, d := range rs {
		if seen[d.Digital.ResultSHA256] {
			continue
		}
		seen[d.Digital.ResultSHA256] = true
		out = append(out, HeldDocument{DossierCode: d.Code, ProcedureName: d.ProcedureName, DocumentID: resultDocumentID,
			Name: "Kết quả: " + d.ProcedureName, Kind: KindCopy, SHA256: d.Digital.ResultSHA256, At: d.UpdatedAt, Result: true})
	}
	return out, nil
}

// resolveReuse checks the scans the desk chose to reuse (r.Reuse) against what the commune holds
// for the applicant's ID number, and adds the documents of the procedure's list they stand for
// to those handed in. A scan not held for this person is a field error, never a silent reuse.
func (s *Service) resolveReuse(ctx context.Context, communeID string, r *IntakeRequest, p Procedure) ([]HeldDocument, errs.FieldErrors) {
	if len(r.Reuse) == 0 {
		return nil, nil
	}
	fe := errs.FieldErrors{}
	held, err := s.HeldDocuments(ctx, communeID, r.Applicant.IDNumber)
	if err != nil {
		fe["reuse"] = "onestop.reuse_not_held"
		return nil, fe
	}
	var out []HeldDocument
	for _, sha := range r.Reuse {
		i := slices.IndexFunc(held, func(h HeldDocument) bool { return h.SHA256 == sha })
		if !blob.ValidSHA(sha) || i < 0 {
			fe["reuse"] = "onestop.reuse_not_held"
			continue
		}
		h := held[i]
		if slices.ContainsFunc(out, func(x HeldDocument) bool { return x.DocumentID == h.DocumentID }) {
			continue // one scan per document of the list
		}
		out = append(out, h)
		if _, ok := p.Document(h.DocumentID); ok && !slices.Contains(r.Documents, h.DocumentID) {
			r.Documents = append(r.Documents, h.DocumentID)
		}
	}
	return out, fe
}

// applyReuse marks the documents taken from earlier dossiers: a document of the list gets the
// held scan; a held document the list does not name (an earlier result) is recorded beside them.
func applyReuse(docs []SubmittedDocument, reused []HeldDocument, at time.Time) []SubmittedDocument {
	for _, h := range reused {
		i := slices.IndexFunc(docs, func(s SubmittedDocument) bool { return s.DocumentID == h.DocumentID })
		if i >= 0 {
			docs[i].SHA256, docs[i].Reused = h.SHA256, true
			continue
		}
		docs = append(docs, SubmittedDocument{DocumentID: h.DocumentID, Name: h.Name, Kind: h.Kind, Quantity: 1,
			SHA256: h.SHA256, CreatedAt: at, Reused: true})
	}
	return docs
}

// allScanned reports whether every document handed in has a scan (and there is one). A
// document only shown for comparison (xuất trình) is not kept, so it has nothing to scan.
func allScanned(docs []SubmittedDocument) bool {
	kept := 0
	for _, s := range docs {
		if s.Kind == KindPresent {
			continue
		}
		if s.SHA256 == "" {
			return false
		}
		kept++
	}
	return kept > 0
}

// AttachResult records the scan of a dossier's result (sha, kept in package blob), issued
// electronically or not, once the dossier is decided. The dossier becomes digitised when every
// document handed in also has a scan (Decision 766: inputs and result both attached).
func (s *Service) AttachResult(ctx context.Context, communeID string, by Actor, code, sha string, electronic bool) (Dossier, error) {
	const op = "onestop: attach result"
	if !blob.ValidSHA(sha) {
		return Dossier{}, errs.FieldErrors{"result": "onestop.file_invalid"}.Err(op)
	}
	c, err := ParseCode(code)
	if err != nil {
		return Dossier{}, errs.E(op, errs.NotFound, "onestop.dossier_not_found")
	}
	var d Dossier
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		if d, err = dossierByCode(ctx, tx, communeID, c.String()); err != nil {
			return err
		}
		if d.Status != StateProcessed && d.Status != StateResultReady && d.Status != StateReturned {
			return errs.E(op, errs.Conflict, "onestop.result_not_decided")
		}
		if err := fillSubmitted(ctx, tx, communeID, &d); err != nil {
			return err
		}
		before := map[string]any{"result": d.Digital.ResultSHA256, "e_result": d.Digital.EResult}
		d.Digital.ResultSHA256, d.Digital.EResult = sha, electronic
		d.Digital.Digitised = allScanned(d.Submitted)
		res, err := tx.Exec(ctx, `UPDATE dossiers SET result_sha256 = $3, e_result = $4, digitised = $5, version = version + 1,
			updated_at = $6 WHERE commune_id = $1 AND id = $2 AND version = $7`,
			communeID, d.ID, sha, electronic, d.Digital.Digitised, tx.Now, d.Version)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &errs.Error{Op: op, Kind: errs.Conflict, Key: "onestop.conflict", Err: errStale}
		}
		d.Version++
		return audit.Record(ctx, tx, communeID, by.audit(), "dossier.result_attached", "dossier", d.ID, audit.Change{
			Before: before, After: map[string]any{"result": sha, "e_result": electronic, "digitised": d.Digital.Digitised}})
	})
	return d, err
}

// resultFile is the check made before a result scan is served: the commune's dossier holds it.
func resultFile(ctx context.Context, q db.Q, communeID, code, sha string) (SubmittedDocument, bool, error) {
	d, err := dossierByCode(ctx, q, communeID, code)
	if errs.KindOf(err) == errs.NotFound {
		return SubmittedDocument{}, false, nil
	}
	if err != nil {
		return SubmittedDocument{}, false, err
	}
	if d.Digital.ResultSHA256 == "" || d.Digital.ResultSHA256 != sha {
		return SubmittedDocument{}, false, nil
	}
	return SubmittedDocument{DocumentID: resultDocumentID, Name: "Kết quả giải quyết", Kind: KindCopy, Quantity: 1,
		SHA256: sha, CreatedAt: d.UpdatedAt}, true, nil
}
