package election

import (
	"context"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
)

// SeedDemo fills the room for a demonstration, once: a hamlet-head election held two days
// ago and recognised, a board election in preparation, and a removal petition. The clock of
// each step is set back, so that every rule applies as it would have on the day.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) error {
	if _, total, err := s.List(ctx, communeID, Filter{}, 1, 0); err != nil || total > 0 {
		return err
	}
	hamlets, err := s.Hamlets(ctx, communeID)
	if err != nil || len(hamlets) == 0 {
		return err
	}
	h := hamlets[0]
	now := s.now()
	at := func(days int) *Service {
		c := *s
		t := now.AddDate(0, 0, days)
		c.now = func() time.Time { return t }
		return &c
	}
	day := func(days int) string { return s.Today().AddDays(days).String() }
	e, err := at(-25).Create(ctx, communeID, by, Input{Kind: HamletHead, HamletID: h.ID, Day: day(-2), Place: "Nhà văn hóa thôn " + h.Name})
	if err != nil {
		return err
	}
	for _, name := range []string{"Lò Văn Sáng", "Nông Thị Hoa"} {
		if _, err := at(-22).AddCandidate(ctx, communeID, e.ID, by, CandidateInput{Name: name, BirthYear: "1978", Address: "Thôn " + h.Name}); err != nil {
			return err
		}
	}
	for i, st := range Steps {
		in := StepInput{On: day(-25 + 5*i), Ref: "", Leader: "Hoàng Văn Nam", Members: "Ma Thị Lan, Nông Văn Dũng", How: "Loa truyền thanh, bảng tin nhà văn hóa"}
		if _, err := at(-25+5*i).RecordStep(ctx, communeID, e.ID, st, by, in); err != nil {
			return err
		}
	}
	n, err := households(ctx, s.d, communeID, h.ID)
	if err != nil {
		return err
	}
	first, second := n/2+1, n/4
	if first > n {
		first = n
	}
	c := at(-2)
	if first > 0 {
		if err := c.EnterPapers(ctx, communeID, e.ID, by, []string{"1"}, false, itoa(first)); err != nil {
			return err
		}
	}
	if second > 0 {
		if err := c.EnterPapers(ctx, communeID, e.ID, by, []string{"2"}, false, itoa(second)); err != nil {
			return err
		}
	}
	if err := c.RecordReturns(ctx, communeID, e.ID, by, itoa(first+second), itoa(first+second)); err != nil {
		return err
	}
	if e, err = c.FinishCount(ctx, communeID, e.ID, by, ""); err != nil {
		return err
	}
	if e.Status == Counted {
		if _, err := at(-1).Resolve(ctx, communeID, e.ID, by, []auth.Role{auth.Leader}, true, DecisionInput{On: day(-1), Ref: "25/QĐ-UBND"}); err != nil {
			return err
		}
	}
	board, err := s.Create(ctx, communeID, by, Input{Kind: Inspection, HamletID: h.ID, Day: day(25)})
	if err != nil {
		return err
	}
	if _, err := s.RecordStep(ctx, communeID, board.ID, StepPlan, by, StepInput{On: day(0), Ref: "30/KH-UBND"}); err != nil {
		return err
	}
	if n > 0 {
		_, err = s.FileRemoval(ctx, communeID, by, RemovalInput{HamletID: h.ID, HeadName: "Lò Văn Sáng", ReceivedOn: day(0),
			Supporters: itoa((n + 1) / 2), Reason: "Không hoàn thành nhiệm vụ"})
	}
	return err
}
