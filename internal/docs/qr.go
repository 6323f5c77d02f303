package docs

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"rsc.io/qr"
)

// quietZone is the white border a QR reader needs around the code, in modules.
const quietZone = 4

// QRPNG encodes text as a QR code (error correction level M) in a size×size PNG, for a page
// or for HTML as a data: URL. Each module is a whole number of pixels and the rest of the
// side goes to the white border, so size may be any number at least the code's side plus its
// quiet zone (for a short URL, 33 to 45 pixels); a smaller size is raised to that.
func QRPNG(text string, size int) ([]byte, error) {
	code, err := qr.Encode(clean(text), qr.M)
	if err != nil {
		return nil, fmt.Errorf("docs: qr: %w", err)
	}
	need := code.Size + 2*quietZone
	size = max(size, need)
	scale := size / need
	off := (size - code.Size*scale) / 2
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if !code.Black(x, y) {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				row := img.Pix[(off+y*scale+dy)*img.Stride:]
				for dx := 0; dx < scale; dx++ {
					row[off+x*scale+dx] = 1
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("docs: qr: %w", err)
	}
	return buf.Bytes(), nil
}

func (q QR) draw(r *renderer) error {
	code, err := qr.Encode(clean(q.Text), qr.M)
	if err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	side := q.Size
	if side <= 0 {
		side = r.m.qrSize
	}
	cw := r.m.contentW()
	side = min(side, cw)
	module := side / float64(code.Size)
	caption := clean(q.Caption)
	capSize := r.m.caption
	capLH := r.m.lineH(capSize)
	var capLines []string
	capW := cw
	if q.Align == Left || q.Align == Right {
		capW = max(side+2*quietZone*module, cw/2)
	}
	if caption != "" {
		capLines = r.wrap(caption, Italic, capSize, capW)
	}
	// The quiet zone is left blank above and below as well as on the sides.
	qz := quietZone * module
	h := side + 2*qz + float64(len(capLines))*capLH
	r.ensure(h)
	var x float64
	switch q.Align {
	case Left:
		x = r.m.left + qz
	case Right:
		x = r.m.left + cw - side - qz
	default:
		x = r.m.left + (cw-side)/2
	}
	y := r.y + qz
	// One rectangle per horizontal run of dark modules, all in one path filled once: the page
	// stays small and no hairline seams show between touching modules when rasterised.
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
			x0, x1 := x+float64(start)*module, x+float64(col)*module
			y0, y1 := y+float64(row)*module, y+float64(row+1)*module
			r.f.MoveTo(x0, y0)
			r.f.LineTo(x1, y0)
			r.f.LineTo(x1, y1)
			r.f.LineTo(x0, y1)
			r.f.ClosePath()
		}
	}
	r.f.DrawPath("F")
	r.y = y + side + qz
	capX := min(max(x+side/2-capW/2, r.m.left), r.m.left+cw-capW)
	for _, s := range capLines {
		r.text(capX, r.y, capW, capLH, s, Italic, capSize, Center)
		r.y += capLH
	}
	r.y += r.m.paraAfter
	return nil
}
