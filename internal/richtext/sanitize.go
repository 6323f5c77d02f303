package richtext

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// node is one node of the sanitized tree. A node with an empty tag is text.
type node struct {
	tag      string
	attrs    []attr
	text     string
	children []*node
}

type attr struct{ key, val string }

// context says what the parent of a node may hold. Each allowed element is
// kept only where the HTML parser would leave it in place on a second
// parse; elsewhere it is unwrapped (its content kept, in the same context).
type context int

const (
	ctxFlow     context = iota // root, li, blockquote, td, th: anything
	ctxPhrasing                // p, h2–h4, strong, b, em, i, u: inline only
	ctxLink                    // inside a: inline only, no nested a
	ctxList                    // ul, ol: li (loose content gets one)
	ctxTable                   // table: thead, tbody (loose rows get one)
	ctxSection                 // thead, tbody: tr only
	ctxRow                     // tr: th, td only
)

// dropped elements lose their content as well: it is code, styling, or
// markup from another vocabulary, never text a reader should see.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Template: true, atom.Noscript: true, atom.Svg: true,
	atom.Math: true, atom.Applet: true, atom.Frame: true, atom.Frameset: true,
	atom.Noembed: true, atom.Noframes: true, atom.Head: true, atom.Title: true,
	atom.Colgroup: true, atom.Col: true, atom.Select: true,
}

var phrasing = map[atom.Atom]bool{
	atom.Br: true, atom.Strong: true, atom.B: true, atom.Em: true,
	atom.I: true, atom.U: true, atom.A: true,
}

var flowBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Ul: true, atom.Ol: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.Blockquote: true, atom.Table: true,
}

// childContext is the context of the children of an allowed element a
// standing in context ctx.
func childContext(a atom.Atom, ctx context) context {
	if ctx == ctxLink {
		return ctxLink // a link may not hold a link at any depth
	}
	switch a {
	case atom.A:
		return ctxLink
	case atom.Ul, atom.Ol:
		return ctxList
	case atom.Table:
		return ctxTable
	case atom.Thead, atom.Tbody:
		return ctxSection
	case atom.Tr:
		return ctxRow
	case atom.Li, atom.Blockquote, atom.Td, atom.Th:
		return ctxFlow
	}
	return ctxPhrasing
}

// Sanitize returns safe, balanced HTML holding what is allowed of in:
// the elements p, br, strong, b, em, i, u, ul, ol, li, h2, h3, h4,
// blockquote, table, thead, tbody, tr, th, td and a; href on a (http,
// https, mailto, or a path starting with a single "/"), with
// rel="nofollow noopener" added; colspan and rowspan (1–20) on td and th.
// Other elements are removed and their text kept, except script, style,
// iframe, object, embed, template, noscript, svg, math and a few more, whose
// content is dropped. Comments are dropped and text is re-escaped.
// Sanitize(Sanitize(s)) == Sanitize(s).
func Sanitize(in string) string {
	var b strings.Builder
	for _, n := range build(in) {
		render(&b, n)
	}
	return b.String()
}

// build parses in as the content of a body element and returns the
// sanitized tree.
func build(in string) []*node {
	in = strings.ToValidUTF8(in, "\uFFFD")
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(in), body)
	if err != nil {
		// The parser only fails when its reader does; a strings.Reader
		// does not. Returning nothing is the safe answer regardless.
		return nil
	}
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return convert(root, ctxFlow)
}

// convert returns the sanitized children of parent, in context ctx.
func convert(parent *html.Node, ctx context) []*node {
	var out []*node
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, convertNode(c, ctx)...)
	}
	switch ctx {
	case ctxList:
		return groupLoose(out, atom.Li.String())
	case ctxTable:
		return groupLoose(out, atom.Tbody.String())
	}
	return out
}

