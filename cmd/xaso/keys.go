package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"xaso/internal/db"
	"xaso/internal/petition"
	"xaso/internal/secret"
)

// The key that seals denouncers' identities (internal/secret): from XASO_SECRET_KEYS (the key
// text), else from the key file (-secret-keys, default secret.keys in the data dir), created on
// first start while no denunciation is stored. With denunciations stored and no key, or a key
// that does not open them, xaso refuses to start.

func (f *dataFlags) secretPath() string {
	if f.secretFile != "" {
		return f.secretFile
	}
	return filepath.Join(f.dataDir, "secret.keys")
}

// secretKeys returns the keyring, creating the key file when create is set and nothing sealed
// is stored yet, and checks it against the stored denunciations.
func (f *dataFlags) secretKeys(ctx context.Context, d *db.DB, create bool, stdout io.Writer) (*secret.Keyring, error) {
	var ring *secret.Keyring
	var err error
	path := f.secretPath()
	switch {
	case f.secretEnv != "":
		if ring, err = secret.Parse(f.secretEnv); err != nil {
			return nil, fmt.Errorf("%s: %w", secret.EnvVar, err)
		}
	default:
		ring, err = secret.Load(path)
		if errors.Is(err, fs.ErrNotExist) {
			ring, err = nil, nil
			if create {
				if err := petition.CheckKey(ctx, d, nil); err != nil {
					return nil, fmt.Errorf("the secret key file %s is missing: %w", path, err)
				}
				if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
					return nil, err
				}
				ring, err = secret.Create(path)
				if errors.Is(err, fs.ErrExist) {
					ring, err = secret.Load(path)
				} else if err == nil {
					fmt.Fprintf(stdout, "Đã tạo khóa bảo mật %s: sao lưu riêng, không để cùng bản sao lưu cơ sở dữ liệu (created the secret key file; back it up apart from the database)\n", path)
				}
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if err := petition.CheckKey(ctx, d, ring); err != nil {
		return nil, err
	}
	return ring, nil
}

// runKey is `xaso key rotate` (a new active key, every sealed identity sealed again under it in
// one transaction) and `xaso key check`.
func runKey(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "rotate" && args[0] != "check") {
		return fmt.Errorf("usage: xaso key rotate|check [-data-dir DIR] [-db DSN] [-secret-keys FILE]")
	}
	sub := args[0]
	fs := newFlagSet("key "+sub, stdout)
	var df dataFlags
	df.register(fs, getenv)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := df.existing(ctx, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	if sub == "check" {
		ring, err := df.secretKeys(ctx, d, false, stdout)
		if err != nil {
			return err
		}
		if ring == nil {
			fmt.Fprintln(stdout, "Chưa có khóa bảo mật và chưa có đơn tố cáo nào (no key, nothing sealed).")
			return nil
		}
		fmt.Fprintf(stdout, "Khóa bảo mật hợp lệ; khóa đang dùng: %s (the key opens the stored denunciations)\n", ring.ActiveID())
		return nil
	}
	if df.secretEnv != "" {
		return fmt.Errorf("the keys come from %s: add a new key line there yourself, then run `xaso key rotate` with a key file", secret.EnvVar)
	}
	if _, err := df.secretKeys(ctx, d, false, stdout); err != nil {
		return err
	}
	ring, err := secret.Rotate(df.secretPath())
	if err != nil {
		return err
	}
	n, err := petition.Reseal(ctx, d, ring)
	if err != nil {
		return fmt.Errorf("the new key %s is in the file but the data is still sealed under the old one (it still opens): %w", ring.ActiveID(), err)
	}
	fmt.Fprintf(stdout, "Đã đổi khóa: khóa mới %s, mã hóa lại %d mục (rotated to %s, resealed %d)\n", ring.ActiveID(), n, ring.ActiveID(), n)
	return nil
}
