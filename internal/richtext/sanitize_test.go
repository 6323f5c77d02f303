package richtext

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text", "Xin chào", "Xin chào"},
		{"text is re-escaped", `a < b & "c" > d`, "a &lt; b &amp; &#34;c&#34; &gt; d"},
		{"entities decoded then re-escaped", "&lt;script&gt; &eacute;", "&lt;script&gt; é"},
		{"allowed inline", "<p><strong>a</strong><b>b</b><em>c</em><i>d</i><u>e</u></p>",
			"<p><strong>a</strong><b>b</b><em>c</em><i>d</i><u>e</u></p>"},
		{"script dropped with content", "a<script>alert(1)</script>b", "ab"},
		{"script in mixed case", "a<ScRiPt>alert(1)</sCrIpT>b", "ab"},
		{"style dropped", "<style>p{}</style><p>x</p>", "<p>x</p>"},
		{"iframe object embed", `<iframe src="x">t</iframe><object>o</object><embed src=x>z`, "z"},
		{"template noscript", "<template><p>t</p></template><noscript>n</noscript>k", "k"},
		{"svg and math dropped", `<svg onload=alert(1)><text>s</text></svg><math><mi>m</mi></math>ok`, "ok"},
		{"svg breakout still sanitized", `<svg><p onclick=x>in</p></svg>`, "<p>in</p>"},
		{"unknown element keeps text", `<div class="x"><span style="color:red">đỏ</span></div>`, "đỏ"},
		{"nested forbidden", `<div><script><p>no</p></script><span><iframe>x</iframe>yes</span></div>`, "yes"},
		{"comment dropped", "a<!-- secret -->b<!--> c", "ab c"},
		{"event attributes dropped", `<p onclick="alert(1)" onmouseover=x id=i class=c style="x">t</p>`, "<p>t</p>"},
		{"img dropped", `<img src=x onerror=alert(1)>t`, "t"},
		{"unclosed tags closed", "<p><strong>a<em>b", "<p><strong>a<em>b</em></strong></p>"},
		{"misnested tags", "<b><i>a</b>c</i>", "<b><i>a</i></b><i>c</i>"},
		{"stray end tags", "</p></div>a</li>", "<p></p>a"},
		{"http link", `<a href="http://example.com/a?b=1&amp;c=2" target=_blank>x</a>`,
			`<a href="http://example.com/a?b=1&amp;c=2" rel="nofollow noopener">x</a>`},
		{"https link", `<a href="HTTPS://example.com">x</a>`, `<a href="HTTPS://example.com" rel="nofollow noopener">x</a>`},
		{"mailto link", `<a href="mailto:ubnd@example.vn">x</a>`, `<a href="mailto:ubnd@example.vn" rel="nofollow noopener">x</a>`},
		{"relative link", `<a href="/thu-tuc/1">x</a>`, `<a href="/thu-tuc/1" rel="nofollow noopener">x</a>`},
		{"rel replaced", `<a href="/a" rel="opener">x</a>`, `<a href="/a" rel="nofollow noopener">x</a>`},
		{"protocol-relative dropped", `<a href="//evil.example">x</a>`, "x"},
		{"backslash protocol-relative dropped", `<a href="/\evil.example">x</a>`, "x"},
		{"relative without slash dropped", `<a href="page.html">x</a>`, "x"},
		{"javascript dropped", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"javascript mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, "x"},
		{"javascript with tab entity", `<a href="jav&#x09;ascript:alert(1)">x</a>`, "x"},
		{"javascript with newline entity", `<a href="jav&#10;ascript:alert(1)">x</a>`, "x"},
		{"javascript with leading space", `<a href=" &#14; javascript:alert(1)">x</a>`, "x"},
		{"javascript entity-encoded", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`, "x"},
		{"javascript named entity colon", `<a href="javascript&colon;alert(1)">x</a>`, "x"},
		{"data url dropped", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, "x"},
		{"vbscript dropped", `<a href="vbscript:msgbox">x</a>`, "x"},
		{"http with javascript inside dropped", `<a href="https://e.com/?u=javascript:x">x</a>`, "x"},
		{"link tab removed", "<a href=\"ht\ttps://e.com\">x</a>", `<a href="https://e.com" rel="nofollow noopener">x</a>`},
		{"link without href unwrapped", `<a name="x">t</a>`, "t"},
		{"nested link unwrapped", `<a href="/a">1<table><tr><td><a href="/b">2</a></td></tr></table></a>`,
			`<a href="/a" rel="nofollow noopener">12</a>`},
		{"link in formatting in link unwrapped", `<a href="/a"><table><strong><a href="/b">x</a></strong></table></a>`,
			`<a href="/a" rel="nofollow noopener"><strong>x</strong></a>`},
		{"lists", "<ul><li>a<li>b</ul><ol><li>c</ol>", "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>"},
		{"loose list content", "<ul> x <li>a</li> <p>y</p></ul>", "<ul><li> x </li><li>a</li><li> <p>y</p></li></ul>"},
		{"orphan li unwrapped", "<li>a</li>", "a"},
		{"headings", "<h1>a</h1><h2>b</h2><h3>c</h3><h4>d</h4><h5>e</h5>", "a<h2>b</h2><h3>c</h3><h4>d</h4>e"},
		{"blockquote", "<blockquote><p>q</p></blockquote>", "<blockquote><p>q</p></blockquote>"},
		{"block in paragraph unwrapped", "<p><button><ul><li>a</li></ul></button></p>", "<p>a</p>"},
		{"br", "a<br>b<br/>c</br>d", "a<br>b<br>c<br>d"},
		{"table", `<table><tr><th colspan="2" rowspan="x">h</th></tr><tr><td rowspan="020" onclick=x>1</td><td colspan=21>2</td></tr></table>`,
			`<table><tbody><tr><th colspan="2">h</th></tr><tr><td rowspan="20">1</td><td>2</td></tr></tbody></table>`},
		{"table parts", "<table><caption>Cap</caption><colgroup><col></colgroup><thead><tr><th>h</th></tr></thead><tfoot><tr><td>f</td></tr></tfoot></table>",
			"Cap<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>f</td></tr></tbody></table>"},
		{"text in table moved out", "<table>x<tr><td>1</td></tr></table>", "x<table><tbody><tr><td>1</td></tr></tbody></table>"},
		{"controls removed", "a\x00b\x01c\x7fd\u0085e&#13;f", "abcdef"},
		{"invalid utf-8 replaced", "a\xffb", "a\uFFFDb"},
		{"vietnamese NFC preserved", "<p>Ủy ban nhân dân xã Đông Hòa: đăng ký khai sinh, hộ tịch</p>",
			"<p>Ủy ban nhân dân xã Đông Hòa: đăng ký khai sinh, hộ tịch</p>"},
		{"vietnamese in attribute", `<a href="/tìm?q=Đăng ký">Tìm</a>`, `<a href="/tìm?q=Đăng ký" rel="nofollow noopener">Tìm</a>`},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("not idempotent: Sanitize(%q) = %q", got, again)
			}
			if err := checkSafe(got); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"collapse", "  a \n\t b  ", "a b"},
		{"blocks", "<p>Một</p><p>Hai <b>ba</b></p>bốn", "Một\nHai ba\nbốn"},
		{"br", "a<br>b", "a\nb"},
		{"list", "<ul><li>a</li><li> b </li></ul>", "a\nb"},
		{"unknown blocks join inline", "<div>a</div><div>b</div>", "ab"},
		{"table", "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "1 2\n3"},
		{"dropped content", "<script>x</script><style>y</style>z", "z"},
		{"entities", "&lt;b&gt; &amp; &quot;", `<b> & "`},
		{"heading and quote", "<h2>Thông báo</h2><blockquote>Trích</blockquote>", "Thông báo\nTrích"},
		{"empty", "<p> </p>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeDeepNesting(t *testing.T) {
	in := strings.Repeat("<b><div>", 5000) + "x"
	got := Sanitize(in)
	if Sanitize(got) != got {
		t.Fatal("not idempotent on deep nesting")
	}
	if err := checkSafe(got); err != nil {
		t.Fatal(err)
	}
}
