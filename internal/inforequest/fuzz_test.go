package inforequest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The request form's checks never panic, leave only valid text without NUL, and accept their
// own output again unchanged.
func FuzzValidate(f *testing.F) {
	f.Add("electronic", "Nông Thị Hằng", "Xóm Đồng Tâm", "019 190 001 234", "a@b.vn", "Kế hoạch sử dụng đất", "paper_copy")
	f.Add("fax", "\x00", "\xff", "0000000000000", "<x>", "", "post")
	f.Fuzz(func(t *testing.T, ch, name, addr, id, email, info, delivery string) {
		in := Input{Channel: Channel(ch), Requester: Requester{Name: name, Address: addr, IDNumber: id, Email: email},
			Information: info, Delivery: delivery}
		fe := in.validate()
		for _, s := range []string{in.Requester.Name, in.Requester.Address, in.Requester.Email, in.Information} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("invalid text kept: %q", s)
			}
		}
		if len(fe) == 0 {
			again := in
			if fe2 := again.validate(); len(fe2) != 0 || again != in {
				t.Fatalf("valid input changed or refused on a second pass: %v %+v", fe2, again)
			}
		}
	})
}
