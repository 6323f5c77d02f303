package docs

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"rsc.io/qr"
)

// DOCX: the same Doc as Render, as a Word document a commune can edit (Word, LibreOffice),
// written with archive/zip and hand-made WordprocessingML. The layout follows the PDF's: the
// paper and margins of Decree 30/2020, Times New Roman at the PDF's sizes, the letterhead as a
// borderless two-column table with its short rules, a justified body with a first-line indent,
// tables whose header row repeats on every page, "Nơi nhận:" left of the signature, page
// numbers centred at the top from the second page. document.xml is written to the zip as it is
// made, so a register of thousands of rows never sits in memory as one string.

// Placeholder is room for the commune's own text in a template: an italic hint such as
// "(Phần nội dung do UBND xã soạn)". In a DOCX it is a paragraph of the style "Nội dung cần
// soạn" (italic, grey, laid out as the body) that the user selects and types over; the next
// paragraph Word makes is body text again, and Word's "select all text with similar
// formatting" finds every placeholder left. Lines adds lines of dots under the hint, to write
// on by hand when the page is printed as it is. In a PDF it is drawn the same way.
type Placeholder struct {
	Hint  string
	Lines int
}

// placeholderColor is the hint's grey: 7:1 against white, readable on screen and on paper.
const placeholderColor = "595959"

func (p Placeholder) draw(r *renderer) error {
	if strings.TrimSpace(p.Hint) != "" {
		if err := (Paragraph{Runs: []Run{{Text: p.Hint, Style: Italic}}}).draw(r); err != nil {
			return err
		}
	}
	size := r.m.body
	lh := r.m.lineH(size)
	for i := 0; i < p.Lines; i++ {
		r.ensure(lh)
		r.leaders(r.m.left-r.width(" ", Regular, size), r.y, r.m.left+r.m.contentW(), size)
		r.y += lh
	}
	if p.Lines > 0 {
		r.y += r.m.paraAfter
	}
	return nil
}

// RenderDOCX writes d to w as a DOCX (Office Open XML) document in the Decree 30/2020
// layout. Nothing is written if d cannot be laid out (an unknown paper size, a table row
// longer than its columns, a QR text too long to encode). A zero d.Created means the moment
// of rendering; with a fixed Created the output is byte for byte reproducible. RenderDOCX is
// safe to call from many goroutines at once.
func RenderDOCX(w io.Writer, d Doc) error {
	m, err := paperMetrics(d)
	if err != nil {
		return fmt.Errorf("docs: docx: %w", err)
	}
	images, err := docxImages(d.Blocks)
	if err != nil {
		return fmt.Errorf("docs: docx: %w", err)
	}
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	x := &docxWriter{m: m, images: images, created: created.UTC().Truncate(time.Second)}
	defer x.release()
	zw := zip.NewWriter(w)
	parts := []struct {
		name string
		body func()
	}{
		{"[Content_Types].xml", x.contentTypes},
		{"_rels/.rels", x.packageRels},
		{"docProps/core.xml", func() { x.coreProps(d) }},
		{"docProps/app.xml", x.appProps},
		{"word/styles.xml", x.styles},
		{"word/settings.xml", x.settings},
		{"word/header1.xml", func() { x.header(true) }},
		{"word/header2.xml", func() { x.header(false) }},
		{"word/document.xml", func() { x.document(d) }},
		{"word/_rels/document.xml.rels", x.documentRels},
	}
	for _, p := range parts {
		if err := x.part(zw, p.name, zip.Deflate, p.body); err != nil {
			return fmt.Errorf("docs: docx: %s: %w", p.name, err)
		}
	}
	for i, img := range images {
		// A PNG is compressed already.
		name := "word/media/" + img.name(i)
		if err := x.part(zw, name, zip.Store, func() { x.b.Write(img.png) }); err != nil {
			return fmt.Errorf("docs: docx: %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docs: docx: %w", err)
	}
	return nil
}

// paperMetrics are the measures of d's paper, turned when d is landscape.
func paperMetrics(d Doc) (*metrics, error) {
	var m metrics
	switch d.Size {
	case A4:
		m = a4
	case A5:
		m = a5
	default:
		return nil, fmt.Errorf("unknown paper size %d", int(d.Size))
	}
	if d.Landscape {
		m.pageW, m.pageH = m.pageH, m.pageW
	}
	return &m, nil
}

// docxImage is a QR code as a PNG and the number of modules on its side, quiet zone excluded.
type docxImage struct {
	png     []byte
	modules int
}

func (docxImage) name(i int) string { return "qr" + strconv.Itoa(i+1) + ".png" }

// docxImages checks what could fail in the blocks before anything is written, and makes the
// QR codes' images, in the order of the blocks.
func docxImages(blocks []Block) ([]docxImage, error) {
	var out []docxImage
	for i, b := range blocks {
		switch b := deref(b).(type) {
		case Table:
			if err := b.check(); err != nil {
				return nil, fmt.Errorf("block %d: %w", i, err)
			}
		case QR:
			code, err := qr.Encode(clean(b.Text), qr.M)
			if err != nil {
				return nil, fmt.Errorf("block %d: qr: %w", i, err)
			}
			// Eight pixels a module: sharp when printed at the PDF's sizes.
			png, err := QRPNG(b.Text, (code.Size+2*quietZone)*8)
			if err != nil {
				return nil, fmt.Errorf("block %d: %w", i, err)
			}
			out = append(out, docxImage{png: png, modules: code.Size})
		}
	}
	return out, nil
}

// deref turns a pointer to a block into the block, as Render takes both; a nil pointer is no
// block.
func deref(b Block) Block {
	switch p := b.(type) {
	case *Paragraph:
		return derefOf(p)
	case *Placeholder:
		return derefOf(p)
	case *Field:
		return derefOf(p)
	case *Table:
		return derefOf(p)
	case *Space:
		return derefOf(p)
	case *PageBreak:
		return derefOf(p)
	case *QR:
		return derefOf(p)
	case *SignatureRow:
		return derefOf(p)
	}
	return b
}

func derefOf[T Block](p *T) Block {
	if p == nil {
		return nil
	}
	return *p
}

func (t Table) check() error {
	for i, row := range t.Rows {
		if len(row) > len(t.Columns) && len(t.Columns) > 0 {
			return fmt.Errorf("table row %d has %d cells for %d columns", i+1, len(row), len(t.Columns))
		}
	}
	return nil
}

// docxWriter writes the parts of one document.
type docxWriter struct {
	b       *bufio.Writer
	m       *metrics
	images  []docxImage
	placed  int // images placed in document.xml so far
	created time.Time
	meas    *renderer // measures text with the PDF's fonts; made on first use
	scratch []byte
}

func (x *docxWriter) part(zw *zip.Writer, name string, method uint16, body func()) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: x.created})
	if err != nil {
		return err
	}
	if x.b == nil {
		x.b = bufio.NewWriterSize(fw, 32<<10)
	} else {
		x.b.Reset(fw)
	}
	body()
	return x.b.Flush()
}

