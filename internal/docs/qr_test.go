package docs_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"rsc.io/qr"

	"xaso/internal/docs"
)

const statusURL = "https://binhyen.example.vn/tra-cuu/000.00.12.H56-260105-0001?ten=Lường Thị Ơn"

// matches reports how many modules of the QR code for text differ from img, reading img as a
// grid of n×n cells inside bounds.
func mismatches(t *testing.T, img image.Image, bounds image.Rectangle, text string) int {
	t.Helper()
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	cell := float64(bounds.Dx()) / float64(code.Size)
	bad := 0
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			px := bounds.Min.X + int((float64(x)+0.5)*cell)
			py := bounds.Min.Y + int((float64(y)+0.5)*cell)
			dark := color.GrayModel.Convert(img.At(px, py)).(color.Gray).Y < 128
			if dark != code.Black(x, y) {
				bad++
			}
		}
	}
	return bad
}

// darkBounds is the smallest rectangle holding every dark pixel of img.
func darkBounds(img image.Image) image.Rectangle {
	b := img.Bounds()
	r := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				r.Min.X, r.Min.Y = min(r.Min.X, x), min(r.Min.Y, y)
				r.Max.X, r.Max.Y = max(r.Max.X, x+1), max(r.Max.Y, y+1)
			}
		}
	}
	return r
}

// zbar decodes the QR code in a PNG with zbarimg when it is installed; "" and false if not.
func zbar(t *testing.T, pngData []byte) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		return "", false // optional: the module check above already reads the code
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(path, pngData, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimRight(string(out), "\n"), true
}

func TestQRPNG(t *testing.T) {
	for _, size := range []int{200, 257, 10} {
		data, err := docs.QRPNG(statusURL, size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("size %d: not a PNG: %v", size, err)
		}
		code, _ := qr.Encode(statusURL, qr.M)
		need := code.Size + 8
		want := max(size, need)
		if b := img.Bounds(); b.Dx() != want || b.Dy() != want {
			t.Errorf("size %d: image is %v, want %d×%d", size, b, want, want)
		}
		dark := darkBounds(img)
		if dark.Min.X < 4*(want/need) || dark.Dx() != dark.Dy() || dark.Dx()%code.Size != 0 {
			t.Errorf("size %d: code at %v: want square, whole pixels per module, a 4-module quiet zone", size, dark)
		}
		if bad := mismatches(t, img, dark, statusURL); bad != 0 {
			t.Errorf("size %d: %d modules differ from the code", size, bad)
		}
		if got, ok := zbar(t, data); ok && got != statusURL {
			t.Errorf("zbarimg read %q, want %q", got, statusURL)
		}
	}
}

func TestQRInPDF(t *testing.T) {
	const side = 40.0 // mm
	d := docs.Doc{Size: docs.A5, Created: time.Unix(0, 0), Blocks: []docs.Block{docs.QR{Text: statusURL, Size: side}}}
	pdf := render(t, d)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "qr.pdf"), pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	const dpi = 300
	cmd := exec.Command(tool(t, "pdftoppm"), "-r", "300", "-gray", "-png", "-singlefile", "qr.pdf", "page")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	dark := darkBounds(img)
	wantPx := side / 25.4 * dpi
	if d := float64(dark.Dx()); d < wantPx-3 || d > wantPx+3 || dark.Dx()-dark.Dy() > 1 || dark.Dy()-dark.Dx() > 1 {
		t.Errorf("code drawn at %v, want a %.0f px square", dark, wantPx)
	}
	if bad := mismatches(t, img, dark, statusURL); bad != 0 {
		t.Errorf("%d modules differ from the code", bad)
	}
	if got, ok := zbar(t, data); ok && got != statusURL {
		t.Errorf("zbarimg read %q, want %q", got, statusURL)
	}
}
