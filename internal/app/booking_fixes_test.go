package app_test

import (
	"context"
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

// TestKioskRefusesOutsideOfficeHours (issue 8 item 11): at 21:50 on a Saturday the kiosk
// gives no ticket and says when the office opens; on Monday morning it gives one.
func TestKioskRefusesOutsideOfficeHours(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 12, 5, 21, 50))
		anon := f.client("")
		st, body := f.do(anon, "GET", "/kiosk", nil)
		if st != 200 || !strings.Contains(body, `id="kiosk-closed"`) || !strings.Contains(body, "07:30") ||
			!strings.Contains(body, "07/12/2026") || strings.Contains(body, `action="/kiosk/lay-so"`) {
			t.Fatalf("the kiosk on Saturday night: %d\n%s", st, body)
		}
		if st, _, body := f.post(anon, "/kiosk/lay-so", url.Values{"field": {"Hộ tịch"}}); st != 409 || !strings.Contains(body, "ngoài giờ làm việc") {
			t.Errorf("a ticket on Saturday night: %d", st)
		}
		var n int
		if err := d.QueryRow(context.Background(), `SELECT count(*) FROM queue_tickets WHERE commune_id = $1`, f.commune.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d tickets stored on Saturday night, %v", n, err)
		}
		clk.set(vnAt(2026, 12, 7, 7, 35))
		if st, loc, _ := f.post(anon, "/kiosk/lay-so", url.Values{"field": {"Hộ tịch"}}); st != 303 || !strings.HasPrefix(loc, "/kiosk/so/") {
			t.Errorf("a ticket on Monday at 07:35: %d → %s", st, loc)
		}
	})
}
