package docs

import "strings"

// A Block is one part of a document's body: a Paragraph, Field, Table, Space, QR,
// SignatureRow or PageBreak.
type Block interface {
	draw(r *renderer) error
}

// Style is a font style; Bold|Italic is bold italic.
type Style uint8

const (
	Regular    Style = 0
	Bold       Style = 1
	Italic     Style = 2
	BoldItalic Style = Bold | Italic
)

// Align is a horizontal alignment. The zero value justifies, as Decree 30/2020 asks of a body.
type Align uint8

const (
	Justify Align = iota
	Left
	Center
	Right
)

func (a Align) fpdf() string {
	switch a {
	case Center:
		return "C"
	case Right:
		return "R"
	}
	return "L"
}

// Run is a piece of text in one style. A "\n" inside Text breaks the line.
type Run struct {
	Text  string
	Style Style
}

// Paragraph is body text, justified with a first-line indent unless told otherwise.
type Paragraph struct {
	Runs     []Run
	Align    Align
	NoIndent bool
	Size     float64 // points; zero is the body size
}

// Para is a paragraph of plain text.
func Para(text string) Paragraph { return Paragraph{Runs: []Run{{Text: text}}} }

// Lines are the non-empty lines of a text typed in a form, trimmed: one paragraph each.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Field is a labelled line of a form: "Họ và tên: Nguyễn Văn An". With Leaders, dots run
// from the value to the right margin, leaving room to write by hand.
type Field struct {
	Label   string // ": " is added unless it already ends with ":"
	Value   string
	Bold    bool // the value in bold
	Leaders bool
}

// Table is a bordered table whose header row repeats on every page it spans.
type Table struct {
	Columns []Column
	Rows    [][]string // a row may be shorter than Columns; longer is an error
	Size    float64    // points; zero is the table size of the paper
}

// Column is a table column. Width is a share of the text width: columns of widths 1, 4, 2
// take 1/7, 4/7 and 2/7; zero counts as 1.
type Column struct {
	Title string
	Width float64
	Align Align // of the body cells; Justify counts as Left. Headers are centred.
}

// Space is vertical space, in millimetres.
type Space struct{ MM float64 }

// PageBreak starts a new page.
type PageBreak struct{}

// QR is a QR code (error correction level M) drawn as vector squares, with a caption below.
type QR struct {
	Text    string
	Size    float64 // side in millimetres, quiet zone excluded; zero is the paper's default
	Caption string  // italic, small, centred under the code
	Align   Align   // Left, Center or Right; Justify counts as Center
}

// SignatureRow puts signature blocks side by side in equal columns, like "NGƯỜI NỘP HỒ SƠ" and
// "NGƯỜI TIẾP NHẬN" at the foot of a receipt.
type SignatureRow struct {
	Signers []Signature
}

func (s Space) draw(r *renderer) error {
	if s.MM > 0 {
		r.y += s.MM
		if r.y > r.bottom() {
			r.newPage()
		}
	}
	return nil
}

func (PageBreak) draw(r *renderer) error {
	r.newPage()
	return nil
}
