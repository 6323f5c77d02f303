package app_test

import (
	"net/url"
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// Issue 8 item 11 over HTTP: without an SMS gateway the confirmation says no message is sent
// and asks to keep the code (never "sent to your phone"); a second booking of the same phone
// for the same slot comes back as the form with the message at the phone and everything typed.
func TestBookingDoneWithoutSMSAndOnePlacePerPhone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 2, 12, 10, 0))
		anon := f.client("")
		form := url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-02-13"}, "slot": {"08:00"}, "name": {"Lường Thị Mai"},
			"phone": {"0915 246 813"}, "id_number": {"019190000123"}}
		st, loc, _ := f.post(anon, "/dat-lich", form)
		if st != 303 || !codeInLink.MatchString(loc) {
			t.Fatalf("booking: %d → %q", st, loc)
		}
		st, body := f.do(anon, "GET", loc, nil)
		if st != 200 || strings.Contains(body, "đã được gửi đến số điện thoại") || !strings.Contains(body, `id="khong-tin-nhan"`) ||
			!strings.Contains(body, "Xin ghi lại hoặc chụp lại mã đặt lịch") {
			t.Fatalf("confirmation without SMS: %d\n%s", st, body)
		}

		form.Set("name", "Lường Văn Nam")
		st, _, body = f.post(anon, "/dat-lich", form)
		if st != 409 || !strings.Contains(body, `id="f-phone-err"`) || !strings.Contains(body, "đã có lịch hẹn vào đúng giờ này") ||
			!strings.Contains(body, `value="Lường Văn Nam"`) || !strings.Contains(body, `value="0915 246 813"`) ||
			!strings.Contains(body, `value="019190000123"`) || !regexpChecked(body, "08:00") {
			t.Fatalf("the same phone twice in a slot: %d\n%s", st, body)
		}
	})
}

// regexpChecked reports whether the slot radio of value is the checked one.
func regexpChecked(body, value string) bool {
	i := strings.Index(body, `name="slot" value="`+value+`"`)
	if i < 0 {
		return false
	}
	end := strings.Index(body[i:], ">")
	return end > 0 && strings.Contains(body[i:i+end], "checked")
}
