package web

// AuthMessages are the strings of sign-in protection and of the JSON API's body rule (issue 16).
var AuthMessages = map[string][2]string{
	"auth.busy":               {"Hệ thống đang bận xử lý nhiều lượt đăng nhập. Vui lòng thử lại sau vài giây.", "The system is busy with many sign-ins. Please try again in a few seconds."},
	"auth.token_name_invalid": {"Vui lòng đặt tên cho mã truy cập (tối đa 100 ký tự), ví dụ tên phần mềm sẽ dùng nó.", "Please name the access token (at most 100 characters), e.g. after the software that will use it."},
	"auth.token_ttl_invalid":  {"Thời hạn của mã truy cập phải từ 1 đến 730 ngày.", "An access token must last between 1 and 730 days."},
	"error.json_required":     {"Nội dung gửi lên giao diện lập trình (API) phải ở dạng JSON (Content-Type: application/json).", "Bodies sent to the API must be JSON (Content-Type: application/json)."},
}
