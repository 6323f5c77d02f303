package fold

import "testing"

func TestString(t *testing.T) {
	cases := map[string]string{
		"Nguyễn Văn An":      "nguyen van an",
		"Đăng ký khai sinh":  "dang ky khai sinh",
		"  Xóm   Đồng  Tâm ": "xom dong tam",
		"TRẦN THỊ HẰNG":      "tran thi hang",
		"Nguye\u0302\u0303n": "nguyen", // decomposed input
	}
	for in, want := range cases {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLikePatternDropsWildcards(t *testing.T) {
	if got := LikePattern("Lê_%Văn"); got != "%levan%" {
		t.Fatalf("got %q", got)
	}
}

func FuzzString(f *testing.F) {
	f.Add("Nguyễn Văn An")
	f.Add("\xf7ӣ") // issue 16 item 12: invalid byte before a decomposable letter
	f.Fuzz(func(t *testing.T, s string) {
		a := String(s)
		if String(a) != a {
			t.Fatalf("not idempotent: %q → %q → %q", s, a, String(a))
		}
	})
}
