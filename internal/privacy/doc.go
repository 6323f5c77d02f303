// Package privacy is the commune's duties as controller of residents' personal data (issue 15
// item 7): Decree 13/2023/NĐ-CP on personal data protection, replaced from 1 January 2026 by
// Decree 356/2025/NĐ-CP under the Personal Data Protection Law 91/2025/QH15.
//
// It owns three things:
//
//   - the read log (reads.go, table personal_reads): every page showing a person that the shell
//     served to an officer, declared once in Routes (routes.go) and recorded by internal/web
//     (web.Server.LogPersonalReads); leaders and the administrator read it at
//     /du-lieu-ca-nhan/nhat-ky, by subject or by officer. It is not the audit chain, which
//     records changes: reads would flood it;
//   - requests of a person for a copy of their data or its correction (service.go, table
//     privacy_requests, numbers DP-YYYY-NNNNN): a public form without sign-in, a tracking
//     page by number and the last 4 phone digits, the staff register, the identity check that
//     must come before any answer, the answer (a copy built as JSON, schema xaso.personal.v1,
//     export.go; or what was corrected, in the owning room's page) or a reasoned refusal. Each
//     request is a duty in internal/duty: the acknowledgement and the answer;
//   - the deadlines as commune settings (rules.go), since the text of the decree in force could
//     not be read: see rules.go for what was read and where.
//
// The export reads the tables of other rooms (registry, one-stop, booking, petitions,
// information requests, reception, letters, consultations) read-only and by hand-written SQL:
// the controller answers for everything it holds in one document, and no room exposes its rows
// for that yet. It never reads a sealed identity (a denunciation's sender), never the staff's
// notes on a petition, and never another person's record.
package privacy
