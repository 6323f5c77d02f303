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

// TestHasher keeps tests fast; production uses auth.DefaultHasher.
var TestHasher = auth.Hasher{Time: 1, Memory: 1024, Threads: 1}

func commune(t *testing.T, d *db.DB, id string) {
	t.Helper()
	if _, err := d.Exec(context.Background(), `INSERT INTO communes (id, code, name, province, created_at) VALUES ($1, $1, $1, 'P', $2)`, id, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestPasswordHash(t *testing.T) {
	h := TestHasher.Hash("mật khẩu dài")
	if ok, err := auth.CheckPassword(h, "mật khẩu dài"); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := auth.CheckPassword(h, "mật khẩu dai"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, err := auth.CheckPassword("$argon2id$garbage", "x"); err == nil {
		t.Fatal("garbage hash accepted")
	}
}

func TestAccountsSessionsTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		commune(t, d, "a")
		commune(t, d, "b")
		s := auth.NewStore(d, TestHasher)
		u, err := s.CreateUser(ctx, "a", audit.System, auth.NewUser{Username: "MotCua", FullName: "Lê Thị Hoa", Password: "12345678", Roles: []auth.Role{auth.Desk}})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "motcua" {
			t.Fatalf("username not normalised: %q", u.Username)
		}
		_, err = s.CreateUser(ctx, "a", audit.System, auth.NewUser{Username: "motcua", FullName: "X", Password: "12345678", Roles: []auth.Role{auth.Desk}})
		if e, ok := errs.As(err); !ok || e.Kind != errs.Invalid {
			t.Fatalf("duplicate username: %v", err)
		}
		// The same username in another commune is a different account.
		if _, err := s.CreateUser(ctx, "b", audit.System, auth.NewUser{Username: "motcua", FullName: "X", Password: "12345678", Roles: []auth.Role{auth.Desk}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, "a", audit.System, auth.NewUser{Username: "x", FullName: "", Password: "1", Roles: nil}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("invalid user accepted: %v", err)
		}
		if _, err := s.Authenticate(ctx, "a", "motcua", "sai mật khẩu"); err != auth.ErrBadCredentials {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "a", "nobody", "12345678"); err != auth.ErrBadCredentials {
			t.Fatalf("unknown user: %v", err)
		}
		got, err := s.Authenticate(ctx, "a", " MOTCUA ", "12345678")
		if err != nil || got.ID != u.ID || !got.Has(auth.Desk) {
			t.Fatalf("login: %v %+v", err, got)
		}
		tok, err := s.CreateSession(ctx, got)
		if err != nil {
			t.Fatal(err)
		}
		if su, err := s.SessionUser(ctx, "a", tok); err != nil || su.ID != u.ID {
			t.Fatalf("session lookup: %v", err)
		}
		if _, err := s.SessionUser(ctx, "b", tok); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("session usable in another commune: %v", err)
		}
		api, err := s.CreateToken(ctx, got, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if tu, err := s.TokenUser(ctx, "a", api); err != nil || tu.ID != u.ID {
			t.Fatalf("token lookup: %v", err)
		}
		// Disabling the account ends its sessions and its token stops working.
		if err := s.UpdateUser(ctx, "a", audit.System, u.ID, "Lê Thị Hoa", []auth.Role{auth.Desk}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, "a", tok); err == nil {
			t.Fatal("session survives disabling")
		}
		if _, err := s.TokenUser(ctx, "a", api); err == nil {
			t.Fatal("token survives disabling")
		}
		if _, err := s.Authenticate(ctx, "a", "motcua", "12345678"); err == nil {
			t.Fatal("disabled account can sign in")
		}
		users, total, err := s.Users(ctx, "a", 10, 0)
		if err != nil || total != 1 || len(users) != 1 || !users[0].Disabled {
			t.Fatalf("users: %v %d %+v", err, total, users)
		}
	})
}

func TestPermAllows(t *testing.T) {
	desk := &auth.User{Roles: []auth.Role{auth.Desk}}
	resident := &auth.User{Roles: []auth.Role{auth.Resident}}
	cases := []struct {
		p    auth.Perm
		u    *auth.User
		want bool
	}{
		{auth.Public(), nil, true},
		{auth.AnyStaff(), nil, false},
		{auth.AnyStaff(), desk, true},
		{auth.AnyStaff(), resident, false},
		{auth.Roles(auth.Admin), desk, false},
		{auth.Roles(auth.Admin, auth.Desk), desk, true},
		{auth.Roles(auth.Desk), &auth.User{Roles: []auth.Role{auth.Desk}, Disabled: true}, false},
	}
	for i, c := range cases {
		if got := c.p.Allows(c.u); got != c.want {
			t.Errorf("case %d: %v.Allows = %v", i, c.p, got)
		}
	}
	if (auth.Perm{}).Declared() {
		t.Fatal("zero Perm counts as declared")
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	th := auth.NewThrottle(3, time.Minute, func() time.Time { return now })
	for i := 0; i < 3; i++ {
		if !th.Allowed("u") {
			t.Fatalf("blocked after %d failures", i)
		}
		th.Fail("u")
	}
	if th.Allowed("u") {
		t.Fatal("not blocked after 3 failures")
	}
	if !th.Allowed("other") {
		t.Fatal("other key blocked")
	}
	now = now.Add(61 * time.Second)
	if !th.Allowed("u") {
		t.Fatal("still blocked after the window")
	}
}

func TestParseRoles(t *testing.T) {
	got := auth.FormatRoles(auth.ParseRoles("Desk, leader bogus desk"))
	if got != "desk leader" {
		t.Fatalf("got %q", got)
	}
}
