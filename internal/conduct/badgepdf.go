package conduct

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // staff photos may be PNG
	"io"
	"strings"
	"time"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"
	"rsc.io/qr"
)

// The badge (thẻ công chức) is a card of ID-1 size (ISO/IEC 7810: 54 × 85.6 mm) turned upright,
// the size of the plastic sleeves offices buy; a sheet holds 3 × 3 on A4 with cut marks at each
// corner. Decree 30/2020's layout does not apply to a card, so it is drawn here, not by
// internal/docs; the font is Liberation Sans (every Vietnamese letter), the text NFC.
// What a badge must show is the commune's to check: the plan asks only that staff wear one
// (plan III.1.4); the fields here are those the room was asked for.
const (
	cardW, cardH   = 54.0, 85.6
	sheetCols      = 3
	sheetRows      = 3
	sheetGap       = 8.0 // between cards, room for the cut marks of both
	markOff        = 1.0 // cut marks start this far from the card
	markLen        = 2.5
	photoW, photoH = 24.0, 32.0 // a 3 × 4 photo
	qrSide         = 17.0
	// A staff photo is scaled down to this many pixels at most (about 250 dpi on the card)
	// before it is embedded: a phone's photo would make every sheet megabytes.
	photoPxW, photoPxH = 240, 320
	// Photos larger than this are not decoded (a decompression bomb is refused).
	maxPhotoPixels = 40_000_000
)

// BadgeCard is what one badge shows.
type BadgeCard struct {
	Committee string // "UBND XÃ BÌNH YÊN"
	Name      string
	Title     string
	Unit      string
	Code      string
	URL       string // the officer's public page, absolute: the QR's text
	Photo     []byte // JPEG or PNG; nil or unreadable: a placeholder is drawn
}

// RenderBadges writes the cards as a PDF: on A4, 3 × 3 a page, with cut marks.
func RenderBadges(w io.Writer, cards []BadgeCard, title string, now time.Time) error {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: 210, Ht: 297}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	f.SetCreator("xaso", true)
	f.SetProducer("xaso", true)
	f.SetTitle(nfc(title), true)
	f.SetCreationDate(now)
	f.SetModificationDate(now)
	f.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	f.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
	gridW := sheetCols*cardW + (sheetCols-1)*sheetGap
	gridH := sheetRows*cardH + (sheetRows-1)*sheetGap
	x0, y0 := (210-gridW)/2, (297-gridH)/2
	if len(cards) == 0 {
		f.AddPage()
	}
	for i, c := range cards {
		k := i % (sheetCols * sheetRows)
		if k == 0 {
			f.AddPage()
		}
		x := x0 + float64(k%sheetCols)*(cardW+sheetGap)
		y := y0 + float64(k/sheetCols)*(cardH+sheetGap)
		drawCard(f, x, y, c, i)
		cutMarks(f, x, y)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("conduct: badges: %w", err)
	}
	return f.Output(w)
}

func nfc(s string) string { return norm.NFC.String(strings.ToValidUTF8(s, "")) }

// cutMarks draws the marks at the card's four corners, outside it.
func cutMarks(f *fpdf.Fpdf, x, y float64) {
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.15)
	for _, cx := range []float64{x, x + cardW} {
		for _, cy := range []float64{y, y + cardH} {
			dx, dy := -1.0, -1.0
			if cx > x {
				dx = 1
			}
			if cy > y {
				dy = 1
			}
			f.Line(cx+dx*markOff, cy, cx+dx*(markOff+markLen), cy)
			f.Line(cx, cy+dy*markOff, cx, cy+dy*(markOff+markLen))
		}
	}
}

// centered writes lines of text centred in the card's width from y; it returns the y after.
func centered(f *fpdf.Fpdf, x, y float64, text, style string, size float64, maxLines int) float64 {
	f.SetFont("sans", style, size)
	lh := size * 0.3528 * 1.2
	lines := f.SplitText(nfc(text), cardW-6)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
	}
	for _, l := range lines {
		f.SetXY(x+3, y)
		f.CellFormat(cardW-6, lh, l, "", 0, "C", false, 0, "")
		y += lh
	}
	return y
}

