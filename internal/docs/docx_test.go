package docs_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/docs"
	"xaso/internal/officetest"
)

func renderDOCX(t testing.TB, d docs.Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := docs.RenderDOCX(&buf, d); err != nil {
		t.Fatalf("RenderDOCX: %v", err)
	}
	return buf.Bytes()
}

// docxParts are the parts every document has.
var docxParts = []string{
	"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
	"word/document.xml", "word/styles.xml", "word/settings.xml", "word/_rels/document.xml.rels",
	"word/header1.xml", "word/header2.xml",
}

// unzip reads every part of a package and checks that each XML part is well-formed.
func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := parts[f.Name]; dup {
			t.Errorf("part %s twice", f.Name)
		}
		parts[f.Name] = data
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			if err := wellFormed(data); err != nil {
				t.Errorf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s, want [Content_Types].xml", zr.File[0].Name)
	}
	for _, name := range docxParts {
		if _, ok := parts[name]; !ok {
			t.Errorf("package lacks %s", name)
		}
	}
	return parts
}

func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// paragraphs reads the text of document.xml (or a header): one string per paragraph, a tab
// as "\t", a line break as "\n". Paragraphs inside table cells come in document order.
func paragraphs(t *testing.T, data []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	var cur strings.Builder
	inText, inProps := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "t":
				inText = true
			case "pPr":
				inProps = true
			case "tab": // a tab stop's definition in w:pPr is not text
				if !inProps {
					cur.WriteByte('\t')
				}
			case "br":
				cur.WriteByte('\n')
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "t":
				inText = false
			case "pPr":
				inProps = false
			case "p":
				out = append(out, cur.String())
				cur.Reset()
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
}

// docText is the document's paragraphs joined by newlines.
func docText(t *testing.T, parts map[string][]byte) string {
	t.Helper()
	return strings.Join(paragraphs(t, parts["word/document.xml"]), "\n")
}

// wantInOrder checks that each of want appears in got after the one before.
func wantInOrder(t *testing.T, got string, want []string) {
	t.Helper()
	at := 0
	for _, w := range want {
		i := strings.Index(got[at:], w)
		if i < 0 {
			if strings.Contains(got, w) {
				t.Errorf("%q is out of order", w)
			} else {
				t.Errorf("text lacks %q", w)
			}
			continue
		}
		at += i + len(w)
	}
	if t.Failed() {
		t.Logf("text:\n%s", got)
	}
}

// blockTexts is what a document should say, in order, as the renderers write it: the model
// of the layout's text that the DOCX is checked against.
func blockTexts(d docs.Doc) []string {
	up := strings.ToUpper
	var out []string
	add := func(s ...string) {
		for _, x := range s {
			if x = strings.TrimSpace(norm.NFC.String(x)); x != "" {
				out = append(out, x)
			}
		}
	}
	add(d.Form)
	if d.Letterhead.ParentBody != "" || d.Letterhead.IssuingBody != "" || d.Number != "" {
		add(up(d.Letterhead.ParentBody), up(d.Letterhead.IssuingBody), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
		if d.Number != "" {
			add("Số: " + d.Number)
		}
		add(docs.PlaceDate(d.Letterhead.Place, d.Date))
	}
	add(up(d.Title), d.Subtitle)
	sig := func(s docs.Signature) { add(up(s.Authority), up(s.Title), s.Hint, s.Name) }
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case docs.Paragraph:
			var s strings.Builder
			for _, r := range b.Runs {
				s.WriteString(r.Text)
			}
			add(s.String())
		case docs.Placeholder:
			add(b.Hint)
		case docs.Field:
			add(strings.TrimSuffix(b.Label, ":") + ": " + b.Value)
		case docs.Table:
			for _, c := range b.Columns {
				add(c.Title)
			}
			for _, r := range b.Rows {
				add(r...)
			}
		case docs.QR:
			add(b.Caption)
		case docs.SignatureRow:
			for _, s := range b.Signers {
				sig(s)
			}
		}
	}
	if len(d.Recipients) > 0 {
		add("Nơi nhận:")
		for _, r := range d.Recipients {
			add("- " + r)
		}
	}
	if d.Signature != nil {
		sig(*d.Signature)
	}
	return out
}

