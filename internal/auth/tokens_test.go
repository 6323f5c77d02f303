package auth_test

import (
	"context"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

// TestTokensExpireListRevoke: a token carries a name and an expiry, is listed with its last use
// (written at most once a minute), can be revoked by its owner or an administrator, and a
// password reset revokes every token of the account. On today's main tokens never expired and
// survived a reset.
func TestTokensExpireListRevoke(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		d.Clock = func() time.Time { return now }
		commune(t, d, "a")
		s := auth.NewStore(d, TestHasher)
		u, err := s.CreateUser(ctx, "a", audit.System, auth.NewUser{Username: "motcua", FullName: "Hoa", Password: "12345678", Roles: []auth.Role{auth.Desk}})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.CreateUser(ctx, "a", audit.System, auth.NewUser{Username: "khac", FullName: "Khác", Password: "12345678", Roles: []auth.Role{auth.Desk}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.IssueToken(ctx, u.Actor(), u, "  ", 0); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("nameless token: %v", err)
		}
		if _, _, err := s.IssueToken(ctx, u.Actor(), u, "x", 5*365*24*time.Hour); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("five-year token: %v", err)
		}
		short, shortSecret, err := s.IssueToken(ctx, u.Actor(), u, "phần mềm kế toán", 2*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !short.ExpiresAt.Equal(now.Add(48 * time.Hour)) {
			t.Fatalf("expiry %v", short.ExpiresAt)
		}
		def, defSecret, err := s.IssueToken(ctx, u.Actor(), u, "cổng tỉnh", 0)
		if err != nil || !def.ExpiresAt.Equal(now.Add(auth.DefaultTokenTTL)) {
			t.Fatalf("default token: %v %v", err, def.ExpiresAt)
		}
		theirs, _, err := s.IssueToken(ctx, other.Actor(), other, "của người khác", 0)
		if err != nil {
			t.Fatal(err)
		}

		lastUsed := func(id string) *time.Time {
			t.Helper()
			list, err := s.Tokens(ctx, "a", u.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tk := range list {
				if tk.ID == id {
					return tk.LastUsedAt
				}
			}
			t.Fatalf("token %s not listed", id)
			return nil
		}
		if lastUsed(def.ID) != nil {
			t.Fatal("unused token has a last use")
		}
		if _, err := s.TokenUser(ctx, "a", defSecret); err != nil {
			t.Fatal(err)
		}
		first := lastUsed(def.ID)
		if first == nil || !first.Equal(now) {
			t.Fatalf("last use %v, want %v", first, now)
		}
		now = now.Add(30 * time.Second)
		s.TokenUser(ctx, "a", defSecret)
		if got := lastUsed(def.ID); !got.Equal(*first) {
			t.Fatalf("last use written again within the minute: %v", got)
		}
		now = now.Add(31 * time.Second)
		s.TokenUser(ctx, "a", defSecret)
		if got := lastUsed(def.ID); !got.Equal(now) {
			t.Fatalf("last use not refreshed after a minute: %v", got)
		}

		own, _ := s.Tokens(ctx, "a", u.ID)
		all, _ := s.Tokens(ctx, "a", "")
		if len(own) != 2 || len(all) != 3 {
			t.Fatalf("listed %d own, %d all", len(own), len(all))
		}
		// Expiry.
		now = now.Add(49 * time.Hour)
		if _, err := s.TokenUser(ctx, "a", shortSecret); errs.KindOf(err) != errs.Unauthorized {
			t.Fatalf("expired token accepted: %v", err)
		}
		if own, _ := s.Tokens(ctx, "a", u.ID); len(own) != 1 {
			t.Fatalf("expired token still listed: %d", len(own))
		}
		if n, err := s.PurgeExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d %v (want the expired token)", n, err)
		}
		// A person cannot revoke another's token; an administrator can.
		if err := s.RevokeToken(ctx, "a", u.Actor(), u.ID, theirs.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("revoked someone else's token: %v", err)
		}
		if err := s.RevokeToken(ctx, "a", audit.System, "", theirs.ID); err != nil {
			t.Fatal(err)
		}
		// A password reset revokes the rest.
		if err := s.SetPassword(ctx, "a", audit.System, u.ID, "mat-khau-moi"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, "a", defSecret); errs.KindOf(err) != errs.Unauthorized {
			t.Fatalf("token survives a password reset: %v", err)
		}
		if all, _ := s.Tokens(ctx, "a", ""); len(all) != 0 {
			t.Fatalf("%d tokens left", len(all))
		}
		got := actions(t, d, "a")
		if count(got, "token.create") != 3 || count(got, "token.revoke") != 1 {
			t.Fatalf("audit: %v", got)
		}
	})
}
