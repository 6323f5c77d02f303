// Package browsertest starts a headless Chromium for tests and checks pages with axe-core
// (WCAG 2.1 A and AA). It is imported by tests only; axe.min.js is vendored here and never
// served by xaso. Without Chromium the test skips (or fails under XASO_REQUIRE_ALL=1).
package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/db/dbtest"
)

//go:embed axe.min.js
var axeSource string

// Start launches Chromium (XASO_CHROME, or Debian's chromium on the PATH) with a window of
// width × height and returns its context, closed when the test ends.
func Start(t *testing.T, width, height int) context.Context {
	t.Helper()
	path := os.Getenv("XASO_CHROME")
	if path == "" {
		path, _ = exec.LookPath("chromium")
	}
	if path == "" {
		dbtest.Require(t, "browser tests need Chromium (set XASO_CHROME or install Debian's chromium)")
	}
	// The flags keep Chromium off the network: this machine's closed network refuses its
	// background connections.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Violation is the part of an axe-core result a test reports.
type Violation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// CheckAxe runs axe-core on the current page for WCAG 2.1 A and AA and fails the test on any
// violation (and when axe checked suspiciously few rules).
func CheckAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axeSource)); err != nil {
		t.Fatalf("inject axe on %s: %v", page, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var res struct {
		Violations []Violation
		Passes     int
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Passes < 5 {
		t.Fatalf("axe on %s checked only %d rules: is it really running?", page, res.Passes)
	}
	for _, v := range res.Violations {
		t.Errorf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
	}
}
