package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestDataDirBesideExe(t *testing.T) {
	exe := filepath.Join(string(filepath.Separator)+"xaso", "xaso.exe")
	beside := filepath.Join(string(filepath.Separator)+"xaso", "data")
	tests := []struct {
		name    string
		args    []string
		getenv  func(string) string
		want    []string
		dataDir string
	}{
		{"no flags: data beside the exe", nil, envOf(),
			[]string{"--migrate", "--data-dir", beside}, beside},
		{"flags kept after the defaults", []string{"--addr", "0.0.0.0:8080"}, envOf(),
			[]string{"--migrate", "--data-dir", beside, "--addr", "0.0.0.0:8080"}, beside},
		{"a --data-dir given wins", []string{"--data-dir", "D:/xaso"}, envOf(),
			[]string{"--migrate", "--data-dir", "D:/xaso"}, "D:/xaso"},
		{"-data-dir=X, one dash", []string{"-data-dir=E:/d"}, envOf(),
			[]string{"--migrate", "-data-dir=E:/d"}, "E:/d"},
		{"XASO_DATA_DIR wins over beside", nil, envOf("XASO_DATA_DIR", "F:/env"),
			[]string{"--migrate"}, "F:/env"},
		{"the flag wins over XASO_DATA_DIR", []string{"--data-dir=G:/flag"}, envOf("XASO_DATA_DIR", "F:/env"),
			[]string{"--migrate", "--data-dir=G:/flag"}, "G:/flag"},
		{"--migrate=false can turn migration off", []string{"--migrate=false"}, envOf(),
			[]string{"--migrate", "--data-dir", beside, "--migrate=false"}, beside},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := serveArgsBeside(exe, tt.args, tt.getenv)
			if !slices.Equal(got, tt.want) {
				t.Errorf("serveArgsBeside = %q, want %q", got, tt.want)
			}
			if d := dataDirOf(got, tt.getenv); d != tt.dataDir {
				t.Errorf("dataDirOf = %q, want %q", d, tt.dataDir)
			}
		})
	}
}

func TestDataDirShortcutArgs(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{nil, true}, // double-click
		{[]string{"--addr", "0.0.0.0:8080"}, true}, // a shortcut with serve's flags
		{[]string{"serve"}, false},
		{[]string{"service", "run"}, false},
		{[]string{"--help"}, false},
		{[]string{"-h"}, false},
	} {
		if got := shortcutArgs(tt.args); got != tt.want {
			t.Errorf("shortcutArgs(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestDataDirFlagValue(t *testing.T) {
	tests := []struct {
		args   []string
		want   string
		wantOK bool
	}{
		{nil, "", false},
		{[]string{"--data-dir", "a"}, "a", true},
		{[]string{"-data-dir", "a", "--data-dir=b"}, "b", true}, // the last one wins
		{[]string{"--migrate", "--data-dir", "a"}, "a", true},   // a bool flag takes no value
		{[]string{"--addr", "--data-dir"}, "", false},           // "--data-dir" is addr's value
		{[]string{"--db", "x", "--", "--data-dir", "a"}, "", false},
		{[]string{"serve", "--data-dir", "a"}, "", false}, // flags end at the first non-flag
		{[]string{"--data-dir"}, "", false},               // value missing
		{[]string{"--data-dir="}, "", true},
		{[]string{"---data-dir", "a"}, "", false},
	}
	for _, tt := range tests {
		got, ok := flagValue(tt.args, "data-dir")
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("flagValue(%q) = %q, %v; want %q, %v", tt.args, got, ok, tt.want, tt.wantOK)
		}
	}
}

// FuzzDataDirFlag: whatever the arguments, flagValue does not panic, a value it finds is one
// of the arguments (or after "="), and putting --data-dir X in front changes nothing when the
// arguments already name one.
func FuzzDataDirFlag(f *testing.F) {
	f.Add("--data-dir\x00a\x00--addr\x00:8080")
	f.Add("-data-dir=x\x00--migrate")
	f.Add("--\x00--data-dir\x00y")
	f.Add("---\x00-=\x00-")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		v, ok := flagValue(args, "data-dir")
		if !ok {
			return
		}
		if !slices.Contains(args, v) && !strings.Contains(joined, "="+v) {
			t.Errorf("flagValue(%q) = %q: not one of the arguments", args, v)
		}
		if w, _ := flagValue(append([]string{"--data-dir", "other"}, args...), "data-dir"); w != v {
			t.Errorf("with --data-dir other in front: %q, want %q", w, v)
		}
	})
}

