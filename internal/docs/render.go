package docs

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/go-pdf/fpdf"
)

// family is the name the fonts are registered under in each PDF.
const family = "serif"

// faces are the TrueType files, embedded once in the binary by the liberation packages and
// shared by every render (fpdf parses them per document and keeps only the glyphs used).
// Liberation Serif is metric-compatible with Times New Roman, the font Decree 30/2020 asks for.
var faces = [4][]byte{
	Regular:    liberationserifregular.TTF,
	Bold:       liberationserifbold.TTF,
	Italic:     liberationserifitalic.TTF,
	BoldItalic: liberationserifbolditalic.TTF,
}

var fpdfStyles = [4]string{Regular: "", Bold: "B", Italic: "I", BoldItalic: "BI"}

// metrics are the measures of one paper size: lengths in millimetres, font sizes in points.
type metrics struct {
	paper                    string
	pageW, pageH             float64
	top, bottom, left, right float64

	header, motto, number, date float64 // letterhead
	headerMin                   float64 // the header may shrink to this to keep names whole
	title, body, table, caption float64
	sign                        float64 // signature blocks: authority, title and name
	recipientsHead, recipients  float64
	pageNumber                  float64

	leading    float64 // line height as a multiple of the font size
	indent     float64 // first-line indent of a paragraph
	paraAfter  float64 // space after a paragraph
	signRoom   float64 // blank space to sign in
	qrSize     float64 // default side of a QR code
	lineWidth  float64 // rules and table borders
	headerGap  float64 // between the letterhead and the number/date line
	titleSpace float64 // above the title
}

// Decree 30/2020 Annex I: A4 margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
// national name 12–13 bold caps, motto 13–14 bold, body 13–14, "Nơi nhận" 12, its list 11.
var a4 = metrics{
	paper: "A4", pageW: 210, pageH: 297,
	top: 20, bottom: 20, left: 30, right: 15,
	header: 13, motto: 14, number: 13, date: 14, headerMin: 12,
	title: 14, body: 14, table: 13, caption: 11, sign: 14,
	recipientsHead: 12, recipients: 11, pageNumber: 13,
	leading: 1.25, indent: 10, paraAfter: 6 * ptToMM,
	signRoom: 24, qrSize: 28, lineWidth: 0.2, headerGap: 4, titleSpace: 8,
}

// A5 (forms 01–06 of the one-stop desk) keeps the margins of Decree 30/2020 (left 30, right
// 15, top and bottom 20 mm) and its body of 13 pt, so that the 103 mm line is read as on A4;
// tables are 11 pt, the title 12, signature blocks 11.5 so that two sit side by side; the letterhead, scaled to the half page, starts at 9.5 and
// may step down to 8 to keep the names on one line. Leading and spacing are tighter than on A4
// so that a receipt fits one page.
var a5 = metrics{
	paper: "A5", pageW: 148, pageH: 210,
	top: 20, bottom: 20, left: 30, right: 15,
	header: 9.5, motto: 10, number: 10.5, date: 10.5, headerMin: 8,
	title: 12, body: 13, table: 11, caption: 10, sign: 11.5,
	recipientsHead: 11, recipients: 10.5, pageNumber: 11,
	leading: 1.1, indent: 8, paraAfter: 1.5 * ptToMM,
	signRoom: 12, qrSize: 20, lineWidth: 0.2, headerGap: 2, titleSpace: 3,
}

const ptToMM = 25.4 / 72

func (m *metrics) contentW() float64 { return m.pageW - m.left - m.right }
func (m *metrics) lineH(size float64) float64 {
	return size * m.leading * ptToMM
}

// renderer draws one Doc. It keeps its own cursor (y) and breaks pages itself, so that tables
// can repeat their header and signature blocks stay whole.
type renderer struct {
	f      *fpdf.Fpdf
	m      *metrics
	y      float64
	loaded [4]bool
	style  Style
	size   float64
}

