package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const denouncer = "Nguyễn Văn Tố, xóm Đồng Kệu, 0912345678"

// testKey returns a deterministic, non-zero 32-byte key in base64.
func testKey(seed byte) string {
	k := make([]byte, keySize)
	for i := range k {
		k[i] = seed + byte(i)*7 + 1
	}
	return base64.StdEncoding.EncodeToString(k)
}

func mustParse(t testing.TB, text string) *Keyring {
	t.Helper()
	r, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return r
}

func mustSeal(t testing.TB, r *Keyring, plain string, aad []byte) []byte {
	t.Helper()
	s, err := r.SealString(plain, aad)
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return s
}

func writeFile(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	// WriteFile's mode is filtered by umask; set it exactly.
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestRoundTrip(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1))
	aad := []byte("commune=27;denunciation=42")
	for _, plain := range []string{denouncer, "", strings.Repeat("ả", 5000)} {
		sealed := mustSeal(t, r, plain, aad)
		got, err := r.OpenString(sealed, aad)
		if err != nil || got != plain {
			t.Fatalf("OpenString = %q, %v; want %q", got, err, plain)
		}
	}
	// Nil aad and empty aad are the same associated data.
	sealed, err := r.Seal([]byte(denouncer), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Open(sealed, []byte{}); err != nil {
		t.Fatalf("Open with empty aad: %v", err)
	}
}

func TestFormat(t *testing.T) {
	r := mustParse(t, "2026a:"+testKey(1))
	sealed := mustSeal(t, r, denouncer, nil)
	want := []byte{'x', 1, 5, '2', '0', '2', '6', 'a'}
	if !bytes.HasPrefix(sealed, want) {
		t.Fatalf("header = %v, want prefix %v", sealed[:8], want)
	}
	if got, wantLen := len(sealed), len(want)+nonceSize+len(denouncer)+tagSize; got != wantLen {
		t.Fatalf("len = %d, want %d", got, wantLen)
	}
}

func TestCiphertextHidesPlaintext(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1))
	sealed := mustSeal(t, r, denouncer, nil)
	for _, part := range []string{denouncer, "Nguyễn", "Đồng Kệu", "0912345678", "912345"} {
		if bytes.Contains(sealed, []byte(part)) {
			t.Errorf("sealed data contains %q", part)
		}
	}
}

func TestSealsDiffer(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1))
	a := mustSeal(t, r, denouncer, nil)
	b := mustSeal(t, r, denouncer, nil)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same plaintext are equal (nonce reused?)")
	}
}

func TestTamperingFails(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1)+"\nk2:"+testKey(2))
	aad := []byte("row 7")
	sealed := mustSeal(t, r, denouncer, aad)
	for i := range sealed {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			bad := bytes.Clone(sealed)
			bad[i] ^= flip
			if _, err := r.Open(bad, aad); !errors.Is(err, ErrUnreadable) {
				t.Fatalf("byte %d ^ %#x: err = %v, want ErrUnreadable", i, flip, err)
			}
		}
	}
	for n := 0; n < len(sealed); n++ {
		if _, err := r.Open(sealed[:n], aad); !errors.Is(err, ErrUnreadable) {
			t.Fatalf("truncated to %d: err = %v, want ErrUnreadable", n, err)
		}
	}
	if _, err := r.Open(append(bytes.Clone(sealed), 0), aad); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("extended: err = %v, want ErrUnreadable", err)
	}
}

func TestWrongAADFails(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1))
	sealed := mustSeal(t, r, denouncer, []byte("commune=27;record=1"))
	for _, aad := range [][]byte{nil, []byte("commune=27;record=2"), []byte("commune=27;record=1 ")} {
		_, err := r.Open(sealed, aad)
		if !errors.Is(err, ErrUnreadable) || errors.Is(err, ErrUnknownKey) {
			t.Errorf("aad %q: err = %v, want ErrUnreadable only", aad, err)
		}
	}
}

