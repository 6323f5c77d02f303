// Package reception is the commune's citizen reception room (tiếp công dân), under the Law on
// Citizen Reception 42/2013/QH13 as amended by Law 136/2025/QH15 (in force 1 July 2026):
//
//   - The schedule (lịch tiếp công dân). The commune chairman receives citizens at least one
//     day a week at the headquarters, plus ad-hoc sessions (Art. 15.2.d); from 1 July 2026 in
//     person or online, and the periodic sessions by the chairman in person, without
//     delegation (a regular session from that day must name the chairman as host). A session
//     has its day, hours, place, host, attendees and planned topics (Art. 24.4) and is a draft
//     until published; a regular session is published at least 5 working days before its day,
//     counted on the commune's calendar (NoticeDays); an ad-hoc one is exempt. The public page
//     /lich-tiep-cong-dan shows the published schedule, for the HQ's notice board and the
//     website; WeeksWithoutSession warns staff of weeks with no published regular session.
//   - The logbook (sổ tiếp công dân, Art. 25.2): serial number per commune and year (a counter
//     row taken in the visit's transaction), date, name and address of the citizen, the matter
//     and how it was handled before, the request, how it was taken in, accepted or the citizen
//     guided; also the ID number (Law 136/2025), the number of people (a group, đoàn đông
//     người), the receiving officer, in person or online, and the session if any.
//   - The reply (Art. 28): within 10 working days of the visit the citizen is told the matter
//     is accepted, needs more time, is refused (with the reason) or forwarded (to whom). The
//     duty is kept in the register (internal/duty, kind DutyReply, room "reception"), due at
//     the close of office hours of the 10th working day after the visit, and closed when the
//     reply is recorded.
//   - A visit may become a petition of the petition room once (ToPetition, through the
//     injected Deps.NewPetition in the same transaction).
//
// A denouncer's name, address and handwriting are secret (Law on Denunciation 2018, Art. 9;
// Law on Citizen Reception Art. 9): for a visit of kind Denunciation, lists (Visits) never
// carry the identity, and the visit page and the logbook show it only to a leader and to the
// officer who received the citizen; everywhere else "(giữ bí mật)". The audit log and the
// events of the room carry no name, address or ID number at all.
//
// Every change validates its input, then in one transaction writes the change, its audit entry
// (audit.Record), its event ("reception.session.published", "reception.visit.recorded",
// "reception.visit.replied") and the duty (duty.Set, duty.Close).
//
// # What this package owns and must not touch
//
// It owns the tables reception_sessions, reception_visits and reception_counters (migration
// 0017_reception). It reads working days through the injected Calendars function and writes
// the duties register through package duty; it writes no other room's tables.
package reception
