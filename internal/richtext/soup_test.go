package richtext

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// soupTokens are the pieces that make the HTML parser restructure a tree:
// scope boundaries, implied end tags, foster parenting, formatting
// elements, foreign content and raw text.
var soupTokens = []string{
	"<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<strong>", "<em>", "<u>", "</u>",
	"<a href=/x>", "<a href='https://e.vn'>", "<a>", "</a>", "<br>", "</br>",
	"<ul>", "</ul>", "<ol>", "<li>", "</li>", "<h2>", "</h2>", "<h3>", "<h4>", "<h1>",
	"<blockquote>", "</blockquote>", "<table>", "</table>", "<caption>", "</caption>",
	"<thead>", "<tbody>", "<tfoot>", "<tr>", "</tr>", "<td colspan=2>", "<td>", "</td>",
	"<th>", "<colgroup>", "<col>", "<div>", "</div>", "<span>", "<button>", "</button>",
	"<form>", "<select>", "<option>", "<textarea>", "<xmp>", "<plaintext>", "<pre>",
	"<marquee>", "<applet>", "<object>", "<template>", "</template>", "<svg>", "</svg>",
	"<math>", "<mi>", "<foreignObject>", "<desc>", "<script>", "</script>", "<style>",
	"<noscript>", "<iframe>", "<frameset>", "<nobr>", "<dd>", "<dt>", "<dl>", "<hr>",
	"<img onerror=x>", "<input type=hidden>", "<html>", "<body>", "<head>",
	"x", "y ", " ", "\n", "đ", "&amp;", "&lt;", "<!--c-->", "\r", "&#13;",
}

// TestSanitizeTagSoup checks the fuzz properties on random tag soup, which
// the byte-level fuzzer rarely assembles on its own.
func TestSanitizeTagSoup(t *testing.T) {
	n := 30000
	if testing.Short() {
		n = 3000
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		var b strings.Builder
		for k := r.IntN(25); k >= 0; k-- {
			b.WriteString(soupTokens[r.IntN(len(soupTokens))])
		}
		in := b.String()
		out := Sanitize(in)
		if err := checkSafe(out); err != nil {
			t.Fatalf("input %q: %v", in, err)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent for %q:\nonce  %q\ntwice %q", in, out, again)
		}
	}
}