func TestWrongKeySameIDFails(t *testing.T) {
	a := mustParse(t, "k1:"+testKey(1))
	b := mustParse(t, "k1:"+testKey(2))
	if _, err := b.Open(mustSeal(t, a, denouncer, nil), nil); !errors.Is(err, ErrUnreadable) {
		t.Fatalf("err = %v, want ErrUnreadable", err)
	}
}

func TestUnknownKey(t *testing.T) {
	a := mustParse(t, "k1:"+testKey(1))
	b := mustParse(t, "k2:"+testKey(2))
	_, err := b.Open(mustSeal(t, a, denouncer, nil), nil)
	if !errors.Is(err, ErrUnknownKey) || !errors.Is(err, ErrUnreadable) {
		t.Fatalf("err = %v, want ErrUnknownKey and ErrUnreadable", err)
	}
	if !strings.Contains(err.Error(), `"k1"`) || !strings.HasPrefix(err.Error(), "secret: ") {
		t.Fatalf("err = %q, want it to name key k1 with the secret: prefix", err)
	}
	var nilRing *Keyring
	if _, err := nilRing.Open(mustSeal(t, a, denouncer, nil), nil); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("nil ring: err = %v", err)
	}
}

func TestOpenGarbage(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1))
	for _, in := range [][]byte{nil, {}, {'x'}, {'x', 1}, {'x', 1, 0}, {'x', 2, 2, 'k', '1'},
		{'y', 1, 2, 'k', '1'}, {'x', 1, 255}, append([]byte{'x', 1, 2, 'k', '!'}, make([]byte, 40)...),
		append([]byte{'x', 1, 2, 'k', '1'}, make([]byte, 40)...)} {
		if _, err := r.Open(in, nil); !errors.Is(err, ErrUnreadable) {
			t.Errorf("Open(%v): err = %v, want ErrUnreadable", in, err)
		}
		if r.NeedsRotation(in) && len(in) < headerBase+2+nonceSize+tagSize {
			t.Errorf("NeedsRotation(%v) = true for malformed data", in)
		}
	}
}

func TestParse(t *testing.T) {
	text := "\uFEFF# xaso keys\n\n  # indented comment; with semicolon\r\nk1:" + testKey(1) + "\r\n2026a : " + testKey(2) + "\n\nk3:" + testKey(3) + "\n"
	r := mustParse(t, text)
	if got, want := r.IDs(), []string{"k1", "2026a", "k3"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("IDs = %v, want %v", got, want)
	}
	if r.ActiveID() != "k3" {
		t.Fatalf("ActiveID = %q, want k3", r.ActiveID())
	}
	// IDs returns a copy.
	r.IDs()[0] = "zz"
	if r.IDs()[0] != "k1" {
		t.Fatal("IDs exposes internal slice")
	}
}

func TestParseEnvStyle(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1)+";k2:"+testKey(2)+";")
	if got, want := r.IDs(), []string{"k1", "k2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("IDs = %v, want %v", got, want)
	}
	// Same keys from a file and from the env var open each other's data.
	f := mustParse(t, "k1:"+testKey(1)+"\nk2:"+testKey(2)+"\n")
	if got, err := f.OpenString(mustSeal(t, r, denouncer, nil), nil); err != nil || got != denouncer {
		t.Fatalf("OpenString = %q, %v", got, err)
	}
}

