// Package disclosure is the commune's public disclosure room (công khai thông tin), under the
// Law on Grassroots Democracy 10/2022/QH15 (Luật Thực hiện dân chủ ở cơ sở, in force 1 July
// 2023), Chapter II, Arts 11–14, and Decree 59/2023/NĐ-CP:
//
//   - What is disclosed (Art. 11): 14 categories, kept per commune in disclosure_categories,
//     seeded from LegalCategories on first use and editable (names, posting rule, loudspeaker,
//     required). Items 4 and 13 are posted permanently; the others at least 30 consecutive
//     days; items 7–12 are also broadcast on the loudspeakers at least 3 consecutive days and
//     relayed by hamlet heads (Art. 13). Item 14 ("other items") is open-ended and not
//     counted as a gap when empty.
//   - A disclosure (Disclosure) has a title, a summary, an HTML body (sanitised by the
//     injected Deps.Sanitize), attachments (blob ids), the decision date, the publication
//     date, the hamlets concerned (none: the whole commune) and its category. Lifecycle:
//     draft → published → updated (Republish; every published version stays in
//     disclosure_versions, Art. 14 "changed information is republished") → archived.
//   - Timing (Art. 12.3): published within 5 working days of the decision, counted on the
//     commune's calendar from the day after. A draft with a decision date opens the duty
//     DutyPublish in the register (internal/duty, room "disclosure"), due at the close of
//     office hours of the 5th working day, closed on publication.
//   - Forms (Art. 12.1, 13): each placement is a Posting (website, HQ board, cultural house,
//     loudspeaker, hamlet head, Zalo) with its first and last day. Everything goes on the
//     commune website when it has one (Art. 13.1): Publish adds the website posting itself.
//     LoudspeakerScript and ZaloText write the texts for those channels.
//   - Compliance (Compliance, rules in Assess): required categories with nothing current,
//     late publications, postings taken down early, missing or short loudspeaker runs, for
//     the commune and each hamlet. The register records what happened (an early take-down is
//     accepted) and the report shows the gap.
//   - Search (Public): the published disclosures, newest first, by category, hamlet and words
//     without diacritics; Quarterly: the list of what was disclosed in a quarter (Art. 13).
//
// Sources. The rules and the English category names are those of
// ../shared/domain/participation-law.md §1.1–1.2, confirmed article by article in
// ../shared/domain/law-check-2026.md §2 ("Disclosure (Arts 11–14)"). The Vietnamese category
// names are this project's short labels of those items, not quotations of Art. 11: the law's
// own wording was not available to us, so a commune should check them against the text and
// edit them (UpdateCategory). Law 10/2022 was amended by Laws 47/2024 and 97/2025, whose
// amended Art. 11 could not be read (law-check-2026.md §1 row 6): the categories and their
// rules are therefore data, not constants.
//
// Conventions. A posting's TakenDown is the last day it was up or on air, counted; a
// posting still up counts to the day of the report. A permanent item's posting may come down
// only with the item's archiving (replaced or withdrawn).
//
// Every change validates its input, then in one transaction writes the change, its audit
// entry (audit.Record), its event (Topic*) and the duty (duty.Set, duty.Close).
//
// # What this package owns and must not touch
//
// It owns disclosure_categories, disclosures, disclosure_hamlets, disclosure_versions and
// disclosure_postings (migrations 0019 and 0022). It reads the commune's hamlets and its
// letterhead, reads working days through the injected Calendars function, stores
// attachments through the injected Files (the blob store) and writes the duties register
// through package duty; it writes no other room's tables.
//
// Pages: the public portal (pages.go, opendata.go, files.go) and the staff pages under
// /quan-ly-cong-khai (staff.go; print.go for the loudspeaker, Zalo and notice texts; board.go
// for the compliance board, the quarterly list and the council report).
package disclosure