// convertNode returns what n becomes in context ctx: nothing, one node,
// or (when n is unwrapped) its converted children.
func convertNode(n *html.Node, ctx context) []*node {
	switch n.Type {
	case html.TextNode:
		t := cleanText(n.Data)
		if t == "" || ctx == ctxTable || ctx == ctxSection || ctx == ctxRow {
			// The parser moves any non-blank text out of tables, so only
			// white space reaches here; it carries no meaning.
			return nil
		}
		return []*node{{text: t}}
	case html.ElementNode:
	default:
		return nil // comments, doctypes
	}
	if n.Namespace != "" || dropped[n.DataAtom] {
		return nil
	}
	a := n.DataAtom
	if a == atom.Tfoot {
		a = atom.Tbody // keep the rows, in a section we allow
	}
	if a == atom.Caption && ctx == ctxTable {
		// A caption's text is kept in front of the table, where the
		// table's parent (always flow content) can hold it.
		return []*node{{tag: "caption", children: convert(n, ctxFlow)}}
	}
	if ctx == ctxList && a != atom.Li && permitted(a, ctxFlow) {
		// Loose content of a list goes into an implied item, which holds
		// flow content.
		return convertNode(n, ctxFlow)
	}
	if !permitted(a, ctx) {
		return convert(n, ctx)
	}
	out := &node{tag: a.String()}
	switch a {
	case atom.A:
		href, ok := "", false
		for _, at := range n.Attr {
			if at.Namespace == "" && at.Key == "href" {
				href, ok = cleanHref(at.Val)
				break
			}
		}
		if !ok {
			return convert(n, ctx)
		}
		out.attrs = []attr{{"href", href}, {"rel", "nofollow noopener"}}
	case atom.Td, atom.Th:
		for _, key := range []string{"colspan", "rowspan"} {
			for _, at := range n.Attr {
				if at.Namespace == "" && at.Key == key {
					if v, ok := cleanSpan(at.Val); ok {
						out.attrs = append(out.attrs, attr{key, v})
					}
					break
				}
			}
		}
	}
	if a == atom.Br {
		return []*node{out}
	}
	out.children = convert(n, childContext(a, ctx))
	if a == atom.Table {
		// Hoist captions before the table.
		var before []*node
		kept := out.children[:0]
		for _, c := range out.children {
			if c.tag == "caption" {
				before = append(before, c.children...)
			} else {
				kept = append(kept, c)
			}
		}
		out.children = kept
		return append(before, out)
	}
	return []*node{out}
}

// permitted reports whether the allowed element a may stand in context ctx.
func permitted(a atom.Atom, ctx context) bool {
	switch ctx {
	case ctxFlow:
		return phrasing[a] || flowBlocks[a]
	case ctxPhrasing:
		return phrasing[a]
	case ctxLink:
		return phrasing[a] && a != atom.A
	case ctxList:
		return a == atom.Li
	case ctxTable:
		return a == atom.Thead || a == atom.Tbody || a == atom.Tr
	case ctxSection:
		return a == atom.Tr
	case ctxRow:
		return a == atom.Td || a == atom.Th
	}
	return false
}

// groupLoose wraps each run of nodes that are not wrapper elements (loose
// content in a list, loose rows in a table) in a new wrapper element, as a
// parser would imply one. Runs of white space alone are dropped.
func groupLoose(nodes []*node, wrapper string) []*node {
	var out, run []*node
	flush := func() {
		for _, r := range run {
			if r.tag != "" || strings.TrimSpace(r.text) != "" {
				out = append(out, &node{tag: wrapper, children: run})
				break
			}
		}
		run = nil
	}
	for _, n := range nodes {
		if n.tag == wrapper || (wrapper == "tbody" && (n.tag == "thead" || n.tag == "caption")) {
			flush()
			out = append(out, n)
			continue
		}
		run = append(run, n)
	}
	flush()
	return out
}

// cleanText removes characters that have no place in text: C0 and C1
// controls other than tab and newline. A carriage return is dropped too:
// the parser turns a literal one into a newline, so keeping it would make a
// second pass differ.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

// cleanHref returns the href to keep, with the characters browsers ignore
// in URLs removed, and whether it may be kept at all.
func cleanHref(v string) (string, bool) {
	// WHATWG URL: tab and newlines are removed anywhere, C0 controls and
	// spaces are trimmed at both ends. Check what the browser will see.
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.TrimFunc(v, func(r rune) bool { return r <= 0x20 })
	if v == "" || !utf8.ValidString(v) {
		return "", false
	}
	for _, r := range v {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			return "", false
		}
	}
	lower := strings.ToLower(v)
	if strings.Contains(lower, "javascript:") || strings.Contains(lower, "vbscript:") {
		// Harmless outside the scheme, but never needed in a staff link,
		// and refusing it outright is easy to check.
		return "", false
	}
	if v[0] == '/' {
		// A second "/" or "\" makes a protocol-relative URL to another host.
		if len(v) > 1 && (v[1] == '/' || v[1] == '\\') {
			return "", false
		}
		return v, true
	}
	for _, scheme := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(lower, scheme) && len(v) > len(scheme) {
			return v, true
		}
	}
	return "", false
}

// cleanSpan returns a colspan or rowspan value in canonical form.
func cleanSpan(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 4 {
		return "", false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return "", false
		}
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 20 {
		return "", false
	}
	return strconv.Itoa(n), true
}

// render writes n as HTML.
func render(b *strings.Builder, n *node) {
	if n.tag == "" {
		b.WriteString(html.EscapeString(n.text))
		return
	}
	b.WriteByte('<')
	b.WriteString(n.tag)
	for _, a := range n.attrs {
		b.WriteByte(' ')
		b.WriteString(a.key)
		b.WriteString(`="`)
		b.WriteString(html.EscapeString(a.val))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	if n.tag == "br" {
		return
	}
	for _, c := range n.children {
		render(b, c)
	}
	b.WriteString("</")
	b.WriteString(n.tag)
	b.WriteByte('>')
}
