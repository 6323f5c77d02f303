package report

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/docs"
	"xaso/internal/web"
)

// The report on the model, following the plan's sections with the numbers filled in and room
// for the commune's own text: DOCX to edit in Word or LibreOffice, PDF as it stands (both the
// same docs.Doc, in Decree 30 layout), and the figures as an XLSX annex.

// Head is the commune's letterhead and the chairman who signs.
type Head struct {
	Letterhead docs.Letterhead
	Commune    string // "Bình Yên"
	Chairman   string // may be empty: signed by hand
	// AuditHead is the signed audit-chain head of the period's end (audit.HeadLine), so that
	// the paper copy can be compared with the public page of the signed heads; empty when none.
	AuditHead string
}

// Doc builds the report of the dashboard.
func (s *Service) Doc(b Dashboard, h Head, t func(key string, args ...any) string) docs.Doc {
	per := b.Period
	title := "Kết quả thực hiện mô hình “Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ” " + per.Label()
	d := docs.Doc{Size: docs.A4, Letterhead: h.Letterhead, Number: "     /BC-UBND", Date: time.Time{}, Title: "BÁO CÁO", Subtitle: title,
		Author: "UBND xã " + h.Commune}
	add := func(bs ...docs.Block) { d.Blocks = append(d.Blocks, bs...) }
	heading := func(text string) {
		add(docs.Paragraph{Runs: []docs.Run{{Text: text, Style: docs.Bold}}, NoIndent: true})
	}
	add(docs.Para("Thực hiện Kế hoạch triển khai mô hình “Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ” của Ủy ban nhân dân xã " +
		h.Commune + ", Ủy ban nhân dân xã báo cáo kết quả thực hiện " + per.Label() + " (từ ngày " + per.From.Time().Format("02/01/2006") + " đến ngày " +
		per.To.Time().Format("02/01/2006") + ") như sau:"))
	add(docs.Placeholder{Hint: "(Phần mở đầu, bối cảnh do Ủy ban nhân dân xã soạn)", Lines: 2})
	heading("I. KẾT QUẢ THỰC HIỆN")
	add(docs.Para(fmt.Sprintf("Số liệu dưới đây được tính tự động từ dữ liệu của hệ thống tại thời điểm %s; "+
		"đạt %d trên %d chỉ tiêu có mục tiêu và đã đo được.", b.At.In(calendar.Zone).Format("15:04 ngày 02/01/2006"), b.Met, b.Judged)))
	for _, sec := range sectionsOf(b) {
		heading(t("report.s." + sec.Key))
		for _, m := range sec.Measures {
			add(docs.Para("- " + sentence(m, t) + "."))
		}
		add(docs.Placeholder{Hint: "(Kết quả, cách làm cụ thể của xã về nội dung này)", Lines: 2})
	}
	heading("Bảng tổng hợp các chỉ tiêu")
	tbl := docs.Table{Columns: []docs.Column{{Title: "STT", Width: 0.6, Align: docs.Center}, {Title: "Mục", Width: 0.9, Align: docs.Center},
		{Title: "Chỉ tiêu", Width: 4}, {Title: "Mục tiêu", Width: 1.4, Align: docs.Center}, {Title: "Kết quả", Width: 1.6, Align: docs.Center},
		{Title: "Đánh giá", Width: 1.4, Align: docs.Center}}}
	for i, m := range b.Measures {
		tbl.Rows = append(tbl.Rows, []string{strconv.Itoa(i + 1), m.Section, t("report.m." + m.Key), targetText(m), resultText(m), t("report.status." + string(m.Status))})
	}
	add(tbl)
	heading("II. ĐÁNH GIÁ CHUNG")
	add(docs.Paragraph{Runs: []docs.Run{{Text: "1. Ưu điểm", Style: docs.Bold}}})
	add(docs.Placeholder{Hint: "(Những kết quả nổi bật do Ủy ban nhân dân xã đánh giá)", Lines: 3})
	add(docs.Paragraph{Runs: []docs.Run{{Text: "2. Tồn tại, hạn chế", Style: docs.Bold}}})
	var missed []string
	for _, m := range b.Measures {
		if m.Status == NotMet {
			missed = append(missed, "- Chưa đạt: "+sentence(m, t)+".")
		}
	}
	if len(missed) == 0 {
		add(docs.Para("Các chỉ tiêu có mục tiêu và đã đo được đều đạt."))
	}
	for _, s := range missed {
		add(docs.Para(s))
	}
	add(docs.Placeholder{Hint: "(Tồn tại, hạn chế khác và nguyên nhân)", Lines: 3})
	heading("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
	add(docs.Placeholder{Hint: "(Nhiệm vụ, giải pháp trong thời gian tới)", Lines: 4})
	heading("IV. ĐỀ XUẤT, KIẾN NGHỊ")
	add(docs.Placeholder{Hint: "(Đề xuất, kiến nghị, nếu có)", Lines: 2})
	if h.AuditHead != "" {
		add(docs.Paragraph{Runs: []docs.Run{{Text: h.AuditHead + " (đối chiếu tại trang “Mã kiểm toán nhật ký” của xã).", Style: docs.Italic}}})
	}
	add(docs.Para("Trên đây là báo cáo kết quả thực hiện mô hình “Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ” " + per.Label() +
		" của Ủy ban nhân dân xã " + h.Commune + "."))
	d.Signature = &docs.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: h.Chairman}
	d.Recipients = []string{"Thường trực Đảng ủy, HĐND xã;", "Ủy ban MTTQ Việt Nam xã;", "Các ban, ngành, đoàn thể xã;", "Lưu: VT."}
	return d
}