func TestDOCXPartsAndTextInOrder(t *testing.T) {
	withPlaceholder := register(40)
	withPlaceholder.Form = "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)"
	withPlaceholder.Blocks = append(withPlaceholder.Blocks,
		docs.Placeholder{Hint: "(Phần nội dung do UBND xã soạn)"},
		docs.PageBreak{}, docs.Space{MM: 12},
		docs.Paragraph{Runs: []docs.Run{{Text: "Căn cứ "}, {Text: "Luật Thực hiện dân chủ ở cơ sở", Style: docs.Italic}, {Text: " năm 2022;"}}, Align: docs.Left},
	)
	for _, tc := range []struct {
		name string
		doc  docs.Doc
	}{{"A5 receipt", receipt()}, {"A4 register", withPlaceholder}} {
		t.Run(tc.name, func(t *testing.T) {
			parts := unzip(t, renderDOCX(t, tc.doc))
			got := norm.NFC.String(docText(t, parts))
			want := blockTexts(tc.doc)
			if len(want) < 20 {
				t.Fatalf("only %d texts to look for", len(want))
			}
			// The closing is one row: "Nơi nhận" in the left cell comes before the signature.
			wantInOrder(t, got, want)
		})
	}
}

// Every part is declared and every relationship points at a part; the QR code is a PNG placed
// in the text.
func TestDOCXPackageRelationships(t *testing.T) {
	parts := unzip(t, renderDOCX(t, receipt()))
	ct := string(parts["[Content_Types].xml"])
	for name := range parts {
		if strings.HasPrefix(name, "word/media/") || strings.HasSuffix(name, ".rels") || name == "[Content_Types].xml" {
			continue
		}
		if !strings.Contains(ct, `PartName="/`+name+`"`) {
			t.Errorf("content types lack an override for %s", name)
		}
	}
	if !strings.Contains(ct, `Extension="png" ContentType="image/png"`) {
		t.Error("no content type for PNG")
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(parts["word/_rels/document.xml.rels"], &rels); err != nil {
		t.Fatal(err)
	}
	doc := string(parts["word/document.xml"])
	images := 0
	for _, r := range rels.Rel {
		if _, ok := parts["word/"+r.Target]; !ok {
			t.Errorf("relationship %s targets missing part %s", r.ID, r.Target)
		}
		if strings.HasPrefix(r.Target, "media/") {
			images++
			if !strings.Contains(doc, `r:embed="`+r.ID+`"`) {
				t.Errorf("image %s is never placed", r.ID)
			}
			if _, err := png.Decode(bytes.NewReader(parts["word/"+r.Target])); err != nil {
				t.Errorf("%s: %v", r.Target, err)
			}
		}
	}
	if images != 1 {
		t.Errorf("%d images, want the receipt's one QR code", images)
	}
	for _, id := range []string{"rId3", "rId4"} {
		if !strings.Contains(doc, `r:id="`+id+`"`) {
			t.Errorf("the section does not reference header %s", id)
		}
	}
	core := string(parts["docProps/core.xml"])
	for _, want := range []string{"<dc:title>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</dc:title>", "2026-01-05T02:31:00Z"} {
		if !strings.Contains(core, want) {
			t.Errorf("core properties lack %s:\n%s", want, core)
		}
	}
}

// xmlAttr finds the attribute values of every element named el (local name) in data.
func xmlAttr(t *testing.T, data []byte, el, attr string) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == el {
			for _, a := range s.Attr {
				if a.Name.Local == attr {
					out = append(out, a.Value)
				}
			}
		}
	}
}

