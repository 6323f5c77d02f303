// Package conduct is the room of public-service culture (văn hóa công vụ) of the commune's plan
// for the model "Chính quyền thân thiện" (plan 2025, section III.1.4; section III.6 for the
// hamlets): the code of conduct "4 xin, 4 luôn, 5 không", the staff badges (thẻ công chức) and
// the log of reports on staff attitude with the chairman's review, from which the yearly target
// "no officer disciplined, no officer breaking the rules" is computed.
//
// It owns three tables (migration 0036_conduct.sql):
//
//   - conduct_codes: the code of conduct in versions, each dated (effective_on); the highest
//     version is in force and shown on /quy-tac-ung-xu. A commune with no version shows the
//     plan's wording (DefaultCode).
//   - conduct_badges: one random code per staff directory entry (not derived from its id, so
//     that badges cannot be enumerated); the badge's QR leads to /the-can-bo/{code}, the
//     officer's public page with the form to report on their attitude.
//   - conduct_reports: reports from residents (the badge page), from hamlet heads (their
//     feedback on staff, plan III.6) and from low ratings (topic "rating.recorded", level ≤ 2,
//     once per rating), each reviewed by the chairman with findings and an outcome (Outcomes,
//     data: the outcome's flags count towards the yearly target).
//
// Every change is one transaction holding the rows, the audit entry and the event
// (conduct.*). A report opens the duty "review" in the register (internal/duty), due a number
// of working days after receipt that the commune sets (setting conduct.review_days, 10 by
// default): the law sets no such deadline, it is the commune's own. The review closes the duty
// in its transaction and, when the resident left a phone number, asks notify for an SMS of the
// outcome. Discipline itself follows the law on disciplining civil servants and is not done
// here: the room records that it was proposed.
//
// The room reads the staff directory and hamlets through Directory (package commune's Store)
// and photos through Photos (the blob store); it writes no other room's table and imports no
// other feature room.
package conduct
