package blob

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/fold"
)

// maxFilename is the longest name kept, in bytes (a common file system limit).
const maxFilename = 255

// cleanFilename keeps the last path element of a client's file name (browsers on Windows may
// send "C:\fakepath\Đơn.pdf"), in NFC (macOS sends decomposed Vietnamese), without control
// characters, at most maxFilename bytes.
func cleanFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(name)
	name = strings.Map(func(r rune) rune {
		// Bidi controls: "ảnh\u202Efdp.exe" would show as "ảnhexe.pdf".
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		name = ""
	}
	if len(name) > maxFilename {
		// Keep the extension, which decides how the file opens.
		ext := filepath.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := name[:maxFilename-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	return name
}

// contentDisposition builds the header value for a download: an ASCII fallback name for old
// clients and the real name in RFC 5987 encoding ("Đơn xin.pdf" stays "Đơn xin.pdf").
func contentDisposition(disposition, filename string) string {
	if filename == "" {
		return disposition
	}
	return disposition + `; filename="` + asciiFilename(filename) + `"; filename*=UTF-8''` + encodeRFC5987(filename)
}

// asciiFilename drops Vietnamese diacritics (via the search folding) and replaces whatever is
// still not printable ASCII, or would break the quoted string, with "_".
func asciiFilename(name string) string {
	ext := filepath.Ext(name)
	folded := fold.String(strings.TrimSuffix(name, ext)) + strings.ToLower(ext)
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, folded)
}

// encodeRFC5987 percent-encodes every byte that is not an attr-char (RFC 5987 section 3.2.1).
func encodeRFC5987(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0x0f])
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}
