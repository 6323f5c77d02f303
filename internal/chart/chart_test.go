package chart_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/chart"
	"xaso/internal/web"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// node is any XML element, with its attributes, text and children.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all is every element under n (n included) for which keep is true, in document order.
func (n node) all(keep func(node) bool) []node {
	var out []node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Nodes {
		out = append(out, c.all(keep)...)
	}
	return out
}

// class is every element whose class list holds c.
func (n node) class(c string) []node {
	return n.all(func(x node) bool {
		for _, f := range strings.Fields(x.attr("class")) {
			if f == c {
				return true
			}
		}
		return false
	})
}

func (n node) named(name string) []node {
	return n.all(func(x node) bool { return x.XMLName.Local == name })
}

// parse reads an SVG as XML, failing the test if it is not well-formed or not an SVG, and
// checks what every chart must have.
func parse(t *testing.T, svg string) node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root %v, want an SVG element", root.XMLName)
	}
	if root.attr("role") != "img" || root.attr("width") != "100%" || !strings.HasPrefix(root.attr("viewBox"), "0 0 360 ") {
		t.Errorf("root attributes %v: want role=img, width=100%%, a 360-wide viewBox", root.Attrs)
	}
	titles, descs := root.named("title"), root.named("desc")
	if len(titles) != 1 || len(descs) != 1 || titles[0].attr("id") != root.attr("aria-labelledby") || descs[0].attr("id") != root.attr("aria-describedby") {
		t.Errorf("want one <title> and one <desc> named by aria-labelledby and aria-describedby")
	}
	// The shell's Content-Security-Policy has no 'unsafe-inline' for styles.
	if len(root.named("style")) > 0 || len(root.all(func(x node) bool { return x.attr("style") != "" })) > 0 {
		t.Error("a style element or attribute would be blocked by the CSP")
	}
	for _, bad := range []string{"NaN", "Inf", "<script"} {
		if strings.Contains(svg, bad) {
			t.Errorf("SVG contains %q", bad)
		}
	}
	// Marks are never wider or taller than nothing.
	for _, r := range root.named("rect") {
		if r.num(t, "width") < 0 || r.num(t, "height") < 0 {
			t.Errorf("negative size: %v", r.Attrs)
		}
	}
	return root
}

func desc(root node) string { return root.named("desc")[0].Text }

