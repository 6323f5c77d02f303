// Package oversight is the room of the residents' watchdogs (Law 10/2022/QH15 Art. 36–45,
// Decree 59/2023/NĐ-CP Art. 12–19).
//
// It owns the People's Inspection Board (Ban Thanh tra nhân dân; migration 0030_inspection):
// one board per commune per term and its members, with the composition and eligibility checks
// (inspection_rules.go, pure: they warn, only the positions are refused); the plans per
// quarter, half-year and year and their inspections, each sent to the Front, the chairman and
// the subject at least 5 working days before (a duty in the register); the cases residents
// raise, their dated notes and evidence, findings, the written result (a PDF) and the follow-up;
// the quarterly report to the Front. It also owns the recommendations both boards make and
// their 15-day answers (recommendations.go, rec_*.go; migration 0029), which the Community
// Investment Supervision Board's room calls in its own transaction.
//
// Every change is one transaction holding the row, the audit entry, the event (oversight.*)
// and the duty. It reads the registry's hamlets and staff directory and must not write them.
package oversight