// Units: twips (1/20 pt) for lengths, half-points for font sizes, EMU for pictures.
func twips(mm float64) int  { return int(math.Round(mm * 1440 / 25.4)) }
func halfPt(pt float64) int { return int(math.Round(pt * 2)) }
func emu(mm float64) int    { return int(math.Round(mm * 36000)) }

func (x *docxWriter) raw(s string) { x.b.WriteString(s) }

func (x *docxWriter) num(n int) {
	x.scratch = strconv.AppendInt(x.scratch[:0], int64(n), 10)
	x.b.Write(x.scratch)
}

// attr writes ` name="n"`.
func (x *docxWriter) attr(name string, n int) {
	x.b.WriteByte(' ')
	x.raw(name)
	x.raw(`="`)
	x.num(n)
	x.b.WriteByte('"')
}

// esc writes cleaned text escaped for XML, without the characters XML forbids (U+FFFE,
// U+FFFF) or discourages (the C1 controls). A newline becomes a space: esc is for one line.
func (x *docxWriter) esc(s string) {
	for _, c := range s {
		switch {
		case c == '<':
			x.raw("&lt;")
		case c == '>':
			x.raw("&gt;")
		case c == '&':
			x.raw("&amp;")
		case c == '"':
			x.raw("&quot;")
		case c == '\'':
			x.raw("&apos;")
		case c == '\n':
			x.b.WriteByte(' ')
		case c == 0xFFFE || c == 0xFFFF || c >= 0x80 && c <= 0x9F:
		default:
			x.b.WriteRune(c)
		}
	}
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsW   = `http://schemas.openxmlformats.org/wordprocessingml/2006/main`
	nsRel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
)

func (x *docxWriter) contentTypes() {
	x.raw(xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`</Types>`)
}

