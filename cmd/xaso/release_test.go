package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"debug/pe"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// releaseBuildTimeout bounds the cross-compiles: cold, each target compiles modernc.org/sqlite
// and everything else again (about 2.5 minutes a target on 2 shared cores). Run this test with
// go test -timeout 20m when the build cache is cold.
const releaseBuildTimeout = 15 * time.Minute

// TestReleaseBuilds runs scripts/release.sh for the three targets (linux/amd64, windows/amd64,
// linux/arm64: CI builds all three this way) into a temporary directory and checks that the
// outputs are ELF for x86-64, a PE for amd64 and an ELF for aarch64, statically
// linked, carrying the version given, listed in SHA256SUMS with their right sums; then vets
// the package as Windows sees it (the service code exists only there).
func TestReleaseBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles three targets (minutes on a cold cache)")
	}
	ctx, cancel := context.WithTimeout(t.Context(), releaseBuildTimeout)
	defer cancel()
	if dl, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-30*time.Second))
		defer cancel()
	}
	root := repoRoot(t)
	// release.sh builds offline from the module cache; a fresh machine's cache holds only what
	// the host build needed, not the other targets' modules (Windows needs more): fetch them
	// first, as the script's header asks.
	dl := exec.CommandContext(ctx, "go", "mod", "download")
	dl.Dir = root
	if out, err := dl.CombinedOutput(); err != nil {
		t.Fatalf("go mod download: %v\n%s", err, out)
	}
	dist := t.TempDir()
	const v = "v0.0.0-test.1"
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(root, "scripts", "release.sh"), v)
	cmd.Env = append(os.Environ(), "XASO_DIST="+dist, "XASO_TARGETS=linux/amd64 windows/amd64 linux/arm64")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}
	win := filepath.Join(dist, "xaso-"+v+"-windows-amd64.exe")
	arm := filepath.Join(dist, "xaso-"+v+"-linux-arm64")
	amd := filepath.Join(dist, "xaso-"+v+"-linux-amd64")
	for _, want := range []string{filepath.Base(win), filepath.Base(arm), filepath.Base(amd), "MiB"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("release.sh printed no %q:\n%s", want, out)
		}
	}

	pf, err := pe.Open(win)
	if err != nil {
		t.Fatalf("windows build is not a PE file: %v", err)
	}
	if pf.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Errorf("windows build machine %#x, want AMD64", pf.Machine)
	}
	pf.Close()

	ef, err := elf.Open(arm)
	if err != nil {
		t.Fatalf("arm64 build is not an ELF file: %v", err)
	}
	if ef.Machine != elf.EM_AARCH64 {
		t.Errorf("arm64 build machine %v, want EM_AARCH64", ef.Machine)
	}
	// CGO_ENABLED=0: no dynamic loader, so it runs on any arm64 Linux (a Raspberry Pi included).
	if hasInterp(ef.Progs) {
		t.Error("arm64 build asks for a dynamic loader: not a static binary")
	}
	ef.Close()

	xf, err := elf.Open(amd)
	if err != nil {
		t.Fatalf("amd64 build is not an ELF file: %v", err)
	}
	if xf.Machine != elf.EM_X86_64 || hasInterp(xf.Progs) {
		t.Errorf("amd64 build machine %v, dynamic loader %v", xf.Machine, hasInterp(xf.Progs))
	}
	xf.Close()

	for _, f := range []string{win, arm, amd} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(v)) {
			t.Errorf("%s does not carry the version %s (-X main.version)", filepath.Base(f), v)
		}
	}
	checkSums(t, dist, []string{win, arm, amd})

	vet := exec.CommandContext(ctx, "go", "vet", "./cmd/xaso")
	vet.Dir = root
	vet.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := vet.CombinedOutput(); err != nil {
		t.Errorf("GOOS=windows go vet ./cmd/xaso: %v\n%s", err, out)
	}
}

// hasInterp reports whether an ELF file names a program interpreter (is dynamically linked).
func hasInterp(progs []*elf.Prog) bool {
	for _, p := range progs {
		if p.Type == elf.PT_INTERP {
			return true
		}
	}
	return false
}

// checkSums checks that dist/SHA256SUMS lists exactly files, each with its SHA-256.
func checkSums(t *testing.T, dist string, files []string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("SHA256SUMS line %q: want \"SUM  NAME\"", sc.Text())
		}
		listed[name] = sum
	}
	if len(listed) != len(files) {
		t.Errorf("SHA256SUMS lists %d files, want %d: %v", len(listed), len(files), listed)
	}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if got, want := listed[filepath.Base(path)], hex.EncodeToString(h[:]); got != want {
			t.Errorf("SHA256SUMS %s = %q, want %s", filepath.Base(path), got, want)
		}
	}
}

// repoRoot is the module's root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// TestReleaseBadVersion: a version that could smuggle flags into -ldflags is refused before
// anything is built.
func TestReleaseBadVersion(t *testing.T) {
	for _, v := range []string{"1.0 -X main.x=y", "v1'", "a/b"} {
		cmd := exec.Command("bash", filepath.Join(repoRoot(t), "scripts", "release.sh"), v)
		cmd.Env = append(os.Environ(), "XASO_DIST="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "bad version") {
			t.Errorf("release.sh %q: err %v, want a bad version refusal:\n%s", v, err, out)
		}
	}
}

// TestReleaseVersionCommand: `xaso version` names the release (dev when not built by the
// script), the Go version and the target.
func TestReleaseVersionCommand(t *testing.T) {
	out := mustXaso(t, nil, "version")
	for _, want := range []string{"xaso " + version, runtime.Version(), runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(out, want) {
			t.Errorf("xaso version = %q, want it to contain %q", out, want)
		}
	}
}

// TestServiceWindowsOnly: outside Windows `xaso service` says it is Windows-only, and xaso
// without arguments still prints its usage (no double-click launch).
func TestServiceWindowsOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the service is real on Windows")
	}
	for _, args := range [][]string{{"service", "install"}, {"service", "run"}, {"service"}} {
		_, err := xaso(t, t.Context(), nil, args...)
		if err == nil || !strings.Contains(err.Error(), "Windows only") {
			t.Errorf("xaso %s: err %v, want Windows only", strings.Join(args, " "), err)
		}
	}
	out, err := xaso(t, t.Context(), nil)
	if err == nil || !strings.Contains(out, "xaso service") {
		t.Errorf("xaso without arguments: err %v, want the usage (with the service line):\n%s", err, out)
	}
}