func TestDOCXPaperAndMargins(t *testing.T) {
	for _, tc := range []struct {
		name        string
		doc         docs.Doc
		w, h        string
		orient      bool
		body, table string
	}{
		{"A5", receipt(), "8391", "11906", false, "26", "22"},
		{"A4", register(3), "11906", "16838", false, "28", "26"},
		{"A4 landscape", landscape(register(3)), "16838", "11906", true, "28", "26"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := unzip(t, renderDOCX(t, tc.doc))
			doc := parts["word/document.xml"]
			if w, h := xmlAttr(t, doc, "pgSz", "w"), xmlAttr(t, doc, "pgSz", "h"); len(w) != 1 || w[0] != tc.w || h[0] != tc.h {
				t.Errorf("page %v × %v twips, want %s × %s", w, h, tc.w, tc.h)
			}
			if o := xmlAttr(t, doc, "pgSz", "orient"); tc.orient != (len(o) == 1 && o[0] == "landscape") {
				t.Errorf("orientation %v, landscape wanted: %v", o, tc.orient)
			}
			// Decree 30/2020 Annex I: top and bottom 20 mm, left 30 mm, right 15 mm.
			for side, want := range map[string]string{"top": "1134", "bottom": "1134", "left": "1701", "right": "850"} {
				if got := xmlAttr(t, doc, "pgMar", side); len(got) != 1 || got[0] != want {
					t.Errorf("margin %s %v twips, want %s", side, got, want)
				}
			}
			if !bytes.Contains(doc, []byte("<w:titlePg/>")) {
				t.Error("the first page should have its own (empty) header: no number on page 1")
			}
			styles := parts["word/styles.xml"]
			if f := xmlAttr(t, styles, "rFonts", "ascii"); len(f) != 1 || f[0] != "Times New Roman" {
				t.Errorf("fonts %v, want Times New Roman", f)
			}
			if sz := xmlAttr(t, styles, "sz", "val"); len(sz) == 0 || sz[0] != tc.body {
				t.Errorf("body size %v half-points, want %s", sz, tc.body)
			}
			if !bytes.Contains(doc, []byte(`<w:sz w:val="`+tc.table+`"/>`)) {
				t.Errorf("no table text at %s half-points", tc.table)
			}
			header := strings.Join(paragraphs(t, parts["word/header1.xml"]), "")
			if !bytes.Contains(parts["word/header1.xml"], []byte(" PAGE ")) || header != "2" {
				t.Errorf("header1 should hold a PAGE field; text %q", header)
			}
			if first := strings.Join(paragraphs(t, parts["word/header2.xml"]), ""); first != "" {
				t.Errorf("first-page header %q, want empty", first)
			}
		})
	}
}

// The register's table repeats its header row, and the body is justified with an indent.
func TestDOCXTableHeaderAndBody(t *testing.T) {
	parts := unzip(t, renderDOCX(t, register(10)))
	doc := string(parts["word/document.xml"])
	// Tables: the letterhead, the register, the closing; only the register has borders and a
	// repeated header row.
	tables := strings.Split(doc, "<w:tbl>")[1:]
	if len(tables) != 3 {
		t.Fatalf("%d tables, want 3 (letterhead, register, closing)", len(tables))
	}
	reg := tables[1]
	if strings.Count(reg, "<w:tblHeader/>") != 1 || !strings.Contains(reg[:strings.Index(reg, "</w:tr>")], "<w:tblHeader/>") {
		t.Error("the register's first row, and only it, should be a repeated header row")
	}
	if strings.Count(reg, "<w:tr>") != 11 {
		t.Errorf("%d rows, want 1 header + 10", strings.Count(reg, "<w:tr>"))
	}
	if !strings.Contains(reg, `<w:insideH w:val="single"`) {
		t.Error("the register should have borders")
	}
	for _, i := range []int{0, 2} {
		if !strings.Contains(tables[i], `<w:insideV w:val="nil"/>`) || strings.Contains(tables[i], `w:val="single" w:sz="4" w:space="0"`) {
			t.Errorf("table %d (letterhead or closing) should have no borders", i)
		}
	}
	// Two short rules under the issuing body and the motto, one under the subject.
	if n := strings.Count(doc, "<w:pBdr>"); n != 3 {
		t.Errorf("%d rules, want 3", n)
	}
	styles := string(parts["word/styles.xml"])
	if !regexp.MustCompile(`w:styleId="BodyText">.*?<w:ind w:firstLine="567"/><w:jc w:val="both"/>`).MatchString(styles) {
		t.Errorf("the body style should be justified with a 10 mm first-line indent:\n%s", styles)
	}
	if !strings.Contains(doc, `<w:pStyle w:val="BodyText"/>`) {
		t.Error("no body paragraph")
	}
}

func TestDOCXDeterministic(t *testing.T) {
	a, b := renderDOCX(t, receipt()), renderDOCX(t, receipt())
	if !bytes.Equal(a, b) {
		t.Fatal("the same Doc gives different bytes")
	}
	d := receipt()
	d.Created = d.Created.Add(time.Hour)
	if bytes.Equal(a, renderDOCX(t, d)) {
		t.Error("a different Created gives the same bytes: is the time written?")
	}
	zr, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	for _, f := range zr.File {
		if !f.Modified.Equal(receipt().Created.Truncate(time.Second)) {
			t.Errorf("%s modified %v, want the document's Created", f.Name, f.Modified)
		}
	}
}

