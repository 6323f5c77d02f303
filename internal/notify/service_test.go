package notify_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/events"
	"xaso/internal/notify"
)

var quiet = slog.New(slog.DiscardHandler)

// event builds the outbox event that Request would have written for m.
func event(t *testing.T, m notify.Message) events.Event {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return events.Event{CommuneID: m.CommuneID, ID: uuid.Must(uuid.NewV7()).String(), Topic: notify.TopicSend,
		Payload: b, CreatedAt: fixedNow().Add(-time.Minute)}
}

func only(t *testing.T, d *db.DB, communeID string) notify.Notification {
	t.Helper()
	ns, err := notify.List(context.Background(), d, communeID, "", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 {
		t.Fatalf("want one notification, got %d: %+v", len(ns), ns)
	}
	return ns[0]
}

// TestRequestThroughOutbox goes the whole way: a feature's transaction asks for messages, the
// dispatcher delivers the events, the service records and sends them.
func TestRequestThroughOutbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ms := startMailServer(t, "u", "p", nil)
		sms := newFakeGateway(t)
		svc := notify.New(d, notify.Config{
			SMTP:   notify.SMTPConfig{Host: ms.Host, Port: ms.Port, Username: "u", Password: "p", From: "UBND xã An Bình <khongtraloi@anbinh.gov.vn>"},
			SMSURL: sms.URL, SMSToken: "tok",
		}, quiet, fixedNow)
		disp := events.NewDispatcher(d, quiet, func() time.Time { return time.Now().Add(time.Minute) })
		disp.Subscribe(notify.TopicSend, svc.Handle)

		err := d.Tx(ctx, func(tx *db.Tx) error {
			if err := notify.Request(ctx, tx, notify.Message{CommuneID: "c1", Channel: notify.Email,
				Recipient: "dan@example.vn", Subject: vnSubject, Body: vnBody}); err != nil {
				return err
			}
			return notify.Request(ctx, tx, notify.Message{CommuneID: "c1", Channel: notify.SMS,
				Recipient: "0912 345 678", Body: "Hồ sơ của ông/bà đã có kết quả."})
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := disp.DeliverDue(ctx); err != nil || n != 2 {
			t.Fatalf("delivered %d, %v", n, err)
		}

		if got := ms.messages(); len(got) != 1 || decode(t, got[0].Data).Subject != vnSubject {
			t.Fatalf("mail server received %d messages", len(got))
		}
		calls := sms.received()
		if len(calls) != 1 || calls[0].Body["to"] != "+84912345678" || calls[0].Authorization != "Bearer tok" {
			t.Fatalf("SMS gateway received %+v", calls)
		}
		ns, err := notify.List(ctx, d, "c1", notify.Sent, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 2 {
			t.Fatalf("sent notifications: %+v", ns)
		}
		for _, n := range ns {
			if n.Attempts != 1 || !n.SentAt.Equal(fixedNow()) || n.ID != n.EventID || n.LastError != "" {
				t.Errorf("notification %+v", n)
			}
		}
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			return notify.Request(ctx, tx, notify.Message{CommuneID: "c1", Channel: "fax", Recipient: "x", Body: "x"})
		}); err == nil {
			t.Error("Request accepted an unknown channel")
		}
	})
}

func TestHandleUnconfiguredChannelIsRecorded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := notify.New(d, notify.Config{}, quiet, fixedNow)
		m := notify.Message{CommuneID: "c1", Channel: notify.Zalo, Recipient: "+84 987 654 321", Subject: "", Body: "Mời họp tổ dân phố lúc 19 giờ."}
		if err := svc.Handle(ctx, event(t, m)); err != nil {
			t.Fatalf("Handle on an unconfigured channel: %v (the message must be kept, not retried)", err)
		}
		n := only(t, d, "c1")
		if n.State != notify.Recorded || n.Recipient != "+84987654321" || n.Body != m.Body || !n.SentAt.IsZero() || n.Attempts != 0 {
			t.Fatalf("notification %+v", n)
		}
		if !n.CreatedAt.Equal(fixedNow().Add(-time.Minute)) {
			t.Errorf("CreatedAt = %v, want the event's time", n.CreatedAt)
		}
	})
}

