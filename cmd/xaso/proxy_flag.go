package main

import (
	"net/netip"
	"strings"

	"xaso/internal/web"
)

// proxyFlag collects --trusted-proxy values: the flag may be given several times and each value
// may list several ranges. XASO_TRUSTED_PROXY applies only when the flag is not given.
type proxyFlag struct {
	env    string
	values []string
}

func (p *proxyFlag) String() string { return strings.Join(p.values, ",") }

func (p *proxyFlag) Set(v string) error {
	if _, err := web.ParseTrustedProxies(v); err != nil {
		return err
	}
	p.values = append(p.values, v)
	return nil
}

func (p *proxyFlag) prefixes() ([]netip.Prefix, error) {
	if len(p.values) == 0 {
		return web.ParseTrustedProxies(p.env)
	}
	return web.ParseTrustedProxies(strings.Join(p.values, ","))
}
