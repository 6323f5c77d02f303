// Package secret encrypts the few fields that must never be readable from
// the database alone: the identity of a denouncer (name, address, phone
// number and any identifying text), which the Law on Denunciations
// (25/2018/QH14, Art. 9 and 47) requires the commune to keep confidential.
//
// The encryption key lives outside the database, in a key file (or in the
// XASO_SECRET_KEYS environment variable), so a copied database file or
// backup reveals nothing by itself. Keys can be rotated: a rotation adds a
// new key and keeps the old ones, so existing ciphertext still opens and can
// be re-sealed under the new key at leisure (see NeedsRotation).
//
// # Key file
//
// The key file is UTF-8 text with one key per line:
//
//	# comments and blank lines are ignored; k2, the last, is active
//	k1:<44 characters of base64, ending in '='>
//	k2:<44 characters of base64, ending in '='>
//
// Each key line is ID:BASE64, where ID is 1 to 32 ASCII letters or digits
// and BASE64 is standard, padded base64 of exactly 32 random bytes (an
// AES-256 key). The LAST key line is the active key: new data is sealed
// with it; the others only open old data. For the environment variable the
// same text may use ';' instead of newlines as the separator.
//
// The file must not be readable by group or others (chmod 600); Load,
// Rotate and CheckPermissions refuse it otherwise.
//
// # Sealed format
//
// Seal produces a self-describing byte string:
//
//	'x' | 0x01 | len(keyID) | keyID | nonce (12 bytes) | ciphertext+tag (16 bytes)
//
// The cipher is AES-256-GCM with a random 96-bit nonce. The GCM additional
// data is the header (magic, version, key-ID length, key ID) followed by the
// caller's aad, so neither the header nor the row binding (for example
// commune id + record id) can be altered or swapped without Open failing.
// Random nonces are safe for far more messages than a commune will ever
// seal under one key (the usual bound is 2^32 per key).
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// EnvVar is the environment variable that may hold the key text instead of
// a key file (same format, ';' allowed as separator).
const EnvVar = "XASO_SECRET_KEYS"

const (
	magic      = 'x'
	version    = 1
	keySize    = 32 // AES-256
	nonceSize  = 12 // standard GCM nonce
	tagSize    = 16 // standard GCM tag
	maxIDLen   = 32
	headerBase = 3 // magic, version, key-ID length
)

// keyEncoding is strict so that a key has exactly one textual form; a
// sloppy encoding is more likely a copy-paste accident than a real key.
var keyEncoding = base64.StdEncoding.Strict()

var (
	// ErrUnreadable is matched (errors.Is) by every error Open returns:
	// malformed input, unknown key, or failed authentication.
	ErrUnreadable = errors.New("secret: unreadable sealed data")
	// ErrUnknownKey is additionally matched when the sealed data names a
	// key that is not in the keyring (for example a removed old key).
	ErrUnknownKey = errors.New("secret: unknown key")
)

// openError is the single error type Open returns. It matches
// ErrUnreadable always and ErrUnknownKey when the key was missing, without
// repeating the "secret: " prefix twice in its message.
type openError struct {
	msg        string
	unknownKey bool
}

func (e *openError) Error() string { return "secret: " + e.msg }

func (e *openError) Is(target error) bool {
	return target == ErrUnreadable || (e.unknownKey && target == ErrUnknownKey)
}

func unreadable(format string, args ...any) error {
	return &openError{msg: fmt.Sprintf(format, args...)}
}

// Keyring holds the keys by ID; the last one loaded is active. A Keyring is
// immutable after construction and safe for concurrent use.
type Keyring struct {
	ids   []string               // in file order; the last is active
	aeads map[string]cipher.AEAD // only the expanded ciphers are kept
}

// String keeps key material out of logs and %v output: the AEAD values
// hold the expanded key schedule.
func (k *Keyring) String() string {
	if k == nil {
		return "secret.Keyring(nil)"
	}
	return fmt.Sprintf("secret.Keyring{active: %s, keys: %s}", k.ActiveID(), strings.Join(k.ids, ","))
}

