// Package chart draws the small charts of the KPI dashboards as SVG on the server, for pages
// read on phones without JavaScript: horizontal bars with a target per bar (Bars), a single
// value against its target (Bullet), and a monthly series as columns or a line (Series).
//
// A chart is a value; SVG returns it as template.HTML to put in a page, WriteSVG writes it
// to an io.Writer (an image/svg+xml response). The SVG scales to its container (a viewBox,
// width 100 %) and draws with presentation attributes only, no style element or attribute,
// so that the shell's strict Content-Security-Policy lets it render inline.
//
// Accessibility: the SVG has role="img", a <title> and a <desc> that says every number in a
// sentence ("Tư pháp - hộ tịch: 98,5 %, mục tiêu 95 %, đạt mục tiêu."); a screen reader reads
// those and not the drawing. Colours pass WCAG AA against white (text 4.5:1, marks 3:1), and no
// meaning is carried by colour alone: a value that misses its target is hatched and marked
// with a downward triangle, and a legend says so in words. The table of the same figures, for
// those who want it, is the calling page's job.
//
// Numbers are written the way the language writes them: "1.234,5" and "98,5 %" in
// Vietnamese, "1,234.5" and "98.5%" in English. Labels and titles come from the caller, in the
// page's language; the chart's own few words are in Messages. Every text is normalised to NFC
// and escaped.
//
// The package is pure computation: it knows no room, no database, no request.
package chart