func texts(root node, class string) []string {
	var out []string
	for _, n := range root.class(class) {
		out = append(out, n.Text)
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.02 }

func TestBarsWidthsAndTargets(t *testing.T) {
	c := chart.Bars{Title: "Tỷ lệ đúng hạn", Unit: chart.Percent, Items: []chart.Bar{
		{Label: "Tư pháp - hộ tịch", Value: 98.5, Target: chart.Goal(95)},
		{Label: "Đất đai", Value: 50, Target: chart.Goal(90)},
		{Label: "Lao động - thương binh và xã hội", Value: 25},
		{Label: "Văn hóa", Value: 0, Target: chart.Goal(80)},
	}}
	root := parse(t, string(c.SVG()))
	tracks, bars, targets := root.class("track"), root.class("bar"), root.class("target")
	if len(tracks) != 4 || len(bars) != 4 || len(targets) != 3 {
		t.Fatalf("%d tracks, %d bars, %d target lines; want 4, 4, 3", len(tracks), len(bars), len(targets))
	}
	x0, full := tracks[0].num(t, "x"), tracks[0].num(t, "width")
	for i, it := range c.Items {
		// A percentage's scale runs to 100.
		if w := bars[i].num(t, "width"); !near(w, full*it.Value/100) || bars[i].num(t, "x") != x0 {
			t.Errorf("bar %d: width %v, want %v (proportional to %v)", i, w, full*it.Value/100, it.Value)
		}
	}
	for i, want := range []float64{95, 90, 80} {
		if x := targets[i].num(t, "x1"); !near(x, x0+full*want/100) || x != targets[i].num(t, "x2") {
			t.Errorf("target %d at x %v, want %v", i, x, x0+full*want/100)
		}
	}
	// Each target line crosses its own bar.
	for i, bi := range []int{0, 1, 3} {
		by := bars[bi].num(t, "y")
		if y1, y2 := targets[i].num(t, "y1"), targets[i].num(t, "y2"); !(y1 < by && y2 > by+bars[bi].num(t, "height")) {
			t.Errorf("target %d spans %v–%v, not across its bar at %v", i, y1, y2, by)
		}
	}
	if got := strings.Join(texts(root, "value"), " | "); got != "98,5 % | 50 % | 25 % | 0 %" {
		t.Errorf("values %q", got)
	}
	if got := strings.Join(texts(root, "label"), " | "); got != "Tư pháp - hộ tịch | Đất đai | Lao động - thương binh và xã hội | Văn hóa" {
		t.Errorf("labels %q", got)
	}
	want := "Tư pháp - hộ tịch: 98,5 %, mục tiêu 95 %, đạt mục tiêu. Đất đai: 50 %, mục tiêu 90 %, chưa đạt mục tiêu. " +
		"Lao động - thương binh và xã hội: 25 %. Văn hóa: 0 %, mục tiêu 80 %, chưa đạt mục tiêu."
	if got := desc(root); got != want {
		t.Errorf("desc\n got %q\nwant %q", got, want)
	}
}

// A missed target is told by a hatch, a triangle and the legend's words, not by colour alone.
func TestBarsMissedTargetIsNotColourOnly(t *testing.T) {
	for _, lower := range []bool{false, true} {
		c := chart.Bars{Title: "x", LowerIsBetter: lower, Items: []chart.Bar{
			{Label: "thấp", Value: 3, Target: chart.Goal(5)},
			{Label: "cao", Value: 8, Target: chart.Goal(5)},
		}}
		root := parse(t, string(c.SVG()))
		missed := root.class("missed")
		marks := root.class("missed-mark")
		// The legend has one hatched swatch and one triangle too.
		if len(missed) != 1 || len(marks) != 2 {
			t.Fatalf("lower is better %v: %d hatched bars, %d marks; want 1 and 2", lower, len(missed), len(marks))
		}
		if !strings.HasPrefix(missed[0].attr("fill"), "url(#") {
			t.Errorf("a missed bar should be hatched, fill %q", missed[0].attr("fill"))
		}
		wantMissed := 3.0
		if lower {
			wantMissed = 8
		}
		if w := missed[0].num(t, "width"); !near(w, root.class("track")[0].num(t, "width")*wantMissed/10) {
			t.Errorf("lower is better %v: the hatched bar is %v wide, not the one of %v", lower, w, wantMissed)
		}
		if got := strings.Join(texts(root, "legend"), " | "); got != "Mục tiêu | Chưa đạt mục tiêu" {
			t.Errorf("legend %q", got)
		}
	}
}

func TestBarsOddValues(t *testing.T) {
	c := chart.Bars{Title: "Số hồ sơ", Max: 100, Items: []chart.Bar{
		{Label: "không", Value: 0},
		{Label: "âm", Value: -5},
		{Label: "trống", Value: math.NaN(), Target: chart.Goal(10)},
		{Label: "vô hạn", Value: math.Inf(1)},
		{Label: "quá thang", Value: 250},
		{Label: "mục tiêu lạ", Value: 10, Target: chart.Goal(math.NaN())},
	}}
	root := parse(t, string(c.SVG()))
	full := root.class("track")[0].num(t, "width")
	bars := root.class("bar")
	if len(bars) != 4 {
		t.Fatalf("%d bars, want 4 (none for NaN and infinity)", len(bars))
	}
	for i, want := range []float64{0, 0, full, full / 10} {
		if w := bars[i].num(t, "width"); !near(w, want) {
			t.Errorf("bar %d width %v, want %v", i, w, want)
		}
	}
	if got := strings.Join(texts(root, "value"), " | "); got != "0 | -5 | 250 | 10" {
		t.Errorf("values %q: every finite number printed as it is", got)
	}
	if n := len(root.class("no-data")); n != 2 {
		t.Errorf("%d no-data notes, want 2", n)
	}
	if len(root.class("target")) != 1 {
		t.Error("only the finite target is drawn")
	}
	if d := desc(root); !strings.Contains(d, "trống: không có số liệu, mục tiêu 10.") || !strings.Contains(d, "âm: -5.") {
		t.Errorf("desc %q", d)
	}
	// All zero: a scale still, no division by zero.
	root = parse(t, string(chart.Bars{Title: "0", Items: []chart.Bar{{Label: "a"}, {Label: "b", Value: -1}}}.SVG()))
	for _, b := range root.class("bar") {
		if b.num(t, "width") != 0 {
			t.Errorf("a zero or negative bar has width %v", b.num(t, "width"))
		}
	}
}

func TestEscapingAndOddText(t *testing.T) {
	odd := `<script>alert("x")</script> & 'quote' ]]>`
	nfd := norm.NFD.String("Đặng Văn Ưng")
	c := chart.Bars{Title: odd, Summary: odd, Items: []chart.Bar{
		{Label: odd, Value: 1},
		{Label: "nul\x00tab\tbad\xffend\uFFFE", Value: 2},
		{Label: nfd, Value: 3},
	}}
	svg := string(c.SVG())
	root := parse(t, svg)
	if got := root.named("title")[0].Text; got != odd {
		t.Errorf("title %q, want %q", got, odd)
	}
	labels := texts(root, "label")
	if len(labels) < 3 || strings.Join(labels[:len(labels)-2], " ") != odd {
		t.Errorf("labels %q, want the first to read %q", labels, odd)
	}
	if got := labels[len(labels)-2]; got != "nultab bad\uFFFDend" {
		t.Errorf("control characters should go, a tab become a space, bad UTF-8 a replacement: %q", got)
	}
	if got := labels[len(labels)-1]; got != "Đặng Văn Ưng" || !norm.NFC.IsNormalString(got) {
		t.Errorf("decomposed text should come out composed: %q", got)
	}
	if !strings.HasPrefix(desc(root), odd) {
		t.Errorf("desc %q should start with the summary", desc(root))
	}
	// The caller's id is kept to letters, digits, - and _.
	root = parse(t, string(chart.Bars{ID: `a"b<c>d 1`, Items: []chart.Bar{{Value: 1}}}.SVG()))
	if id := root.named("title")[0].attr("id"); id != "abcd1-t" {
		t.Errorf("title id %q", id)
	}
}

func TestEmptyCharts(t *testing.T) {
	for name, svg := range map[string]string{
		"bars":   string(chart.Bars{Title: "Tỷ lệ đúng hạn"}.SVG()),
		"series": string(chart.Series{Title: "Hồ sơ theo tháng", Summary: "Năm 2026"}.SVG()),
	} {
		root := parse(t, svg)
		if got := strings.Join(texts(root, "empty"), ""); got != "Chưa có số liệu." {
			t.Errorf("%s: empty note %q", name, got)
		}
		if d := desc(root); !strings.HasSuffix(d, "Chưa có số liệu.") {
			t.Errorf("%s: desc %q", name, d)
		}
	}
}

func TestBullet(t *testing.T) {
	c := chart.Bullet{Title: "Tỷ lệ hồ sơ trực tuyến toàn trình", Value: 62.25, Target: chart.Goal(80), Unit: chart.Percent, Digits: 2}
	root := parse(t, string(c.SVG()))
	track, bar, target := root.class("track"), root.class("missed"), root.class("target")
	if len(track) != 1 || len(bar) != 1 || len(target) != 1 {
		t.Fatalf("%d tracks, %d hatched bars, %d targets", len(track), len(bar), len(target))
	}
	x0, full := track[0].num(t, "x"), track[0].num(t, "width")
	if w := bar[0].num(t, "width"); !near(w, full*0.6225) {
		t.Errorf("bar width %v, want %v", w, full*0.6225)
	}
	if x := target[0].num(t, "x1"); !near(x, x0+full*0.8) {
		t.Errorf("target at %v, want %v", x, x0+full*0.8)
	}
	if v := texts(root, "value"); len(v) != 1 || v[0] != "62,25 %" {
		t.Errorf("value %q", v)
	}
	if s := texts(root, "status"); len(s) != 1 || s[0] != "Chưa đạt mục tiêu (mục tiêu 80 %)" {
		t.Errorf("status %q", s)
	}
	if len(root.class("missed-mark")) != 1 {
		t.Error("no triangle beside the status")
	}
	if got := strings.Join(texts(root, "scale"), " – "); got != "0 % – 100 %" {
		t.Errorf("scale %q", got)
	}
	if d := desc(root); d != "62,25 %, mục tiêu 80 %, chưa đạt mục tiêu. Thang đo từ 0 % đến 100 %." {
		t.Errorf("desc %q", d)
	}

	en := c
	en.Lang, en.Value = "en", 1234.5
	en.Unit, en.Target = chart.Count, chart.Goal(1000)
	root = parse(t, string(en.SVG()))
	if s := strings.Join(append(texts(root, "value"), texts(root, "status")...), " | "); s != "1,234.5 | Target met (target 1,000)" {
		t.Errorf("English: %q", s)
	}
	if bar := root.class("bar"); len(bar) != 1 || !near(bar[0].num(t, "width"), full*1234.5/2000) {
		t.Errorf("the scale should end at a round 2,000: %v", bar)
	}
	// No number, no target: a note, no bar.
	root = parse(t, string(chart.Bullet{Title: "x", Value: math.NaN()}.SVG()))
	if len(root.class("bar")) != 0 || len(texts(root, "no-data")) != 1 || len(root.class("status")) != 0 {
		t.Error("a bullet without a number should say so and draw nothing")
	}
}

func months(vals ...float64) []chart.Point {
	var out []chart.Point
	for i, v := range vals {
		out = append(out, chart.Point{Label: "T" + strconv.Itoa(i+1), Value: v})
	}
	return out
}

func TestSeriesColumns(t *testing.T) {
	c := chart.Series{Title: "Hồ sơ tiếp nhận theo tháng", Target: chart.Goal(100),
		Points: months(120, 80, math.NaN(), 140, 160, 90, 130, 125, 110, 105, 150, 1234)}
	root := parse(t, string(c.SVG()))
	cols := root.class("column")
	if len(cols) != 11 {
		t.Fatalf("%d columns, want 11 (none for the month without a number)", len(cols))
	}
	if got := strings.Join(texts(root, "tick"), " "); got != "0 500 1.000 1.500" {
		t.Errorf("ticks %q", got)
	}
	if got := strings.Join(texts(root, "point-label"), " "); got != "T1 T2 T3 T4 T5 T6 T7 T8 T9 T10 T11 T12" {
		t.Errorf("point labels %q", got)
	}
	base := cols[0].num(t, "y") + cols[0].num(t, "height")
	unit := cols[0].num(t, "height") / 120
	vals := []float64{120, 80, 140, 160, 90, 130, 125, 110, 105, 150, 1234}
	for i, v := range vals {
		if h := cols[i].num(t, "height"); !near(h, unit*v) || !near(cols[i].num(t, "y")+h, base) {
			t.Errorf("column %d: height %v, want %v on the base line", i, h, unit*v)
		}
	}
	// The target's dashed line sits at 100.
	tg := root.class("target")
	if len(tg) != 1 || !near(tg[0].num(t, "y1"), base-unit*100) || tg[0].attr("stroke-dasharray") == "" {
		t.Errorf("target line %v, want dashed at y %v", tg, base-unit*100)
	}
	if n := len(root.class("missed")); n != 2 {
		t.Errorf("%d hatched columns, want 2 (80 and 90)", n)
	}
	d := desc(root)
	for _, want := range []string{"T1: 120.", "T3: không có số liệu.", "T12: 1.234.", "Mục tiêu 100.", "Chưa đạt mục tiêu: T2, T6."} {
		if !strings.Contains(d, want) {
			t.Errorf("desc lacks %q: %q", want, d)
		}
	}
}

func TestSeriesLineAndNegatives(t *testing.T) {
	c := chart.Series{Title: "Chênh lệch", Kind: chart.Line, Points: months(5, -3, math.NaN(), 8, 2)}
	root := parse(t, string(c.SVG()))
	paths := root.class("line")
	if len(paths) != 1 {
		t.Fatalf("%d lines", len(paths))
	}
	d := paths[0].attr("d")
	if strings.Count(d, "M") != 2 || strings.Count(d, "L") != 2 {
		t.Errorf("path %q: the line should break at the month without a number", d)
	}
	points := root.class("point")
	if len(points) != 4 {
		t.Fatalf("%d points, want 4", len(points))
	}
	zero := root.class("zero")
	if len(zero) != 1 {
		t.Fatal("an axis with negative values draws the zero line")
	}
	zy := zero[0].num(t, "y1")
	if !(points[0].num(t, "cy") < zy && points[1].num(t, "cy") > zy) {
		t.Errorf("5 should sit above zero (%v) and -3 below: %v, %v", zy, points[0].num(t, "cy"), points[1].num(t, "cy"))
	}
	if got := texts(root, "tick"); got[0] != "-5" {
		t.Errorf("ticks %q should start below the lowest value", got)
	}
	// Proportional about zero: 8 is as far above as 8/3 times -3 is below.
	up, down := zy-points[2].num(t, "cy"), points[1].num(t, "cy")-zy
	if !near(up/down, 8.0/3) {
		t.Errorf("distances from zero %v and %v, want a ratio of 8:3", up, down)
	}

	cols := parse(t, string(chart.Series{Title: "x", Points: months(-4, 4)}.SVG())).class("column")
	if len(cols) != 2 || !near(cols[0].num(t, "height"), cols[1].num(t, "height")) || !(cols[0].num(t, "y") > cols[1].num(t, "y")) {
		t.Errorf("-4 and 4 should be columns of one height, below and above zero: %v", cols)
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		x      float64
		digits int
		want   string
	}{
		{"vi", 1234.5, 1, "1.234,5"},
		{"vi", 1234567, 0, "1.234.567"},
		{"vi", 98.5, 1, "98,5"},
		{"vi", 86.25, 1, "86,3"},
		{"vi", -86.25, 1, "-86,3"},
		{"vi", 98.0, 2, "98"},
		{"vi", 0.05, 1, "0,1"},
		{"vi", -1234.56, 1, "-1.234,6"},
		{"vi", -0.01, 1, "0"},
		{"vi", 999.96, 1, "1.000"},
		{"en", 1234.5, 1, "1,234.5"},
		{"", 100, 1, "100"},
		{"vi", math.NaN(), 1, "–"},
	} {
		if got := chart.Number(tc.lang, tc.x, tc.digits); got != tc.want {
			t.Errorf("Number(%q, %v, %d) = %q, want %q", tc.lang, tc.x, tc.digits, got, tc.want)
		}
	}
}

// The charts write numbers as the pages do (web.Decimal, two digits at most).
func TestNumberAgreesWithThePages(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		for _, x := range []float64{0, 1, 98.5, 86.25, 1234.567, -1234.5, 1e7 + 0.125, 0.004} {
			if got, want := chart.Number(lang, x, 2), web.Decimal(lang, x); got != want {
				t.Errorf("Number(%q, %v, 2) = %q, web.Decimal says %q", lang, x, got, want)
			}
		}
	}
}

