// Package officetest converts DOCX files to PDF with LibreOffice for tests, the way a commune's
// office opens them: `soffice --headless --convert-to pdf` in a private profile. A test that
// needs it skips when LibreOffice is not installed, and fails instead under XASO_REQUIRE_ALL=1
// (as .ci/run sets it). It is used by tests only.
package officetest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/db/dbtest"
)

// Office is the path of LibreOffice's soffice, or the test skips (fails under XASO_REQUIRE_ALL=1).
func Office(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	dbtest.Require(t, "LibreOffice (soffice or libreoffice, Debian's libreoffice-writer-nogui) is not on the PATH")
	return ""
}

// Tool is the path of a command-line tool, or the test skips (fails under XASO_REQUIRE_ALL=1).
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		dbtest.Require(t, name+" is not on the PATH (Debian's poppler-utils)")
	}
	return p
}

// VietnameseSerif makes sure LibreOffice has a Times New Roman it can set Vietnamese in: the
// font itself, or Liberation Serif 2 (Debian's fonts-liberation2; version 1 lacks ơ and ư,
// and LibreOffice would fill them in from another font, wider, and wrap lines elsewhere).
func VietnameseSerif(t testing.TB) {
	t.Helper()
	fc, err := exec.LookPath("fc-list")
	if err != nil {
		return // no fontconfig to ask: the PDF's fonts are checked after the conversion
	}
	out, err := exec.Command(fc, ":charset=1b0 1a1", "family").Output()
	if err != nil {
		t.Fatalf("fc-list: %v", err)
	}
	if !strings.Contains(string(out), "Liberation Serif") && !strings.Contains(string(out), "Times New Roman") {
		dbtest.Require(t, "no serif font with Vietnamese for Times New Roman (install Debian's fonts-liberation2)")
	}
}

// Convert writes each DOCX (by name) to a file and converts them all to PDF with LibreOffice in
// one run (its first start takes seconds), in a private profile; it returns the PDFs by name.
func Convert(t testing.TB, docxs map[string][]byte) map[string][]byte {
	t.Helper()
	bin := Office(t)
	Tool(t, "pdftotext")
	VietnameseSerif(t)
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", filepath.Join(dir, "out")}
	for name, b := range docxs {
		p := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, out)
	}
	pdfs := map[string][]byte{}
	for name := range docxs {
		b, err := os.ReadFile(filepath.Join(dir, "out", name+".pdf"))
		if err != nil {
			t.Fatalf("LibreOffice made no PDF of %s: %v", name, err)
		}
		pdfs[name] = b
	}
	return pdfs
}

// Text is the PDF's text by pdftotext (-layout when layout is true).
func Text(t testing.TB, pdf []byte, layout bool) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if layout {
		args = append(args, "-layout")
	}
	out, err := exec.Command(Tool(t, "pdftotext"), append(args, p, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
