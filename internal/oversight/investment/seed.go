package investment

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/errs"
)

// SeedDemo fills the room with a commune's first project through the Service's own rules, so
// that every page has something to show: a residents-funded road in the first hamlet with its
// sources, contractor and a disclosure item; its board of five set up by the Front, one of
// them the account memberUsername (if it exists), and a visit that account submitted with a
// problem found. It does nothing when the commune already has projects. by acts for the
// commune (a leader).
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor, memberUsername string) (Project, error) {
	const op = "investment: seed demo"
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM investment_projects WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
		return Project{}, errs.Wrap(op, err)
	}
	if n > 0 {
		return Project{}, nil
	}
	hs, err := s.Hamlets(ctx, communeID)
	if err != nil || len(hs) == 0 {
		return Project{}, err
	}
	today := s.Today()
	p, err := s.CreateProject(ctx, communeID, by, ProjectInput{Kind: KindResidents, Name: "Bê tông hóa đường xóm " + hs[0].Name,
		Investor: "Ủy ban nhân dân xã", Status: Building, Progress: "40", StartOn: today.AddDays(-30).String(), HamletIDs: []string{hs[0].ID}})
	if err != nil {
		return Project{}, err
	}
	for _, src := range []SourceInput{{Source: "Ngân sách xã", Amount: "850.000.000"}, {Source: "Nhân dân đóng góp", Amount: "150.000.000", Residents: true}} {
		if err := s.AddSource(ctx, communeID, by, p.ID, src); err != nil {
			return Project{}, err
		}
	}
	if err := s.AddParty(ctx, communeID, by, p.ID, PartyInput{Role: Contractor, Name: "Hợp tác xã Xây dựng " + hs[0].Name}); err != nil {
		return Project{}, err
	}
	if err := s.AddDisclosure(ctx, communeID, by, p.ID, DisclosureInput{Item: SuggestedDisclosures[2], DueOn: today.AddDays(-20).String(),
		DisclosedOn: today.AddDays(-25).String()}); err != nil {
		return Project{}, err
	}
	if _, err := s.SetUpBoard(ctx, communeID, by, p.ID, BoardInput{SetUpOn: today.AddDays(-60).String(), SupervisionFrom: today.AddDays(-10).String()}); err != nil {
		return Project{}, err
	}
	member := ""
	if s.accounts != nil && memberUsername != "" {
		if u, err := s.accounts.UserByName(ctx, communeID, memberUsername); err == nil && u != nil {
			member = memberUsername
		}
	}
	for _, m := range []MemberInput{{Name: "Hà Thị Mai", Origin: FromFront, Position: Head, Declared: true},
		{Name: "Lò Văn Sáng", Origin: FromInspection, Position: Deputy, Declared: true, Username: member},
		{Name: "Nông Văn Bình", Origin: FromResidents, Position: Member, HamletID: hs[0].ID, Declared: true},
		{Name: "Hoàng Thị Lan", Origin: FromResidents, Position: Member, HamletID: hs[0].ID},
		{Name: "Ma Văn Tư", Origin: FromResidents, Position: Member, HamletID: hs[0].ID, Declared: true}} {
		if _, err := s.AddMember(ctx, communeID, by, p.ID, m); err != nil {
			return Project{}, err
		}
	}
	if member != "" {
		u, _ := s.accounts.UserByName(ctx, communeID, member)
		if _, err := s.SaveVisit(ctx, communeID, u.Actor(), p.ID, "", VisitInput{VisitedOn: today.AddDays(-3).String(), Place: "Đầu xóm " + hs[0].Name,
			Checks:   map[CheckItem]Check{CheckProgress: {Result: OK}, CheckMaterials: {Result: Issue, Note: "Đá dăm không đúng chủng loại"}},
			Findings: "Vật tư không đúng hồ sơ thiết kế", Submit: true}); err != nil {
			return Project{}, err
		}
	}
	return s.Project(ctx, communeID, p.ID)
}
