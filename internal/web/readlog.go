package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"xaso/internal/auth"
)

// Staff reads of personal data (Decree 13/2023/NĐ-CP, from 2026 the Personal Data Protection
// Law 91/2025/QH15: the controller accounts for who processes a person's data). The app declares
// once which routes show a person (a resident's record, a dossier's applicant, a petition's
// sender, a reception visit) and which path value names that person's record; the shell then
// records every such page served to a signed-in officer, in one place instead of in each room.
//
// A read is not written to the audit chain: every page view would flood it and slow its
// verification, and a read changes nothing. The app stores reads in their own table
// (personal_reads) through the record function it gives.

// PersonalRoute says what a route shows of a person: the type of record (e.g. "resident",
// "dossier") and the name of the path value that holds its id or code (e.g. "id", "code").
type PersonalRoute struct {
	Subject   string
	PathValue string
}

// PersonalRead is one page showing a person's data served to a signed-in officer.
type PersonalRead struct {
	CommuneID   string
	At          time.Time
	UserID      string
	UserName    string
	Role        string // the account's roles, comma-separated
	SubjectType string
	SubjectID   string
	Route       string // the route's pattern, e.g. "GET /nhan-khau/{id}"
}

// readLog is a server's declared personal routes and where their reads go.
type readLog struct {
	routes map[string]PersonalRoute
	record func(ctx context.Context, r PersonalRead) error
}

func (s *Server) readLog() *readLog { return s.reads.Load() }

// LogPersonalReads declares the routes that show a person's data, keyed by their pattern
// exactly as mounted ("GET /nhan-khau/{id}"), and the function that stores each read. A later
// call replaces the earlier one. The patterns are checked against the mounted routes by
// UnmountedPersonalRoutes (the app's test), since rooms may mount after the declaration.
func (s *Server) LogPersonalReads(routes map[string]PersonalRoute, record func(ctx context.Context, r PersonalRead) error) {
	l := &readLog{routes: map[string]PersonalRoute{}, record: record}
	for p, pr := range routes {
		l.routes[p] = pr
	}
	s.reads.Store(l)
}

// PersonalRoutes returns the declared routes (a copy).
func (s *Server) PersonalRoutes() map[string]PersonalRoute {
	out := map[string]PersonalRoute{}
	if l := s.readLog(); l != nil {
		for p, pr := range l.routes {
			out[p] = pr
		}
	}
	return out
}

// UnmountedPersonalRoutes lists the declared patterns that no mounted route has: a room that
// renamed a route would otherwise stop its reads being logged without anyone noticing.
func (s *Server) UnmountedPersonalRoutes() []string {
	mounted := map[string]bool{}
	for _, r := range s.routes {
		mounted[r.Pattern] = true
	}
	var out []string
	for p := range s.PersonalRoutes() {
		if !mounted[p] {
			out = append(out, p)
		}
	}
	return out
}

// AfterPersonalRead is called by the request middleware once the handler has returned, with
// the route's pattern, the signed-in account, the commune and the status sent. A declared route
// served with 200 to an officer is recorded; anything else (an anonymous visitor, an error, a
// redirect, an undeclared route) is not. A failure to record is logged, never shown: the page
// is already sent.
func (s *Server) AfterPersonalRead(r *http.Request, route string, user *auth.User, t *Tenant, status int) {
	l := s.readLog()
	if l == nil {
		return
	}
	pr, ok := l.routes[route]
	if !ok || status != http.StatusOK || user == nil || t == nil {
		return
	}
	id := pathValue(route, r.URL.EscapedPath(), pr.PathValue)
	if id == "" {
		id = r.PathValue(pr.PathValue)
	}
	if id == "" {
		return
	}
	roles := make([]string, len(user.Roles))
	for i, ro := range user.Roles {
		roles[i] = string(ro)
	}
	read := PersonalRead{CommuneID: t.ID, At: s.cfg.Now().UTC(), UserID: user.ID, UserName: user.FullName,
		Role: strings.Join(roles, ","), SubjectType: pr.Subject, SubjectID: id, Route: route}
	// The client may have gone; the read happened all the same.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 10*time.Second)
	defer cancel()
	if err := l.record(ctx, read); err != nil {
		s.log.Error("web: personal read not recorded", "route", route, "subject", pr.Subject, "err", err)
	}
}

// pathValue finds the value of {name} in path for pattern ("GET /ho-so/{code}"), matching
// segment by segment as ServeMux does ({name...} takes the rest). It does not rely on the
// request the middleware holds being the one the mux filled in. "" when it does not match.
func pathValue(pattern, escapedPath, name string) string {
	_, p, ok := strings.Cut(pattern, " ")
	if !ok {
		p = pattern
	}
	if i := strings.Index(p, "/"); i > 0 { // a host in the pattern
		p = p[i:]
	}
	pats := strings.Split(strings.TrimPrefix(p, "/"), "/")
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	for i, ps := range pats {
		if i >= len(segs) {
			return ""
		}
		if strings.HasPrefix(ps, "{") && strings.HasSuffix(ps, "}") {
			n := strings.TrimSuffix(strings.TrimPrefix(ps, "{"), "}")
			if rest, ok := strings.CutSuffix(n, "..."); ok {
				if rest == name {
					v, err := url.PathUnescape(strings.Join(segs[i:], "/"))
					if err != nil {
						return ""
					}
					return v
				}
				return ""
			}
			if n == name {
				v, err := url.PathUnescape(segs[i])
				if err != nil {
					return ""
				}
				return v
			}
			continue
		}
		if ps != segs[i] {
			return ""
		}
	}
	return ""
}
