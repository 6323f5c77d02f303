// Package onestop is the one-stop room (Bộ phận Một cửa, Trung tâm Phục vụ hành chính công):
// each commune's copy of the procedure catalogue, the dossiers it receives with their state
// machine, the processing control slip, supplement requests, refusals, apologies, the late
// and at-risk lists, the on-time rate of Decision 766/QĐ-TTg, the JSON API under /api/v1 and
// the public dossier lookup. The HTML pages (pages*.go, templates/) and the PDF forms 01–07
// (forms.go, formsets.go, register.go) sit on top of the Service as the JSON API does: they
// hold no rule.
//
// # Rules
//
// The state machine is a pure table (rules.go, Decide): a dossier is received (at the desk),
// processing (with a specialist), approval (with a leader), processed (the decision is made),
// result_ready (back at the desk) and returned; supplement is a side state waiting for the
// applicant; rejected, stopped and withdrawn end it. Every change runs the rules first, then
// one transaction writes the change, its control-slip row, an audit entry and an outbox event
// (topics in events.go), and only then answers.
//
// The law behind the rules (Decree 61/2018/NĐ-CP and Circular 01/2018/TT-VPCP, kept by
// Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP in substance):
//   - a supplement request names only documents of the procedure's list, all at once, and
//     there is one per round (Art. 15.3, Art. 5.1); once the applicant completes the dossier the
//     processing time restarts from zero (Art. 19.4) and a new round begins;
//   - a refusal states its reasons (Art. 19.8);
//   - an apology with a reason and a new date is issued at least one working day before the due
//     date, and the date is reset only once (Art. 19.9);
//   - dossier codes are <agency id>-YYMMDD-XXXX, a sequence per commune and day of at least
//     4 digits (Circular 01/2018 Art. 19), and the register (form 06) numbers restart each year
//     (Art. 10); an online submission takes neither until the desk accepts it: it has a
//     reference <agency id>-YYMMDD-TTnnnn from the commune's online counter (code.go);
//   - due times come from the commune's calendar: the 15:00 cut-off, working days and hours
//     (package calendar).
//
// # Intake with missing documents
//
// Intake (POST /api/v1/dossiers, Service.Intake) checks the documents handed in against the
// procedure's list of required documents. When some are missing the default answer is 422
// with one field "documents.<id>" per missing document and nothing is stored: an incomplete
// dossier is not accepted (Decree 61/2018 Art. 17). A caller that wants the law's other
// answer — keep the dossier and give the applicant the supplement request (form 02) — sends
// "if_incomplete": "supplement": the dossier is then stored in state supplement with a code
// (so the applicant can follow it and form 02 can name it), one supplement request naming
// exactly the missing documents, and no due date: the processing time starts when the
// supplement is received.
//
// # Documents handed in
//
// Each dossier keeps the documents it was received with (documents.go, table
// dossier_documents): the entry of the procedure's list, its wording at that moment, the form
// and number the desk saw (bản chính, bản sao, bản sao có chứng thực), and the scan's sha256
// in package blob for online dossiers. Intake writes them in its transaction, a supplement
// received adds the documents it brought, form 01 lists them, and a scan is served to staff
// only through the dossier that holds it (GET /ho-so/{code}/tep/{sha}).
//
// # What this package must not touch
//
// Other rooms' tables (it reads the commune's agency code and name through package commune,
// nothing else), user accounts (it looks names up through the UserDirectory it is given), the
// calendar's settings (it asks the Calendars function). It sends no message itself: apologies
// and notices go through notify.Request in the change's transaction.
package onestop