func TestParseErrors(t *testing.T) {
	short := base64.StdEncoding.EncodeToString([]byte("sixteen byte key"))
	badB64 := "SECRETKEYMATERIAL" + testKey(9)[17:] + "!"
	zero := base64.StdEncoding.EncodeToString(make([]byte, keySize))
	unpadded := strings.TrimRight(testKey(4), "=")
	cases := []struct {
		name, text, where, secret string
	}{
		{"bad base64", "# c\nk1:" + testKey(1) + "\nk2:" + badB64, "line 3", badB64},
		{"unpadded base64", "k1:" + unpadded, "line 1", unpadded},
		{"short key", "\n\nk1:" + short, "line 3", short},
		{"long key", "k1:" + testKey(1) + "\nk2:" + base64.StdEncoding.EncodeToString(make([]byte, 33)), "line 2", ""},
		{"zero key", "k1:" + zero, "line 1", zero},
		{"duplicate", "k1:" + testKey(1) + "\n\nk1:" + testKey(2), "line 3", testKey(2)},
		{"bad id", "k-1:" + testKey(1), "line 1", testKey(1)},
		{"long id", strings.Repeat("a", 33) + ":" + testKey(1), "line 1", testKey(1)},
		{"empty id", ":" + testKey(1), "line 1", testKey(1)},
		{"no colon", "k1:" + testKey(1) + "\n" + testKey(2), "line 2", testKey(2)},
		{"pasted key as id", testKey(2) + ":" + testKey(1), "line 1", testKey(2)},
		{"env entry", "k1:" + testKey(1) + ";k2:" + short, "line 1, entry 2", short},
		{"empty", "", "no keys", ""},
		{"only comments", "# k1:" + testKey(1) + "\n\n;;", "no keys", testKey(1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse(c.text)
			if err == nil {
				t.Fatalf("Parse succeeded: %v", r)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "secret: ") {
				t.Errorf("error %q lacks the secret: prefix", msg)
			}
			if !strings.Contains(msg, c.where) {
				t.Errorf("error %q does not contain %q", msg, c.where)
			}
			if c.secret != "" && (strings.Contains(msg, c.secret) || strings.Contains(msg, c.secret[:12])) {
				t.Errorf("error %q echoes key material", msg)
			}
		})
	}
}

func TestKeyringStringHidesKeys(t *testing.T) {
	r := mustParse(t, "k1:"+testKey(1))
	if got, want := r.String(), "secret.Keyring{active: k1, keys: k1}"; got != want {
		t.Fatalf("String = %q, want %q", got, want)
	}
}

func TestLoadPermissions(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys")
	writeFile(t, path, "k1:"+testKey(1)+"\n", 0o644)
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("Load 0644: err = %v, want a chmod 600 hint", err)
	}
	if err := CheckPermissions(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("CheckPermissions 0644: err = %v", err)
	}
	for _, mode := range []os.FileMode{0o640, 0o604, 0o610, 0o601} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(path); err == nil {
			t.Errorf("Load %04o succeeded", mode)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		r, err := Load(path)
		if err != nil {
			t.Fatalf("Load %04o: %v", mode, err)
		}
		if r.ActiveID() != "k1" {
			t.Fatalf("ActiveID = %q", r.ActiveID())
		}
		if err := CheckPermissions(path); err != nil {
			t.Fatalf("CheckPermissions %04o: %v", mode, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
	if err := CheckPermissions(dir); err == nil {
		t.Fatal("CheckPermissions accepted a directory")
	}
}

func TestLoadEmptyAndBad(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	writeFile(t, empty, "# nothing yet\n", 0o600)
	if _, err := Load(empty); err == nil {
		t.Fatal("Load accepted an empty keyring")
	}
	bad := filepath.Join(dir, "bad")
	writeFile(t, bad, "k1:"+testKey(1)+"\nk2:nope\n", 0o600)
	_, err := Load(bad)
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), bad) {
		t.Fatalf("Load bad: err = %v, want line 2 and the path", err)
	}
}

func TestCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	r, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := fileMode(t, path); m != 0o600 {
		t.Fatalf("mode = %04o, want 0600", m)
	}
	if r.ActiveID() != "k1" || len(r.IDs()) != 1 {
		t.Fatalf("IDs = %v", r.IDs())
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := loaded.OpenString(mustSeal(t, r, denouncer, nil), nil); err != nil || got != denouncer {
		t.Fatalf("loaded ring OpenString = %q, %v", got, err)
	}
	before, _ := os.ReadFile(path)
	if _, err := Create(path); err == nil {
		t.Fatal("Create overwrote an existing key file")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("failed Create changed the existing file")
	}
	// Two Creates give different keys.
	other, err := Create(filepath.Join(t.TempDir(), "keys"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Open(mustSeal(t, r, denouncer, nil), nil); err == nil {
		t.Fatal("two created key files share a key")
	}
}

func TestRotate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys")
	r1, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	aad := []byte("commune=27;record=9")
	old := mustSeal(t, r1, denouncer, aad)
	if r1.NeedsRotation(old) {
		t.Fatal("NeedsRotation true before rotation")
	}

	r2, err := Rotate(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r2.IDs(), []string{"k1", "k2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("IDs = %v, want %v", got, want)
	}
	if r2.ActiveID() != "k2" {
		t.Fatalf("ActiveID = %q", r2.ActiveID())
	}
	if got, err := r2.OpenString(old, aad); err != nil || got != denouncer {
		t.Fatalf("old ciphertext after rotation: %q, %v", got, err)
	}
	if !r2.NeedsRotation(old) {
		t.Fatal("NeedsRotation false for data sealed under the old key")
	}
	fresh := mustSeal(t, r2, denouncer, aad)
	if r2.NeedsRotation(fresh) {
		t.Fatal("NeedsRotation true for a fresh seal")
	}
	if m := fileMode(t, path); m != 0o600 {
		t.Fatalf("mode after rotate = %04o, want 0600", m)
	}
	// The file on disk agrees with the returned ring, comments kept.
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.ActiveID() != "k2" {
		t.Fatalf("loaded ActiveID = %q", loaded.ActiveID())
	}
	if got, err := loaded.OpenString(fresh, aad); err != nil || got != denouncer {
		t.Fatalf("loaded ring opens fresh seal: %q, %v", got, err)
	}
	text, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(text), fileHeader) {
		t.Fatal("rotation dropped the file's comments")
	}

	r3, err := Rotate(path)
	if err != nil {
		t.Fatal(err)
	}
	if r3.ActiveID() != "k3" {
		t.Fatalf("second rotation ActiveID = %q, want k3", r3.ActiveID())
	}
	// No temp files left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory has %d entries, want only the key file", len(entries))
	}
}

func TestRotateRefusesOpenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, "k1:"+testKey(1)+"\n", 0o644)
	if _, err := Rotate(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("Rotate 0644: err = %v", err)
	}
	text, _ := os.ReadFile(path)
	if string(text) != "k1:"+testKey(1)+"\n" {
		t.Fatal("refused Rotate changed the file")
	}
}

func TestRotateNoTrailingNewline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, "main:"+testKey(1), 0o600)
	r, err := Rotate(path)
	if err != nil {
		t.Fatal(err)
	}
	ids := r.IDs()
	if len(ids) != 2 || ids[0] != "main" {
		t.Fatalf("IDs = %v", ids)
	}
	if digits, ok := strings.CutPrefix(ids[1], "k"); !ok || strings.Trim(digits, "0123456789") != "" || len(digits) < 10 {
		t.Fatalf("new ID %q is not k<unix time>", ids[1])
	}
}

func TestNextID(t *testing.T) {
	now := time.Unix(1767225600, 0)
	cases := []struct {
		ids  []string
		want string
	}{
		{[]string{"k1"}, "k2"},
		{[]string{"k1", "k2", "k9"}, "k10"},
		{[]string{"k3", "k1"}, "k4"},
		{[]string{"2026a"}, "k1767225600"},
		{[]string{"k1", "main"}, "k1767225600"},
		{[]string{"k01"}, "k1767225600"},
		{[]string{"main", "k1767225600"}, "k1767225601"},
		{[]string{"k999999999"}, "k1000000000"},
	}
	for _, c := range cases {
		if got := nextID(c.ids, now); got != c.want {
			t.Errorf("nextID(%v) = %q, want %q", c.ids, got, c.want)
		}
		if !validID(nextID(c.ids, now)) {
			t.Errorf("nextID(%v) is not a valid ID", c.ids)
		}
	}
}

func TestEmptyKeyringSeal(t *testing.T) {
	var r *Keyring
	if _, err := r.Seal([]byte("x"), nil); err == nil {
		t.Fatal("nil keyring sealed")
	}
	if _, err := (&Keyring{}).Seal([]byte("x"), nil); err == nil {
		t.Fatal("zero keyring sealed")
	}
}
