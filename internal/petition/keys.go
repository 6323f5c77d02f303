package petition

import (
	"context"
	"fmt"

	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/secret"
)

// CheckKey is run before xaso serves: with denunciations stored, a key must be configured and
// open them (a wrong or truncated key file would otherwise show up only when a handler needs
// the identity). It opens one sealed identity per commune.
func CheckKey(ctx context.Context, d *db.DB, keys *secret.Keyring) error {
	rows, err := d.Query(ctx, `SELECT commune_id, id, identity_sealed FROM petitions p WHERE identity_sealed IS NOT NULL
		AND id = (SELECT MIN(id) FROM petitions q WHERE q.commune_id = p.commune_id AND q.identity_sealed IS NOT NULL)`)
	if err != nil {
		return fmt.Errorf("petition: check key: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cid, id string
		var sealed []byte
		if err := rows.Scan(&cid, &id, &sealed); err != nil {
			return fmt.Errorf("petition: check key: %w", err)
		}
		if keys == nil {
			return fmt.Errorf("%w: give the key file with -secret-keys (or %s); without it no denouncer's identity can be read", errNoKey, secret.EnvVar)
		}
		if _, err := keys.Open(sealed, aad(cid, id, "identity")); err != nil {
			return fmt.Errorf("petition: the secret key does not open the stored denunciations (wrong key file?): %w", err)
		}
	}
	return rows.Err()
}

// Reseal seals again, under the keyring's active key, every identity and file sealed under an
// older key, in one transaction: all or nothing. It returns how many were resealed.
func Reseal(ctx context.Context, d *db.DB, keys *secret.Keyring) (int, error) {
	if keys == nil {
		return 0, errs.E("petition: reseal", errs.Conflict, "petition.err.no_key")
	}
	n := 0
	err := d.Tx(ctx, func(tx *db.Tx) error {
		type row struct {
			cid, id string
			seq     int
			data    []byte
		}
		var ids, files []row
		rs, err := tx.Query(ctx, `SELECT commune_id, id, identity_sealed FROM petitions WHERE identity_sealed IS NOT NULL`)
		if err != nil {
			return err
		}
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.cid, &r.id, &r.data); err != nil {
				rs.Close()
				return err
			}
			ids = append(ids, r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		rs, err = tx.Query(ctx, `SELECT commune_id, petition_id, seq, data FROM petition_files WHERE sealed AND data IS NOT NULL`)
		if err != nil {
			return err
		}
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.cid, &r.id, &r.seq, &r.data); err != nil {
				rs.Close()
				return err
			}
			files = append(files, r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		reseal := func(data, ad []byte) ([]byte, bool, error) {
			if !keys.NeedsRotation(data) {
				return nil, false, nil
			}
			plain, err := keys.Open(data, ad)
			if err != nil {
				return nil, false, err
			}
			out, err := keys.Seal(plain, ad)
			clear(plain)
			return out, true, err
		}
		for _, r := range ids {
			out, ok, err := reseal(r.data, aad(r.cid, r.id, "identity"))
			if err != nil {
				return fmt.Errorf("petition %s: %w", r.id, err)
			}
			if ok {
				if _, err := tx.Exec(ctx, `UPDATE petitions SET identity_sealed = $3 WHERE commune_id = $1 AND id = $2`, r.cid, r.id, out); err != nil {
					return err
				}
				n++
			}
		}
		for _, r := range files {
			out, ok, err := reseal(r.data, aad(r.cid, r.id, "file"))
			if err != nil {
				return fmt.Errorf("petition %s file %d: %w", r.id, r.seq, err)
			}
			if ok {
				if _, err := tx.Exec(ctx, `UPDATE petition_files SET data = $4 WHERE commune_id = $1 AND petition_id = $2 AND seq = $3`, r.cid, r.id, r.seq, out); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
