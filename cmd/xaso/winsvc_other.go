//go:build !windows

package main

import (
	"context"
	"errors"
	"io"
)

// runService is `xaso service`, which only Windows has: elsewhere the init system (systemd)
// runs `xaso serve`.
func runService(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	return errors.New("xaso service: chỉ dùng trên Windows (Windows only); elsewhere run `xaso serve` under the init system, e.g. a systemd unit")
}

// launchedByDoubleClick is never so outside Windows: xaso without arguments prints its usage.
func launchedByDoubleClick() bool { return false }