func (x *docxWriter) packageRels() {
	x.raw(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/>` +
		`</Relationships>`)
}

func (x *docxWriter) documentRels() {
	x.raw(xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId2" Type="` + nsRel + `/settings" Target="settings.xml"/>` +
		`<Relationship Id="rId3" Type="` + nsRel + `/header" Target="header1.xml"/>` +
		`<Relationship Id="rId4" Type="` + nsRel + `/header" Target="header2.xml"/>`)
	for i, img := range x.images {
		x.raw(`<Relationship Id="rIdImg`)
		x.num(i + 1)
		x.raw(`" Type="` + nsRel + `/image" Target="media/` + img.name(i) + `"/>`)
	}
	x.raw(`</Relationships>`)
}

func (x *docxWriter) coreProps(d Doc) {
	at := x.created.Format(time.RFC3339)
	x.raw(xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	if d.Title != "" {
		x.raw(`<dc:title>`)
		x.esc(clean(d.Title))
		x.raw(`</dc:title>`)
	}
	if d.Author != "" {
		x.raw(`<dc:creator>`)
		x.esc(clean(d.Author))
		x.raw(`</dc:creator>`)
	}
	x.raw(`<dc:language>vi-VN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + at + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + at + `</dcterms:modified>` +
		`</cp:coreProperties>`)
}

func (x *docxWriter) appProps() {
	x.raw(xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
		`<Application>xaso</Application></Properties>`)
}

// lineAuto is the body's line spacing in 240ths of a line: the PDF's leading (a multiple of
// the font size) over Word's single line (about 1.15 of it for Times New Roman), never below
// single, the least Decree 30/2020 allows.
func (x *docxWriter) lineAuto() int { return max(240, int(math.Round(240*x.m.leading/1.15))) }

func (x *docxWriter) styles() {
	body := halfPt(x.m.body)
	x.raw(xmlHead + `<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>`)
	x.raw(`<w:sz`)
	x.attr("w:val", body)
	x.raw(`/><w:szCs`)
	x.attr("w:val", body)
	x.raw(`/><w:lang w:val="vi-VN" w:eastAsia="vi-VN"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"`)
	x.attr("w:line", x.lineAuto())
	x.raw(` w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	// The body: justified, a first-line indent, space after (Decree 30/2020 Annex I).
	bodyPPr := func() {
		x.raw(`<w:pPr><w:spacing w:before="0"`)
		x.attr("w:after", twips(x.m.paraAfter))
		x.raw(`/><w:ind`)
		x.attr("w:firstLine", twips(x.m.indent))
		x.raw(`/><w:jc w:val="both"/></w:pPr>`)
	}
	x.raw(`<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/>`)
	bodyPPr()
	x.raw(`</w:style>`)
	x.raw(`<w:style w:type="paragraph" w:customStyle="1" w:styleId="Placeholder"><w:name w:val="Nội dung cần soạn"/>` +
		`<w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/><w:qFormat/>`)
	bodyPPr()
	x.raw(`<w:rPr><w:i/><w:iCs/><w:color w:val="` + placeholderColor + `"/></w:rPr></w:style></w:styles>`)
}

func (x *docxWriter) settings() {
	x.raw(xmlHead + `<w:settings xmlns:w="` + nsW + `"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
		`<w:characterSpacingControl w:val="doNotCompress"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`<w:themeFontLang w:val="vi-VN"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/></w:settings>`)
}

// header writes the page header: the page number, centred (Decree 30/2020 Annex I), or, for
// the first page, nothing.
func (x *docxWriter) header(numbered bool) {
	x.raw(xmlHead + `<w:hdr xmlns:w="` + nsW + `"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
	if numbered {
		sz := halfPt(x.m.pageNumber)
		rpr := func() {
			x.raw(`<w:r><w:rPr><w:sz`)
			x.attr("w:val", sz)
			x.raw(`/></w:rPr>`)
		}
		rpr()
		x.raw(`<w:fldChar w:fldCharType="begin"/></w:r>`)
		rpr()
		x.raw(`<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`)
		rpr()
		x.raw(`<w:fldChar w:fldCharType="separate"/></w:r>`)
		rpr()
		x.raw(`<w:t>2</w:t></w:r>`)
		rpr()
		x.raw(`<w:fldChar w:fldCharType="end"/></w:r>`)
	}
	x.raw(`</w:p></w:hdr>`)
}

func (x *docxWriter) document(d Doc) {
	x.raw(xmlHead + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsRel + `" ` +
		`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
		`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
		`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`)
	if d.Form != "" {
		x.para(pPr{jc: Right, after: twips(1)}, Run{Text: d.Form, Style: Italic}, x.m.caption)
	}
	if !d.Letterhead.empty() || d.Number != "" {
		x.letterhead(d.Letterhead, d.Number, d.Date)
	}
	if d.Title != "" || d.Subtitle != "" {
		x.title(d.Title, d.Subtitle)
	}
	for _, b := range d.Blocks {
		x.block(b)
	}
	if d.Signature != nil || len(d.Recipients) > 0 {
		x.closing(d.Signature, d.Recipients)
	}
	x.section(d)
	x.raw(`</w:body></w:document>`)
}

func (x *docxWriter) block(b Block) {
	switch b := deref(b).(type) {
	case Paragraph:
		x.paragraph(b)
	case Placeholder:
		x.placeholder(b)
	case Field:
		x.field(b)
	case Table:
		x.table(b)
	case Space:
		if b.MM > 0 {
			x.spacer(min(b.MM, x.m.pageH-x.m.top-x.m.bottom-10))
		}
	case PageBreak:
		x.raw(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	case QR:
		x.qr(b)
	case SignatureRow:
		if len(b.Signers) > 0 {
			x.signatureRow(b.Signers)
		}
	}
}

// section is the page: paper, margins of Decree 30/2020, the header with the page number from
// the second page.
func (x *docxWriter) section(d Doc) {
	m := x.m
	x.raw(`<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/><w:pgSz`)
	x.attr("w:w", twips(m.pageW))
	x.attr("w:h", twips(m.pageH))
	if d.Landscape {
		x.raw(` w:orient="landscape"`)
	}
	x.raw(`/><w:pgMar`)
	x.attr("w:top", twips(m.top))
	x.attr("w:right", twips(m.right))
	x.attr("w:bottom", twips(m.bottom))
	x.attr("w:left", twips(m.left))
	// The number sits in the middle of the top margin, as in the PDF.
	x.attr("w:header", twips((m.top-m.lineH(m.pageNumber))/2))
	x.attr("w:footer", twips(m.bottom/2))
	x.raw(` w:gutter="0"/><w:cols w:space="720"/><w:titlePg/></w:sectPr>`)
}

// pPr are the properties of one paragraph. The zero value is a Normal paragraph, left
// aligned, without space before or after.
type pPr struct {
	style         string // "BodyText", "Placeholder"; empty: Normal
	jc            Align
	keepStyleJc   bool // leave the alignment to the style
	firstLine     int  // twips; -1 leaves the style's
	before, after int  // twips; -1 leaves the style's
	exact         int  // an exact line height in twips; 0: the style's spacing
	keepNext      bool
	leaders       int     // a right tab stop with dot leaders here (twips); 0: none
	rule          [2]int  // a short rule as the bottom border, between these indents (twips)
	hasRule       bool    // draw the rule
	markSize      float64 // the paragraph mark's size in points; 0: the default
}

var jcNames = [...]string{Justify: "both", Left: "left", Center: "center", Right: "right"}

func (x *docxWriter) pPr(p pPr) {
	x.raw(`<w:pPr>`)
	if p.style != "" {
		x.raw(`<w:pStyle w:val="`)
		x.raw(p.style)
		x.raw(`"/>`)
	}
	if p.keepNext {
		x.raw(`<w:keepNext/>`)
	}
	if p.hasRule {
		x.raw(`<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	if p.leaders > 0 {
		x.raw(`<w:tabs><w:tab w:val="right" w:leader="dot"`)
		x.attr("w:pos", p.leaders)
		x.raw(`/></w:tabs>`)
	}
	if p.before >= 0 || p.after >= 0 || p.exact > 0 {
		x.raw(`<w:spacing`)
		if p.before >= 0 {
			x.attr("w:before", p.before)
		}
		if p.after >= 0 {
			x.attr("w:after", p.after)
		}
		if p.exact > 0 {
			x.attr("w:line", p.exact)
			x.raw(` w:lineRule="exact"`)
		}
		x.raw(`/>`)
	}
	if p.firstLine >= 0 || p.hasRule {
		x.raw(`<w:ind`)
		if p.hasRule {
			x.attr("w:left", p.rule[0])
			x.attr("w:right", p.rule[1])
		}
		x.attr("w:firstLine", max(p.firstLine, 0))
		x.raw(`/>`)
	}
	if !p.keepStyleJc && int(p.jc) < len(jcNames) {
		x.raw(`<w:jc w:val="`)
		x.raw(jcNames[p.jc])
		x.raw(`"/>`)
	}
	if p.markSize > 0 {
		x.rPr(Regular, p.markSize, "")
	}
	x.raw(`</w:pPr>`)
}

func (x *docxWriter) rPr(st Style, size float64, color string) {
	if st == Regular && size == 0 && color == "" {
		return
	}
	x.raw(`<w:rPr>`)
	if st&Bold != 0 {
		x.raw(`<w:b/><w:bCs/>`)
	}
	if st&Italic != 0 {
		x.raw(`<w:i/><w:iCs/>`)
	}
	if color != "" {
		x.raw(`<w:color w:val="`)
		x.raw(color)
		x.raw(`"/>`)
	}
	if size > 0 {
		x.raw(`<w:sz`)
		x.attr("w:val", halfPt(size))
		x.raw(`/><w:szCs`)
		x.attr("w:val", halfPt(size))
		x.raw(`/>`)
	}
	x.raw(`</w:rPr>`)
}

// run writes text (cleaned here) in one style; "\n" breaks the line.
func (x *docxWriter) run(text string, st Style, size float64) {
	text = clean(text)
	if text == "" {
		return
	}
	x.raw(`<w:r>`)
	x.rPr(st&BoldItalic, size, "")
	for i := 0; ; i++ {
		line, rest, more := strings.Cut(text, "\n")
		if i > 0 {
			x.raw(`<w:br/>`)
		}
		if line != "" {
			x.raw(`<w:t xml:space="preserve">`)
			x.esc(line)
			x.raw(`</w:t>`)
		}
		if !more {
			break
		}
		text = rest
	}
	x.raw(`</w:r>`)
}

// para writes a paragraph of one run at size points (0: the style's), its mark the same size.
func (x *docxWriter) para(p pPr, r Run, size float64) {
	p.markSize = size
	x.raw(`<w:p>`)
	x.pPr(p.defaults())
	x.run(r.Text, r.Style, size)
	x.raw(`</w:p>`)
}

// defaults turns the zero "leave it" fields of a Normal paragraph into explicit zeros and
// marks unset indents as the style's.
func (p pPr) defaults() pPr {
	if p.style == "" && p.firstLine == 0 {
		p.firstLine = -1
	}
	return p
}

// spacer is an empty paragraph mm high: vertical space that Word and LibreOffice keep exactly.
func (x *docxWriter) spacer(mm float64) {
	x.raw(`<w:p>`)
	x.pPr(pPr{before: 0, after: 0, exact: max(twips(mm), 20), firstLine: -1, keepStyleJc: true, markSize: 1})
	x.raw(`</w:p>`)
}

// rule is a short horizontal rule length mm long centred in a column width mm wide, drawn as
// the bottom border of a paragraph one millimetre high.
func (x *docxWriter) rule(length, width float64, after int) {
	side := max(0, twips((width-length)/2))
	x.raw(`<w:p>`)
	x.pPr(pPr{before: 0, after: after, exact: twips(1), firstLine: -1, keepStyleJc: true, hasRule: true, rule: [2]int{side, side}, markSize: 1})
	x.raw(`</w:p>`)
}

// measurers are renderers without pages that only measure text with the PDF's fonts, so that
// the DOCX letterhead takes the sizes and column widths the PDF takes. They are pooled because
// parsing a face costs more than writing the rest of a document; each is used by one
// document at a time.
var measurers = sync.Pool{New: func() any {
	return &renderer{f: fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", Size: fpdf.SizeType{Wd: 210, Ht: 297}})}
}}

// measure is the document's measurer, taken from the pool on first use; release gives it back.
func (x *docxWriter) measure() *renderer {
	if x.meas == nil {
		x.meas = measurers.Get().(*renderer)
		x.meas.m = x.m
	}
	return x.meas
}

func (x *docxWriter) release() {
	if x.meas != nil && x.meas.f.Error() == nil {
		x.meas.m = nil
		measurers.Put(x.meas)
	}
	x.meas = nil
}

// widest is the width of the widest line of text wrapped to width.
func (r *renderer) widest(text string, st Style, size, width float64) float64 {
	w := 0.0
	for _, l := range r.wrap(text, st, size, width) {
		w = max(w, r.width(l, st, size))
	}
	return w
}

// headerFit is the letterhead as the PDF lays it out: the header and motto sizes, the column
// widths, and the lengths of the two rules.
type headerFit struct {
	hs, ms, leftW, rightW float64
	issuingW, mottoW      float64
}

// fitHeader repeats the PDF letterhead's sizing (letterhead.go): sizes step down to the
// paper's floor until both names fit on one line; the right column is at least 56 %.
func (r *renderer) fitHeader(parent, issuing string) headerFit {
	m := r.m
	cw := m.contentW()
	hs, ms := m.header, m.motto
	var right, left float64
	for {
		right = max(r.width(nationalName, Bold, hs), r.width(nationalMotto, Bold, ms)) + 1
		left = max(r.width(parent, Regular, hs), r.width(issuing, Bold, hs)) + 1
		if right+left <= cw || hs-0.5 < m.headerMin {
			break
		}
		hs, ms = hs-0.5, ms-0.5
	}
	rightW := max(right, min(0.56*cw, cw-left))
	leftW := cw - rightW
	return headerFit{hs: hs, ms: ms, leftW: leftW, rightW: rightW,
		issuingW: r.widest(issuing, Bold, hs, leftW), mottoW: r.width(nationalMotto, Bold, ms)}
}

// letterhead writes the two header columns and, under them, the number and the place and
// date, as a borderless table of two rows.
func (x *docxWriter) letterhead(l Letterhead, number string, date time.Time) {
	m := x.m
	parent, issuing := upper(l.ParentBody), upper(l.IssuingBody)
	fit := x.measure().fitHeader(parent, issuing)
	widths := []int{twips(fit.leftW), twips(m.contentW()) - twips(fit.leftW)}
	centred := pPr{jc: Center}
	x.tableStart(widths, false, 0, 0)
	x.rowStart(true, false)
	x.cellStart(widths[0])
	if parent != "" {
		x.para(centred, Run{Text: parent}, fit.hs)
	}
	if issuing != "" {
		x.para(centred, Run{Text: issuing, Style: Bold}, fit.hs)
		x.rule(fit.issuingW*0.4, fit.leftW, 0)
	}
	if parent == "" && issuing == "" {
		x.para(centred, Run{}, fit.hs)
	}
	x.cellEnd()
	x.cellStart(widths[1])
	x.para(centred, Run{Text: nationalName, Style: Bold}, fit.hs)
	x.para(centred, Run{Text: nationalMotto, Style: Bold}, fit.ms)
	x.rule(fit.mottoW, fit.rightW, 0)
	x.cellEnd()
	x.rowEnd()

	x.rowStart(true, false)
	gap := pPr{jc: Center, before: twips(m.headerGap)}
	x.cellStart(widths[0])
	number = clean(number)
	if number != "" {
		number = "Số: " + number
	}
	x.para(gap, Run{Text: number}, m.number)
	x.cellEnd()
	x.cellStart(widths[1])
	var pd string
	if !date.IsZero() || l.Place != "" {
		pd = PlaceDate(clean(l.Place), date)
	}
	x.para(gap, Run{Text: pd, Style: Italic}, m.date)
	x.cellEnd()
	x.rowEnd()
	x.tableEnd()
}

// title writes the document type in capitals and the subject under it, with a short rule.
func (x *docxWriter) title(title, subtitle string) {
	m := x.m
	p := pPr{jc: Center, before: twips(m.titleSpace), keepNext: true}
	sub := clean(subtitle)
	if t := upper(title); t != "" {
		if sub == "" {
			p.after = twips(2 * m.paraAfter)
		}
		x.para(p, Run{Text: t, Style: Bold}, m.title)
		p.before = 0
	}
	if sub != "" {
		x.para(p, Run{Text: sub, Style: Bold}, m.title)
		w := x.measure().widest(sub, Bold, m.title, m.contentW())
		x.rule(w*0.4, m.contentW(), twips(2*m.paraAfter))
	}
}

func (x *docxWriter) paragraph(p Paragraph) {
	pp := pPr{style: "BodyText", keepStyleJc: p.Align == Justify, jc: p.Align, firstLine: -1, before: -1, after: -1, markSize: p.Size}
	if p.NoIndent || p.Align == Center || p.Align == Right {
		pp.firstLine = 0
	}
	x.raw(`<w:p>`)
	x.pPr(pp)
	for _, r := range p.Runs {
		x.run(r.Text, r.Style, p.Size)
	}
	x.raw(`</w:p>`)
}

func (x *docxWriter) placeholder(p Placeholder) {
	if strings.TrimSpace(p.Hint) != "" {
		x.raw(`<w:p>`)
		x.pPr(pPr{style: "Placeholder", keepStyleJc: true, firstLine: -1, before: -1, after: -1})
		x.run(p.Hint, Regular, 0)
		x.raw(`</w:p>`)
	}
	for i := 0; i < p.Lines; i++ {
		after := 0
		if i == p.Lines-1 {
			after = twips(x.m.paraAfter)
		}
		x.raw(`<w:p>`)
		x.pPr(pPr{jc: Left, before: 0, after: after, firstLine: -1, leaders: twips(x.m.contentW())})
		x.raw(`<w:r><w:tab/></w:r></w:p>`)
	}
}

func (x *docxWriter) field(f Field) {
	label := strings.TrimRightFunc(f.Label, unicode.IsSpace)
	if label != "" && !strings.HasSuffix(label, ":") {
		label += ":"
	}
	p := pPr{jc: Left, before: 0, after: twips(x.m.paraAfter / 2), firstLine: -1}
	if f.Leaders {
		p.leaders = twips(x.m.contentW())
	}
	vs := Regular
	if f.Bold {
		vs = Bold
	}
	x.raw(`<w:p>`)
	x.pPr(p)
	x.run(label+" ", Regular, 0)
	x.run(f.Value, vs, 0)
	if f.Leaders {
		// A space, then dots to the right margin, as in the PDF.
		x.raw(`<w:r><w:t xml:space="preserve"> </w:t><w:tab/></w:r>`)
	}
	x.raw(`</w:p>`)
}

// Table cells are padded as in the PDF (cellPadX, cellPadY).
func (x *docxWriter) table(t Table) {
	n := len(t.Columns)
	if n == 0 {
		return
	}
	size := t.Size
	if size == 0 {
		size = x.m.table
	}
	total := 0.0
	for _, c := range t.Columns {
		total += colShare(c)
	}
	cw := twips(x.m.contentW())
	widths := make([]int, n)
	used := 0
	for i, c := range t.Columns {
		widths[i] = int(math.Round(float64(cw) * colShare(c) / total))
		used += widths[i]
	}
	widths[n-1] += cw - used
	x.tableStart(widths, true, twips(cellPadX), twips(cellPadY))
	// The header row repeats on every page the table spans.
	x.rowStart(true, true)
	for i, c := range t.Columns {
		x.cell(widths[i], c.Title, Bold, size, Center)
	}
	x.rowEnd()
	for _, row := range t.Rows {
		// A row is moved whole to the next page, as in the PDF, unless it is long enough to
		// be taller than a page: then it may split.
		x.rowStart(rowIsShort(row), false)
		for i, c := range t.Columns {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			a := c.Align
			if a == Justify {
				a = Left
			}
			x.cell(widths[i], text, Regular, size, a)
		}
		x.rowEnd()
	}
	x.tableEnd()
	x.spacer(x.m.paraAfter)
}

// rowIsShort tells a row that surely fits on a page: few characters and line breaks.
func rowIsShort(row []string) bool {
	chars, lines := 0, 0
	for _, c := range row {
		chars = max(chars, len(c))
		lines = max(lines, strings.Count(c, "\n"))
	}
	return chars < 1200 && lines < 20
}

func (x *docxWriter) cell(width int, text string, st Style, size float64, a Align) {
	x.cellStart(width)
	x.para(pPr{jc: a}, Run{Text: text, Style: st}, size)
	x.cellEnd()
}

// tableStart opens a table of fixed column widths (twips), with single borders or none, and
// the given cell padding.
func (x *docxWriter) tableStart(widths []int, borders bool, padX, padY int) {
	total := 0
	for _, w := range widths {
		total += w
	}
	x.raw(`<w:tbl><w:tblPr><w:tblW`)
	x.attr("w:w", total)
	x.raw(` w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		if borders {
			x.raw(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
		} else {
			x.raw(`<w:` + side + ` w:val="nil"/>`)
		}
	}
	x.raw(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>`)
	for i, side := range []string{"top", "left", "bottom", "right"} {
		pad := padY
		if i%2 == 1 {
			pad = padX
		}
		x.raw(`<w:` + side)
		x.attr("w:w", pad)
		x.raw(` w:type="dxa"/>`)
	}
	x.raw(`</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		x.raw(`<w:gridCol`)
		x.attr("w:w", w)
		x.raw(`/>`)
	}
	x.raw(`</w:tblGrid>`)
}

func (x *docxWriter) rowStart(cantSplit, header bool) {
	x.raw(`<w:tr>`)
	if cantSplit || header {
		x.raw(`<w:trPr>`)
		if cantSplit {
			x.raw(`<w:cantSplit/>`)
		}
		if header {
			x.raw(`<w:tblHeader/>`)
		}
		x.raw(`</w:trPr>`)
	}
}

func (x *docxWriter) cellStart(width int) {
	x.raw(`<w:tc><w:tcPr><w:tcW`)
	x.attr("w:w", width)
	x.raw(` w:type="dxa"/></w:tcPr>`)
}

func (x *docxWriter) cellEnd()  { x.raw(`</w:tc>`) }
func (x *docxWriter) rowEnd()   { x.raw(`</w:tr>`) }
func (x *docxWriter) tableEnd() { x.raw(`</w:tbl>`) }

// qr places the next QR image, its side as in the PDF plus its quiet zone, and its caption.
func (x *docxWriter) qr(q QR) {
	img := x.images[x.placed]
	x.placed++
	side := q.Size
	if side <= 0 {
		side = x.m.qrSize
	}
	side = min(side, x.m.contentW())
	full := emu(side * float64(img.modules+2*quietZone) / float64(img.modules))
	a := q.Align
	if a != Left && a != Right {
		a = Center
	}
	caption := clean(q.Caption)
	after := twips(x.m.paraAfter)
	if caption != "" {
		after = 0
	}
	x.raw(`<w:p>`)
	x.pPr(pPr{jc: a, before: 0, after: after, firstLine: -1, keepNext: caption != ""})
	x.raw(`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent`)
	x.attr("cx", full)
	x.attr("cy", full)
	x.raw(`/><wp:docPr`)
	x.attr("id", x.placed)
	x.raw(` name="QR `)
	x.num(x.placed)
	x.raw(`" descr="`)
	if caption != "" {
		x.esc(caption)
	} else {
		x.esc(clean(q.Text))
	}
	x.raw(`"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr`)
	x.attr("id", x.placed)
	x.raw(` name="` + img.name(x.placed-1) + `"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImg`)
	x.num(x.placed)
	x.raw(`"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext`)
	x.attr("cx", full)
	x.attr("cy", full)
	x.raw(`/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`)
	if caption != "" {
		x.para(pPr{jc: a, after: twips(x.m.paraAfter)}, Run{Text: caption, Style: Italic}, x.m.caption)
	}
}

// signature writes a signature block's lines, centred, in the current cell.
func (x *docxWriter) signature(s Signature, before int) {
	size := x.m.sign
	first := true
	line := func(text string, st Style, sz float64, room int) {
		if text == "" && room == 0 {
			return
		}
		p := pPr{jc: Center, before: room}
		if first {
			p.before += before
			first = false
		}
		x.para(p, Run{Text: text, Style: st}, sz)
	}
	line(upper(s.Authority), Bold, size, 0)
	line(upper(s.Title), Bold, size, 0)
	line(clean(s.Hint), Italic, size-1, 0)
	// The room to sign in; an empty name leaves the line to write it by hand.
	line(clean(s.Name), Bold, size, twips(x.m.signRoom))
}

func (x *docxWriter) signatureRow(signers []Signature) {
	cw := twips(x.m.contentW())
	n := len(signers)
	widths := make([]int, n)
	for i := range widths {
		widths[i] = cw / n
	}
	widths[n-1] += cw - n*(cw/n)
	x.tableStart(widths, false, 0, 0)
	x.rowStart(true, false)
	for i, s := range signers {
		x.cellStart(widths[i])
		x.signature(s, twips(x.m.paraAfter))
		x.cellEnd()
	}
	x.rowEnd()
	x.tableEnd()
	x.spacer(x.m.paraAfter)
}

// closing writes "Nơi nhận:" on the left and the issuer's signature on the right, in one row
// that is kept on one page (Decree 30/2020 Annex I).
func (x *docxWriter) closing(sig *Signature, recipients []string) {
	m := x.m
	cw := twips(m.contentW())
	left := twips(0.45 * m.contentW())
	widths := []int{left, cw - left}
	before := twips(m.paraAfter)
	x.tableStart(widths, false, 0, 0)
	x.rowStart(true, false)
	x.cellStart(widths[0])
	if len(recipients) > 0 {
		x.para(pPr{jc: Left, before: before}, Run{Text: "Nơi nhận:", Style: BoldItalic}, m.recipientsHead)
		for _, it := range recipients {
			it = strings.TrimSpace(clean(it))
			if !strings.HasPrefix(it, "-") {
				it = "- " + it
			}
			x.para(pPr{jc: Left}, Run{Text: it}, m.recipients)
		}
	} else {
		x.para(pPr{jc: Left}, Run{}, m.recipients)
	}
	x.cellEnd()
	x.cellStart(widths[1])
	if sig != nil {
		x.signature(*sig, before)
	} else {
		x.para(pPr{jc: Center}, Run{}, m.sign)
	}
	x.cellEnd()
	x.rowEnd()
	x.tableEnd()
	// A document does not end on a table: Word wants a paragraph after it.
	x.spacer(0.35)
}
