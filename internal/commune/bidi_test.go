package commune

import "testing"

// Issue 16 item 12: bidi controls (a right-to-left override makes "Lê Văn A" read backwards,
// or a file "ảnh‮fdp.exe" look like a PDF) are dropped from what people type.
func TestBidiControlsAreDropped(t *testing.T) {
	for in, want := range map[string]string{
		"Lê\u202e Văn A":         "Lê Văn A",
		"\u2067Trần Thị B\u2069": "Trần Thị B",
		"ảnh\u202efdp.exe":       "ảnhfdp.exe",
		"Nguyễn\u200f\u061c Văn": "Nguyễn Văn",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
