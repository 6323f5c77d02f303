package docs_test

import (
	"fmt"
	"strconv"
	"time"

	"xaso/internal/docs"
)

var hcm = time.FixedZone("ICT", 7*3600)

// receipt is a form-01-like A5 document with every Vietnamese letter the tests look for.
func receipt() docs.Doc {
	return docs.Doc{
		Size: docs.A5,
		Letterhead: docs.Letterhead{
			ParentBody:  "UBND huyện Phú Lương",
			IssuingBody: "UBND xã Bình Yên",
			Place:       "Bình Yên",
		},
		Number:   "05/PTN-UBND",
		Date:     time.Date(2026, 1, 5, 9, 30, 0, 0, hcm),
		Title:    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
		Subtitle: "Mã hồ sơ: 000.00.12.H56-260105-0001",
		Blocks: []docs.Block{
			docs.Paragraph{Runs: []docs.Run{
				{Text: "Bộ phận tiếp nhận và trả kết quả "},
				{Text: "UBND xã Bình Yên", Style: docs.Bold},
				{Text: " đã tiếp nhận hồ sơ của: "},
				{Text: "Nguyễn Thị Hồng Nhung", Style: docs.Bold},
				{Text: ". Giấy tiếp nhận hồ sơ và hẹn trả kết quả", Style: docs.Italic},
				{Text: " được lập thành hai bản."},
			}},
			docs.Field{Label: "Người được ủy quyền", Value: "Đặng Văn Ưng", Bold: true},
			docs.Field{Label: "Người làm chứng", Value: "Lường Thị Ơn"},
			docs.Field{Label: "Số điện thoại", Value: "0912 345 678", Leaders: true},
			docs.Field{Label: "Địa chỉ", Leaders: true},
			docs.Table{
				Columns: []docs.Column{
					{Title: "TT", Width: 1, Align: docs.Center},
					{Title: "Tên giấy tờ", Width: 6},
					{Title: "Bản chính", Width: 2, Align: docs.Center},
					{Title: "Bản sao", Width: 2, Align: docs.Center},
				},
				Rows: [][]string{
					{"1", "Tờ khai đăng ký khai sinh", "1", "0"},
					{"2", "Giấy chứng sinh", "1", "0"},
					{"3", "Giấy tờ tùy thân của người đi đăng ký (căn cước công dân)", "0", "1"},
				},
			},
			docs.Field{Label: "Thời gian nhận hồ sơ", Value: "09 giờ 30 phút, ngày 05/01/2026"},
			docs.Field{Label: "Thời gian trả kết quả", Value: "14 giờ 00 phút, ngày 06/01/2026", Bold: true},
			docs.QR{Text: "https://binhyen.example.vn/tra-cuu/000.00.12.H56-260105-0001", Caption: "Quét mã để tra cứu tình trạng hồ sơ", Size: 14},
			docs.SignatureRow{Signers: []docs.Signature{
				{Title: "Người nộp hồ sơ", Hint: "(Ký, ghi rõ họ tên)", Name: "Nguyễn Thị Hồng Nhung"},
				{Title: "Người tiếp nhận", Hint: "(Ký, ghi rõ họ tên)", Name: "Đặng Văn Ưng"},
			}},
		},
		Created: time.Date(2026, 1, 5, 9, 31, 0, 0, hcm),
	}
}

// register is a long A4 document: a table over several pages, then the closing.
func register(rows int) docs.Doc {
	tbl := docs.Table{Columns: []docs.Column{
		{Title: "STT", Width: 1, Align: docs.Center},
		{Title: "Mã hồ sơ", Width: 3.2},
		{Title: "Người nộp", Width: 3},
		{Title: "Thủ tục", Width: 4},
		{Title: "Ngày hẹn trả", Width: 2.2, Align: docs.Center},
	}}
	names := []string{"Nguyễn Thị Hồng Nhung", "Đặng Văn Ưng", "Lường Thị Ơn", "Hoàng Văn Thụ"}
	procs := []string{"Đăng ký khai sinh", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp", "Đăng ký kết hôn"}
	for i := 1; i <= rows; i++ {
		tbl.Rows = append(tbl.Rows, []string{
			strconv.Itoa(i),
			fmt.Sprintf("000.00.12.H56-260105-%04d", i),
			names[i%len(names)],
			procs[i%len(procs)],
			fmt.Sprintf("%02d/01/2026", 6+i%20),
		})
	}
	return docs.Doc{
		Size:       docs.A4,
		Letterhead: docs.Letterhead{ParentBody: "UBND tỉnh Thái Nguyên", IssuingBody: "UBND xã Bình Yên", Place: "Bình Yên"},
		Number:     "12/BC-UBND",
		Date:       time.Date(2026, 3, 9, 0, 0, 0, 0, hcm),
		Title:      "Báo cáo",
		Subtitle:   "Tình hình tiếp nhận và giải quyết hồ sơ tháng 01 năm 2026",
		Blocks: []docs.Block{
			docs.Para("Ủy ban nhân dân xã Bình Yên báo cáo tình hình tiếp nhận và giải quyết thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả như sau:"),
			tbl,
			docs.Para("Đề nghị các cơ quan, đơn vị phối hợp thực hiện."),
		},
		Signature:  &docs.Signature{Authority: "TM. Ủy ban nhân dân", Title: "Chủ tịch", Name: "Lường Thị Ơn"},
		Recipients: []string{"UBND tỉnh Thái Nguyên (b/c);", "Thường trực Đảng ủy xã;", "Lưu: VT, VP."},
		Created:    time.Date(2026, 3, 9, 8, 0, 0, 0, hcm),
	}
}