// GoString is the %#v form; same reason as String.
func (k *Keyring) GoString() string { return k.String() }

// ActiveID is the ID of the key new data is sealed with.
func (k *Keyring) ActiveID() string {
	if k == nil || len(k.ids) == 0 {
		return ""
	}
	return k.ids[len(k.ids)-1]
}

// IDs returns all key IDs in file order (the active one last).
func (k *Keyring) IDs() []string {
	if k == nil {
		return nil
	}
	return append([]string(nil), k.ids...)
}

// validID reports whether id is 1..maxIDLen ASCII letters or digits. The
// restriction keeps IDs safe to print in errors and unambiguous in the file.
func validID(id string) bool {
	if len(id) == 0 || len(id) > maxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// Parse reads key text in the key file format. Entries are separated by
// newlines or ';' (the latter for the environment variable). Errors name
// the line (and the entry within it when ';' is used) but never include
// the key text.
func Parse(text string) (*Keyring, error) {
	text = strings.TrimPrefix(text, "\uFEFF") // editors on Windows add a BOM
	ring := &Keyring{aeads: make(map[string]cipher.AEAD)}
	for lineNo, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue // a comment may itself contain ';'
		}
		entries := strings.Split(line, ";")
		for entryNo, entry := range entries {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			where := fmt.Sprintf("line %d", lineNo+1)
			if len(entries) > 1 {
				where += fmt.Sprintf(", entry %d", entryNo+1)
			}
			if err := ring.addEntry(entry); err != nil {
				return nil, fmt.Errorf("secret: key text %s: %s", where, err)
			}
		}
	}
	if len(ring.ids) == 0 {
		return nil, errors.New("secret: no keys in key text (create one with a key file of a single ID:BASE64 line)")
	}
	return ring, nil
}

// addEntry parses one "ID:BASE64" entry. Its error messages are fragments
// that Parse prefixes with the location; they must never quote the base64.
func (k *Keyring) addEntry(entry string) error {
	id, b64, ok := strings.Cut(entry, ":")
	if !ok {
		return errors.New("expected ID:BASE64")
	}
	id, b64 = strings.TrimSpace(id), strings.TrimSpace(b64)
	if !validID(id) {
		// Not quoted: a malformed ID may well be a pasted key.
		return fmt.Errorf("bad key ID (want 1 to %d ASCII letters or digits)", maxIDLen)
	}
	if _, dup := k.aeads[id]; dup {
		return fmt.Errorf("duplicate key ID %q", id)
	}
	key, err := keyEncoding.DecodeString(b64)
	if err != nil {
		// The decoder's error would give an offset into the key; omit it.
		return fmt.Errorf("key %q is not valid standard base64", id)
	}
	if len(key) != keySize {
		return fmt.Errorf("key %q is %d bytes, want %d", id, len(key), keySize)
	}
	if allZero(key) {
		return fmt.Errorf("key %q is all zero bytes (a placeholder, not a random key)", id)
	}
	aead, err := newAEAD(key)
	clear(key)
	if err != nil {
		return fmt.Errorf("key %q: %v", id, err)
	}
	k.ids = append(k.ids, id)
	k.aeads[id] = aead
	return nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// CheckPermissions refuses a key file that group or others may access in
// any way, and anything that is not a regular file.
func CheckPermissions(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("secret: key file: %w", err)
	}
	return checkMode(path, info)
}

func checkMode(path string, info os.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("secret: key file %s is not a regular file", path)
	}
	// On Windows Go reports every ordinary file as readable by all (0666): the NTFS access
	// list decides there, and docs/WINDOWS.md restricts the data folder with icacls.
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return fmt.Errorf("secret: key file %s has mode %04o, readable beyond its owner; run: chmod 600 %s", path, perm, path)
	}
	return nil
}

// Load reads and parses a key file after checking its permissions.
func Load(path string) (*Keyring, error) {
	ring, _, err := loadFile(path)
	return ring, err
}

