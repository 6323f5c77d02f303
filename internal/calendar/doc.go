// Package calendar owns the civil and lunar calendar of a Vietnamese commune office: which
// days are working days, why a day is off, how many working days or hours lie between two
// moments, and when a dossier received at a given moment is due.
//
// It is pure computation: no database, no clock, no network. Yearly holiday notices and
// local closures come in as data (Notice, Options.LocalClosures); the database layer stores
// them as JSON of these types. Times are interpreted in Vietnam's time zone (UTC+7, no
// daylight saving), see Zone.
//
// Where the rules come from:
//
//   - The lunar calendar is computed astronomically (new moons by Meeus's series, the Sun's
//     apparent longitude, day boundary at UTC+7) following the method Hồ Ngọc Đức published
//     for the Vietnamese calendar; it is tested against an external set of conversions.
//   - Labour Code 2019 Art. 112.1: the statutory holidays (1 Jan, Tết, Hùng Kings, 30 Apr,
//     1 May, 2 Sep plus one adjacent day).
//   - Labour Code 2019 Art. 112.3: each year the Prime Minister fixes the Tết days and the
//     second National Day day; those yearly notices (with swapped working days) are data.
//   - Labour Code 2019 Art. 111.3: a holiday on a weekly rest day is taken on the next
//     working day.
//   - Civil Code 2015 Art. 147.1: a period counted in days starts the day after the event.
//   - Decree 61/2018/NĐ-CP Art. 18: a dossier received after 15:00 is handled from the
//     next working day. Decree 118/2025/NĐ-CP replaced Decree 61 from 2025-07-01, so the
//     cut-off is a setting (OfficeHours.CutOff), 15:00 by default.
//
// The package must not know about dossiers, users or HTTP; callers turn a procedure's
// processing time into a Processing value and show Due.Explain to people.
package calendar
