// Package consult is the room of consultations (lấy ý kiến Nhân dân) of the Law on Grassroots
// Democracy (Law 10/2022/QH15, Art. 25–28): the matters on which residents of the commune give
// their opinion before the authority decides.
//
// It owns four tables (migration 0024_consultations.sql):
//
//   - consultations: a topic from the nine of Art. 25, commune-wide or for chosen hamlets;
//     the title, the draft (HTML cleaned by the injected Sanitize) and its attachments (blobs
//     in the commune's store, by sha256); the consultation plan (kế hoạch lấy ý kiến) and the
//     days it was sent to the commune People's Council and the Fatherland Front; the forms of
//     Art. 26 chosen; the period, from the publication day to a closing day at least 20 days
//     later (Art. 28); at the close, the summary, the decision, whether it follows the
//     majority view and, when it does not, the explanation (Art. 28);
//   - consultation_hamlets: the hamlets a consultation is for;
//   - consultation_opinions: the opinions, from the public form (/y-kien, anonymous allowed)
//     or typed in by staff with their source, each tied to a hamlet or to none;
//   - consultation_groups: the synthesis, opinions grouped, with one answer per group:
//     accepted (tiếp thu) or explained (giải trình).
//
// Every change is one transaction holding the rows, the audit entry and the event
// (consult.*). Publishing opens the duty "synthesise and answer" in the register
// (internal/duty); closing ends it and publishes the summary and the answers on the public
// page and, through the injected Deps.Disclose, as a disclosure of category 11 (Art. 11). The
// room reads the registry's hamlets table and writes no other room's table itself.
package consult