// loadFile returns the parsed ring and the raw text (Rotate keeps the text,
// comments included). The mode is checked on the opened file itself so the
// file cannot be swapped between the check and the read.
func loadFile(path string) (*Keyring, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("secret: key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("secret: key file: %w", err)
	}
	if err := checkMode(path, info); err != nil {
		return nil, nil, err
	}
	text, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, fmt.Errorf("secret: key file %s: %w", path, err)
	}
	ring, err := Parse(string(text))
	if err != nil {
		return nil, nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return ring, text, nil
}

// newKeyLine makes "ID:BASE64\n" for a fresh random key.
func newKeyLine(id string) (string, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("secret: random key: %w", err)
	}
	line := id + ":" + keyEncoding.EncodeToString(key) + "\n"
	clear(key)
	return line, nil
}

const fileHeader = "# xaso secret keys: ID:BASE64(32 bytes), one per line; the last is active.\n" +
	"# Keep this file mode 600 and back it up separately from the database.\n" +
	"# Never delete a key while data sealed with it remains.\n"

// Create writes a new key file holding one fresh key "k1", mode 0600. It
// fails if the file already exists: overwriting a key file would make all
// data sealed with it unreadable forever.
func Create(path string) (*Keyring, error) {
	line, err := newKeyLine("k1")
	if err != nil {
		return nil, err
	}
	text := fileHeader + line
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("secret: create key file: %w", err)
	}
	if err := writeSyncClose(f, text); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("secret: create key file: %w", err)
	}
	syncDir(filepath.Dir(path))
	return Parse(text)
}

// writeSyncClose writes text, forces it to disk and closes f. The mode is
// set explicitly because a creation mode is only a request under umask,
// and a temp file's mode is not ours to assume.
func writeSyncClose(f *os.File, text string) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(text)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a create or rename durable. Best effort: some platforms
// cannot sync directories, and the file data itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Rotate appends a fresh key to the key file, which becomes active; old
// keys stay so old data still opens. The file is replaced atomically
// (temp file in the same directory, fsync, rename), so a crash leaves
// either the old or the new file, never a torn one. Rotations must not run
// concurrently on the same file: the later rename would drop a key.
func Rotate(path string) (*Keyring, error) {
	old, text, err := loadFile(path)
	if err != nil {
		return nil, err
	}
	line, err := newKeyLine(nextID(old.ids, time.Now()))
	if err != nil {
		return nil, err
	}
	newText := string(text)
	if newText != "" && !strings.HasSuffix(newText, "\n") {
		newText += "\n"
	}
	newText += line
	// Parse before writing: never install a file we could not load back.
	ring, err := Parse(newText)
	if err != nil {
		return nil, err
	}
	if err := replaceFile(path, newText); err != nil {
		return nil, fmt.Errorf("secret: rotate %s: %w", path, err)
	}
	return ring, nil
}

