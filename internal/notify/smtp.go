package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// SMTPSender sends email through one mail server with the standard library's net/smtp: it
// upgrades to TLS with STARTTLS whenever the server offers it, and authenticates with AUTH
// PLAIN, which net/smtp refuses to do over a connection that is neither TLS nor to localhost.
type SMTPSender struct {
	cfg  SMTPConfig
	from *mail.Address
	now  func() time.Time
}

// NewSMTPSender checks cfg and makes a sender; now stamps the Date header (nil: time.Now).
func NewSMTPSender(cfg SMTPConfig, now func() time.Time) (*SMTPSender, error) {
	if cfg.Host == "" {
		return nil, errors.New("notify: smtp: no host")
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp: %w", err)
	}
	if cfg.Port == "" {
		cfg.Port = "587"
	}
	if cfg.Port == "465" {
		cfg.ImplicitTLS = true
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if now == nil {
		now = time.Now
	}
	return &SMTPSender{cfg: cfg, from: from, now: now}, nil
}

// Send delivers m to m.Recipient, an email address.
func (s *SMTPSender) Send(ctx context.Context, m Message) (err error) {
	to, err := NormalizeEmail(m.Recipient)
	if err != nil {
		return fmt.Errorf("notify: smtp: recipient: %w", err)
	}
	msg, err := s.compose(m.Subject, m.Body, to)
	if err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", net.JoinHostPort(s.cfg.Host, s.cfg.Port))
	if err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}
	// net/smtp knows no context: a deadline and a close on cancel stand in for it.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if s.cfg.ImplicitTLS {
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("notify: smtp: tls: %w", err)
		}
		conn = tc
	}

	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("notify: smtp: %w", err)
	}
	defer c.Close()
	if err := c.Hello(domainOf(s.from.Address)); err != nil {
		return fmt.Errorf("notify: smtp: hello: %w", err)
	}
	if _, isTLS := conn.(*tls.Conn); !isTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("notify: smtp: starttls: %w", err)
			}
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("notify: smtp: server offers no AUTH but a user is configured")
		}
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("notify: smtp: auth: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("notify: smtp: mail from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("notify: smtp: rcpt to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("notify: smtp: data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("notify: smtp: data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("notify: smtp: data: %w", err)
	}
	// The server has accepted the message once DATA ends: a failed QUIT must not make the
	// outbox send it a second time.
	c.Quit()
	return nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	var c *tls.Config
	if s.cfg.TLS != nil {
		c = s.cfg.TLS.Clone()
	} else {
		c = &tls.Config{}
	}
	if c.ServerName == "" {
		c.ServerName = s.cfg.Host
	}
	if c.MinVersion < tls.VersionTLS12 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// vietnam is the zone of the Date header; Vietnam has kept UTC+7 without daylight saving
// since 1975, so no tzdata is needed.
var vietnam = time.FixedZone("ICT", 7*60*60)

// maxSubject caps the subject so that, even encoded, it stays a reasonable header.
const maxSubject = 200

// compose builds the RFC 5322 message: UTF-8 text, encoded so that it is 7-bit clean on the
// wire (an RFC 2047 subject, a quoted-printable body), with CRLF line ends.
func (s *SMTPSender) compose(subject, body, to string) ([]byte, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", s.from.String())
	header("To", to)
	header("Subject", encodeSubject(subject))
	header("Date", s.now().In(vietnam).Format(time.RFC1123Z))
	header("Message-ID", "<"+id.String()+"@"+domainOf(s.from.Address)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	// RFC 3834: an automatic message; vacation responders must not answer it.
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ToValidUTF8(body, "\uFFFD"))); err != nil {
		return nil, err
	}
	// No final CRLF of our own: net/smtp ends the last line when it terminates DATA.
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeSubject encodes a subject as RFC 2047 Q-encoded words when it is not plain ASCII, one
// word per folded line so that no header line passes the 78-character guideline by much.
func encodeSubject(subject string) string {
	subject = strings.ToValidUTF8(subject, "\uFFFD")
	if utf8.RuneCountInString(subject) > maxSubject {
		subject = string([]rune(subject)[:maxSubject-1]) + "…"
	}
	enc := mime.QEncoding.Encode("utf-8", subject)
	if enc == subject {
		return subject
	}
	// Encoded words are separated by single spaces; whitespace between two encoded words is
	// not part of the text, so breaking the line there changes nothing for the reader.
	return strings.ReplaceAll(enc, "?= =?", "?=\r\n =?")
}

func domainOf(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}
