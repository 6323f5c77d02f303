package ballot

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// Result is the count of a closed box, reproducible from its stored papers.
type Result struct {
	Papers  int   // papers in the box
	Valid   int   // papers not invalid (blank ones included)
	Blank   int   // valid papers marking no option
	Invalid int   // papers the counting team found invalid
	Votes   []int // per option, by option number - 1
	Voted   int   // households recorded as having voted (Cast mode)
	// Issued and Returned are the paper ballots handed out and returned (Paper mode).
	Issued, Returned int
	Hash             string // SHA-256 (hex) of the canonical list of the papers
}

// VotesFor is the number of valid papers marking option no.
func (r Result) VotesFor(no int) int {
	if no < 1 || no > len(r.Votes) {
		return 0
	}
	return r.Votes[no-1]
}

// canonicalHeader starts the canonical list; a change of format changes it.
const canonicalHeader = "xaso ballot papers v1\n"

// writeCanonical writes the canonical list of a box's papers, sorted by id: a header, the box,
// then one line per paper "<id> <marks>", the marks "x" for an invalid paper, "-" for a blank
// one, else the option numbers ("1,3"). Its SHA-256 is the published hash.
func writeCanonical(w io.Writer, boxID string, papers []Paper) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(canonicalHeader)
	bw.WriteString("box " + boxID + "\n")
	for _, p := range papers {
		c := p.Marks.canonical()
		if c == "" {
			c = "-"
		}
		bw.WriteString(p.ID + " " + c + "\n")
	}
	return bw.Flush()
}

// tally counts the papers (in id order) of b.
func tally(b Box, papers []Paper, voted int) Result {
	r := Result{Papers: len(papers), Votes: make([]int, len(b.Options)), Voted: voted, Issued: b.Issued, Returned: b.Returned}
	for _, p := range papers {
		switch {
		case p.Marks.Invalid:
			r.Invalid++
		case len(p.Marks.Choices) == 0:
			r.Valid++
			r.Blank++
		default:
			r.Valid++
			for _, c := range p.Marks.Choices {
				if c >= 1 && c <= len(r.Votes) {
					r.Votes[c-1]++
				}
			}
		}
	}
	h := sha256.New()
	writeCanonical(h, b.ID, papers)
	r.Hash = hex.EncodeToString(h.Sum(nil))
	return r
}

// closedBox reads a box that must be closed: no count, list or hash of an open box is given,
// since successive counts would tell each vote by difference.
func closedBox(ctx context.Context, q db.Q, op, communeID, boxID string) (Box, error) {
	b, err := Get(ctx, q, communeID, boxID)
	if err != nil {
		return Box{}, err
	}
	if b.Status != Closed {
		return Box{}, errs.E(op, errs.Conflict, "ballot.err.open")
	}
	return b, nil
}

// Count recounts a closed box from its stored papers. Verified reports whether the hash of
// the papers as they are now is the one published on closing.
func Count(ctx context.Context, q db.Q, communeID, boxID string) (res Result, verified bool, err error) {
	const op = "ballot: count"
	b, err := closedBox(ctx, q, op, communeID, boxID)
	if err != nil {
		return Result{}, false, err
	}
	papers, err := readPapers(ctx, q, communeID, boxID)
	if err != nil {
		return Result{}, false, err
	}
	voted, err := votedCount(ctx, q, communeID, boxID)
	if err != nil {
		return Result{}, false, err
	}
	res = tally(b, papers, voted)
	return res, res.Hash == b.Hash, nil
}

// WritePapers writes the canonical list of a closed box's papers (what the hash is taken
// over), for anyone to check the count and the hash: ids and marks, nothing else.
func WritePapers(ctx context.Context, q db.Q, communeID, boxID string, w io.Writer) error {
	const op = "ballot: write papers"
	if _, err := closedBox(ctx, q, op, communeID, boxID); err != nil {
		return err
	}
	papers, err := readPapers(ctx, q, communeID, boxID)
	if err != nil {
		return err
	}
	return errs.Wrap(op, writeCanonical(w, boxID, papers))
}

// PaperCount is how many papers a box holds: what the counting team sees while typing in
// paper ballots (Paper mode), never the marks before closing.
func PaperCount(ctx context.Context, q db.Q, communeID, boxID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM ballot_papers WHERE commune_id = $1 AND box_id = $2`, communeID, boxID).Scan(&n)
	return n, errs.Wrap("ballot: paper count", err)
}