// contrast is the WCAG contrast ratio of a #rrggbb colour against white.
func contrast(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q", hex)
	}
	lum := 0.0
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}

// WCAG 2.1 AA: text 4.5:1 (1.4.3), the marks that carry meaning 3:1 (1.4.11), on the white ground.
func TestContrast(t *testing.T) {
	svgs := []string{
		string(chart.Bars{Title: "x", Items: []chart.Bar{{Label: "a", Value: 1, Target: chart.Goal(2)}, {Label: "b", Value: 3}, {Label: "c", Value: math.NaN()}}}.SVG()),
		string(chart.Bullet{Title: "x", Value: 1, Target: chart.Goal(2)}.SVG()),
		string(chart.Series{Title: "x", Target: chart.Goal(2), Points: months(1, 3, -1)}.SVG()),
		string(chart.Series{Title: "x", Kind: chart.Line, Target: chart.Goal(2), Points: months(1, 3)}.SVG()),
	}
	for _, svg := range svgs {
		root := parse(t, svg)
		for _, n := range root.named("text") {
			if r := contrast(t, n.attr("fill")); r < 4.5 {
				t.Errorf("text %q in %s: contrast %.1f:1", n.Text, n.attr("fill"), r)
			}
		}
		for _, class := range []string{"bar", "column", "point", "line", "target", "missed", "missed-mark"} {
			for _, n := range root.class(class) {
				c := n.attr("fill")
				if c == "" || strings.HasPrefix(c, "url(") || c == "none" {
					c = n.attr("stroke")
				}
				if r := contrast(t, c); r < 3 {
					t.Errorf("%s in %s: contrast %.1f:1", class, c, r)
				}
			}
		}
	}
}

