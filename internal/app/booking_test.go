package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/app"
	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/booking"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/events"
	"xaso/internal/notify"
	"xaso/internal/onestop"
)

// testClock is the settable clock of a booking fixture.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// newClockFixture is newFixture on a clock the test sets (app.Options.Now).
func newClockFixture(t *testing.T, d *db.DB, start time.Time) (*fixture, *testClock) {
	t.Helper()
	ctx := context.Background()
	clk := &testClock{t: start}
	res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := commune.GetCommune(ctx, d, res.CommuneID)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, app.Options{DB: d, DataDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Hasher: testHasher, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range auth.AllRoles {
		if _, err := a.Auth.CreateUser(ctx, c.ID, audit.System, auth.NewUser{Username: "u-" + string(r), FullName: "Người thử " + string(r), Password: testPassword, Roles: []auth.Role{r}}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &fixture{t: t, d: d, a: a, srv: srv, commune: c}, clk
}

// vnAt is a moment in Vietnam's time.
func vnAt(y int, m time.Month, d, h, min int) time.Time {
	return calendar.NewDate(y, m, d).At(calendar.NewClock(h, min))
}

// post sends a form and returns the status, the Location header and the body.
func (f *fixture) post(c *http.Client, path string, form url.Values) (int, string, string) {
	f.t.Helper()
	resp, err := c.PostForm(f.srv.URL+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

var codeInLink = regexp.MustCompile(`^/dat-lich/da-dat/([2-9A-HJ-NP-Z]{6})\?k=[0-9a-f]+$`)

// TestBookingJourneyPages drives the resident's pages on both engines: only working days and
// office hours are offered (Thursday 12 February 2026: Tết follows), a booking gets a code, a
// signed confirmation and an SMS; it is found with the phone digits, moved, cancelled.
func TestBookingJourneyPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 2, 12, 10, 0))
		anon := f.client("")
		ctx := context.Background()

		st, body := f.do(anon, "GET", "/dat-lich", nil)
		if st != 200 || !strings.Contains(body, "Đăng ký khai sinh") || !strings.Contains(body, `href="/dat-lich?thu-tuc=`+onestop.CodeBirth+`"`) {
			t.Fatalf("step 1: %d\n%s", st, body)
		}
		st, body = f.do(anon, "GET", "/dat-lich?thu-tuc="+onestop.CodeBirth, nil)
		if st != 200 {
			t.Fatalf("step 2: %d", st)
		}
		days := regexp.MustCompile(`data-day="([0-9-]+)"`).FindAllStringSubmatch(body, -1)
		if len(days) != 14 || days[0][1] != "2026-02-13" || days[1][1] != "2026-02-23" {
			t.Fatalf("days offered %v", days)
		}
		for _, off := range []string{"2026-02-12", "2026-02-14", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-28", "2026-03-01"} {
			if strings.Contains(body, `"`+off+`"`) {
				t.Errorf("%s is offered", off)
			}
		}
		if st, body = f.do(anon, "GET", "/dat-lich?thu-tuc="+onestop.CodeBirth+"&ngay=2026-02-17", nil); st != 404 || !strings.Contains(body, "không nhận đặt lịch") {
			t.Errorf("Tết's slots: %d", st)
		}
		st, body = f.do(anon, "GET", "/dat-lich?thu-tuc="+onestop.CodeBirth+"&ngay=2026-02-13", nil)
		slots := regexp.MustCompile(`name="slot" value="([0-9:]+)"`).FindAllStringSubmatch(body, -1)
		if st != 200 || len(slots) != 15 || slots[0][1] != "07:30" || slots[7][1] != "11:00" || slots[8][1] != "13:30" || slots[14][1] != "16:30" {
			t.Fatalf("step 3: %d, slots %v", st, slots)
		}

		// Mistakes are shown next to their fields, nothing is booked.
		st, _, body = f.post(anon, "/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-02-13"}, "name": {""}, "phone": {"12345"}})
		if st != 422 || !strings.Contains(body, `id="f-phone-err"`) || !strings.Contains(body, `id="f-name-err"`) || !strings.Contains(body, `id="f-slot-err"`) {
			t.Fatalf("invalid booking: %d\n%s", st, body)
		}
		if st, _, _ = f.post(anon, "/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-02-15"}, "slot": {"08:00"}, "name": {"A"}, "phone": {"0912345678"}}); st != 422 {
			t.Errorf("a Sunday booking: %d", st)
		}

		// Book: 303 to the signed confirmation (PRG), with an SMS asked for.
		form := url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-02-13"}, "slot": {"08:00"}, "name": {"Lường Thị Mai"},
			"phone": {"0915 246 813"}, "id_number": {"019190000123"}}
		st, loc, _ := f.post(anon, "/dat-lich", form)
		m := codeInLink.FindStringSubmatch(loc)
		if st != 303 || m == nil {
			t.Fatalf("booking: %d → %q", st, loc)
		}
		code := m[1]
		st, body = f.do(anon, "GET", loc, nil)
		if st != 200 || !strings.Contains(body, `id="ma-dat-lich">`+code+`<`) || !strings.Contains(body, "08:00–08:30") || !strings.Contains(body, "Lường Thị Mai") {
			t.Fatalf("confirmation: %d\n%s", st, body)
		}
		if st, _ = f.do(anon, "GET", "/dat-lich/da-dat/"+code+"?k=0000", nil); st != 404 {
			t.Errorf("a forged confirmation link: %d", st)
		}
		// The outbox stamps events with the database's time, not the test's clock: deliver them
		// with a dispatcher on the real clock.
		disp := events.NewDispatcher(d, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
		disp.Subscribe(notify.TopicSend, f.a.Notify.Handle)
		if _, err := disp.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		msgs, err := notify.List(ctx, d, f.commune.ID, "", 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		var sms *notify.Notification
		for i := range msgs {
			if msgs[i].Channel == notify.SMS && strings.Contains(msgs[i].Body, code) {
				sms = &msgs[i]
			}
		}
		if sms == nil || sms.Recipient != "+84915246813" || sms.State != notify.Recorded || !strings.Contains(sms.Body, "Đăng ký khai sinh") {
			t.Fatalf("confirmation SMS %+v", sms)
		}

		// Look it up with the phone digits: wrong digits and right ones.
		if st, _, _ = f.post(anon, "/dat-lich/tra-cuu", url.Values{"code": {code}, "last4": {"1111"}}); st != 404 {
			t.Errorf("look-up with wrong digits: %d", st)
		}
		st, _, body = f.post(anon, "/dat-lich/tra-cuu", url.Values{"code": {strings.ToLower(code)}, "last4": {"6813"}})
		if st != 200 || !strings.Contains(body, `id="ket-qua"`) || !strings.Contains(body, `action="/dat-lich/huy"`) || !strings.Contains(body, `<option value="2026-02-24"`) {
			t.Fatalf("look-up: %d\n%s", st, body)
		}
		st, _, body = f.post(anon, "/dat-lich/tra-cuu", url.Values{"code": {code}, "last4": {"6813"}, "day": {"2026-02-24"}})
		if st != 200 || !strings.Contains(body, `action="/dat-lich/doi"`) || !strings.Contains(body, `value="13:30"`) {
			t.Fatalf("look-up with a day: %d", st)
		}
		st, loc, _ = f.post(anon, "/dat-lich/doi", url.Values{"code": {code}, "last4": {"6813"}, "day": {"2026-02-24"}, "slot": {"13:30"}})
		if st != 303 || !codeInLink.MatchString(loc) {
			t.Fatalf("move: %d → %s", st, loc)
		}
		b, err := f.a.Booking.Booking(ctx, f.commune.ID, code)
		if err != nil || b.Day != calendar.NewDate(2026, 2, 24) || b.Slot.Start != calendar.NewClock(13, 30) {
			t.Fatalf("after the move %+v %v", b, err)
		}
		st, loc, _ = f.post(anon, "/dat-lich/huy", url.Values{"code": {code}, "last4": {"6813"}})
		if st != 303 || loc != "/dat-lich/tra-cuu?ma="+code {
			t.Fatalf("cancel: %d → %s", st, loc)
		}
		if b, _ = f.a.Booking.Booking(ctx, f.commune.ID, code); b.Status != booking.Cancelled {
			t.Fatalf("after cancelling: %s", b.Status)
		}
		if st, _, _ = f.post(anon, "/dat-lich/huy", url.Values{"code": {code}, "last4": {"6813"}}); st != 409 {
			t.Errorf("cancelling twice: %d", st)
		}
	})
}

