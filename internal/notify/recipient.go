package notify

import (
	"net/mail"
	"strings"

	"xaso/internal/errs"
)

// Why a message is recorded as Invalid: written to last_error and shown to admins as is.
const (
	reasonEmail   = "Địa chỉ email không hợp lệ"
	reasonPhone   = "Số điện thoại không phải số di động Việt Nam (0xxxxxxxxx hoặc +84xxxxxxxxx)"
	reasonChannel = "Kênh gửi không được hỗ trợ"
	reasonEmpty   = "Nội dung tin nhắn trống"
)

// NormalizePhone turns a Vietnamese mobile number as people write it ("0912 345 678",
// "091.234.5678", "+84 912345678", "+84 (0) 912 345 678", "0084912345678", "84912345678") into
// E.164 ("+84912345678"), the form SMS and Zalo gateways take. Anything else, landlines and
// foreign numbers included, is errs.Invalid with key "notify.phone_invalid".
//
// Mobile numbers are 0 followed by nine digits, the first of them 3, 5, 7, 8 or 9 (the
// prefixes in use since the 2018 renumbering from 11 to 10 digits).
func NormalizePhone(s string) (string, error) {
	bad := errs.E("notify: phone", errs.Invalid, "notify.phone_invalid")
	if len(s) > 40 {
		return "", bad
	}
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case '0' <= r && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0: // "+84…" or "(+84) …"
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return "", bad
		}
	}
	d := b.String()
	var national string // the nine digits after the country code or the leading 0
	switch {
	case strings.HasPrefix(d, "+84"):
		national = d[3:]
	case strings.HasPrefix(d, "0084"):
		national = d[4:]
	case strings.HasPrefix(d, "84") && len(d) == 11:
		national = d[2:]
	case strings.HasPrefix(d, "0") && len(d) == 10:
		national = d[1:]
	default:
		return "", bad
	}
	if len(national) == 10 && national[0] == '0' {
		national = national[1:] // "+84 (0) 912…": the trunk 0 written after the country code
	}
	if len(national) != 9 || strings.IndexByte("35789", national[0]) < 0 {
		return "", bad
	}
	return "+84" + national, nil
}

// NormalizeEmail checks that s is one plain ASCII address ("ten@xa.gov.vn", no display name)
// and returns it with the domain in lower case. Anything else is errs.Invalid with key
// "notify.email_invalid".
func NormalizeEmail(s string) (string, error) {
	bad := errs.E("notify: email", errs.Invalid, "notify.email_invalid")
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 254 {
		return "", bad
	}
	for i := 0; i < len(s); i++ {
		// ASCII only: the mail path (net/smtp, most relays) does not reliably carry SMTPUTF8.
		if s[i] <= ' ' || s[i] >= 0x7f {
			return "", bad
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", bad
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", bad
	}
	return local + "@" + strings.ToLower(domain), nil
}

// normalizeRecipient checks the recipient for the channel; reason is "" when it is good.
func normalizeRecipient(channel, recipient string) (normalized, reason string) {
	switch channel {
	case Email:
		r, err := NormalizeEmail(recipient)
		if err != nil {
			return recipient, reasonEmail
		}
		return r, ""
	case SMS, Zalo:
		r, err := NormalizePhone(recipient)
		if err != nil {
			return recipient, reasonPhone
		}
		return r, ""
	}
	return recipient, reasonChannel
}
