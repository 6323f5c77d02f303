package secret

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzOpen feeds arbitrary bytes and aad to Open. It must never panic, every
// failure must match ErrUnreadable, and it may succeed only for a genuine
// seal made below with its own aad (forging one would break AES-GCM).
func FuzzOpen(f *testing.F) {
	ring := mustParse(f, "k1:"+testKey(1)+"\nk2:"+testKey(2))
	old := mustParse(f, "k1:"+testKey(1))

	type genuine struct{ plain, aad string }
	seals := map[string]genuine{}
	// The fuzz engine rebuilds these seeds in every worker process, so they
	// must be reproducible: fixed nonces instead of Seal's random ones.
	add := func(r *Keyring, plain, aad string) {
		nonce := bytes.Repeat([]byte{byte(len(seals) + 1)}, nonceSize)
		s, err := r.sealWithNonce([]byte(plain), []byte(aad), nonce)
		if err != nil {
			f.Fatal(err)
		}
		seals[string(s)] = genuine{plain, aad}
		f.Add(s, []byte(aad))
		// Near misses make good seeds: wrong aad, a flipped byte, cut short.
		f.Add(s, []byte(aad+"!"))
		bad := bytes.Clone(s)
		bad[len(bad)/2] ^= 1
		f.Add(bad, []byte(aad))
		f.Add(s[:len(s)-1], []byte(aad))
	}
	add(ring, denouncer, "commune=27;record=1")
	add(ring, "", "")
	add(old, "đơn tố cáo", "commune=27;record=2")
	f.Add([]byte{}, []byte{})
	f.Add([]byte{'x', 1, 2, 'k', '9'}, []byte{})
	f.Add([]byte{'x', 1, 255, 'k'}, []byte{})

	f.Fuzz(func(t *testing.T, data, aad []byte) {
		plain, err := ring.Open(data, aad)
		needs := ring.NeedsRotation(data) // must not panic either
		if err != nil {
			if !errors.Is(err, ErrUnreadable) {
				t.Fatalf("error %v does not match ErrUnreadable", err)
			}
			if !strings.HasPrefix(err.Error(), "secret: ") {
				t.Fatalf("error %q lacks the secret: prefix", err)
			}
			return
		}
		g, ok := seals[string(data)]
		if !ok {
			t.Fatalf("Open accepted bytes that were never sealed: %x", data)
		}
		if g.aad != string(aad) || g.plain != string(plain) {
			t.Fatalf("Open(%x, %q) = %q, want %q under aad %q", data, aad, plain, g.plain, g.aad)
		}
		if needs != (data[4] != '2') { // seals by `old` carry key k1
			t.Fatalf("NeedsRotation = %v for key %q", needs, data[3:5])
		}
	})
}

// FuzzParse feeds arbitrary key text to Parse. It must never panic; a ring
// it accepts must seal and open, with its last key active.
func FuzzParse(f *testing.F) {
	f.Add("k1:" + testKey(1))
	f.Add("# keys\nk1:" + testKey(1) + "\r\nk2:" + testKey(2) + "\n")
	f.Add("k1:" + testKey(1) + ";2026a:" + testKey(2) + ";")
	f.Add("k1:" + testKey(1) + "\nk1:" + testKey(2))
	f.Add("k1:AAAA")
	f.Add("k1:" + testKey(1)[:43])
	f.Add("")
	f.Add(";\n;#")
	f.Add("\uFEFFk1 : " + testKey(3))

	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(text)
		if err != nil {
			if r != nil {
				t.Fatal("Parse returned a ring with an error")
			}
			if !strings.HasPrefix(err.Error(), "secret: ") {
				t.Fatalf("error %q lacks the secret: prefix", err)
			}
			return
		}
		ids := r.IDs()
		if len(ids) == 0 || r.ActiveID() != ids[len(ids)-1] {
			t.Fatalf("IDs %v, active %q", ids, r.ActiveID())
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if !validID(id) || seen[id] {
				t.Fatalf("bad or duplicate ID %q in %v", id, ids)
			}
			seen[id] = true
		}
		aad := []byte(text)
		sealed, err := r.SealString(denouncer, aad)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := r.OpenString(sealed, aad); err != nil || got != denouncer {
			t.Fatalf("OpenString = %q, %v", got, err)
		}
		if r.NeedsRotation(sealed) {
			t.Fatal("NeedsRotation true for a fresh seal")
		}
		// Parsing is deterministic: a second parse opens the first's seal.
		again, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := again.Open(sealed, aad); err != nil {
			t.Fatalf("re-parsed ring cannot open: %v", err)
		}
	})
}
