package notify

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"time"
)

// Config says how each channel is sent. A channel left unconfigured is not an error: its
// messages are recorded for admins instead of sent.
type Config struct {
	SMTP      SMTPConfig
	SMSURL    string // JSON gateway for SMS; "" = SMS not sent
	SMSToken  string // bearer token for SMSURL, optional
	ZaloURL   string // JSON gateway for Zalo (ZNS); "" = Zalo not sent
	ZaloToken string // bearer token for ZaloURL, optional
}

// SMTPConfig is the mail server that email goes through.
type SMTPConfig struct {
	Host     string // "" = email not sent
	Port     string // "587" when empty
	Username string // "" = no AUTH
	Password string
	From     string        // "UBND xã An Bình <khongtraloi@anbinh.gov.vn>"
	Timeout  time.Duration // for the whole conversation; 30 s when zero

	// ImplicitTLS speaks TLS from the first byte (SMTPS) instead of upgrading with STARTTLS;
	// port 465 implies it.
	ImplicitTLS bool
	// TLS verifies the server's certificate (nil: the system roots, for Host). Set it for a
	// mail server with a private CA.
	TLS *tls.Config
}

// FromEnv reads the configuration from the environment of the process:
//
//	XASO_SMTP_HOST      mail server host name; empty disables email
//	XASO_SMTP_PORT      mail server port (587 by default; 465 for SMTPS)
//	XASO_SMTP_USER      user for AUTH PLAIN, sent only over TLS or to localhost
//	XASO_SMTP_PASSWORD  its password
//	XASO_SMTP_FROM      sender address, e.g. "UBND xã An Bình <khongtraloi@anbinh.gov.vn>"
//	XASO_SMS_URL        SMS gateway URL (JSON POST); empty disables SMS
//	XASO_SMS_TOKEN      bearer token for the SMS gateway, optional
//	XASO_ZALO_URL       Zalo gateway URL (JSON POST); empty disables Zalo
//	XASO_ZALO_TOKEN     bearer token for the Zalo gateway, optional
//
// Call Validate on the result to refuse a half-written configuration at start.
func FromEnv(getenv func(string) string) Config {
	return Config{
		SMTP: SMTPConfig{
			Host:     getenv("XASO_SMTP_HOST"),
			Port:     getenv("XASO_SMTP_PORT"),
			Username: getenv("XASO_SMTP_USER"),
			Password: getenv("XASO_SMTP_PASSWORD"),
			From:     getenv("XASO_SMTP_FROM"),
		},
		SMSURL:    getenv("XASO_SMS_URL"),
		SMSToken:  getenv("XASO_SMS_TOKEN"),
		ZaloURL:   getenv("XASO_ZALO_URL"),
		ZaloToken: getenv("XASO_ZALO_TOKEN"),
	}
}

// Validate reports every setting that is present but unusable (an unconfigured channel is fine).
func (c Config) Validate() error {
	var problems []error
	if c.SMTP.Host != "" {
		if c.SMTP.Port != "" {
			if p, err := strconv.Atoi(c.SMTP.Port); err != nil || p < 1 || p > 65535 {
				problems = append(problems, fmt.Errorf("XASO_SMTP_PORT %q is not a port", c.SMTP.Port))
			}
		}
		if _, err := parseFrom(c.SMTP.From); err != nil {
			problems = append(problems, fmt.Errorf("XASO_SMTP_FROM: %w", err))
		}
		if c.SMTP.Username != "" && c.SMTP.Password == "" {
			problems = append(problems, errors.New("XASO_SMTP_USER is set without XASO_SMTP_PASSWORD"))
		}
	}
	for _, g := range []struct{ name, url string }{{"XASO_SMS_URL", c.SMSURL}, {"XASO_ZALO_URL", c.ZaloURL}} {
		if g.url == "" {
			continue
		}
		if u, err := url.Parse(g.url); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			problems = append(problems, fmt.Errorf("%s is not an http(s) URL", g.name))
		}
	}
	if err := errors.Join(problems...); err != nil {
		return fmt.Errorf("notify: config: %w", err)
	}
	return nil
}

// parseFrom checks the sender address: one address, optionally with a display name.
func parseFrom(from string) (*mail.Address, error) {
	if from == "" {
		return nil, errors.New("no sender address")
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender address %q: %w", from, err)
	}
	if _, err := NormalizeEmail(a.Address); err != nil {
		return nil, fmt.Errorf("sender address %q is not a plain ASCII address", a.Address)
	}
	return a, nil
}
