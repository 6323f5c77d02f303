// Package election is the room of elections in the hamlet (Decree 59/2023/NĐ-CP Art. 6–9 and
// Law 10/2022 Art. 15.4–15.5): electing the hamlet head (trưởng thôn, tổ trưởng tổ dân phố) and
// the residents' seats of the People's Inspection Board and of a Community Investment
// Supervision Board, and removing them.
//
// It owns the tables elections, election_candidates, election_removals and election_settings
// (migration 0025_elections.sql, which also creates the ballot tables of package ballot):
//
//   - an election with its timeline counted back from the election day (the decision and plan
//     20 days before, the candidate list of the hamlet Front committee with its minutes Mẫu 05
//     15 days, the election team 10 days, the public announcement 7 days; a late step is warned
//     of, a missing one blocks the count), its candidates, and its ballots counted through
//     package ballot (papers typed in by the counting team; the tally's SHA-256 published);
//   - the result: a candidate wins with more than half of ALL the hamlet's household
//     representatives (democracy.MoreThanHalf); recognition by the commune chairman (hamlet
//     head) or the Fatherland Front (board seats) within 5 working days, a duty in the register;
//   - removal petitions with the households supporting them: at 50 % of households a removal
//     meeting is due (chaired by the head of the hamlet Front committee, or the commune chairman
//     when that person is the hamlet head), and after a removal a new election within 60 days;
//   - settings of the province: the term (2.5 or 5 years) and the interim head's limit, data,
//     not code (Circular 04/2012 as amended; a 2026 decree may change them).
//
// Every change is one transaction holding the rows, the audit entry, the event (election.*) and
// the duties. The room reads the registry's hamlets and households and must not write them.
package election
