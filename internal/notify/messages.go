package notify

// Messages are the package's user-facing strings, by the keys of its errors (a form that asks
// for a phone number or an email can use NormalizePhone and NormalizeEmail directly); the
// composition root adds them to the web catalogue.
var Messages = map[string][2]string{
	"notify.phone_invalid": {"Số điện thoại không hợp lệ: cần số di động Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678.", "Invalid phone number: a Vietnamese mobile number is needed, e.g. 0912 345 678 or +84 912 345 678."},
	"notify.email_invalid": {"Địa chỉ email không hợp lệ.", "Invalid email address."},
}