// TestConcurrentBookingsOverHTTP: ten residents submit the last two places of a slot at once;
// exactly two are booked, the others see the form again with "just filled up" (409).
func TestConcurrentBookingsOverHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 3, 2, 8, 0))
		var wg sync.WaitGroup
		var mu sync.Mutex
		statuses := map[int]int{}
		// The desk books for ten callers at once: staff are not braked per address (all ten
		// would otherwise share the test's address), so the race is the slot's alone.
		c := f.client(auth.Desk)
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				resp, err := c.PostForm(f.srv.URL+"/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-03-03"}, "slot": {"09:00"},
					"name": {"Người thử"}, "phone": {"09123450" + string(rune('0'+i/10)) + string(rune('0'+i%10))}})
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				statuses[resp.StatusCode]++
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		if statuses[303] != 2 || statuses[409] != 8 {
			t.Fatalf("statuses %v: want 2 booked (303), 8 full (409)", statuses)
		}
	})
}

// TestDeskQueueAndDisplay: the desk sees the day's bookings and checks one in; the kiosk gives
// tickets; the counter calls the booking first once its slot began, then walk-ins in order;
// the display and its JSON show the calls; a booking nobody checked in counts as a no-show.
func TestDeskQueueAndDisplay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 3, 2, 8, 0))
		ctx := context.Background()
		anon, desk, leader := f.client(""), f.client(auth.Desk), f.client(auth.Leader)
		book := func(phone, slot string) string {
			t.Helper()
			st, loc, body := f.post(anon, "/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-03-03"}, "slot": {slot},
				"name": {"Người đặt " + slot}, "phone": {phone}})
			m := codeInLink.FindStringSubmatch(loc)
			if st != 303 || m == nil {
				t.Fatalf("booking %s: %d\n%s", slot, st, body)
			}
			return m[1]
		}
		early, absent := book("0912000001", "09:00"), book("0912000002", "07:30")

		clk.set(vnAt(2026, 3, 3, 7, 40))
		st, body := f.do(leader, "GET", "/lich-hen", nil)
		if st != 200 || !strings.Contains(body, early) || !strings.Contains(body, "••••0001") || strings.Contains(body, "0912000001") {
			t.Fatalf("the day's bookings (leader): %d\n%s", st, body)
		}
		if strings.Contains(body, `action="/lich-hen/`) {
			t.Error("a leader is offered the check-in button")
		}
		if st, _, _ = f.post(leader, "/lich-hen/"+early+"/nhan", nil); st != 403 {
			t.Errorf("a leader checks in: %d", st)
		}

		// Two walk-ins take tickets, then the booked resident checks in at the kiosk.
		take := func(field string) string {
			t.Helper()
			st, loc, _ := f.post(anon, "/kiosk/lay-so", url.Values{"field": {field}})
			if st != 303 || !strings.HasPrefix(loc, "/kiosk/so/") {
				t.Fatalf("ticket: %d → %s", st, loc)
			}
			_, body := f.do(anon, "GET", loc, nil)
			return regexp.MustCompile(`id="so-thu-tu">([A-Z0-9-]+)<`).FindStringSubmatch(body)[1]
		}
		if a, b := take("Hộ tịch"), take("Hộ tịch"); a != "HT-001" || b != "HT-002" {
			t.Fatalf("tickets %s %s", a, b)
		}
		if st, _, _ = f.post(anon, "/kiosk/lay-so", url.Values{"field": {"Không có"}}); st != 422 {
			t.Errorf("a ticket for no field: %d", st)
		}
		if st, _, body = f.post(anon, "/kiosk/nhan-lich", url.Values{"code": {"ZZZZZZ"}}); st != 404 || !strings.Contains(body, "Không tìm thấy") {
			t.Errorf("unknown code at the kiosk: %d", st)
		}
		st, loc, _ := f.post(anon, "/kiosk/nhan-lich", url.Values{"code": {strings.ToLower(early)}})
		if st != 303 {
			t.Fatalf("kiosk check-in: %d", st)
		}
		_, body = f.do(anon, "GET", loc, nil)
		if !strings.Contains(body, `id="so-thu-tu">HT-003<`) || !strings.Contains(body, "có lịch hẹn") {
			t.Fatalf("booked ticket page:\n%s", body)
		}
		if st, _, _ = f.post(anon, "/kiosk/nhan-lich", url.Values{"code": {early}}); st != 409 {
			t.Errorf("checking in twice: %d", st)
		}

		// The counter calls HT-001 at 07:45, and HT-003 first at 09:00.
		call := func() string {
			t.Helper()
			st, loc, _ := f.post(desk, "/quay/1/goi-tiep", nil)
			if st != 303 || loc != "/quay/1" {
				t.Fatalf("call: %d → %s", st, loc)
			}
			_, body := f.do(desk, "GET", "/quay/1", nil)
			if m := regexp.MustCompile(`id="so-hien-tai">([A-Z0-9-]+)<`).FindStringSubmatch(body); m != nil {
				return m[1]
			}
			return "-"
		}
		clk.set(vnAt(2026, 3, 3, 7, 45))
		if got := call(); got != "HT-001" {
			t.Fatalf("first call %s", got)
		}
		clk.set(vnAt(2026, 3, 3, 9, 0))
		if got := call(); got != "HT-003" {
			t.Fatalf("at 09:00 the booking goes first, called %s", got)
		}
		if got := call(); got != "HT-002" {
			t.Fatalf("then the walk-in, called %s", got)
		}
		if got := call(); got != "-" {
			t.Fatalf("an empty queue called %s", got)
		}
		var board struct {
			Counters []struct {
				Ticket      string `json:"ticket"`
				CounterName string `json:"counter_name"`
			} `json:"counters"`
			Recent []struct {
				Ticket string `json:"ticket"`
				Say    string `json:"say"`
			} `json:"recent"`
		}
		st, body = f.do(anon, "GET", "/man-hinh.json", nil)
		if err := json.Unmarshal([]byte(body), &board); st != 200 || err != nil {
			t.Fatalf("display JSON: %d %v", st, err)
		}
		if len(board.Counters) != 1 || board.Counters[0].Ticket != "HT-002" || board.Counters[0].CounterName != "Quầy 1" || len(board.Recent) != 3 || board.Recent[0].Say != "Mời số HT-002 đến Quầy 1" {
			t.Fatalf("display JSON %+v", board)
		}
		st, body = f.do(anon, "GET", "/man-hinh", nil)
		if st != 200 || !strings.Contains(body, `<meta http-equiv="refresh" content="10">`) || !strings.Contains(body, "HT-002") || !strings.Contains(body, `aria-live="assertive"`) {
			t.Fatalf("display page: %d\n%s", st, body)
		}
		// The one who booked 07:30 never came: a no-show once the slot ended.
		st, body = f.do(desk, "GET", "/lich-hen", nil)
		if st != 200 || !strings.Contains(body, `id="no-shows">1<`) || !strings.Contains(body, "HT-003") {
			t.Fatalf("desk day: %d\n%s", st, body)
		}
		if st, _, _ = f.post(desk, "/lich-hen/"+absent+"/nhan", nil); st != 303 {
			t.Errorf("a late check-in: %d", st)
		}
		if b, _ := f.a.Booking.Booking(ctx, f.commune.ID, absent); b.Status != booking.Booked {
			t.Errorf("a no-show was checked in: %s", b.Status)
		}
		// Another day's page of the desk.
		if st, body = f.do(desk, "GET", "/lich-hen?ngay=2026-03-04", nil); st != 200 || !strings.Contains(body, "Không có lịch hẹn nào") {
			t.Errorf("an empty day: %d", st)
		}
		if st, _ = f.do(desk, "GET", "/lich-hen?ngay=hom-qua", nil); st != 422 {
			t.Errorf("a bad date: %d", st)
		}
	})
}

