package richtext

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var allowedElements = map[string]bool{
	"p": true, "br": true, "strong": true, "b": true, "em": true, "i": true,
	"u": true, "ul": true, "ol": true, "li": true, "h2": true, "h3": true,
	"h4": true, "blockquote": true, "table": true, "thead": true,
	"tbody": true, "tr": true, "th": true, "td": true, "a": true,
}

// checkSafe parses out independently of Sanitize and reports anything
// outside the allow-list.
func checkSafe(out string) error {
	if strings.Contains(strings.ToLower(out), "<script") {
		return fmt.Errorf("output contains <script: %q", out)
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		return err
	}
	var check func(n *html.Node) error
	check = func(n *html.Node) error {
		switch n.Type {
		case html.TextNode:
		case html.ElementNode:
			if n.Namespace != "" || !allowedElements[n.Data] {
				return fmt.Errorf("element %s:%s in %q", n.Namespace, n.Data, out)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					return fmt.Errorf("event attribute %s in %q", a.Key, out)
				}
				// a.Val is already unescaped by the parser; strip what
				// a browser ignores in a URL before looking.
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= 0x20 {
						return -1
					}
					return r
				}, a.Val))
				if strings.Contains(v, "javascript:") {
					return fmt.Errorf("javascript: in attribute %s=%q", a.Key, a.Val)
				}
				ok := false
				switch {
				case n.Data == "a" && a.Key == "href":
					_, ok = cleanHref(a.Val)
					ok = ok && (strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") ||
						strings.HasPrefix(v, "mailto:") || (strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") && !strings.HasPrefix(v, `/\`)))
				case n.Data == "a" && a.Key == "rel":
					ok = a.Val == "nofollow noopener"
				case (n.Data == "td" || n.Data == "th") && (a.Key == "colspan" || a.Key == "rowspan"):
					_, ok = cleanSpan(a.Val)
				}
				if !ok {
					return fmt.Errorf("attribute %s=%q on %s in %q", a.Key, a.Val, n.Data, out)
				}
			}
		default:
			return fmt.Errorf("node type %v in %q", n.Type, out)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if err := check(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, n := range nodes {
		if err := check(n); err != nil {
			return err
		}
	}
	return nil
}

func FuzzSanitize(f *testing.F) {
	seeds := []string{
		"<p>Xin chào <b>bà con</b></p>",
		`<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<a href="https://example.vn/?a=1&b=2">x</a>`,
		"<table><caption>c</caption><tr><td colspan=2>1</td></tr><tfoot><tr><th>f</tr></table>",
		"<ul>x<li>a<ul><li>b</ul></ul>",
		"<p><button><h2>h</h2><table><td>x</table></button>",
		"<svg><p onclick=x>in</p><script>y</script></svg>",
		"<li><blockquote><li>x</li></blockquote>",
		"<b><i>a</b>c</i><a href=/x><a href=/y>z</a>",
		"<select><option>o<script>s</script></select>",
		"<textarea></textarea><p>x</p>",
		"<h2><span><h3>x</h3></span></h2>",
		"<!-- c --><![CDATA[x]]><?pi?>",
		"a\r\nb\rc&#13;d\x00e",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add(strings.Join(soupTokens, ""))
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if err := checkSafe(out); err != nil {
			t.Fatalf("input %q: %v", in, err)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent for %q:\nonce  %q\ntwice %q", in, out, again)
		}
		_ = Text(in)
	})
}