// Render lays d out in the Decree 30/2020 layout and writes it to w as a PDF, with the faces
// of Liberation Serif it uses embedded as subsets. Nothing is written if d cannot be laid out.
// Pages are numbered from the second, centred in the top margin. Render is safe to call from
// many goroutines at once.
func Render(w io.Writer, d Doc) error {
	var m *metrics
	switch d.Size {
	case A4:
		m = &a4
	case A5:
		m = &a5
	default:
		return fmt.Errorf("docs: render: unknown paper size %d", int(d.Size))
	}
	if d.Landscape {
		// The same margins on the turned page: left stays the binding edge (Decree 30/2020).
		l := *m
		l.pageW, l.pageH = m.pageH, m.pageW
		m = &l
	}
	// Sizes in millimetres: fpdf's own "A5" is 148.5 mm wide, ISO 216 says 148.
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: fpdf.SizeType{Wd: m.pageW, Ht: m.pageH}})
	f.SetMargins(m.left, m.top, m.right)
	f.SetAutoPageBreak(false, m.bottom)
	f.SetCellMargin(0)
	f.SetLineWidth(m.lineWidth)
	f.SetDrawColor(0, 0, 0)
	f.SetTextColor(0, 0, 0)
	f.SetFillColor(0, 0, 0)
	f.SetLang("vi")
	// Resources in a fixed order: the same Doc gives the same bytes.
	f.SetCatalogSort(true)
	f.SetCreator("xaso", true)
	f.SetProducer("xaso", true)
	if d.Title != "" {
		f.SetTitle(clean(d.Title), true)
	}
	if d.Author != "" {
		f.SetAuthor(clean(d.Author), true)
	}
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)

	r := &renderer{f: f, m: m}
	r.newPage()
	if err := r.document(d); err != nil {
		return err
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("docs: render: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("docs: render: write: %w", err)
	}
	return nil
}

func (r *renderer) document(d Doc) error {
	if d.Form != "" {
		// The form's number and legal basis, top right in the first line of the page.
		size := r.m.caption
		lh := r.m.lineH(size)
		r.text(r.m.left, r.y, r.m.contentW(), lh, clean(d.Form), Italic, size, Right)
		r.y += lh + 1
	}
	if !d.Letterhead.empty() || d.Number != "" {
		r.letterhead(d.Letterhead, d.Number, d.Date)
	}
	if d.Title != "" || d.Subtitle != "" {
		r.title(d.Title, d.Subtitle)
	}
	for i, b := range d.Blocks {
		if b == nil {
			continue
		}
		if err := b.draw(r); err != nil {
			return fmt.Errorf("docs: render: block %d: %w", i, err)
		}
	}
	if d.Signature != nil || len(d.Recipients) > 0 {
		r.closing(d.Signature, d.Recipients)
	}
	return nil
}

// font selects a face, registering it with the PDF the first time it is used: a document
// that never uses bold italic does not pay for parsing it.
func (r *renderer) font(s Style, size float64) {
	s &= BoldItalic
	if s == r.style && size == r.size {
		return
	}
	if !r.loaded[s] {
		r.f.AddUTF8FontFromBytes(family, fpdfStyles[s], faces[s])
		r.loaded[s] = true
	}
	r.f.SetFont(family, fpdfStyles[s], size)
	r.style, r.size = s, size
}

// width measures text already cleaned.
func (r *renderer) width(text string, s Style, size float64) float64 {
	r.font(s, size)
	return r.f.GetStringWidth(text)
}

// bottom is the lowest y that content may reach.
func (r *renderer) bottom() float64 { return r.m.pageH - r.m.bottom }

// top is the y where content starts on a page.
func (r *renderer) top() float64 { return r.m.top }

// ensure starts a new page unless h millimetres fit below the cursor. A block taller than a
// page is not moved: on a fresh page it would not fit either.
func (r *renderer) ensure(h float64) {
	if r.y+h > r.bottom()+0.01 && r.y > r.top()+0.01 {
		r.newPage()
	}
}

// newPage adds a page; from the second page on, its number is centred in the top margin
// (Decree 30/2020 Annex I).
func (r *renderer) newPage() {
	r.f.AddPage()
	r.y = r.top()
	if n := r.f.PageNo(); n > 1 {
		size := r.m.pageNumber
		lh := r.m.lineH(size)
		r.text(r.m.left, (r.m.top-lh)/2, r.m.contentW(), lh, strconv.Itoa(n), Regular, size, Center)
	}
}

// text draws one line of cleaned text in a box of width w and height h at (x, y), aligned.
func (r *renderer) text(x, y, w, h float64, s string, st Style, size float64, a Align) {
	if s == "" {
		return
	}
	r.font(st, size)
	r.f.SetXY(x, y)
	r.f.CellFormat(w, h, s, "", 0, a.fpdf(), false, 0, "")
}

// rule draws a horizontal line of length w centred on cx.
func (r *renderer) rule(cx, y, w float64) {
	r.f.Line(cx-w/2, y, cx+w/2, y)
}