// replaceFile atomically replaces path with text, mode 0600.
func replaceFile(path, text string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := writeSyncClose(f, text); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// nextID continues a k1, k2, … sequence; with any other naming it falls
// back to "k"+unix time, bumped until unused.
func nextID(ids []string, now time.Time) string {
	used := make(map[string]bool, len(ids))
	maxN, sequential := 0, len(ids) > 0
	for _, id := range ids {
		used[id] = true
		n, ok := kNumber(id)
		if !ok {
			sequential = false
		}
		maxN = max(maxN, n)
	}
	if sequential && maxN < 1<<30 {
		return "k" + strconv.Itoa(maxN+1)
	}
	for t := now.Unix(); ; t++ {
		if id := "k" + strconv.FormatInt(t, 10); !used[id] {
			return id
		}
	}
}

// kNumber parses "kN" with N a positive decimal without leading zeros.
func kNumber(id string) (int, bool) {
	digits, ok := strings.CutPrefix(id, "k")
	if !ok || digits == "" || digits[0] == '0' || len(digits) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

// header builds magic | version | len(id) | id.
func header(id string) []byte {
	h := make([]byte, 0, headerBase+len(id))
	h = append(h, magic, version, byte(len(id)))
	return append(h, id...)
}

// gcmAAD binds the header to the caller's aad. The header is
// self-delimiting (it carries the ID length), so the concatenation is
// unambiguous.
func gcmAAD(hdr, aad []byte) []byte {
	out := make([]byte, 0, len(hdr)+len(aad))
	return append(append(out, hdr...), aad...)
}

// Seal encrypts plaintext with the active key. aad is not stored but must
// be given again to Open; pass something that identifies the row (such as
// commune id + record id) so ciphertext cannot be moved to another row.
func (k *Keyring) Seal(plaintext, aad []byte) ([]byte, error) {
	nonce := make([]byte, nonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("secret: random nonce: %w", err)
	}
	return k.sealWithNonce(plaintext, aad, nonce)
}

// sealWithNonce is Seal with the nonce supplied. Only Seal (random nonce)
// may use it in production: reusing a nonce under one key breaks GCM. Tests
// use it to build reproducible seals.
func (k *Keyring) sealWithNonce(plaintext, aad, nonce []byte) ([]byte, error) {
	id := k.ActiveID()
	if id == "" {
		return nil, errors.New("secret: seal with an empty keyring")
	}
	hdr := header(id)
	out := make([]byte, len(hdr)+nonceSize, len(hdr)+nonceSize+len(plaintext)+tagSize)
	copy(out, hdr)
	copy(out[len(hdr):], nonce)
	return k.aeads[id].Seal(out, out[len(hdr):], plaintext, gcmAAD(hdr, aad)), nil
}

// parsed is the split form of sealed data.
type parsed struct {
	id    string
	hdr   []byte
	nonce []byte
	body  []byte // ciphertext + tag
}

// parseSealed splits sealed data without trusting any of it.
func parseSealed(sealed []byte) (parsed, error) {
	if len(sealed) < headerBase {
		return parsed{}, unreadable("sealed data too short")
	}
	if sealed[0] != magic {
		return parsed{}, unreadable("not sealed data (bad magic byte)")
	}
	if sealed[1] != version {
		return parsed{}, unreadable("unsupported sealed format version %d", sealed[1])
	}
	idLen := int(sealed[2])
	end := headerBase + idLen
	if len(sealed) < end+nonceSize+tagSize {
		return parsed{}, unreadable("sealed data truncated")
	}
	id := string(sealed[headerBase:end])
	if !validID(id) {
		return parsed{}, unreadable("sealed data has a malformed key ID")
	}
	return parsed{
		id:    id,
		hdr:   sealed[:end],
		nonce: sealed[end : end+nonceSize],
		body:  sealed[end+nonceSize:],
	}, nil
}

// Open decrypts data made by Seal with the same aad. Every failure matches
// ErrUnreadable; a key missing from the ring also matches ErrUnknownKey.
func (k *Keyring) Open(sealed, aad []byte) ([]byte, error) {
	p, err := parseSealed(sealed)
	if err != nil {
		return nil, err
	}
	var aead cipher.AEAD
	if k != nil {
		aead = k.aeads[p.id]
	}
	if aead == nil {
		// The ID is validated letters/digits, so it is safe to print.
		return nil, &openError{msg: fmt.Sprintf("sealed with key %q, which is not in the keyring", p.id), unknownKey: true}
	}
	plain, err := aead.Open(nil, p.nonce, p.body, gcmAAD(p.hdr, aad))
	if err != nil {
		return nil, unreadable("authentication failed (wrong associated data, or data altered)")
	}
	return plain, nil
}

// SealString is Seal for text fields.
func (k *Keyring) SealString(plaintext string, aad []byte) ([]byte, error) {
	return k.Seal([]byte(plaintext), aad)
}

// OpenString is Open for text fields.
func (k *Keyring) OpenString(sealed, aad []byte) (string, error) {
	plain, err := k.Open(sealed, aad)
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

// NeedsRotation reports whether sealed names a key other than the active
// one, i.e. should be opened and sealed again after a rotation. Data that
// is not sealed data at all reports false: re-sealing cannot fix it.
func (k *Keyring) NeedsRotation(sealed []byte) bool {
	p, err := parseSealed(sealed)
	if err != nil {
		return false
	}
	return p.id != k.ActiveID()
}
