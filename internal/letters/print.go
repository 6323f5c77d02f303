package letters

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
)

// The printables, in the layout of Decree 30/2020/NĐ-CP: a letter (letterhead, place and
// date, title, body, the chairman's signature), the print queue's batch (each letter on its
// own pages), and a loudspeaker script for the reader. No law gives a model for these
// letters: no form number is printed.

// LetterDoc is a letter as printed and signed.
func LetterDoc(c commune.Commune, l Letter, now time.Time) docs.Doc {
	var blocks []docs.Block
	for i, line := range l.Lines() {
		if i == 0 && strings.HasPrefix(line, "Kính gửi") {
			blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: line, Style: docs.Bold}}, Align: docs.Center, NoIndent: true}, docs.Space{MM: 2})
			continue
		}
		blocks = append(blocks, docs.Para(line))
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Date: l.CreatedAt.In(calendar.Zone), Title: l.Title, Blocks: blocks,
		Signature: &docs.Signature{Authority: vi("letters.pdf.authority"), Title: vi("letters.pdf.chairman"), Name: c.Chairman},
		Author:    c.Committee(), Created: now}
}

// WriteBatch writes the letters as one PDF for the printer, each letter starting a page.
func WriteBatch(w io.Writer, c commune.Commune, ls []Letter, now time.Time) error {
	if len(ls) == 0 {
		return fmt.Errorf("letters: batch: no letter")
	}
	pdfs := make([][]byte, 0, len(ls))
	for _, l := range ls {
		var b bytes.Buffer
		if err := docs.Render(&b, LetterDoc(c, l, now)); err != nil {
			return err
		}
		pdfs = append(pdfs, b.Bytes())
	}
	if len(pdfs) == 1 {
		_, err := w.Write(pdfs[0])
		return err
	}
	return joinPDFs(w, pdfs)
}

// ScriptDoc is a loudspeaker script for the reader: the day, the hamlets, the text as it is
// read, and a table to note when it was read in each hamlet.
func ScriptDoc(c commune.Commune, sc Script, now time.Time) docs.Doc {
	hamlets := make([]string, 0, len(sc.Readings))
	for _, r := range sc.Readings {
		hamlets = append(hamlets, r.Hamlet)
	}
	blocks := []docs.Block{
		docs.Field{Label: vi("letters.field.read_on"), Value: sc.ReadOn.Time().Format("02/01/2006"), Bold: true},
		docs.Field{Label: vi("letters.field.hamlets"), Value: strings.Join(hamlets, ", ")},
		docs.Space{MM: 2},
	}
	for _, line := range sc.SpokenLines() {
		blocks = append(blocks, docs.Para(line))
	}
	rows := make([][]string, 0, len(sc.Readings))
	for i, r := range sc.Readings {
		when := ""
		if !r.ReadAt.IsZero() {
			when = r.ReadAt.In(calendar.Zone).Format("15:04 02/01/2006")
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), r.Hamlet, when, ""})
	}
	if len(rows) > 0 {
		blocks = append(blocks, docs.Space{MM: 4}, docs.Table{Columns: []docs.Column{{Title: vi("letters.col.no"), Width: 0.6, Align: docs.Center},
			{Title: vi("letters.col.hamlet"), Width: 3}, {Title: vi("letters.col.read_at"), Width: 2.4}, {Title: vi("letters.col.reader"), Width: 2.4}}, Rows: rows})
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Date: sc.Created.In(calendar.Zone), Title: vi("letters.pdf.script_title"),
		Subtitle: sc.Title, Blocks: blocks, Author: c.Committee(), Created: now}
}

// vi is a message in Vietnamese, for the printables.
func vi(key string) string {
	if m, ok := Messages[key]; ok {
		return m[0]
	}
	return key
}

func renderDoc(w io.Writer, d docs.Doc) error { return docs.Render(w, d) }
