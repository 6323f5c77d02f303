package onestop

import "testing"

// FuzzValidIdempotencyKey: a key that passes is 1–200 printable ASCII bytes, so it is safe in
// SQL parameters, logs and the form's hidden field.
func FuzzValidIdempotencyKey(f *testing.F) {
	for _, s := range []string{"", "intake-1", "khóa", "a b", string(make([]byte, 201))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, k string) {
		if !validIdempotencyKey(k) {
			return
		}
		if len(k) == 0 || len(k) > 200 {
			t.Fatalf("length %d passed", len(k))
		}
		for i := 0; i < len(k); i++ {
			if k[i] <= ' ' || k[i] > '~' {
				t.Fatalf("byte %q passed", k[i])
			}
		}
	})
}
