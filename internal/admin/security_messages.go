package admin

// SecurityMessages are the strings of the API token pages and of lifting sign-in locks
// (issue 16).
var SecurityMessages = map[string][2]string{
	"admin.tokens":            {"Mã truy cập API", "API tokens"},
	"admin.tokens_own":        {"Mã truy cập API của tôi", "My API tokens"},
	"admin.tokens_help":       {"Mã truy cập cho phép phần mềm khác dùng giao diện lập trình (API) dưới tên của ông/bà. Mã hết hạn sau số ngày đã chọn; khi đổi hoặc đặt lại mật khẩu, mọi mã đều bị thu hồi.", "An access token lets other software use the API in your name. It expires after the days chosen; changing or resetting the password revokes every token."},
	"admin.tokens_admin_help": {"Mọi mã truy cập còn hiệu lực của xã. Thu hồi một mã làm phần mềm dùng nó mất quyền truy cập ngay.", "Every live access token of the commune. Revoking a token cuts off the software using it at once."},
	"admin.token_name":        {"Tên mã (phần mềm sẽ dùng)", "Token name (the software using it)"},
	"admin.token_days":        {"Thời hạn (ngày)", "Lifetime (days)"},
	"admin.token_created":     {"Ngày tạo", "Created"},
	"admin.token_expires":     {"Hết hạn", "Expires"},
	"admin.token_last_used":   {"Dùng lần cuối", "Last used"},
	"admin.token_never_used":  {"Chưa dùng", "Never"},
	"admin.token_new":         {"Tạo mã truy cập mới", "New access token"},
	"admin.token_create":      {"Tạo mã", "Create token"},
	"admin.token_revoke":      {"Thu hồi", "Revoke"},
	"admin.token_revoked":     {"Đã thu hồi mã truy cập.", "The token was revoked."},
	"admin.token_secret_once": {"Mã truy cập mới dưới đây chỉ hiện một lần: hãy sao chép và cất giữ cẩn thận.", "The new token below is shown only once: copy it and keep it safe."},
	"admin.unlock":            {"Mở khóa đăng nhập", "Lift sign-in locks"},
	"admin.unlock_help":       {"Sau nhiều lần nhập sai mật khẩu, tài khoản tạm bị chặn đăng nhập từ nơi nhập sai (15 phút). Mở khóa để người dùng đăng nhập lại ngay.", "After repeated wrong passwords an account is blocked for 15 minutes from where they were typed. Lift the locks to let the person sign in at once."},
	"admin.signin_locked":     {"Đang bị chặn đăng nhập", "Sign-in blocked"},
	"admin.user_unlocked":     {"Đã mở khóa đăng nhập cho tài khoản.", "The account's sign-in locks were lifted."},
}
