package oversight

import (
	"context"
	"slices"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// ElectionRef is a recognised election of a hamlet's member of the board, as the elections
// room records it (Law 10/2022 Art. 36.2: members are elected at the hamlet's community
// meeting; Art. 15.5).
type ElectionRef struct {
	ID, URL          string
	HamletID, Hamlet string
	Title            string
	Day              calendar.Date // the election meeting
	DecidedOn        calendar.Date // recognised on
	Elected          []string      // the names elected
}

// Elections lists the recognised elections of the board's members; none without the
// elections room.
func (s *Service) Elections(ctx context.Context, communeID string) ([]ElectionRef, error) {
	if s.elections == nil {
		return nil, nil
	}
	return s.elections(ctx, communeID)
}

// linkElection checks a member linked to an election against it, before the member's
// transaction: the election is of the member's hamlet and elected the member. The member's
// reference becomes the election's page and, when left empty, the day elected its meeting's.
func (s *Service) linkElection(ctx context.Context, communeID string, in *MemberInput) (errs.FieldErrors, error) {
	id := strings.TrimSpace(in.ElectionID)
	if id == "" {
		return nil, nil
	}
	refs, err := s.Elections(ctx, communeID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(refs, func(e ElectionRef) bool { return e.ID == id })
	if i < 0 {
		return errs.FieldErrors{"election": "inspection.err.election"}, nil
	}
	e := refs[i]
	if e.HamletID != strings.TrimSpace(in.HamletID) {
		return errs.FieldErrors{"election": "inspection.err.election_hamlet"}, nil
	}
	name := fold.String(in.FullName)
	if !slices.ContainsFunc(e.Elected, func(n string) bool { return fold.String(n) == name }) {
		return errs.FieldErrors{"election": "inspection.err.election_name"}, nil
	}
	in.ElectedRef = e.URL
	if strings.TrimSpace(in.ElectedOn) == "" && e.Day.Valid() {
		in.ElectedOn = e.Day.Time().Format("02/01/2006")
	}
	return nil, nil
}
