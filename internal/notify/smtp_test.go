package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"xaso/internal/notify"
)

// received is one message as the test mail server got it.
type received struct {
	From, To string
	Data     []byte
	User     string // who authenticated, "" if nobody
	TLS      bool   // whether the message came over TLS
}

// mailServer is a real SMTP server on loopback that keeps what it receives.
type mailServer struct {
	Host, Port string
	mu         sync.Mutex
	msgs       []received
	user, pass string
}

func (s *mailServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// startMailServer runs a server that requires AUTH PLAIN as user/pass. With tlsConfig it offers
// STARTTLS and allows AUTH only over TLS; without it, it allows AUTH in clear (loopback only).
func startMailServer(t *testing.T, user, pass string, tlsConfig *tls.Config) *mailServer {
	t.Helper()
	ms := &mailServer{user: user, pass: pass}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{ms: ms, conn: c}, nil
	}))
	srv.Domain = "mail.test"
	srv.AllowInsecureAuth = tlsConfig == nil
	srv.TLSConfig = tlsConfig
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	ms.Host, ms.Port, _ = net.SplitHostPort(l.Addr().String())
	return ms
}

type session struct {
	ms   *mailServer
	conn *smtp.Conn
	cur  received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.ms.user || pass != s.ms.pass {
			return errors.New("invalid credentials")
		}
		s.cur.User = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.cur.User == "" {
		return smtp.ErrAuthRequired
	}
	s.cur.From = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.cur.To = to; return nil }

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	_, s.cur.TLS = s.conn.TLSConnectionState()
	s.ms.mu.Lock()
	s.ms.msgs = append(s.ms.msgs, s.cur)
	s.ms.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = received{User: s.cur.User} }
func (s *session) Logout() error { return nil }

var fixedNow = func() time.Time { return time.Date(2025, 9, 2, 1, 30, 0, 0, time.UTC) }

// decoded is a received message read back the way a mail client would.
type decoded struct {
	Header  mail.Header
	Subject string
	From    *mail.Address
	Body    string
}

func decode(t *testing.T, raw []byte) decoded {
	t.Helper()
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long (RFC 5322 allows 998)", i, len(line))
		}
		for j := 0; j < len(line); j++ {
			if line[j] >= 0x80 || line[j] == '\n' || line[j] == '\r' {
				t.Fatalf("line %d is not 7-bit clean: %q", i, line)
			}
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var d decoded
	d.Header = msg.Header
	dec := new(mime.WordDecoder)
	if d.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatal(err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 {
		t.Fatalf("From: %v, %v", from, err)
	}
	d.From = from[0]
	if enc := msg.Header.Get("Content-Transfer-Encoding"); enc != "quoted-printable" {
		t.Fatalf("Content-Transfer-Encoding = %q", enc)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	d.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
	return d
}

const (
	vnSubject = "Thông báo: hồ sơ số 000.00.12.H57-250902-0001 của ông/bà đã được tiếp nhận và đang giải quyết"
	vnBody    = "Kính gửi ông Nguyễn Văn Đức,\n\n" +
		"Ủy ban nhân dân xã An Bình đã tiếp nhận hồ sơ đăng ký khai sinh của ông/bà vào lúc 08 giờ 30 phút ngày 02/9/2025; ngày hẹn trả kết quả là 05/9/2025.\n" +
		".Dòng này bắt đầu bằng dấu chấm\n" +
		"From dòng này bắt đầu bằng From   \n" +
		"Trân trọng = cảm ơn.\n"
)

func TestSMTPSenderDeliversVietnamese(t *testing.T) {
	ms := startMailServer(t, "canbo", "mật-khẩu", nil)
	snd, err := notify.NewSMTPSender(notify.SMTPConfig{
		Host: ms.Host, Port: ms.Port, Username: "canbo", Password: "mật-khẩu",
		From: "UBND xã An Bình <khongtraloi@anbinh.gov.vn>",
	}, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	err = snd.Send(context.Background(), notify.Message{CommuneID: "c1", Channel: notify.Email,
		Recipient: " duc.nguyen@Example.VN ", Subject: vnSubject, Body: vnBody})
	if err != nil {
		t.Fatal(err)
	}
	got := ms.messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages", len(got))
	}
	r := got[0]
	if r.From != "khongtraloi@anbinh.gov.vn" || r.To != "duc.nguyen@example.vn" || r.User != "canbo" {
		t.Fatalf("envelope from %q to %q user %q", r.From, r.To, r.User)
	}
	d := decode(t, r.Data)
	if d.Subject != vnSubject {
		t.Errorf("subject = %q\nwant      %q", d.Subject, vnSubject)
	}
	if d.Body != vnBody {
		t.Errorf("body = %q\nwant   %q", d.Body, vnBody)
	}
	if d.From.Name != "UBND xã An Bình" || d.From.Address != "khongtraloi@anbinh.gov.vn" {
		t.Errorf("From = %+v", d.From)
	}
	if ct := d.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if to := d.Header.Get("To"); to != "duc.nguyen@example.vn" {
		t.Errorf("To = %q", to)
	}
	if date, err := d.Header.Date(); err != nil || !date.Equal(fixedNow()) {
		t.Errorf("Date = %v, %v; want %v", date, err, fixedNow())
	}
	if id := d.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@anbinh.gov.vn>") {
		t.Errorf("Message-ID = %q", id)
	}
	if d.Header.Get("MIME-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", d.Header.Get("MIME-Version"))
	}
}

