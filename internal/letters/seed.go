package letters

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/errs"
)

// SeedDemo gives the demo commune a few letters by hand (thanks, an apology for a mistake,
// the chairman's Tết greeting) and the greeting's loudspeaker script; the templates are the
// shipped ones. It does nothing when the commune has letters already, and returns how many it
// wrote.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) (int, error) {
	var n int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM letters WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
		return 0, errs.Wrap("letters: demo", err)
	}
	if n > 0 {
		return 0, nil
	}
	hamlets, err := s.Hamlets(ctx, communeID)
	if err != nil {
		return 0, err
	}
	hamlet := func(i int) string {
		if len(hamlets) == 0 {
			return ""
		}
		return hamlets[i%len(hamlets)].ID
	}
	holiday := "Tết Nguyên đán"
	if hs, err := s.Holidays(ctx, communeID); err == nil {
		for _, h := range hs {
			if len(h.Name) > len("Tết Nguyên đán") && h.Name[:len("Tết Nguyên đán")] == "Tết Nguyên đán" {
				holiday = h.Name
				break
			}
		}
	}
	ins := []HandInput{
		{Occasion: OccContribution, Name: "Ông Hoàng Văn Thái", Address: "Xóm Đồng Kệu, xã Bình Yên", Phone: "0912 345 001", HamletID: hamlet(1),
			Reason: "hiến 150 mét vuông đất để mở rộng đường liên xóm"},
		{Occasion: OccContribution, Name: "Hợp tác xã chè Bình Yên", Address: "Xóm Trung Tâm, xã Bình Yên", HamletID: hamlet(0),
			Reason: "ủng hộ 50 triệu đồng xây dựng nhà văn hóa xóm"},
		{Occasion: OccMistake, Name: "Bà Lường Thị Mai", Address: "Xóm Nà Lá, xã Bình Yên", Phone: "0912 345 002", HamletID: hamlet(6),
			Reason: "ghi sai tên đệm trong giấy xác nhận đã cấp cho bà"},
		{Occasion: OccHoliday, Holiday: holiday},
	}
	var greeting Letter
	for _, in := range ins {
		l, err := s.Create(ctx, communeID, by, in)
		if err != nil {
			return n, err
		}
		n++
		if in.Occasion == OccHoliday {
			greeting = l
		}
	}
	if greeting.ID != "" {
		if _, err := s.CreateScript(ctx, communeID, by, ScriptInput{Title: greeting.Title, Body: greeting.Body, ReadOn: s.Today().String(),
			LetterID: greeting.ID}); err != nil {
			return n, err
		}
	}
	return n, nil
}
