package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind a reverse proxy every connection comes from the proxy: every client had its address,
// so /metrics became public, 30 bad sign-ins locked everyone out and the public lookup limit
// became global (issue 16). The shell therefore reads X-Forwarded-For, but only when the
// connection comes from a proxy the operator named (--trusted-proxy), and then takes the
// right-most address that is not itself a trusted proxy: everything left of it was written by
// the client and proves nothing. The RFC 7239 Forwarded header is not read.

// ParseTrustedProxies reads CIDR ranges or single addresses separated by commas or spaces
// ("10.0.0.0/8, 127.0.0.1"): the value of --trusted-proxy and XASO_TRUSTED_PROXY.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address range (want e.g. 10.0.0.0/8)", f)
			}
			if p.Addr().Is4In6() {
				p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// resolveClient finds the client's address for a request, and whether the request was sent from
// the server itself without passing any proxy (only such requests may read /metrics unsigned).
func (s *Server) resolveClient(r *http.Request) (ip string, local bool) {
	peer, ok := parseHostAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr, false
	}
	forwarded := r.Header.Values("X-Forwarded-For")
	proxied := len(forwarded) > 0 || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != ""
	local = peer.IsLoopback() && !proxied
	if !s.trusted(peer) || len(forwarded) == 0 {
		return peer.String(), local
	}
	// Several header lines are one list, in order.
	hops := strings.Split(strings.Join(forwarded, ","), ",")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHostAddr(strings.TrimSpace(hops[i]))
		if !ok {
			break // garbage from further left: keep the last address a trusted hop vouched for
		}
		client = a
		if !s.trusted(a) {
			break
		}
	}
	return client.String(), false
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHostAddr reads "1.2.3.4", "1.2.3.4:80", "::1", "[::1]:80" (IPv4-mapped IPv6 as IPv4).
func parseHostAddr(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	host, _, err := net.SplitHostPort(s)
	if err != nil {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// ClientIP is the address of the client: the connection's, or, when the connection comes from
// a trusted proxy, the one that proxy vouches for. Every rate limit keys on it.
func ClientIP(r *http.Request) string {
	if ip := infoOf(r).ip; ip != "" {
		return ip
	}
	if a, ok := parseHostAddr(r.RemoteAddr); ok {
		return a.String()
	}
	return r.RemoteAddr
}

// IsLocal reports whether the request came from the server itself without passing a proxy.
func IsLocal(r *http.Request) bool { return infoOf(r).local }
