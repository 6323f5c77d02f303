package atom

import (
	"strings"
	"time"
)

// TagURI returns a tag URI (RFC 4151), "tag:authority,YYYY-MM-DD:specific",
// to use as a permanent id. authority is a domain name or e-mail address the
// publisher held on date; it is lower-cased. date is read as a calendar date
// in its own location, so pass it in the location where it was chosen.
// Characters of specific that a tag URI may not hold are percent-encoded
// (UTF-8), and so is "%" itself, so distinct inputs give distinct ids.
func TagURI(authority string, date time.Time, specific string) string {
	var b strings.Builder
	b.WriteString("tag:")
	b.WriteString(strings.ToLower(authority))
	b.WriteByte(',')
	b.WriteString(date.Format(time.DateOnly))
	b.WriteByte(':')
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(specific); i++ {
		c := specific[i]
		if specificByte(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0F])
	}
	return b.String()
}

// specificByte reports whether c may stand for itself in the specific part:
// RFC 4151 §2.1, specific = *( pchar / "/" / "?" ), pchar from RFC 3986
// without pct-encoded.
func specificByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0
}
