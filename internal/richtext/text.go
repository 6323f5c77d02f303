package richtext

import "strings"

// blocks end a line in Text.
var blocks = map[string]bool{
	"p": true, "br": true, "ul": true, "ol": true, "li": true, "h2": true,
	"h3": true, "h4": true, "blockquote": true, "table": true, "thead": true,
	"tbody": true, "tr": true,
}

// Text returns the plain text of what Sanitize keeps of in: entities
// decoded, white space collapsed to single spaces, one line per block
// (paragraph, heading, list item, table row, line break), no blank lines.
// Cells of a row are separated by a space.
func Text(in string) string {
	var lines []string
	var line strings.Builder
	flush := func() {
		if l := strings.Join(strings.Fields(line.String()), " "); l != "" {
			lines = append(lines, l)
		}
		line.Reset()
	}
	var walk func(n *node)
	walk = func(n *node) {
		if n.tag == "" {
			line.WriteString(n.text)
			return
		}
		if blocks[n.tag] {
			flush()
		}
		for _, c := range n.children {
			walk(c)
		}
		switch {
		case blocks[n.tag]:
			flush()
		case n.tag == "td" || n.tag == "th":
			line.WriteByte(' ')
		}
	}
	for _, n := range build(in) {
		walk(n)
	}
	flush()
	return strings.Join(lines, "\n")
}