func TestDOCXOddText(t *testing.T) {
	odd := `a<b>&c "d" 'e' ]]> &amp;`
	d := docs.Doc{Size: docs.A5, Created: time.Unix(0, 0), Title: odd, Number: odd,
		Letterhead: docs.Letterhead{IssuingBody: odd, Place: odd},
		Blocks: []docs.Block{
			docs.Paragraph{Runs: []docs.Run{{Text: "tab\tnul\x00bell\x07c1\u0085nonchar\uFFFEemoji🙂bad\xffend"}}, NoIndent: true},
			docs.Para(odd),
			docs.Paragraph{Runs: []docs.Run{{Text: "dòng một\ndòng hai"}}},
			docs.Field{Label: odd, Value: odd, Leaders: true},
			docs.Table{Columns: []docs.Column{{Title: odd}}, Rows: [][]string{{odd}, {}}},
			docs.QR{Text: odd, Caption: odd},
			docs.Para(""),
			docs.Space{MM: 500},
			docs.SignatureRow{},
			docs.Table{},
			(*docs.Table)(nil),
			nil,
		},
		Signature: &docs.Signature{Name: odd}, Recipients: []string{odd},
	}
	parts := unzip(t, renderDOCX(t, d))
	ps := paragraphs(t, parts["word/document.xml"])
	text := strings.Join(ps, "\n")
	if n := strings.Count(text, odd); n < 10 {
		t.Errorf("XML-special characters should come back as typed; found %d times in:\n%s", n, text)
	}
	if !strings.Contains(text, "tab nulbellc1noncharemoji?bad?end") {
		t.Errorf("control characters and runes the fonts may lack should become spaces, nothing or ?; got:\n%s", text)
	}
	if !strings.Contains(text, "dòng một\ndòng hai") {
		t.Errorf("a newline in a run should break the line:\n%s", text)
	}
	if !strings.Contains(string(parts["docProps/core.xml"]), "<dc:title>a&lt;b&gt;&amp;c &quot;d&quot; &apos;e&apos; ]]&gt; &amp;amp;</dc:title>") {
		t.Errorf("title not escaped:\n%s", parts["docProps/core.xml"])
	}

	// Decomposed Vietnamese gives the same document as composed.
	for _, doc := range []docs.Doc{receipt(), register(20)} {
		nfd := mapText(doc, norm.NFD.String)
		if !bytes.Equal(renderDOCX(t, doc), renderDOCX(t, nfd)) {
			t.Errorf("%s: NFD input gives a different DOCX from NFC input", doc.Title)
		}
	}
}

