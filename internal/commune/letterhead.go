package commune

import (
	"strings"

	"xaso/internal/docs"
)

// Letterhead is the top of the commune's documents (Decree 30/2020): the parent body (the
// province's committee when none is set), the commune's committee, and its name as the place.
func (c Commune) Letterhead() docs.Letterhead {
	parent := strings.TrimSpace(c.ParentBody)
	if parent == "" && c.Province != "" {
		parent = "UBND TỈNH " + strings.ToUpper(c.Province)
	}
	return docs.Letterhead{ParentBody: parent, IssuingBody: c.Committee(), Place: c.Name}
}
