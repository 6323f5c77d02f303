// Package democracy is the room of residents deciding (Law 10/2022 on Grassroots Democracy,
// Art. 15–24, and Decree 59/2023/NĐ-CP Art. 3–5, 10–11): community meetings of a hamlet, of a
// cluster of a large hamlet or across the commune; the notice to every household and how each
// was reached; attendance by one representative per household; decisions on the six matters of
// Art. 15 by the legal forms (show of hands, secret ballot at the meeting, household ballots,
// online voting); the thresholds of Art. 21.1 counted against all households; the record of
// Art. 20 and its recognition (Art. 21.2), each 5-working-day duty in the duties register.
//
// Its sub-packages hold the parts that stand apart: consult (residents consulted, Art. 25–28),
// ballot (secret ballots: who voted kept apart from what was voted) and election (hamlet heads
// and board members elected, Decree 59 Art. 6–9).
//
// It reads the registry's hamlets, households and residents and must not write them, nor any
// other room's table.
package democracy
