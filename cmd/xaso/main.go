// Command xaso runs the digital commune: the web server, its migrations, demo data and
// the operator commands. Configuration comes from flags and XASO_* environment variables,
// read here only and handed down as typed values.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

// version is the release this binary was built as; scripts/release.sh sets it with
// -ldflags "-X main.version=VERSION".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "xaso:", err)
		os.Exit(1)
	}
}

const usage = `xaso: phần mềm "Xã số" cho UBND xã (the digital commune)

Usage:
  xaso serve    [--addr A] [--db DSN] [--data-dir D] [--base-url U] [--lang vi|en] [--migrate] [--trusted-proxy CIDR]
  xaso demo     [same flags as serve]        load the demo commune Bình Yên and serve it
  xaso migrate  [up|status] [--db DSN] [--data-dir D]
  xaso user     add|passwd|list [--db DSN] [--data-dir D] ...
  xaso token    create --user NAME [--name N] [--days D] | list [--user NAME] | revoke ID   API tokens
  xaso backup   --to FILE                    online copy of the database
  xaso restore  --from FILE [--force]        put a backup in place as the (stopped, empty) database
  xaso audit    verify [--anchor FILE] [--heads FILE] | head [--write] [--heads FILE]   check the sealed chain of the audit log against the signed heads file; print or sign its heads
  xaso key      rotate|check [--secret-keys FILE]   the key sealing denouncers' identities: a new key, all resealed in one transaction
  xaso calendar lunar|solar|add|holidays ... working-day calendar
  xaso generate --dossiers N --communes M [--years Y] [--seed S]   fill a database with generated dossiers and measure
  xaso loadgen  --url URL [--duration 10s] [--concurrency 16] | --soak [--duration 10m] [--rate N] [--pid PID] [--spread] [--read-only] [--track CODE:LAST4]
  xaso service  install [serve flags] | uninstall | run [serve flags]   Windows service, data beside xaso.exe (docs/WINDOWS.md)
  xaso version                               print the release and the Go version it was built with

Environment: XASO_ADDR, XASO_TRUSTED_PROXY, XASO_DB, XASO_DATA_DIR, XASO_BASE_URL, XASO_LANG, XASO_SECRET_KEYS, XASO_SECRET_KEYS_FILE, XASO_SMTP_*, XASO_SMS_*, XASO_ZALO_*.
The default database is the SQLite file xaso.db in the data directory (default ./data).
`

// run is the whole program; tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	// Double-clicked on Windows, or a shortcut with only flags (a console of its own): serve
	// the data beside xaso.exe.
	if shortcutArgs(args) && launchedByDoubleClick() {
		return runShortcut(ctx, executable(), args, getenv, os.Stdin, stdout)
	}
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, false)
	case "demo":
		return runServe(ctx, rest, getenv, stdout, true)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout)
	case "user":
		return runUser(ctx, rest, getenv, stdout)
	case "token":
		return runToken(ctx, rest, getenv, stdout)
	case "backup":
		return runBackup(ctx, rest, getenv, stdout)
	case "restore":
		return runRestore(ctx, rest, getenv, stdout)
	case "audit":
		return runAudit(ctx, rest, getenv, stdout)
	case "calendar":
		return runCalendar(rest, stdout)
	case "key":
		return runKey(ctx, rest, getenv, stdout)
	case "generate":
		return runGenerate(ctx, rest, getenv, stdout)
	case "loadgen":
		return runLoadgen(ctx, rest, stdout)
	case "service":
		return runService(ctx, rest, getenv, stdout)
	case "version":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q (try: xaso help)", cmd)
}

// versionString is what `xaso version` prints: the release, the commit when the build recorded
// one, the Go version and the target.
func versionString() string {
	s := "xaso " + version
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range info.Settings {
			if kv.Key == "vcs.revision" && len(kv.Value) >= 12 {
				s += " (" + kv.Value[:12] + ")"
			}
		}
	}
	return fmt.Sprintf("%s %s %s/%s", s, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
