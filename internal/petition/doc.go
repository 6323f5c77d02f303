// Package petition is the commune's room for what residents bring it in writing or in person:
// reports (phản ánh) and recommendations (kiến nghị) on administrative matters (Decree
// 20/2008), complaints (khiếu nại, Law 02/2011) and denunciations (tố cáo, Law 25/2018), as
// amended by Law 136/2025 from 1 July 2026.
//
// A petition comes in from the portal, the desk (a letter or a visit), a hamlet head or the
// People's Inspection Board on behalf of residents, or an Open311 client (open311.go). It gets
// a number DT-YYYY-NNNNN (petition_counters) and goes through the workflow of rules.go:
// classify, accept, refuse with a reason or forward within 5 working days, assign, notes and
// dialogue minutes, extend (denunciations), decide, answer, notify, close, reopen.
//
// Deadlines are data (table petition_rules, seeded by migration 0016): a national row per
// kind, step and variant with the day it takes effect, and a commune's own row where the law
// leaves it to the commune (reports and recommendations). Rules.Find takes the commune's row
// over the national one and the latest row in force on the petition's receipt day, so a rule
// that changes on a date is one row. Working days come from the commune's calendar; calendar
// days that end on a day off move to the next working day (Civil Code Art. 148.5). Every open
// deadline is a duty in internal/duty (petition.duty.accept, .answer, .resolve), moved and
// closed in the same transaction as the action behind it.
//
// A denouncer's identity (name, address, phone, e-mail, ID number, the relatives the law also
// protects, and the letter as written) is sealed with internal/secret, bound to its row; the
// row keeps a redacted working copy and no contact. Only the assigned handler and the leaders
// open it (Reveal, SealedFile), each view audited. Audit entries, outbox events, duty labels,
// messages and exports never carry it. An anonymous denunciation is kept as a report (Law
// 25/2018 Art. 25). CheckKey refuses a key that does not open what is stored; Reseal moves
// everything to the active key in one transaction.
//
// Residents follow a petition with its number and the last four digits of their phone
// (track_hash); answers whose sender consented are published without personal data and
// searched without diacritics (public_fold).
package petition
