package disclosure

import (
	"context"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// PostingRule is how long a category's items stay posted (niêm yết) at the headquarters,
// the cultural houses and the community points (Art. 13).
type PostingRule string

const (
	// ThirtyDays: at least 30 consecutive days (items 1–3 and 5–12).
	ThirtyDays PostingRule = "30_days"
	// Permanent: posted permanently and updated when it changes (items 4 and 13).
	Permanent PostingRule = "permanent"
)

// PostingRules lists the rules in the form's order.
var PostingRules = []PostingRule{ThirtyDays, Permanent}

// Category is one of the 14 items of Art. 11 as a commune keeps it.
type Category struct {
	No     int    // the item number of Art. 11, 1–14
	NameVI string // what the commune calls it
	NameEN string
	// Posting is how long its items stay posted (Art. 13).
	Posting PostingRule
	// Loudspeaker: its items are also broadcast on the loudspeaker system for at least 3
	// consecutive days and relayed by hamlet heads (items 7–12, Art. 13).
	Loudspeaker bool
	// Required: the commune is expected always to have something current in it. Item 14
	// ("other items") is open-ended and not required by default.
	Required  bool
	UpdatedAt time.Time
	UpdatedBy string
}

// Name is the category's name in lang ("vi" or "en").
func (c Category) Name(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.NameVI
}

// LegalCategories are the 14 items of Art. 11 of Law 10/2022/QH15, seeded into every
// commune's disclosure_categories on first use. The English names are the wording of
// ../shared/domain/participation-law.md §1.1; the Vietnamese names are this project's short
// labels for the same items, not the law's text (see doc.go), and a commune may edit both.
var LegalCategories = []Category{
	{No: 1, Posting: ThirtyDays, Required: true,
		NameVI: "Kế hoạch phát triển kinh tế - xã hội hằng năm, phương án chuyển dịch cơ cấu kinh tế và kết quả thực hiện",
		NameEN: "Annual socio-economic plan, restructuring plan, results"},
	{No: 2, Posting: ThirtyDays, Required: true,
		NameVI: "Ngân sách: dự toán, kết quả thực hiện (quý, 6 tháng, năm), quyết toán; việc thực hiện kết luận của Kiểm toán nhà nước",
		NameEN: "Budget: draft and adopted budget; execution reports (quarter, 6 months, year); final accounts; follow-up of State Audit findings"},
	{No: 3, Posting: ThirtyDays, Required: true,
		NameVI: "Đất đai, quy hoạch: dự án đầu tư và tiến độ; thu hồi đất, bồi thường, tái định cư; sử dụng đất công ích; quy hoạch xây dựng",
		NameEN: "Land and planning: investment projects and progress; land recovery, compensation, resettlement; use of commune land, leasing of public-purpose farmland; construction and zoning plans"},
	{No: 4, Posting: Permanent, Required: true,
		NameVI: "Quy chế thực hiện dân chủ ở xã; nhiệm vụ của cán bộ, công chức, người hoạt động không chuyên trách; quy tắc ứng xử",
		NameEN: "The commune democracy regulation; duties of commune officials and part-time staff; the code of conduct"},
	{No: 5, Posting: ThirtyDays, Required: true,
		NameVI: "Quỹ, kinh phí chương trình, tài trợ; các khoản huy động Nhân dân đóng góp",
		NameEN: "Funds, programme money, sponsorships; money mobilised from residents"},
	{No: 6, Posting: ThirtyDays, Required: true,
		NameVI: "Tài sản công: đầu tư, mua sắm, thuê, bán, thanh lý; nguồn thu từ tài sản công",
		NameEN: "Public assets: building, buying, renting, selling, liquidating; revenue from them"},
	{No: 7, Posting: ThirtyDays, Loudspeaker: true, Required: true,
		NameVI: "Chính sách hỗ trợ, trợ cấp, tín dụng, an sinh xã hội: tiêu chuẩn, đối tượng, bình xét, kết quả",
		NameEN: "Support, subsidy, credit, social-security policies: criteria, beneficiaries, review (bình xét), results"},
	{No: 8, Posting: ThirtyDays, Loudspeaker: true, Required: true,
		NameVI: "Cứu trợ thiên tai, dịch bệnh, bệnh hiểm nghèo; việc sử dụng tiền, hàng ủng hộ",
		NameEN: "Relief for disasters, epidemics, serious illness; use of donations"},
	{No: 9, Posting: ThirtyDays, Loudspeaker: true, Required: true,
		NameVI: "Gọi công dân nhập ngũ, thực hiện nghĩa vụ công an: chỉ tiêu, tiêu chuẩn, danh sách",
		NameEN: "Military and police-service call-up: quotas, criteria, lists (eligible, called, deferred, exempt)"},
	{No: 10, Posting: ThirtyDays, Loudspeaker: true, Required: true,
		NameVI: "Kết quả thanh tra, kiểm tra, xử lý vi phạm của cán bộ xã, thôn; kết quả lấy phiếu tín nhiệm",
		NameEN: "Inspection and discipline results for misconduct of commune/hamlet staff; confidence-vote results"},
	{No: 11, Posting: ThirtyDays, Loudspeaker: true, Required: true,
		NameVI: "Nội dung lấy ý kiến Nhân dân (Điều 25): kế hoạch, nội dung, tổng hợp ý kiến, giải trình và tiếp thu",
		NameEN: "Consultation material (Art. 25): plan, content, summary of opinions, explanations and changes"},
	{No: 12, Posting: ThirtyDays, Loudspeaker: true, Required: true,
		NameVI: "Các khoản phí, lệ phí do xã trực tiếp thu: đối tượng nộp, mức thu",
		NameEN: "Fees and charges the commune collects directly: who pays, how much"},
	{No: 13, Posting: Permanent, Required: true,
		NameVI: "Thủ tục hành chính do xã giải quyết",
		NameEN: "Administrative procedures the commune handles"},
	{No: 14, Posting: ThirtyDays, Required: false,
		NameVI: "Nội dung khác theo quy định của pháp luật hoặc quy chế thực hiện dân chủ của xã",
		NameEN: "Other items required by law or the commune regulation"},
}

// ensureCategories seeds the commune's categories from LegalCategories; a category already
// there (perhaps edited) is kept.
func ensureCategories(ctx context.Context, tx *db.Tx, communeID string, at time.Time) error {
	for _, c := range LegalCategories {
		if _, err := tx.Exec(ctx, `INSERT INTO disclosure_categories (commune_id, category_no, name_vi, name_en, posting_rule,
			loudspeaker, required, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (commune_id, category_no) DO NOTHING`,
			communeID, c.No, c.NameVI, c.NameEN, string(c.Posting), c.Loudspeaker, c.Required, at); err != nil {
			return errs.Wrap("disclosure: seed categories", err)
		}
	}
	return nil
}

// Categories returns the commune's categories in the order of Art. 11, seeding them on first use.
func (s *Service) Categories(ctx context.Context, communeID string) ([]Category, error) {
	list, err := s.loadCategories(ctx, s.d, communeID)
	if err != nil || len(list) >= len(LegalCategories) {
		return list, err
	}
	if err := s.d.Tx(ctx, func(tx *db.Tx) error { return ensureCategories(ctx, tx, communeID, s.stamp()) }); err != nil {
		return nil, err
	}
	return s.loadCategories(ctx, s.d, communeID)
}

func (s *Service) loadCategories(ctx context.Context, q db.Q, communeID string) ([]Category, error) {
	const op = "disclosure: categories"
	rows, err := q.Query(ctx, `SELECT category_no, name_vi, name_en, posting_rule, loudspeaker, required, updated_at, updated_by
		FROM disclosure_categories WHERE commune_id = $1 ORDER BY category_no`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		var rule string
		if err := rows.Scan(&c.No, &c.NameVI, &c.NameEN, &rule, &c.Loudspeaker, &c.Required, &c.UpdatedAt, &c.UpdatedBy); err != nil {
			return nil, errs.Wrap(op, err)
		}
		c.Posting, c.UpdatedAt = PostingRule(rule), c.UpdatedAt.UTC()
		out = append(out, c)
	}
	return out, errs.Wrap(op, rows.Err())
}

// category returns one category of the commune, seeding them first; NotFound if no is not one.
func category(ctx context.Context, tx *db.Tx, communeID string, no int, at time.Time) (Category, error) {
	if err := ensureCategories(ctx, tx, communeID, at); err != nil {
		return Category{}, err
	}
	var c Category
	var rule string
	err := tx.QueryRow(ctx, `SELECT category_no, name_vi, name_en, posting_rule, loudspeaker, required, updated_at, updated_by
		FROM disclosure_categories WHERE commune_id = $1 AND category_no = $2`, communeID, no).
		Scan(&c.No, &c.NameVI, &c.NameEN, &rule, &c.Loudspeaker, &c.Required, &c.UpdatedAt, &c.UpdatedBy)
	if err != nil {
		return Category{}, notFound("disclosure: category", err)
	}
	c.Posting, c.UpdatedAt = PostingRule(rule), c.UpdatedAt.UTC()
	return c, nil
}

// CategoryInput is a category as the commune edits it.
type CategoryInput struct {
	NameVI, NameEN string
	Posting        PostingRule
	Loudspeaker    bool
	Required       bool
}

// UpdateCategory changes what a commune calls a category of Art. 11 and its rules. The law
// fixes the rules of items 1–13 (Art. 13); a commune edits them where a later amendment or
// its own regulation says so, and the change is in the audit log.
func (s *Service) UpdateCategory(ctx context.Context, communeID string, by audit.Actor, no int, in CategoryInput) (Category, error) {
	const op = "disclosure: update category"
	fe := errs.FieldErrors{}
	var c Category
	var ok bool
	if c.NameVI, ok = clean(in.NameVI, 500); !ok {
		fe["name_vi"] = "disclosure.too_long"
	} else if c.NameVI == "" {
		fe["name_vi"] = "disclosure.category.name_required"
	}
	if c.NameEN, ok = clean(in.NameEN, 500); !ok {
		fe["name_en"] = "disclosure.too_long"
	}
	switch in.Posting {
	case ThirtyDays, Permanent:
		c.Posting = in.Posting
	default:
		fe["posting"] = "disclosure.category.posting_required"
	}
	if err := fe.Err(op); err != nil {
		return Category{}, err
	}
	c.No, c.Loudspeaker, c.Required = no, in.Loudspeaker, in.Required
	c.UpdatedAt, c.UpdatedBy = s.stamp(), by.Name
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := category(ctx, tx, communeID, no, c.UpdatedAt)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE disclosure_categories SET name_vi = $3, name_en = $4, posting_rule = $5,
			loudspeaker = $6, required = $7, updated_at = $8, updated_by = $9 WHERE commune_id = $1 AND category_no = $2`,
			communeID, no, c.NameVI, c.NameEN, string(c.Posting), c.Loudspeaker, c.Required, c.UpdatedAt, c.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionCategoryUpdate, "disclosure_category", itoa(no),
			audit.Change{Before: categorySummary(before), After: categorySummary(c)}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCategoryUpdated, map[string]any{"no": no})
	})
	if err != nil {
		return Category{}, err
	}
	return c, nil
}

func categorySummary(c Category) map[string]any {
	return map[string]any{"no": c.No, "name_vi": c.NameVI, "name_en": c.NameEN, "posting": c.Posting,
		"loudspeaker": c.Loudspeaker, "required": c.Required}
}

// categoryOf is the category numbered no among cats; the zero Category if none is.
func categoryOf(cats []Category, no int) Category {
	for _, c := range cats {
		if c.No == no {
			return c
		}
	}
	return Category{}
}

// categoryNames maps the categories' numbers to their names in lang.
func categoryNames(cats []Category, lang string) map[int]string {
	names := make(map[int]string, len(cats))
	for _, c := range cats {
		names[c.No] = c.Name(lang)
	}
	return names
}
