// Package sipas is the room of SIPAS surveys (Chỉ số hài lòng của người dân, tổ chức đối với
// sự phục vụ của cơ quan hành chính nhà nước): the commune measures the satisfaction of the
// people whose dossiers it returned, as its 2025 plan asks (section I.4, and III.1.5: a form
// for residents to rate the service).
//
// It owns five tables (migration 0034_sipas.sql):
//
//   - sipas_methods: the questionnaire as data (method.go): elements, criteria, answer scale,
//     legal basis, version, effective date, and whether it was read against the published
//     text. The shipped method (methods/sipas-5-yeu-to.json) has the five elements commonly
//     used by SIPAS, marked "chưa đối chiếu văn bản"; a commune may load another from JSON
//     (ParseMethod, fuzzed). A stored method is never changed;
//   - sipas_surveys: a period, a method (its basis copied onto the survey), a sample size and
//     the seed of the draw; open, then closed;
//   - sipas_invitations: the sample, drawn from the dossiers returned in the period (the
//     injected Deps.Returned, which app wires to onestop.Service.Returned), stratified by the
//     procedure's field and reproducible from its seed (DrawSample, sample.go); each with an
//     unguessable token for the online questionnaire (/khao-sat/{token});
//   - sipas_responses and sipas_answers: one response per invitation (its key is the
//     invitation's; the invitation row is marked answered in the same transaction), online or
//     typed in from paper by staff, and the level chosen per criterion;
//   - sipas_targets: the commune's target for a year's index (a setting: the plan names none).
//
// The index (index.go) is computed from counts of answers in rationals: a criterion's rate is
// the answers at or above the satisfied level over its valid answers, an element's index the
// mean of its criteria's rates, the overall index the mean of the elements'; shown as a
// percent with two decimals. The formula is the common one, not read against the Ministry's
// guidance, and the pages say so.
//
// Every change is one transaction holding the rows, the audit entry and the event (sipas.*);
// payloads and audit entries carry no name, phone or answer. No legal deadline is known for
// a survey: the room opens no duty. It reads the registry's communes for the letterhead and
// writes no other room's table.
package sipas
