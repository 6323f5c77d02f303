package main

// Where a commune PC keeps its data. On a server the operator names the data directory (flag
// --data-dir, env XASO_DATA_DIR, default ./data). On the commune's Windows PC xaso.exe is
// double-clicked or runs as a service, and neither has a useful working directory (a service
// starts in C:\Windows\System32), so there the data lives beside the executable:
// <exe dir>\data, holding the database, the keys, the uploads and the log.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// logFileName is the log the service (and a double-clicked xaso.exe) writes in the data dir.
const logFileName = "xaso.log"

// maxLogBytes is the size past which the log is moved aside to xaso.log.1, so that a PC nobody
// looks after does not fill its disk with years of requests.
const maxLogBytes = 16 << 20

// executable is the absolute path of the running binary, links resolved; "xaso" when the
// system cannot tell, which puts the data under the working directory as before.
func executable() string {
	exe, err := os.Executable()
	if err != nil {
		return "xaso"
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	return exe
}

// dataBesideExe is the data directory beside the executable exe.
func dataBesideExe(exe string) string {
	return filepath.Join(filepath.Dir(absPath(exe)), "data")
}

// serveArgsBeside returns the serve arguments of a binary that keeps its data beside itself:
// --migrate (a new xaso.exe copied over the old one brings its own migrations and nobody is
// there to run them) and --data-dir <exe dir>/data, unless XASO_DATA_DIR or a --data-dir in
// args names another directory. args come last, so that any flag given there wins
// (--migrate=false included): the flag package keeps the last value.
func serveArgsBeside(exe string, args []string, getenv func(string) string) []string {
	out := []string{"--migrate"}
	if _, given := flagValue(args, "data-dir"); !given && getenv("XASO_DATA_DIR") == "" {
		out = append(out, "--data-dir", dataBesideExe(exe))
	}
	return append(out, args...)
}

// dataDirOf is the data directory serve will use with args and the environment: the last
// --data-dir in args, else XASO_DATA_DIR, else ./data (config.go's default).
func dataDirOf(args []string, getenv func(string) string) string {
	if v, ok := flagValue(args, "data-dir"); ok {
		return v
	}
	return envOr(getenv, "XASO_DATA_DIR", "data")
}

// serveBoolFlags are serve's flags that take no value; every other flag of serve takes one,
// written -name=v or -name v.
var serveBoolFlags = map[string]bool{"migrate": true, "h": true, "help": true}

// flagValue finds the value of flag name in serve's args the way the flag package reads them:
// one or two dashes, -name=v or -name v, the last one winning, and nothing after "--" or the
// first argument that is not a flag. ok reports whether the flag was given.
func flagValue(args []string, name string) (value string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return value, ok
		}
		n := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if n == "" || n[0] == '-' || n[0] == '=' {
			return value, ok // the flag package rejects these: parsing stops there
		}
		n, v, hasValue := strings.Cut(n, "=")
		if !hasValue && !serveBoolFlags[n] {
			if i+1 >= len(args) {
				return value, ok // a missing value: serve itself will say so
			}
			i++
			v = args[i]
		}
		if n == name {
			value, ok = v, true
		}
	}
	return value, ok
}

// logFile is the log in the data dir. Past maxLogBytes it moves itself aside to xaso.log.1
// (replacing the previous one) and starts afresh, at start and while running, so that a
// service nobody restarts for months keeps at most two logs' worth.
type logFile struct {
	mu     sync.Mutex
	path   string
	f      *os.File // nil after a failed rotation: the next write tries again
	size   int64
	closed bool
}

// openLog opens (appending) or creates the log in dataDir, creating the directory.
func openLog(dataDir string) (*logFile, error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("log: %w", err)
	}
	l := &logFile{path: filepath.Join(dataDir, logFileName)}
	if err := l.open(); err != nil {
		return nil, err
	}
	if l.size > maxLogBytes {
		l.rotate()
	}
	return l, nil
}

func (l *logFile) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("log: %w", err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// rotate moves the log aside and opens a fresh one. A failed move only means the log keeps
// growing: logging must never stop the server.
func (l *logFile) rotate() {
	l.f.Close()
	_ = os.Rename(l.path, l.path+".1")
	if err := l.open(); err != nil {
		l.f, l.size = nil, 0
	}
}

// Write appends p, rotating first when p would take the log past maxLogBytes.
func (l *logFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, os.ErrClosed
	}
	if l.f != nil && l.size > 0 && l.size+int64(len(p)) > maxLogBytes {
		l.rotate()
	}
	if l.f == nil {
		if err := l.open(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// Close closes the log.
func (l *logFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// shortcutArgs reports whether args are what a double-click (none) or a shortcut to xaso.exe
// with serve's flags and no command (--addr 0.0.0.0:8080) passes; help is still help.
func shortcutArgs(args []string) bool {
	if len(args) == 0 {
		return true
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return false
	}
	return strings.HasPrefix(args[0], "-")
}

// runShortcut is xaso.exe double-clicked or started from a shortcut: it serves the data beside
// exe (serveArgsBeside) in its console window, printing the address there and writing the same
// lines to xaso.log in the data dir. It does not open a browser: the address printed is the one
// to open (or to give the other PCs of the office). Ctrl+C or closing the window stops the
// server gracefully. On an error it waits for Enter, since the window would otherwise close
// before anyone could read why.
func runShortcut(ctx context.Context, exe string, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	args = serveArgsBeside(exe, args, getenv)
	dir := dataDirOf(args, getenv)
	out := stdout
	if f, err := openLog(dir); err == nil {
		defer f.Close()
		out = io.MultiWriter(stdout, f)
	} else {
		fmt.Fprintln(stdout, "xaso:", err)
	}
	fmt.Fprintf(out, "%s\nDữ liệu (data): %s\nĐóng cửa sổ này hoặc nhấn Ctrl+C để dừng (close this window or press Ctrl+C to stop).\n",
		versionString(), absPath(dir))
	err := runServe(ctx, args, getenv, out, false)
	if err != nil {
		fmt.Fprintln(out, "xaso:", err)
		fmt.Fprintln(stdout, "Nhấn Enter để đóng cửa sổ (press Enter to close).")
		bufio.NewReader(stdin).ReadString('\n')
	}
	return err
}
