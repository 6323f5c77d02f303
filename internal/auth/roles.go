// Package auth owns staff accounts, passwords (argon2id), server-side sessions, API tokens,
// login throttling, roles and the permission rule each route declares. It knows nothing of what
// the roles do in the feature rooms.
package auth

import (
	"slices"
	"strings"
)

// Role is what a person may do in xaso.
type Role string

const (
	Resident        Role = "resident"
	Desk            Role = "desk"            // công chức một cửa
	Specialist      Role = "specialist"      // công chức chuyên môn
	Leader          Role = "leader"          // Chủ tịch / Phó Chủ tịch UBND
	HamletHead      Role = "hamlethead"      // Trưởng xóm
	Inspection      Role = "inspection"      // Ban Thanh tra nhân dân
	InvestmentWatch Role = "investmentwatch" // Ban Giám sát đầu tư của cộng đồng
	Front           Role = "front"           // Mặt trận Tổ quốc
	Admin           Role = "admin"
)

// AllRoles lists every role an account can hold, in display order.
var AllRoles = []Role{Desk, Specialist, Leader, HamletHead, Inspection, InvestmentWatch, Front, Admin, Resident}

// StaffRoles are the roles of people who work in or with the commune (everyone but residents).
var StaffRoles = []Role{Desk, Specialist, Leader, HamletHead, Inspection, InvestmentWatch, Front, Admin}

// ParseRoles reads a space- or comma-separated list, keeping only known roles, without repeats.
func ParseRoles(s string) []Role {
	var out []Role
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		r := Role(strings.ToLower(strings.TrimSpace(f)))
		if slices.Contains(AllRoles, r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// FormatRoles is the stored form of a role list.
func FormatRoles(rs []Role) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = string(r)
	}
	return strings.Join(ss, " ")
}

// Perm is the permission a route declares: who may call it.
type Perm struct {
	public   bool
	signedIn bool // anyone signed in, residents included
	any      bool // any signed-in staff member
	roles    []Role
}

// Public routes are open to everyone, signed in or not.
func Public() Perm { return Perm{public: true} }

// SignedIn routes need an account of any role, a resident's included (signing out).
func SignedIn() Perm { return Perm{signedIn: true} }

// AnyStaff routes need a signed-in account with any staff role.
func AnyStaff() Perm { return Perm{any: true} }

// Roles routes need one of the roles.
func Roles(rs ...Role) Perm { return Perm{roles: rs} }

// IsPublic reports whether anonymous users may call the route.
func (p Perm) IsPublic() bool { return p.public }

// Declared reports whether the permission was set at all (the zero Perm is a missing declaration).
func (p Perm) Declared() bool { return p.public || p.signedIn || p.any || len(p.roles) > 0 }

// Allows reports whether u may call a route with this permission; u is nil for anonymous.
func (p Perm) Allows(u *User) bool {
	switch {
	case p.public:
		return true
	case u == nil || u.Disabled:
		return false
	case p.signedIn:
		return true
	case p.any:
		for _, r := range u.Roles {
			if r != Resident {
				return true
			}
		}
		return false
	}
	for _, r := range p.roles {
		if u.Has(r) {
			return true
		}
	}
	return false
}

func (p Perm) String() string {
	switch {
	case p.public:
		return "public"
	case p.signedIn:
		return "signed-in"
	case p.any:
		return "staff"
	}
	return FormatRoles(p.roles)
}
