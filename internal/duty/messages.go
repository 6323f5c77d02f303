package duty

// Messages is the register's part of the catalogue: Vietnamese first, then English. The kinds
// of duty are the rooms' own keys; each room that records duties adds "duty.room.<room>".
var Messages = map[string][2]string{
	"duty.title":            {"Việc đến hạn", "Duties coming due"},
	"duty.intro":            {"Mọi việc xã phải làm trong thời hạn luật định, sắp xếp theo hạn gần nhất.", "Everything the commune must do within a statutory time, soonest due first."},
	"duty.at":               {"Tình trạng lúc %s.", "As of %s."},
	"duty.filter":           {"Lọc danh sách việc", "Filter the duties"},
	"duty.filter.who":       {"Của ai", "Whose"},
	"duty.filter.mine":      {"Việc của tôi", "Mine"},
	"duty.filter.everyone":  {"Tất cả cán bộ", "Everyone's"},
	"duty.filter.room":      {"Lĩnh vực", "Area"},
	"duty.filter.all_rooms": {"Tất cả lĩnh vực", "All areas"},
	"duty.filter.state":     {"Tình trạng", "State"},
	"duty.filter.apply":     {"Xem", "Show"},
	"duty.state.open":       {"Đang phải làm", "Open"},
	"duty.state.on_time":    {"Trong hạn", "On time"},
	"duty.state.at_risk":    {"Sắp đến hạn", "Due soon"},
	"duty.state.overdue":    {"Quá hạn", "Overdue"},
	"duty.col.due":          {"Hạn", "Due"},
	"duty.col.state":        {"Tình trạng", "State"},
	"duty.col.what":         {"Việc phải làm", "What is owed"},
	"duty.col.subject":      {"Hồ sơ, vụ việc", "Case"},
	"duty.col.owner":        {"Người, bộ phận phải làm", "Owed by"},
	"duty.col.basis":        {"Căn cứ", "Legal basis"},
	"duty.none":             {"Không có việc nào phải làm theo điều kiện đã chọn.", "No duties match."},
	"duty.past_end":         {"Trang này không còn việc nào.", "This page has no more duties."},
	"duty.first_page":       {"Về trang đầu", "Back to the first page"},
	"duty.home.title":       {"Việc đến hạn", "Duties coming due"},
	"duty.home.counts":      {"%d việc đang phải làm, %d sắp đến hạn, %d quá hạn", "%d open, %d due soon, %d overdue"},
	"duty.room.onestop":     {"Một cửa", "One-stop"},
}