// Two charts in one page never share an id.
func TestIDsDiffer(t *testing.T) {
	a := parse(t, string(chart.Bars{Title: "a", Items: []chart.Bar{{Value: 1}}}.SVG()))
	b := parse(t, string(chart.Bars{Title: "a", Items: []chart.Bar{{Value: 2}}}.SVG()))
	if a.attr("aria-labelledby") == b.attr("aria-labelledby") {
		t.Error("different charts share an id")
	}
}

func TestWriteSVG(t *testing.T) {
	c := chart.Bullet{Title: "x", Value: 1}
	var buf bytes.Buffer
	if err := c.WriteSVG(&buf); err != nil || buf.String() != string(c.SVG()) {
		t.Errorf("WriteSVG wrote %q, %v", buf.String(), err)
	}
}

// TestGolden keeps one chart byte for byte: a change to the drawing shows in review.
// Run with -update to rewrite testdata/bars.svg after checking the new drawing.
func TestGolden(t *testing.T) {
	c := chart.Bars{Title: "Tỷ lệ hồ sơ giải quyết đúng hạn theo lĩnh vực, tháng 01/2026", Unit: chart.Percent, ID: "dunghan",
		Summary: "Mục tiêu của xã là 95 % hồ sơ đúng hạn ở mọi lĩnh vực.",
		Items: []chart.Bar{
			{Label: "Tư pháp - hộ tịch", Value: 98.5, Target: chart.Goal(95)},
			{Label: "Đất đai, xây dựng & môi trường <cấp xã>", Value: 86.25, Target: chart.Goal(95)},
			{Label: "Lao động, thương binh và xã hội", Value: 100, Target: chart.Goal(95)},
			{Label: "Văn hóa, thể thao", Value: math.NaN(), Target: chart.Goal(95)},
		}}
	got := []byte(string(c.SVG()) + "\n")
	parse(t, string(got))
	path := filepath.Join("testdata", "bars.svg")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the chart differs from %s; if the change is meant, run with -update.\n got %s\nwant %s", path, got, want)
	}
}