func TestSMTPSenderSubjectCannotInjectHeaders(t *testing.T) {
	ms := startMailServer(t, "u", "p", nil)
	snd, err := notify.NewSMTPSender(notify.SMTPConfig{Host: ms.Host, Port: ms.Port, Username: "u", Password: "p", From: "a@anbinh.gov.vn"}, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	subject := "Xin chào\r\nBcc: victim@example.com"
	if err := snd.Send(context.Background(), notify.Message{Channel: notify.Email, Recipient: "b@example.vn", Subject: subject, Body: "x"}); err != nil {
		t.Fatal(err)
	}
	d := decode(t, ms.messages()[0].Data)
	if d.Header.Get("Bcc") != "" || d.Subject != subject {
		t.Fatalf("Bcc = %q, subject = %q", d.Header.Get("Bcc"), d.Subject)
	}
}

func TestSMTPSenderStartTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	ms := startMailServer(t, "u", "p", &tls.Config{Certificates: []tls.Certificate{cert}})
	snd, err := notify.NewSMTPSender(notify.SMTPConfig{Host: ms.Host, Port: ms.Port, Username: "u", Password: "p",
		From: "a@anbinh.gov.vn", TLS: &tls.Config{RootCAs: pool}}, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := snd.Send(context.Background(), notify.Message{Channel: notify.Email, Recipient: "b@example.vn", Subject: "Chào", Body: "Chào bạn"}); err != nil {
		t.Fatal(err)
	}
	if got := ms.messages(); len(got) != 1 || !got[0].TLS || got[0].User != "u" {
		t.Fatalf("received %+v, want one message over TLS after AUTH", got)
	}
}

func TestSMTPSenderImplicitTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	ms := &mailServer{user: "u", pass: "p"}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{ms: ms, conn: c}, nil }))
	srv.ErrorLog = log.New(io.Discard, "", 0)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	host, port, _ := net.SplitHostPort(l.Addr().String())
	snd, err := notify.NewSMTPSender(notify.SMTPConfig{Host: host, Port: port, ImplicitTLS: true, Username: "u", Password: "p",
		From: "a@anbinh.gov.vn", TLS: &tls.Config{RootCAs: pool}}, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := snd.Send(context.Background(), notify.Message{Channel: notify.Email, Recipient: "b@example.vn", Subject: "Chào", Body: "Chào bạn"}); err != nil {
		t.Fatal(err)
	}
	if got := ms.messages(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %+v, want one message over TLS", got)
	}
}

func TestSMTPSenderErrors(t *testing.T) {
	ms := startMailServer(t, "u", "p", nil)
	send := func(cfg notify.SMTPConfig, recipient string) error {
		cfg.From = "a@anbinh.gov.vn"
		snd, err := notify.NewSMTPSender(cfg, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		return snd.Send(context.Background(), notify.Message{Channel: notify.Email, Recipient: recipient, Subject: "s", Body: "b"})
	}
	if err := send(notify.SMTPConfig{Host: ms.Host, Port: ms.Port, Username: "u", Password: "sai"}, "b@example.vn"); err == nil {
		t.Error("a wrong password was accepted")
	}
	if err := send(notify.SMTPConfig{Host: ms.Host, Port: ms.Port, Username: "u", Password: "p"}, "không phải email"); err == nil {
		t.Error("a bad recipient was sent")
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	_, closedPort, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	if err := send(notify.SMTPConfig{Host: "127.0.0.1", Port: closedPort, Timeout: 2 * time.Second}, "b@example.vn"); err == nil {
		t.Error("no error from a closed port")
	}
	if len(ms.messages()) != 0 {
		t.Errorf("server received %d messages", len(ms.messages()))
	}
	// A certificate nobody vouches for is refused, credentials unsent.
	cert, _ := selfSigned(t)
	tlsServer := startMailServer(t, "u", "p", &tls.Config{Certificates: []tls.Certificate{cert}})
	if err := send(notify.SMTPConfig{Host: tlsServer.Host, Port: tlsServer.Port, Username: "u", Password: "p"}, "b@example.vn"); err == nil {
		t.Error("an untrusted certificate was accepted")
	}
	if _, err := notify.NewSMTPSender(notify.SMTPConfig{Host: "h", From: "không có địa chỉ"}, nil); err == nil {
		t.Error("a bad From was accepted")
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mail.test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
