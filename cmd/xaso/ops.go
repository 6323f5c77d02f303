package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/web"
)

func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	sub := "up"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := newFlagSet("migrate", stdout)
	var df dataFlags
	df.register(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, df.DSN())
	if err != nil {
		return err
	}
	defer d.Close()
	switch sub {
	case "up":
		// The first migration is a new installation's first start: its audit key is made here.
		if _, err := df.chainKey(true); err != nil {
			return err
		}
		n, err := d.Migrate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migrations (%s)\n", n, d.Engine)
		return nil
	case "status":
		ms, err := d.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, m := range ms {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%04d_%s\t%s\n", m.Version, m.Name, state)
		}
		return nil
	}
	return fmt.Errorf("migrate: unknown subcommand %q (up, status)", sub)
}

// communeFlag picks the commune a command acts on: --commune CODE, or the only/first one.
func pickCommune(ctx context.Context, d *db.DB, code string) (commune.Commune, error) {
	if code != "" {
		return commune.CommuneByCode(ctx, d, code)
	}
	c, err := commune.FirstCommune(ctx, d)
	if err != nil {
		return c, fmt.Errorf("no commune in this database (run `xaso demo` or create one first): %w", err)
	}
	return c, nil
}

func runUser(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("user: want add, passwd or list")
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("user "+sub, stdout)
	var df dataFlags
	df.register(fs, getenv)
	code := fs.String("commune", "", "commune code (default: the first commune)")
	name := fs.String("name", "", "username")
	full := fs.String("full-name", "", "full name")
	roles := fs.String("roles", "", "roles, comma-separated: "+auth.FormatRoles(auth.AllRoles))
	pwFlag := fs.String("password", "", "password (default: read a line from standard input)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" && fs.NArg() > 0 {
		*name = fs.Arg(0)
	}
	d, err := df.open(ctx, false, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	c, err := pickCommune(ctx, d, *code)
	if err != nil {
		return err
	}
	store := auth.NewStore(d, auth.DefaultHasher)
	password := func() (string, error) {
		if *pwFlag != "" {
			return *pwFlag, nil
		}
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("read password from standard input: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	switch sub {
	case "add":
		pw, err := password()
		if err != nil {
			return err
		}
		u, err := store.CreateUser(ctx, c.ID, audit.System, auth.NewUser{Username: *name, FullName: *full, Password: pw, Roles: auth.ParseRoles(*roles)})
		if err != nil {
			return readable(err)
		}
		fmt.Fprintf(stdout, "created %s (%s) in %s\n", u.Username, auth.FormatRoles(u.Roles), c.Code)
		return nil
	case "passwd":
		u, err := store.UserByName(ctx, c.ID, *name)
		if err != nil {
			return fmt.Errorf("no user %q in %s", *name, c.Code)
		}
		pw, err := password()
		if err != nil {
			return err
		}
		if err := store.SetPassword(ctx, c.ID, audit.System, u.ID, pw); err != nil {
			return readable(err)
		}
		fmt.Fprintf(stdout, "password of %s changed\n", u.Username)
		return nil
	case "list":
		for off := 0; ; off += 500 {
			users, _, err := store.Users(ctx, c.ID, 500, off)
			if err != nil {
				return err
			}
			for _, u := range users {
				state := "active"
				if u.Disabled {
					state = "disabled"
				}
				fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", u.Username, u.FullName, auth.FormatRoles(u.Roles), state)
			}
			if len(users) < 500 {
				return nil
			}
		}
	}
	return fmt.Errorf("user: unknown subcommand %q (add, passwd, list)", sub)
}

func runToken(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	const want = "token: want `token create --user NAME [--name N] [--days D]`, `token list [--user NAME]` or `token revoke ID`"
	if len(args) == 0 {
		return errors.New(want)
	}
	sub := args[0]
	fs := newFlagSet("token "+sub, stdout)
	var df dataFlags
	df.register(fs, getenv)
	code := fs.String("commune", "", "commune code (default: the first commune)")
	user := fs.String("user", "", "username the token acts as (create), or whose tokens to list")
	name := fs.String("name", "cli", "what the token is for (create)")
	days := fs.Int("days", int(auth.DefaultTokenTTL/(24*time.Hour)), "days the token lasts (create)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := df.open(ctx, false, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	c, err := pickCommune(ctx, d, *code)
	if err != nil {
		return err
	}
	store := auth.NewStore(d, auth.DefaultHasher)
	switch sub {
	case "create":
		u, err := store.UserByName(ctx, c.ID, *user)
		if err != nil {
			return fmt.Errorf("no user %q in %s", *user, c.Code)
		}
		_, tok, err := store.IssueToken(ctx, audit.System, u, *name, time.Duration(max(*days, 0))*24*time.Hour)
		if err != nil {
			return readable(err)
		}
		fmt.Fprintln(stdout, tok)
		return nil
	case "list":
		userID := ""
		if *user != "" {
			u, err := store.UserByName(ctx, c.ID, *user)
			if err != nil {
				return fmt.Errorf("no user %q in %s", *user, c.Code)
			}
			userID = u.ID
		}
		list, err := store.Tokens(ctx, c.ID, userID)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "ID\tUSER\tNAME\tCREATED\tEXPIRES\tLAST USED")
		for _, t := range list {
			last := "never"
			if t.LastUsedAt != nil {
				last = t.LastUsedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Username, t.Name,
				t.CreatedAt.UTC().Format(time.RFC3339), t.ExpiresAt.UTC().Format(time.RFC3339), last)
		}
		return nil
	case "revoke":
		if fs.NArg() != 1 {
			return errors.New("token: want `token revoke ID` (the ID from `token list`)")
		}
		if err := store.RevokeToken(ctx, c.ID, audit.System, "", fs.Arg(0)); err != nil {
			if errs.KindOf(err) == errs.NotFound {
				return fmt.Errorf("no token %q in %s", fs.Arg(0), c.Code)
			}
			return err
		}
		fmt.Fprintf(stdout, "token %s revoked\n", fs.Arg(0))
		return nil
	}
	return errors.New(want)
}

func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := newFlagSet("backup", stdout)
	var df dataFlags
	df.register(fs, getenv)
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to FILE is required")
	}
	d, err := df.existing(ctx, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, absPath(*to)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *to)
	return nil
}

func runAudit(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "head") {
		return errors.New("audit: want `audit verify [--anchor FILE] [--heads FILE]` or `audit head [--write] [--heads FILE]`")
	}
	fs := newFlagSet("audit "+args[0], stdout)
	var df dataFlags
	df.register(fs, getenv)
	anchorFile := fs.String("anchor", "", "verify: file of heads exported earlier by `xaso audit head` (detects a chain cut at the tail, rewritten or deleted)")
	headsFile := fs.String("heads", "", "the signed heads' file (default: "+audit.AnchorFileName+" in the data dir)")
	write := fs.Bool("write", false, "head: append today's heads, signed, to the heads' file")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := df.existing(ctx, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.ChainKey == nil {
		return fmt.Errorf("no audit key at %s (give --audit-key-file or XASO_AUDIT_KEY): without it the chain cannot be checked", df.keyPath())
	}
	heads := *headsFile
	if heads == "" {
		heads = filepath.Join(df.dataDir, audit.AnchorFileName)
	}
	if args[0] == "head" {
		if *write {
			return writeHeads(ctx, d, heads, stdout)
		}
		return printHeads(ctx, d, stdout)
	}
	var anchors []audit.Anchor
	if *anchorFile != "" {
		if anchors, err = readAnchors(*anchorFile); err != nil {
			return err
		}
	}
	signed, fileErr := readSignedHeads(heads, *headsFile != "", d.ChainKey, stdout)
	if fileErr != nil && !errors.As(fileErr, new(*audit.FileError)) {
		return fileErr
	}
	anchors = append(anchors, signed...)
	rs, err := audit.Verify(ctx, d, anchors...)
	if err != nil {
		return err
	}
	latest := latestAnchors(signed)
	var broken []string
	for _, r := range rs {
		fmt.Fprintln(stdout, r)
		if !r.OK() {
			if a, ok := latest[r.CommuneID]; ok {
				fmt.Fprintf(stdout, "  last signed head: entry %d on %s, hash %s\n", a.Seq, a.At.In(calendar.Zone).Format("02/01/2006 15:04"), a.Hash)
			}
			broken = append(broken, fmt.Sprintf("%s at entry %d", r.CommuneID, r.BrokenAt))
		}
	}
	if fileErr != nil {
		fmt.Fprintf(stdout, "signed heads BROKEN: %v\n", fileErr)
	}
	switch {
	case len(broken) > 0 && fileErr != nil:
		return fmt.Errorf("audit chain broken in %d commune(s): %s; and %w", len(broken), strings.Join(broken, "; "), fileErr)
	case len(broken) > 0:
		return fmt.Errorf("audit chain broken in %d commune(s): %s", len(broken), strings.Join(broken, "; "))
	case fileErr != nil:
		return fileErr
	}
	if len(anchors) > 0 {
		fmt.Fprintf(stdout, "%d anchors matched\n", len(anchors))
	}
	fmt.Fprintln(stdout, "audit log OK")
	return nil
}

// printHeads prints one JSON line per commune: keep it outside this machine (print it, mail it
// to the province, publish it) and give it back to `audit verify --anchor` later.
func printHeads(ctx context.Context, d *db.DB, stdout io.Writer) error {
	heads, err := audit.Heads(ctx, d)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, h := range heads {
		if err := enc.Encode(h); err != nil {
			return err
		}
	}
	return nil
}

// writeHeads appends every commune's head to the signed file, on demand (the server writes
// one a day). A commune whose log no longer holds its signed head is refused: the command fails.
func writeHeads(ctx context.Context, d *db.DB, path string, stdout io.Writer) error {
	written, err := audit.AppendHeads(ctx, d, path, d.ChainKey, time.Now())
	for _, a := range written {
		fmt.Fprintf(stdout, "commune %s: entry %d, hash %s, signed\n", a.CommuneID, a.Seq, a.Hash)
	}
	if len(written) > 0 {
		fmt.Fprintf(stdout, "%d heads appended to %s\n", len(written), path)
	}
	if errors.Is(err, audit.ErrRewritten) {
		return fmt.Errorf("refused to sign, the log was cut or rewritten since its last signed head (run `xaso audit verify`): %w", err)
	}
	return err
}

// readSignedHeads reads the signed heads' file. A missing file is fine when it was not named
// (nothing signed yet, or a copy of the database checked elsewhere): the chain is then checked
// against the database alone, and the command says so. A broken file returns the heads
// verified before the broken line with the *audit.FileError.
func readSignedHeads(path string, named bool, key []byte, stdout io.Writer) ([]audit.Anchor, error) {
	as, err := audit.ReadAnchorFile(path, key)
	if errors.Is(err, fs.ErrNotExist) && !named {
		fmt.Fprintf(stdout, "no signed heads at %s (`xaso audit head --write` starts it; the server writes it daily): checked against the database alone\n", path)
		return nil, nil
	}
	if err != nil {
		return as, err
	}
	fmt.Fprintf(stdout, "%d signed heads read from %s\n", len(as), path)
	return as, nil
}

// latestAnchors is each commune's highest signed head.
func latestAnchors(as []audit.Anchor) map[string]audit.Anchor {
	out := map[string]audit.Anchor{}
	for _, a := range as {
		if t, ok := out[a.CommuneID]; !ok || a.Seq >= t.Seq {
			out[a.CommuneID] = a
		}
	}
	return out
}

// readAnchors reads the JSON lines `xaso audit head` printed.
func readAnchors(path string) ([]audit.Anchor, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("anchor: %w", err)
	}
	defer f.Close()
	var out []audit.Anchor
	dec := json.NewDecoder(f)
	for {
		var a audit.Anchor
		err := dec.Decode(&a)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || a.CommuneID == "" || a.Seq < 1 || a.Hash == "" {
			return nil, fmt.Errorf("anchor file %s, entry %d: not a head printed by `xaso audit head`", path, len(out)+1)
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("anchor file %s holds no heads", path)
	}
	return out, nil
}

// readable turns field errors into the catalogue's Vietnamese messages for the terminal.
func readable(err error) error {
	fe, ok := errs.Fields(err)
	if !ok {
		return err
	}
	cat, cerr := web.NewCatalog(web.Messages)
	if cerr != nil {
		return err
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(fe)) {
		flag := map[string]string{"username": "name", "full_name": "full-name"}[k]
		if flag == "" {
			flag = k
		}
		parts = append(parts, "--"+flag+": "+cat.T("vi", fe[k]))
	}
	return errors.New(strings.Join(parts, "; "))
}
