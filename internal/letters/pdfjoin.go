package letters

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
)

// joinPDFs writes the documents of pdfs, each written by docs.Render, as one PDF whose pages
// are theirs in order: the print queue's batch, where every letter keeps its own Decree 30
// layout (the docs package renders one document a file). Each document's objects are kept
// byte for byte (stream data untouched), renumbered after the previous document's; its page
// tree becomes a child of one new root. It reads the simple files docs.Render writes (a
// classic cross-reference table, direct stream lengths) and refuses anything else.
func joinPDFs(w io.Writer, pdfs [][]byte) error {
	var out bytes.Buffer
	out.WriteString("%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
	var offsets []int // of objects 1, 2, … in out
	var pagesNodes []int
	type parsed struct {
		objs  map[int][]byte
		n     int
		pages int
	}
	docs := make([]parsed, 0, len(pdfs))
	total := 0
	for i, b := range pdfs {
		objs, n, pages, err := pdfObjects(b)
		if err != nil {
			return fmt.Errorf("letters: join PDF %d: %w", i+1, err)
		}
		docs = append(docs, parsed{objs, n, pages})
		total += n
	}
	root := total + 1
	catalog := total + 2
	base := 0
	for _, d := range docs {
		for num := 1; num <= d.n; num++ {
			obj, ok := d.objs[num]
			if !ok {
				obj = []byte(strconv.Itoa(num) + " 0 obj\nnull\nendobj\n")
			}
			head, stream := splitStream(obj)
			head = refRe.ReplaceAllFunc(head, func(m []byte) []byte {
				k, _ := strconv.Atoi(string(refRe.FindSubmatch(m)[1]))
				return []byte(strconv.Itoa(k+base) + " 0 R")
			})
			head = objRe.ReplaceAllFunc(head, func(m []byte) []byte {
				k, _ := strconv.Atoi(string(objRe.FindSubmatch(m)[1]))
				return []byte(strconv.Itoa(k+base) + " 0 obj")
			})
			if num == d.pages {
				head = bytes.Replace(head, []byte("<<"), []byte("<</Parent "+strconv.Itoa(root)+" 0 R\n"), 1)
				pagesNodes = append(pagesNodes, num+base)
			}
			offsets = append(offsets, out.Len())
			out.Write(head)
			out.Write(stream)
			if !bytes.HasSuffix(stream, []byte("\n")) && !bytes.HasSuffix(head, []byte("\n")) {
				out.WriteByte('\n')
			}
		}
		base += d.n
	}
	count := 0
	for _, d := range docs {
		count += pageCount(d.objs[d.pages])
	}
	offsets = append(offsets, out.Len())
	fmt.Fprintf(&out, "%d 0 obj\n<</Type /Pages\n/Kids [", root)
	for _, p := range pagesNodes {
		fmt.Fprintf(&out, "%d 0 R ", p)
	}
	fmt.Fprintf(&out, "]\n/Count %d\n>>\nendobj\n", count)
	offsets = append(offsets, out.Len())
	fmt.Fprintf(&out, "%d 0 obj\n<</Type /Catalog\n/Pages %d 0 R\n/Lang (vi)\n>>\nendobj\n", catalog, root)
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, catalog, xref)
	_, err := w.Write(out.Bytes())
	return err
}

var (
	refRe     = regexp.MustCompile(`\b(\d+) 0 R\b`)
	objRe     = regexp.MustCompile(`^(\d+) 0 obj`)
	rootRe    = regexp.MustCompile(`/Root (\d+) 0 R`)
	pagesRe   = regexp.MustCompile(`/Pages (\d+) 0 R`)
	countRe   = regexp.MustCompile(`/Count (\d+)`)
	xrefHead  = regexp.MustCompile(`^0 (\d+)\s*$`)
	errFormat = errors.New("not a file of docs.Render")
)

// pdfObjects reads the objects of a PDF by its cross-reference table: each object is the
// bytes from its offset to the next object's (or the table). It returns them by number, the
// highest number, and the number of the root of the page tree.
func pdfObjects(b []byte) (map[int][]byte, int, int, error) {
	sx := bytes.LastIndex(b, []byte("startxref"))
	if sx < 0 {
		return nil, 0, 0, errFormat
	}
	var xref int
	if _, err := fmt.Sscan(string(b[sx+len("startxref"):]), &xref); err != nil || xref <= 0 || xref >= len(b) {
		return nil, 0, 0, errFormat
	}
	lines := bytes.Split(b[xref:sx], []byte("\n"))
	if len(lines) < 3 || string(bytes.TrimSpace(lines[0])) != "xref" {
		return nil, 0, 0, errFormat
	}
	m := xrefHead.FindSubmatch(lines[1])
	if m == nil {
		return nil, 0, 0, errFormat
	}
	n, _ := strconv.Atoi(string(m[1]))
	if n < 2 || len(lines) < 2+n {
		return nil, 0, 0, errFormat
	}
	type at struct{ num, off int }
	var ats []at
	for i := 1; i < n; i++ {
		f := bytes.Fields(lines[2+i])
		if len(f) != 3 || string(f[2]) != "n" {
			continue
		}
		off, err := strconv.Atoi(string(f[0]))
		if err != nil || off <= 0 || off >= xref {
			return nil, 0, 0, errFormat
		}
		ats = append(ats, at{i, off})
	}
	sort.Slice(ats, func(i, j int) bool { return ats[i].off < ats[j].off })
	objs := make(map[int][]byte, len(ats))
	for i, a := range ats {
		end := xref
		if i+1 < len(ats) {
			end = ats[i+1].off
		}
		obj := b[a.off:end]
		if !bytes.HasPrefix(obj, []byte(strconv.Itoa(a.num)+" 0 obj")) {
			return nil, 0, 0, errFormat
		}
		objs[a.num] = obj
	}
	rm := rootRe.FindSubmatch(b[sx-min(sx, 400) : sx])
	if rm == nil {
		// The trailer sits between the table and startxref.
		rm = rootRe.FindSubmatch(b[xref:sx])
	}
	if rm == nil {
		return nil, 0, 0, errFormat
	}
	rootNum, _ := strconv.Atoi(string(rm[1]))
	head, _ := splitStream(objs[rootNum])
	pm := pagesRe.FindSubmatch(head)
	if pm == nil {
		return nil, 0, 0, errFormat
	}
	pages, _ := strconv.Atoi(string(pm[1]))
	if _, ok := objs[pages]; !ok {
		return nil, 0, 0, errFormat
	}
	return objs, n - 1, pages, nil
}

// splitStream cuts an object before its stream data, so that only its dictionary is
// rewritten.
func splitStream(obj []byte) (head, stream []byte) {
	i := bytes.Index(obj, []byte(">>\nstream"))
	if i < 0 {
		return obj, nil
	}
	i += len(">>\n")
	return obj[:i], obj[i:]
}

func pageCount(obj []byte) int {
	head, _ := splitStream(obj)
	m := countRe.FindSubmatch(head)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