func TestDataDirLogRotates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, logFileName)
	read := func(p string) string { b, _ := os.ReadFile(p); return string(b) }
	l, err := openLog(dir) // creates the directory
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", maxLogBytes-3) + "\n"
	l.Write([]byte(big))
	l.Write([]byte("a\n")) // exactly maxLogBytes: kept
	if read(path) != big+"a\n" {
		t.Fatal("the log was moved before reaching its cap")
	}
	l.Write([]byte("b\n")) // past the cap: the log moves aside first
	if got := read(path + ".1"); got != big+"a\n" {
		t.Errorf("%s.1 holds %d bytes, want the full old log", logFileName, len(got))
	}
	if got := read(path); got != "b\n" {
		t.Errorf("fresh log = %q, want only the new line", got)
	}
	l.Close()
	if _, err := l.Write([]byte("late\n")); err == nil {
		t.Error("a write after Close was accepted")
	}

	// A log found past the cap at start is moved aside too; a small one is appended to.
	os.WriteFile(path, []byte(strings.Repeat("y", maxLogBytes+1)), 0o640)
	if l, err = openLog(dir); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("c\n"))
	l.Close()
	if l, err = openLog(dir); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("d\n"))
	l.Close()
	if got := read(path); got != "c\nd\n" {
		t.Errorf("log = %q, want the big one moved at start and then appended to", got)
	}
	if got := read(path + ".1"); len(got) != maxLogBytes+1 {
		t.Errorf("%s.1 holds %d bytes, want the big log found at start", logFileName, len(got))
	}
}

// cancelOn is a stdout that cancels a context once the server says it is listening.
type cancelOn struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), "xaso đang chạy tại http://") {
		w.cancel()
	}
	return len(p), nil
}

// TestDataDirShortcut: xaso.exe double-clicked (no arguments) from any working directory
// migrates and serves the database beside the executable, logs there too, and stops
// gracefully (returning nil) when its context ends, as Ctrl+C or the service's stop does.
func TestDataDirShortcut(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "xaso.exe")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &cancelOn{cancel: cancel}
	err := runShortcut(ctx, exe, nil, envOf("XASO_ADDR", "127.0.0.1:0"), strings.NewReader(""), out)
	if err != nil {
		t.Fatalf("runShortcut: %v\n%s", err, out.buf.String())
	}
	data := filepath.Join(dir, "data")
	for _, f := range []string{"xaso.db", "audit.key", logFileName} {
		if _, err := os.Stat(filepath.Join(data, f)); err != nil {
			t.Errorf("no %s beside the executable: %v", f, err)
		}
	}
	log, _ := os.ReadFile(filepath.Join(data, logFileName))
	for _, want := range []string{"xaso " + version, "Dữ liệu (data): " + data, "xaso đang chạy tại http://127.0.0.1:"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(out.buf.String(), "Nhấn Enter") {
		t.Errorf("a clean stop asked for Enter:\n%s", out.buf.String())
	}
}

// TestDataDirShortcutError: when serve fails the window waits for Enter, so that the error
// can be read before it closes.
func TestDataDirShortcutError(t *testing.T) {
	dir := t.TempDir()
	stdin := strings.NewReader("\n")
	var out bytes.Buffer
	err := runShortcut(t.Context(), filepath.Join(dir, "xaso.exe"), []string{"--no-such-flag"}, envOf(), stdin, &out)
	if err == nil {
		t.Fatal("an unknown flag was accepted")
	}
	if !strings.Contains(out.String(), "Nhấn Enter để đóng cửa sổ") {
		t.Errorf("no prompt to press Enter:\n%s", out.String())
	}
	if stdin.Len() != 0 {
		t.Error("the Enter was not waited for")
	}
}
