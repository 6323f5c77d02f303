// Package inforequest is the register of requests for information under the Law on Access to
// Information 104/2016/QH13 and Decree 13/2018/NĐ-CP (issue 10 item 5): a resident asks the
// commune for information it holds, or for the correction of information it gave.
//
// A request carries the fields of Art. 24.2 (name, residence, ID number, contact, what is
// asked, how to receive it, the purpose) and gets a number TT-YYYY-NNNNN in the register (Art.
// 26). Its time follows the channel (PlanFor, rules.go): in person, at once, or within 10
// working days when it cannot be answered at once, extendable by 10 (Art. 29); electronic, 3
// working days, or for a complex request a notice within 3 and the answer within 15,
// extendable by 15 (Art. 30); post or fax, 5 working days, or the same notice and 15 (Art.
// 31); a correction, 15 days (Art. 22.4). Each owed step is a duty in internal/duty
// (inforequest.duty.notice, .answer). The answer records the cost note (only the actual cost
// of copying and sending may be charged); a refusal is written with its reasons (Art. 28).
//
// The pages (pages.go) are the public form and receipt and the staff register. The papers
// (print.go) are a request slip and the written answer or refusal in the Decree 30/2020
// layout, carrying what the Law requires; they do not claim the numbers of the Decree 13/2018
// forms (01a/01b request, 02 receipt, 03 resolution, 04 extension, 05 refusal), whose layouts
// could not be read (../shared/domain/law-check-2026.md #10 lists only their numbers).
package inforequest