// sentence is a measure in words: "Hồ sơ … đúng hạn: 98,5 % (197/200); mục tiêu 100 %; chưa đạt".
func sentence(m Measure, t func(key string, args ...any) string) string {
	s := t("report.m."+m.Key) + ": " + resultText(m)
	if m.Unit == Percent && m.Status != Unknown && m.Status != NotSource {
		s += " (" + strconv.Itoa(m.Value.Num) + "/" + strconv.Itoa(m.Value.Den) + ")"
	}
	if m.Value.Note != "" {
		s += ", " + m.Value.Note
	}
	s += "; mục tiêu: " + t("report.t."+m.Key)
	return s + "; " + strings.ToLower(t("report.status."+string(m.Status)))
}

// resultText is the measured value as the report writes it (Vietnamese decimals).
func resultText(m Measure) string {
	switch m.Status {
	case Unknown:
		return "chưa có dữ liệu"
	case NotSource:
		return "chưa đo được"
	}
	switch m.Unit {
	case Percent:
		return web.Decimal("vi", m.Rate) + " %"
	case Points:
		return web.Decimal("vi", m.Rate) + "/" + strconv.Itoa(m.Value.Den) + " điểm"
	}
	return strconv.Itoa(m.Value.Num)
}

// targetText is the numeric target as the table writes it.
func targetText(m Measure) string {
	switch {
	case !m.HasTarget:
		return "—"
	case m.Unit == Percent:
		return web.Decimal("vi", m.Target) + " %"
	case m.Lower:
		return "≤ " + web.Decimal("vi", m.Target)
	}
	return web.Decimal("vi", m.Target)
}

// Annex writes the figures as a workbook: the period's table, then (for a quarter or a year)
// the percentages month by month.
func (s *Service) Annex(ctx context.Context, w interface{ Write([]byte) (int, error) }, b Dashboard, t func(key string, args ...any) string) error {
	sheets := []docs.BookSheet{{
		Sheet: docs.Sheet{Title: "Chỉ tiêu " + b.Period.Label(), Header: []string{"STT", "Mục kế hoạch", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị",
			"Số được tính", "Trên tổng số", "Kết quả", "Mục tiêu", "Đánh giá", "Cách tính"}, Widths: []float64{6, 10, 26, 50, 10, 12, 12, 10, 10, 18, 60}},
		Rows: func(yield func([]any) error) error {
			for i, m := range b.Measures {
				var v, tg any
				if m.Status != Unknown && m.Status != NotSource {
					v = m.Rate
				}
				if m.HasTarget {
					tg = m.Target
				}
				if err := yield([]any{i + 1, m.Section, m.Key, t("report.m." + m.Key), t("report.unit." + string(m.Unit)), m.Value.Num, m.Value.Den, v, tg,
					t("report.status." + string(m.Status)), t("report.h." + m.Key)}); err != nil {
					return err
				}
			}
			return nil
		},
	}}
	if b.Period.Kind != Month {
		months := b.Period.Months(s.now())
		var boards []Dashboard
		for _, m := range months {
			mp, _ := NewPeriod(Month, m.Year(), int(m.Month()))
			mb, err := s.Dashboard(ctx, b.CommuneID, mp)
			if err != nil {
				return err
			}
			boards = append(boards, mb)
		}
		header := []string{"Chỉ tiêu"}
		for _, mb := range boards {
			header = append(header, "Tháng "+strconv.Itoa(mb.Period.Part))
		}
		sheets = append(sheets, docs.BookSheet{Sheet: docs.Sheet{Title: "Theo tháng", Header: header, Widths: []float64{50}},
			Rows: func(yield func([]any) error) error {
				for _, def := range Defs {
					row := []any{t("report.m." + def.Key)}
					for _, mb := range boards {
						m, _ := mb.Get(def.Key)
						if m.Status == Unknown || m.Status == NotSource {
							row = append(row, nil)
						} else {
							row = append(row, m.Rate)
						}
					}
					if err := yield(row); err != nil {
						return err
					}
				}
				return nil
			}})
	}
	return docs.WriteXLSXBook(w, sheets)
}

func (p *pages) download(w http.ResponseWriter, r *http.Request) error {
	f, err := format(r)
	if err != nil {
		return err
	}
	t, b, err := p.boardOf(r)
	if err != nil {
		return err
	}
	tr := func(key string, args ...any) string { return p.s.Catalog().T("vi", key, args...) }
	name := "bao-cao-mo-hinh-" + t.Code + "-" + b.Period.ID() + "." + f
	h := w.Header()
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	web.NoStore(w)
	switch f {
	case "xlsx":
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		return p.svc.Annex(r.Context(), w, b, tr)
	}
	head := Head{Commune: strings.TrimPrefix(t.Name, "xã ")}
	if p.deps.CommuneHead != nil {
		if head, err = p.deps.CommuneHead(r); err != nil {
			return err
		}
	}
	if p.deps.AuditHead != nil {
		if head.AuditHead, err = p.deps.AuditHead(r.Context(), t.ID, b.Period.End()); err != nil {
			return err
		}
	}
	doc := p.svc.Doc(b, head, tr)
	if f == "pdf" {
		h.Set("Content-Type", "application/pdf")
		return docs.Render(w, doc)
	}
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	return docs.RenderDOCX(w, doc)
}