func TestDOCXRejects(t *testing.T) {
	for name, d := range map[string]docs.Doc{
		"unknown size": {Size: docs.Size(9)},
		"row too wide": {Blocks: []docs.Block{docs.Para("x"), docs.Table{Columns: []docs.Column{{Title: "a"}}, Rows: [][]string{{"1", "2"}}}}},
		"qr too long":  {Blocks: []docs.Block{docs.QR{Text: strings.Repeat("x", 5000)}}},
	} {
		var buf bytes.Buffer
		if err := docs.RenderDOCX(&buf, d); err == nil {
			t.Errorf("%s: no error", name)
		} else if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, buf.Len())
		}
	}
	// A failing writer's error comes back.
	boom := errors.New("disk full")
	if err := docs.RenderDOCX(failWriter{boom}, register(50)); !errors.Is(err, boom) {
		t.Errorf("write error %v, want %v", err, boom)
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestPlaceholder(t *testing.T) {
	hint := "(Phần nội dung do UBND xã soạn: kết quả thực hiện trong tháng)"
	d := docs.Doc{Size: docs.A4, Created: time.Unix(0, 0), Title: "Báo cáo", Blocks: []docs.Block{
		docs.Para("Trước."),
		docs.Placeholder{Hint: hint, Lines: 3},
		docs.Para("Sau."),
	}}
	parts := unzip(t, renderDOCX(t, d))
	doc := string(parts["word/document.xml"])
	if !regexp.MustCompile(`<w:pStyle w:val="Placeholder"/>.*` + regexp.QuoteMeta(hint)).MatchString(doc) {
		t.Errorf("the hint should be a paragraph of the Placeholder style:\n%s", doc)
	}
	if n := strings.Count(doc, `w:leader="dot"`); n != 3 {
		t.Errorf("%d dotted lines, want 3", n)
	}
	styles := string(parts["word/styles.xml"])
	if !regexp.MustCompile(`w:styleId="Placeholder"><w:name w:val="Nội dung cần soạn"/><w:basedOn w:val="BodyText"/><w:next w:val="BodyText"/>.*?<w:i/>`).MatchString(styles) {
		t.Errorf("the Placeholder style should be italic body text followed by body text:\n%s", styles)
	}
	wantInOrder(t, docText(t, parts), []string{"Trước.", hint, "\t\n\t\n\t", "Sau."})

	// The PDF draws the hint in italic and the dotted lines.
	got := flat(text(t, render(t, d)))
	if !regexp.MustCompile(`Trước\. ` + regexp.QuoteMeta(hint) + ` \.{20,} \.{20,} \.{20,} Sau\.`).MatchString(got) {
		t.Errorf("PDF: want the hint, three dotted lines, then the next paragraph; got:\n%s", got)
	}
}

// TestDOCXBoundedMemory renders a register of 5,000 rows: what it allocates is a small part
// of the document it writes, so the document is never held whole.
func TestDOCXBoundedMemory(t *testing.T) {
	d := register(5000)
	var size countWriter
	if err := docs.RenderDOCX(&size, d); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, renderDOCX(t, d))
	xmlSize := len(parts["word/document.xml"])
	if xmlSize < 5<<20 {
		t.Fatalf("document.xml is %d bytes: the register should make several megabytes", xmlSize)
	}
	// No collection while measuring, and one P: a collection empties the pools (of
	// compressors, of measuring fonts), and a pool's item kept by another P is not found;
	// either would count a refill against the rows.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	allocated := func(d docs.Doc) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if err := docs.RenderDOCX(&size, d); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	allocated(d) // fills the pools
	small, large := allocated(register(500)), allocated(d)
	t.Logf("document.xml %d bytes; allocated %d bytes for 500 rows, %d for 5,000", xmlSize, small, large)
	if large > uint64(xmlSize)/8 {
		t.Errorf("allocated %d bytes for a document.xml of %d: is the document built in memory?", large, xmlSize)
	}
	if large > small+64<<10 {
		t.Errorf("4,500 more rows take %d more bytes: memory should not grow with the rows", large-small)
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func BenchmarkRenderDOCXRegister5000(b *testing.B) {
	d := register(5000)
	var w countWriter
	b.ReportAllocs()
	for b.Loop() {
		w.n = 0
		if err := docs.RenderDOCX(&w, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w.n), "docx-bytes")
}

func BenchmarkRenderDOCXReceipt(b *testing.B) {
	d := receipt()
	var w countWriter
	b.ReportAllocs()
	for b.Loop() {
		w.n = 0
		if err := docs.RenderDOCX(&w, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w.n), "docx-bytes")
}

// convert converts the DOCX files to PDF with LibreOffice (package officetest).
func convert(t *testing.T, docxs map[string][]byte) map[string][]byte {
	return officetest.Convert(t, docxs)
}

// TestDOCXOpensInLibreOffice converts documents to PDF with LibreOffice and reads them back:
// the paper, every Vietnamese letter in every style, the letterhead, the register's header
// row on every page, page numbers from the second page, the closing.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	line := norm.NFD.String(strings.Join(letters(), " "))
	all := docs.Doc{Size: docs.A4, Created: time.Unix(0, 0)}
	for _, st := range []docs.Style{docs.Regular, docs.Bold, docs.Italic, docs.BoldItalic} {
		all.Blocks = append(all.Blocks, docs.Paragraph{Runs: []docs.Run{{Text: line, Style: st}}, Align: docs.Left, NoIndent: true})
	}
	const rows = 120
	pdfs := convert(t, map[string][]byte{
		"receipt":   renderDOCX(t, receipt()),
		"register":  renderDOCX(t, register(rows)),
		"landscape": renderDOCX(t, landscape(register(5))),
		"letters":   renderDOCX(t, all),
	})

	t.Run("receipt", func(t *testing.T) {
		pdf := pdfs["receipt"]
		if _, size := info(t, pdf); !strings.HasPrefix(size, "419.") || !strings.Contains(size, "x 595.") {
			t.Errorf("page size %q, want A5 419.53 x 595.28 pts", size)
		}
		got := text(t, pdf)
		for _, want := range []string{
			"UBND HUYỆN PHÚ LƯƠNG", "UBND XÃ BÌNH YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"Độc lập - Tự do - Hạnh phúc", "Số: 05/PTN-UBND", "Bình Yên, ngày 05 tháng 01 năm 2026",
			"Người được ủy quyền: Đặng Văn Ưng", "Người làm chứng: Lường Thị Ơn", "Số điện thoại: 0912 345 678 ....",
			"Quét mã để tra cứu tình trạng hồ sơ", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN", "(Ký, ghi rõ họ tên)",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("PDF lacks %q; got:\n%s", want, got)
			}
		}
		if !strings.Contains(flat(got), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") {
			t.Errorf("PDF lacks the title; got:\n%s", got)
		}
		// The letterhead's two columns sit side by side.
		if !regexp.MustCompile(`UBND HUYỆN PHÚ LƯƠNG\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`).MatchString(got) {
			t.Errorf("letterhead columns not side by side:\n%s", got)
		}
	})

	t.Run("register", func(t *testing.T) {
		pdf := pdfs["register"]
		pages, size := info(t, pdf)
		if pages < 3 || !strings.HasPrefix(size, "595.") || !strings.Contains(size, "x 841.") {
			t.Fatalf("%d pages of %q, want at least 3 A4 pages", pages, size)
		}
		code := regexp.MustCompile(`260105-(\d{4})`)
		next := 1
		for p := 1; p <= pages; p++ {
			n := strconv.Itoa(p)
			page := text(t, pdf, "-f", n, "-l", n)
			first := strings.Fields(page)[0]
			if p == 1 && first == "1" || p > 1 && first != n {
				t.Errorf("page %d starts with %q; want its number at the top from page 2", p, first)
			}
			codes := code.FindAllStringSubmatch(page, -1)
			if len(codes) > 0 && !(strings.Contains(page, "STT") && strings.Contains(page, "Người nộp")) {
				t.Errorf("page %d has rows but no header row:\n%s", p, page)
			}
			for _, c := range codes {
				if got, _ := strconv.Atoi(c[1]); got != next {
					t.Fatalf("page %d: row %d where row %d was expected", p, got, next)
				}
				next++
			}
		}
		if next != rows+1 {
			t.Errorf("found %d rows, want %d", next-1, rows)
		}
		last := text(t, pdf, "-f", strconv.Itoa(pages), "-l", strconv.Itoa(pages))
		if !regexp.MustCompile(`Nơi nhận:\s+TM\. ỦY BAN NHÂN DÂN`).MatchString(last) {
			t.Errorf("closing: want \"Nơi nhận:\" beside \"TM. ỦY BAN NHÂN DÂN\"; got:\n%s", last)
		}
		for _, want := range []string{"CHỦ TỊCH", "Lường Thị Ơn", "- UBND tỉnh Thái Nguyên (b/c);", "- Lưu: VT, VP."} {
			if !strings.Contains(last, want) {
				t.Errorf("last page lacks %q:\n%s", want, last)
			}
		}
	})

	t.Run("landscape", func(t *testing.T) {
		if _, size := info(t, pdfs["landscape"]); !strings.HasPrefix(size, "841.") || !strings.Contains(size, "x 595.") {
			t.Errorf("page size %q, want A4 landscape 841.89 x 595.28 pts", size)
		}
	})

	t.Run("every letter in every style", func(t *testing.T) {
		got := strings.Join(strings.Fields(text(t, pdfs["letters"])), "")
		want := strings.ReplaceAll(norm.NFC.String(line), " ", "")
		if n := strings.Count(got, want); n != 4 {
			t.Errorf("every letter should come back in each of 4 styles, found %d times\nwant %s\ngot  %s", n, want, got)
		}
	})

	// Every letter was set in Times New Roman or its metric twin, none filled in from another
	// font.
	t.Run("fonts", func(t *testing.T) {
		for name, pdf := range pdfs {
			lines := strings.Split(strings.TrimSpace(run(t, pdf, "pdffonts")), "\n")
			if len(lines) < 3 {
				t.Errorf("%s: no fonts", name)
			}
			for _, l := range lines[min(2, len(lines)):] {
				if !strings.Contains(l, "LiberationSerif") && !strings.Contains(l, "TimesNewRoman") {
					t.Errorf("%s: font %s is neither Times New Roman nor Liberation Serif", name, strings.Fields(l)[0])
				}
			}
		}
	})
}

func ExampleRenderDOCX() {
	var buf bytes.Buffer
	d := docs.Doc{Size: docs.A4, Title: "Báo cáo", Created: time.Date(2026, 3, 9, 8, 0, 0, 0, hcm), Blocks: []docs.Block{
		docs.Para("Ủy ban nhân dân xã Bình Yên báo cáo như sau:"),
		docs.Placeholder{Hint: "(Phần nội dung do UBND xã soạn)"},
	}}
	if err := docs.RenderDOCX(&buf, d); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(buf.Bytes()[:2]))
	// Output: PK
}
