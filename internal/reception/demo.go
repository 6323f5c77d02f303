package reception

import (
	"context"
	"fmt"

	"xaso/internal/audit"
	"xaso/internal/errs"
)

// SeedDemo puts the chairman's next two regular reception days on the public schedule, the
// first working days at least NoticeDays ahead that fall on a Thursday, once: it does nothing
// when the commune has sessions. It returns how many it published.
func (s *Service) SeedDemo(ctx context.Context, communeID string, chairman audit.Actor) (int, error) {
	const op = "reception: seed demo"
	var have int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM reception_sessions WHERE commune_id = $1`, communeID).Scan(&have); err != nil {
		return 0, errs.Wrap(op, err)
	}
	if have > 0 {
		return 0, nil
	}
	day, err := s.EarliestPublishable(ctx, communeID, s.today())
	if err != nil {
		return 0, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return 0, err
	}
	n := 0
	for tries := 0; n < 2 && tries < 60; tries++ {
		if day.Weekday() == 4 && cal.IsWorkingDay(day) {
			ss, err := s.CreateSession(ctx, communeID, chairman, SessionInput{Day: dmy(day), Start: "07:30", End: "11:30",
				Place: "Phòng tiếp công dân, trụ sở Ủy ban nhân dân xã", HostName: chairman.Name,
				Attendees: "Công chức Văn phòng, công chức địa chính – xây dựng", Topics: "Đất đai, xây dựng; chính sách xã hội",
				Kind: Regular, Mode: InPerson})
			if err != nil {
				return n, fmt.Errorf("%s: %w", op, err)
			}
			if _, err := s.PublishSession(ctx, communeID, chairman, ss.ID); err != nil {
				return n, fmt.Errorf("%s: %w", op, err)
			}
			n++
		}
		day = day.AddDays(1)
	}
	return n, nil
}