// TestBookingAdminSettings: the admin splits the day in 20-minute slots, adds a counter for
// civil status with its capacity, renames a prefix; mistakes are shown per field.
func TestBookingAdminSettings(t *testing.T) {
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 3, 2, 8, 0))
	admin := f.client(auth.Admin)
	st, body := f.do(admin, "GET", "/quan-tri/dat-lich", nil)
	if st != 200 || !strings.Contains(body, `name="counter.0.name"`) || !strings.Contains(body, `value="HT"`) {
		t.Fatalf("admin page: %d\n%s", st, body)
	}
	form := url.Values{"version": {"0"}, "slot_minutes": {"20"}, "days_ahead": {"10"},
		"counter.0.number": {"1"}, "counter.0.name": {"Quầy 1"}, "counter.0.capacity": {"1"}, "counter.0.active": {"1"},
		"counter.1.number": {"2"}, "counter.1.name": {"Quầy 2 – Hộ tịch"}, "counter.1.capacity": {"3"}, "counter.1.active": {"1"},
		"counter.1.fields": {"Hộ tịch"},
		"counter.2.number": {""}, "counter.2.name": {""}, "counter.2.capacity": {""},
		"prefix_field.0": {"Hộ tịch"}, "prefix.0": {"ht"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("counter.1.number", "1")
	bad.Set("slot_minutes", "5")
	st, _, body = f.post(admin, "/quan-tri/dat-lich", bad)
	if st != 422 || !strings.Contains(body, `id="f-counter-1-number-err"`) || !strings.Contains(body, `id="f-slot_minutes-err"`) {
		t.Fatalf("invalid settings: %d\n%s", st, body)
	}
	if st, loc, body := f.post(admin, "/quan-tri/dat-lich", form); st != 303 {
		t.Fatalf("save: %d %s\n%s", st, loc, body)
	}
	got, err := f.a.Booking.Settings(context.Background(), f.commune.ID)
	if err != nil || got.SlotMinutes != 20 || got.DaysAhead != 10 || len(got.Counters) != 2 || got.Counters[1].Capacity != 3 ||
		strings.Join(got.Counters[1].Fields, ",") != "Hộ tịch" || got.Prefixes["Hộ tịch"] != "HT" {
		t.Fatalf("saved %+v %v", got, err)
	}
	if st, _, _ := f.post(admin, "/quan-tri/dat-lich", form); st != 422 {
		t.Errorf("a save from a stale form: %d", st)
	}
	_, body = f.do(f.client(""), "GET", "/dat-lich?thu-tuc="+onestop.CodeBirth+"&ngay=2026-03-03", nil)
	if n := strings.Count(body, `name="slot"`); n != 12+10 {
		t.Errorf("%d slots of 20 minutes", n)
	}
	if !strings.Contains(body, "còn 4 chỗ") {
		t.Error("a civil-status slot should have 1 + 3 places")
	}
}

// TestBookingTemplatesUseKnownKeys: every catalogue key written in the room's templates exists.
func TestBookingTemplatesUseKnownKeys(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	cat := f.a.Web.Catalog()
	n := f.checkTemplateKeys(t, "../booking/templates", "booking")
	if n < 100 {
		t.Fatalf("only %d keys found: is the scan broken?", n)
	}
	for _, k := range []string{"booking.state.booked", "booking.state.checked_in", "booking.state.cancelled", "booking.state.no_show",
		"booking.ticket_state.waiting", "booking.ticket_state.called", "booking.ticket_state.served", "booking.ticket_state.no_show",
		"booking.flash.served", "booking.flash.no_show", "calendar.wd.0", "calendar.wd.6"} {
		if !cat.Has(k) {
			t.Errorf("built key %s is not in the catalogue", k)
		}
	}
}