func TestHandleFailingGatewayThenRecovers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		g := newFakeGateway(t)
		g.setStatus(http.StatusInternalServerError)
		svc := notify.New(d, notify.Config{SMSURL: g.URL}, quiet, fixedNow)
		e := event(t, notify.Message{CommuneID: "c1", Channel: notify.SMS, Recipient: "0912345678", Body: "Nhắc lịch tiêm chủng."})

		err := svc.Handle(ctx, e)
		if err == nil || !strings.Contains(err.Error(), "500") {
			t.Fatalf("Handle = %v, want the gateway's 500 so that the outbox retries", err)
		}
		n := only(t, d, "c1")
		if n.State != notify.Failed || n.Attempts != 1 || !strings.Contains(n.LastError, "500") || !n.SentAt.IsZero() {
			t.Fatalf("after a failure: %+v", n)
		}

		g.setStatus(http.StatusAccepted)
		if err := svc.Handle(ctx, e); err != nil {
			t.Fatal(err)
		}
		n = only(t, d, "c1")
		if n.State != notify.Sent || n.Attempts != 2 || n.LastError != "" || !n.SentAt.Equal(fixedNow()) {
			t.Fatalf("after the retry: %+v", n)
		}
		if len(g.received()) != 2 {
			t.Fatalf("gateway calls: %d", len(g.received()))
		}
	})
}

func TestHandleRedeliveryIsIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		g := newFakeGateway(t)
		svc := notify.New(d, notify.Config{SMSURL: g.URL, ZaloURL: g.URL}, quiet, fixedNow)
		e := event(t, notify.Message{CommuneID: "c1", Channel: notify.SMS, Recipient: "0912345678", Body: "Một lần thôi."})
		for range 3 {
			if err := svc.Handle(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if n := only(t, d, "c1"); n.State != notify.Sent || n.Attempts != 1 {
			t.Fatalf("notification %+v", n)
		}
		if calls := len(g.received()); calls != 1 {
			t.Fatalf("a redelivered event was sent %d times", calls)
		}
	})
}

func TestHandleInvalidRecipient(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		g := newFakeGateway(t)
		svc := notify.New(d, notify.Config{SMSURL: g.URL, ZaloURL: g.URL}, quiet, fixedNow)
		cases := []struct {
			m             notify.Message
			wantRecipient string // kept as written when it is the problem
		}{
			{notify.Message{CommuneID: "c1", Channel: notify.SMS, Recipient: "024 3825 3517", Body: "máy bàn"}, "024 3825 3517"},
			{notify.Message{CommuneID: "c2", Channel: notify.Zalo, Recipient: "không có số", Body: "x"}, "không có số"},
			{notify.Message{CommuneID: "c3", Channel: notify.Email, Recipient: "dan.example.vn", Body: "x"}, "dan.example.vn"},
			{notify.Message{CommuneID: "c4", Channel: "fax", Recipient: "0912345678", Body: "x"}, "0912345678"},
			{notify.Message{CommuneID: "c5", Channel: notify.SMS, Recipient: "0912345678", Body: "  "}, "+84912345678"},
		}
		for _, c := range cases {
			e := event(t, c.m)
			for range 2 { // and a redelivery changes nothing
				if err := svc.Handle(ctx, e); err != nil {
					t.Fatalf("Handle(%+v) = %v, want nil: retrying cannot fix it", c.m, err)
				}
			}
			n := only(t, d, c.m.CommuneID)
			if n.State != notify.Invalid || n.LastError == "" || n.Attempts != 0 || n.Recipient != c.wantRecipient {
				t.Errorf("%s %q: %+v", c.m.Channel, c.m.Recipient, n)
			}
		}
		if calls := len(g.received()); calls != 0 {
			t.Fatalf("gateway called %d times for invalid messages", calls)
		}
	})
}

func TestListAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		g := newFakeGateway(t)
		svc := notify.New(d, notify.Config{SMSURL: g.URL}, quiet, fixedNow)
		handle := func(m notify.Message, at time.Time) {
			t.Helper()
			e := event(t, m)
			e.CreatedAt = at
			svc.Handle(ctx, e)
		}
		t0 := fixedNow()
		handle(notify.Message{CommuneID: "c1", Channel: notify.SMS, Recipient: "0912345678", Body: "một"}, t0)
		handle(notify.Message{CommuneID: "c1", Channel: notify.Zalo, Recipient: "0912345678", Body: "hai"}, t0.Add(time.Second))
		handle(notify.Message{CommuneID: "c1", Channel: notify.SMS, Recipient: "sai", Body: "ba"}, t0.Add(2*time.Second))
		handle(notify.Message{CommuneID: "c2", Channel: notify.SMS, Recipient: "0912345678", Body: "xã khác"}, t0.Add(3*time.Second))

		all, err := notify.List(ctx, d, "c1", "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, n := range all {
			bodies = append(bodies, n.Body)
		}
		if strings.Join(bodies, ",") != "ba,hai,một" {
			t.Fatalf("c1 list, newest first: %v", bodies)
		}
		page, _ := notify.List(ctx, d, "c1", "", 1, 1)
		if len(page) != 1 || page[0].Body != "hai" {
			t.Fatalf("second page of one: %+v", page)
		}
		recorded, _ := notify.List(ctx, d, "c1", notify.Recorded, 10, 0)
		if len(recorded) != 1 || recorded[0].Body != "hai" {
			t.Fatalf("recorded: %+v", recorded)
		}
		counts, err := notify.Counts(ctx, d, "c1")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{notify.Pending: 0, notify.Sent: 1, notify.Failed: 0, notify.Recorded: 1, notify.Invalid: 1}
		if len(counts) != len(want) {
			t.Fatalf("counts %v, want %v", counts, want)
		}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("counts[%s] = %d, want %d (all: %v)", k, counts[k], v, counts)
			}
		}
	})
}

func TestFromEnvAndValidate(t *testing.T) {
	env := map[string]string{
		"XASO_SMTP_HOST": "smtp.anbinh.gov.vn", "XASO_SMTP_PORT": "465", "XASO_SMTP_USER": "u",
		"XASO_SMTP_PASSWORD": "p", "XASO_SMTP_FROM": "UBND xã An Bình <khongtraloi@anbinh.gov.vn>",
		"XASO_SMS_URL": "https://sms.example.vn/send", "XASO_SMS_TOKEN": "s",
		"XASO_ZALO_URL": "https://zalo.example.vn/zns", "XASO_ZALO_TOKEN": "z",
	}
	cfg := notify.FromEnv(func(k string) string { return env[k] })
	want := notify.Config{
		SMTP:   notify.SMTPConfig{Host: "smtp.anbinh.gov.vn", Port: "465", Username: "u", Password: "p", From: "UBND xã An Bình <khongtraloi@anbinh.gov.vn>"},
		SMSURL: "https://sms.example.vn/send", SMSToken: "s", ZaloURL: "https://zalo.example.vn/zns", ZaloToken: "z",
	}
	if cfg.SMTP != want.SMTP || cfg.SMSURL != want.SMSURL || cfg.SMSToken != want.SMSToken || cfg.ZaloURL != want.ZaloURL || cfg.ZaloToken != want.ZaloToken {
		t.Fatalf("FromEnv = %+v\nwant      %+v", cfg, want)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := notify.FromEnv(func(string) string { return "" }).Validate(); err != nil {
		t.Fatalf("an empty configuration (nothing sent, all recorded) is valid: %v", err)
	}
	env["XASO_SMTP_PORT"] = "smtp"
	env["XASO_SMTP_FROM"] = ""
	env["XASO_ZALO_URL"] = "zalo.example.vn"
	err := notify.FromEnv(func(k string) string { return env[k] }).Validate()
	for _, name := range []string{"XASO_SMTP_PORT", "XASO_SMTP_FROM", "XASO_ZALO_URL"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Validate = %v, want it to name %s", err, name)
		}
	}
	svc := notify.New(nil, notify.FromEnv(func(k string) string { return env[k] }), quiet, nil)
	if svc.Configured(notify.Email) || !svc.Configured(notify.SMS) {
		t.Error("a bad SMTP configuration must leave email unconfigured, SMS configured")
	}
}
