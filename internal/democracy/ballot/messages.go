package ballot

// Messages are the package's error messages, Vietnamese first.
var Messages = map[string][2]string{
	"ballot.err.not_found":       {"Không tìm thấy hòm phiếu.", "No such ballot box."},
	"ballot.err.exists":          {"Việc này đã có hòm phiếu.", "This subject already has a ballot box."},
	"ballot.err.title":           {"Tên cuộc bỏ phiếu trống hoặc quá dài.", "The ballot's title is empty or too long."},
	"ballot.err.mode":            {"Hòm phiếu không nhận phiếu theo cách này.", "The ballot box does not take papers this way."},
	"ballot.err.box":             {"Thiếu ngày bỏ phiếu hoặc danh sách thôn của cử tri.", "The day of the vote or the hamlets of the electorate are missing."},
	"ballot.err.options":         {"Danh sách lựa chọn trên phiếu không hợp lệ (1–50 dòng, số người được bầu không quá số dòng).", "The options of the ballot are not valid (1–50 lines, seats no more than lines)."},
	"ballot.err.option":          {"Phiếu đánh dấu một lựa chọn không có trên phiếu hoặc đánh dấu trùng.", "The paper marks an option that is not on the ballot, or marks one twice."},
	"ballot.err.too_many":        {"Phiếu chọn nhiều hơn %d người: đây là phiếu không hợp lệ, xin ghi là phiếu không hợp lệ.", "The paper marks more than %d: it is invalid, record it as an invalid paper."},
	"ballot.err.not_elector":     {"Hộ này không thuộc danh sách cử tri của cuộc bỏ phiếu.", "This household is not in the electorate of the vote."},
	"ballot.err.voted":           {"Hộ này đã bỏ phiếu; mỗi hộ chỉ một phiếu.", "This household has voted; one paper per household."},
	"ballot.err.closed":          {"Hòm phiếu đã đóng, đã kiểm phiếu.", "The ballot box is closed and counted."},
	"ballot.err.open":            {"Hòm phiếu chưa đóng: chưa thể công bố kết quả.", "The ballot box is not closed yet: no result can be shown."},
	"ballot.err.batch":           {"Số phiếu nhập mỗi lần từ 1 đến 20.000.", "Enter from 1 to 20,000 papers at a time."},
	"ballot.err.returns":         {"Số phiếu thu vào không được lớn hơn số phiếu phát ra.", "The ballots returned cannot exceed the ballots issued."},
	"ballot.err.returns_missing": {"Chưa ghi số phiếu phát ra và số phiếu thu vào.", "The ballots issued and returned are not recorded yet."},
	"ballot.err.papers_mismatch": {"Đã nhập %d phiếu nhưng số phiếu thu vào là %d: xin kiểm tra lại trước khi kết thúc kiểm phiếu.", "%d papers typed in but %d ballots returned: check before ending the count."},
}
