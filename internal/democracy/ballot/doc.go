// Package ballot is the secret ballot of the democracy rooms: a ballot box per subject (an
// election, later a meeting's secret vote), its options (candidates, or yes / no / abstain), its
// electorate (the households of given hamlets), the record THAT a household voted and, apart
// from it, WHAT was voted; the count and a SHA-256 over the stored papers, published with the
// result (Law 10/2022 Art. 18–19, 21; Decree 59/2023/NĐ-CP Art. 3–4, 8).
//
// Secrecy is structural. A cast writes two rows in one transaction, a cast (box, household,
// time) and a paper (box, random id, choices), and nothing links them: the papers carry no
// household, no sequence, no time (the box has its day), their ids come from crypto/rand, and
// every read of papers is ordered by that id. SQLite keeps the papers WITHOUT ROWID (in the
// order of their ids); closing a box rewrites its papers in id order, so that PostgreSQL's
// physical order (ctid) and inserting transaction (xmin) no longer follow the order of casting.
// Until the box is closed, someone reading PostgreSQL's system columns directly could still
// pair a paper with its cast's transaction; the package offers no read of papers (not even a
// tally, which would give each vote away by difference) before the box is closed.
// Paper ballots counted by hand are typed in as papers directly, with no cast rows, and the
// numbers of ballots issued and returned are recorded apart.
//
// The package has no pages of its own. It works inside its caller's transaction (db.Tx) and
// reads the registry's households and hamlets; it must not write any other room's table.
package ballot
