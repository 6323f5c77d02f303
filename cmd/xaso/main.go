// Command xaso runs the digital commune: the web server, its migrations, demo data and
// the operator commands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "xaso:", err)
		os.Exit(1)
	}
}

// run is the whole program; tests call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: xaso <serve|migrate|demo|user|token|backup|audit|calendar|loadgen> [flags]")
	}
	switch args[0] {
	case "calendar":
		return runCalendar(args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q", args[0])
}