func drawCard(f *fpdf.Fpdf, x, y float64, c BadgeCard, i int) {
	// The card's edge, light, so that a badge cut inside the marks keeps no black line.
	f.SetDrawColor(180, 180, 180)
	f.SetLineWidth(0.2)
	f.Rect(x, y, cardW, cardH, "D")
	// The band: the committee and the card's name.
	f.SetFillColor(196, 30, 36)
	f.Rect(x, y, cardW, 13, "F")
	f.SetTextColor(255, 255, 255)
	yy := centered(f, x, y+1.8, c.Committee, "B", 7.5, 2)
	centered(f, x, max(yy, y+6.5)+0.3, "THẺ CÔNG CHỨC", "B", 9, 1)
	f.SetTextColor(0, 0, 0)
	// The photo, or a placeholder.
	px, py := x+(cardW-photoW)/2, y+16
	if img, ok := photoJPEG(c.Photo); ok {
		name := fmt.Sprintf("photo-%d", i)
		f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(img))
		f.ImageOptions(name, px, py, photoW, photoH, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	} else {
		f.SetFillColor(235, 235, 235)
		f.SetDrawColor(150, 150, 150)
		f.Rect(px, py, photoW, photoH, "FD")
		f.SetTextColor(110, 110, 110)
		centered(f, x, py+photoH/2-2, "Ảnh 3 × 4", "", 7, 1)
		f.SetTextColor(0, 0, 0)
	}
	yy = centered(f, x, py+photoH+2.5, strings.ToUpper(nfc(c.Name)), "B", 10.5, 2)
	yy = centered(f, x, yy+0.8, c.Title, "", 7.5, 3)
	if c.Unit != "" && c.Unit != c.Title {
		centered(f, x, yy+0.5, c.Unit, "", 7.5, 2)
	}
	// The QR to the officer's public page, and its code.
	qy := y + cardH - qrSide - 3.5
	drawQR(f, x+3.5, qy, qrSide, c.URL)
	if c.URL != "" {
		f.LinkString(x+3.5, qy, qrSide, qrSide, c.URL)
	}
	tx, tw := x+3.5+qrSide+2.5, cardW-qrSide-9.5
	f.SetFont("sans", "", 6.2)
	ty := qy + 0.5
	for _, l := range f.SplitText(nfc("Quét mã để xem thông tin cán bộ, phản ánh thái độ phục vụ, đánh giá sự hài lòng"), tw) {
		f.SetXY(tx, ty)
		f.CellFormat(tw, 2.7, l, "", 0, "L", false, 0, "")
		ty += 2.7
	}
	f.SetFont("sans", "B", 8)
	f.SetXY(tx, qy+qrSide-3.4)
	f.CellFormat(tw, 3.4, c.Code, "", 0, "L", false, 0, "")
}

// drawQR draws text as a QR code (level M) of the side given, one rectangle per run of dark
// modules (the quiet zone is the card's white around it).
func drawQR(f *fpdf.Fpdf, x, y, side float64, text string) {
	if text == "" {
		return
	}
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return
	}
	m := side / float64(code.Size)
	f.SetFillColor(0, 0, 0)
	for row := 0; row < code.Size; row++ {
		for col := 0; col < code.Size; {
			if !code.Black(col, row) {
				col++
				continue
			}
			start := col
			for col < code.Size && code.Black(col, row) {
				col++
			}
			f.Rect(x+float64(start)*m, y+float64(row)*m, float64(col-start)*m, m, "F")
		}
	}
}

// photoJPEG reads a JPEG or PNG photo, crops it to 3 × 4 around its centre, scales it down to
// at most photoPxW × photoPxH and returns it as a JPEG; false when it cannot be read (another
// format, a broken file, too many pixels).
func photoJPEG(b []byte) ([]byte, bool) {
	if len(b) == 0 {
		return nil, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPhotoPixels {
		return nil, false
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, false
	}
	r := src.Bounds()
	w, h := r.Dx(), r.Dy()
	// Crop to 3:4.
	if w*4 > h*3 {
		cw := h * 3 / 4
		r.Min.X += (w - cw) / 2
		r.Max.X = r.Min.X + cw
	} else {
		ch := w * 4 / 3
		r.Min.Y += (h - ch) / 2
		r.Max.Y = r.Min.Y + ch
	}
	dw, dh := min(photoPxW, r.Dx()), min(photoPxH, r.Dy())
	if dw < 1 || dh < 1 {
		return nil, false
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	// Box filter: each output pixel is the mean of the source pixels it covers.
	for oy := 0; oy < dh; oy++ {
		sy0 := r.Min.Y + oy*r.Dy()/dh
		sy1 := max(sy0+1, r.Min.Y+(oy+1)*r.Dy()/dh)
		for ox := 0; ox < dw; ox++ {
			sx0 := r.Min.X + ox*r.Dx()/dw
			sx1 := max(sx0+1, r.Min.X+(ox+1)*r.Dx()/dw)
			var sr, sg, sb, n uint64
			for sy := sy0; sy < sy1; sy++ {
				for sx := sx0; sx < sx1; sx++ {
					cr, cg, cb, _ := src.At(sx, sy).RGBA()
					sr, sg, sb, n = sr+uint64(cr), sg+uint64(cg), sb+uint64(cb), n+1
				}
			}
			dst.Set(ox, oy, color.RGBA64{R: uint16(sr / n), G: uint16(sg / n), B: uint16(sb / n), A: 0xffff})
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, false
	}
	return out.Bytes(), true
}
