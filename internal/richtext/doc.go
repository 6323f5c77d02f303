// Package richtext owns the one place where untrusted rich text entered by
// staff (announcements, dossier notes, procedure descriptions) becomes HTML
// that pages may print unescaped.
//
// Sanitize parses the input with the HTML5 algorithm (golang.org/x/net/html),
// keeps a small allow-list of elements and attributes, and renders a new,
// balanced tree. The output is shaped so that a browser (or this package)
// parsing it again builds the same tree, which is what makes Sanitize
// idempotent: a paragraph holds only inline content, a list holds only items,
// a table holds only sections, rows and cells.
//
// Text gives the plain text of the same tree, for search folding and
// summaries.
//
// The package knows nothing about templates, storage or HTTP; it must stay a
// pure function of its input.
package richtext
