package secret

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var phoneRun = regexp.MustCompile(`\+?\d[\d .\-]{7,}\d`)

// Redact strikes from text, replacing each with mark: the person's full name and each of the
// other identifying strings (address, ID number, phone, e-mail, relatives' names), ignoring
// case; the last word of the name where it stands alone ("tôi là Bình"); and any run of digits
// that looks like a phone number. It is the working copy that verifiers read of a denunciation
// (Law 25/2018 Art. 9: the denouncer's identity is kept secret); what it misses, staff strike
// by hand.
func Redact(text, mark, name string, others ...string) string {
	out := text
	for _, v := range append([]string{name}, others...) {
		if v = strings.TrimSpace(v); v != "" {
			out = replaceFold(out, v, mark)
		}
	}
	if f := strings.Fields(name); len(f) > 1 {
		out = replaceWord(out, f[len(f)-1], mark)
	}
	return phoneRun.ReplaceAllString(out, mark)
}

// replaceFold replaces every occurrence of old in s, ignoring case.
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	ls, lo := strings.ToLower(s), strings.ToLower(old)
	if len(ls) != len(s) { // case mapping changed byte lengths: fall back to exact matches
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(ls, lo)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, ls = s[i+len(old):], ls[i+len(lo):]
	}
}

// replaceWord replaces old where it stands as a whole word (no letter either side), ignoring
// case. No regular expression: the public lists redact every row they show.
func replaceWord(s, old, repl string) string {
	if old == "" {
		return s
	}
	ls, lo := strings.ToLower(s), strings.ToLower(old)
	if len(ls) != len(s) { // case mapping changed byte lengths: match exactly
		ls, lo = s, old
	}
	var b strings.Builder
	from := 0 // bytes of s already written
	for at := 0; ; {
		i := strings.Index(ls[at:], lo)
		if i < 0 {
			break
		}
		i += at
		end := i + len(lo)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || !unicode.IsLetter(before)) && (end == len(s) || !unicode.IsLetter(after)) {
			b.WriteString(s[from:i])
			b.WriteString(repl)
			from = end
		}
		at = end
	}
	if from == 0 {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}
