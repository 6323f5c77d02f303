// Package rating is the room of residents' satisfaction ratings (đánh giá mức độ hài lòng):
// the plan's "electronic device or form for residents to rate the service directly" (plan
// III.1.4–1.5) and the commune's rating and feedback system of Law 10/2022/QH15 Art. 35.2.a.
//
// It owns three tables (migration 0033_ratings.sql):
//
//   - rating_subjects: what can be rated. One row per dossier returned to its applicant,
//     written from the one-stop room's event onestop.dossier.returned (OnDossierReturned;
//     a replayed event changes nothing). The row keeps what the rating names: the dossier
//     code, the procedure and the officer who returned it. subject_type is "dossier" now so
//     that petitions can follow.
//   - ratings: at most one rating per subject, enforced by a unique key (commune_id,
//     subject_type, subject_id), so that two taps arriving together store one rating and the
//     second person is told it was already rated. A rating has a level 1–5, for a low one
//     (1–2) the reasons chosen from Reasons and an optional comment, the channel it came by
//     (the counter tablet, the receipt's QR code, the SMS link, the web) and its time.
//   - rating_keys: the commune's key of the rating links, sealed by the keyring kept outside
//     the database when one is configured (package secret).
//
// Every rating is one transaction holding the row, its audit entry and the event
// rating.recorded (the conduct room turns a level ≤ 2 into a conduct report; its payload is
// fixed by RecordedEvent). The room reads no other room's table: the one-stop room learns the
// address of a dossier's rating page (RateURL, printed on the receipt and sent by SMS) and the
// month's satisfaction rate for the Decision 766 index (Satisfaction) through functions the
// composition root hands it.
//
// Pages (pages.go): the counter tablet /danh-gia/quay (kiosk.go), the rating page of a dossier
// /danh-gia/ho-so/{code}?k= (public.go), the figures /danh-gia with the lists behind them and
// the CSV export (figures_pages.go).
package rating
