package rating

import (
	"context"
	"time"

	"xaso/internal/audit"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// demoRatings are the demo's ratings, in turn over the most recent returns: mostly satisfied,
// a few neutral and a few not, with their reasons.
var demoRatings = []struct {
	level   int
	reasons []string
	comment string
	ch      Channel
	after   time.Duration
}{
	{5, nil, "Cán bộ hướng dẫn tận tình.", ChannelCounter, 2 * time.Minute},
	{4, nil, "", ChannelCounter, 3 * time.Minute},
	{5, nil, "", ChannelQR, 3 * time.Hour},
	{4, nil, "", ChannelCounter, time.Minute},
	{3, nil, "Phải chờ một lúc mới đến lượt.", ChannelSMS, 26 * time.Hour},
	{5, nil, "", ChannelCounter, 2 * time.Minute},
	{2, []string{"long_wait", "unclear_guidance"}, "Chờ gần một tiếng, hướng dẫn chưa rõ phải nộp thêm giấy gì.", ChannelCounter, 4 * time.Minute},
	{4, nil, "", ChannelWeb, 5 * time.Hour},
	{5, nil, "", ChannelCounter, time.Minute},
	{1, []string{"late_return"}, "Hẹn trả kết quả nhưng đến nơi chưa có.", ChannelQR, 2 * time.Hour},
	{4, nil, "", ChannelCounter, 2 * time.Minute},
	{5, nil, "Thủ tục nhanh gọn.", ChannelSMS, 20 * time.Hour},
}

// demoPetitionRatings are the senders' ratings of the demo's answered petitions, by SMS link.
var demoPetitionRatings = []struct {
	level   int
	reasons []string
	comment string
	ch      Channel
	after   time.Duration
}{
	{5, nil, "Xã đã cử cán bộ xuống kiểm tra và trả lời rõ ràng.", ChannelSMS, 6 * time.Hour},
	{3, nil, "Đã trả lời nhưng chưa hẹn ngày sửa.", ChannelWeb, 30 * time.Hour},
}

// SeedDemo rates some of the commune's returned dossiers for a demonstration: about three in
// five of the last returns, each at a moment after its return. The demo's dossiers are made
// just before (their return events still in the outbox): those events are taken in first,
// as the dispatcher will take them again later, to no effect. It does nothing when the
// commune has ratings already, and returns how many it made.
func (s *Service) SeedDemo(ctx context.Context, communeID string) (int, error) {
	const op = "rating: seed demo"
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM ratings WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
		return 0, errs.Wrap(op, err)
	}
	if n > 0 {
		return 0, nil
	}
	if err := s.catchUp(ctx, communeID); err != nil {
		return 0, err
	}
	// The dossiers returned last, then every answered petition (the demo has a few).
	rows, err := s.d.Query(ctx, `SELECT `+subjectCols+` FROM (SELECT `+subjectCols+` FROM rating_subjects WHERE commune_id = $1 AND subject_type = $2
		ORDER BY returned_at DESC, code DESC LIMIT 60) d
		UNION ALL SELECT `+subjectCols+` FROM rating_subjects WHERE commune_id = $1 AND subject_type = $3`, communeID, SubjectDossier, SubjectPetition)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	var subs []Subject
	for rows.Next() {
		sub, err := scanSubject(rows)
		if err != nil {
			rows.Close()
			return 0, errs.Wrap(op, err)
		}
		subs = append(subs, sub)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errs.Wrap(op, err)
	}
	now := s.stamp()
	made := 0
	for i, sub := range subs {
		if i%5 >= 3 && sub.Type == SubjectDossier { // two in five dossiers stay unrated
			continue
		}
		d := demoRatings[made%len(demoRatings)]
		if sub.Type == SubjectPetition {
			d = demoPetitionRatings[i%len(demoPetitionRatings)]
		}
		at := sub.ReturnedAt.Add(d.after)
		ch := d.ch
		if at.After(now) {
			at, ch = now, ChannelWeb
		}
		by := Web
		if ch == ChannelCounter {
			by = audit.Actor{ID: sub.OfficerID, Name: sub.OfficerName}
		}
		if _, err := s.rate(ctx, communeID, sub.Type, sub.Code, Input{Level: d.level, Reasons: d.reasons, Comment: d.comment}, ch, by, at, nil); err != nil {
			return made, err
		}
		made++
	}
	return made, nil
}

// catchUp takes in the commune's return events not delivered yet.
func (s *Service) catchUp(ctx context.Context, communeID string) error {
	const page = 500
	for offset := 0; ; offset += page {
		evs, err := events.List(ctx, s.d, communeID, "pending", page, offset)
		if err != nil {
			return errs.Wrap("rating: seed demo", err)
		}
		for _, e := range evs {
			switch e.Topic {
			case TopicDossierReturned:
				if err := s.OnDossierReturned(ctx, e); err != nil {
					return err
				}
			case TopicPetitionChanged:
				if err := s.OnPetitionChanged(ctx, e); err != nil {
					return err
				}
			}
		}
		if len(evs) < page {
			return nil
		}
	}
}
