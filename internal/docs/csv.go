package docs

import "strings"

// SafeCell keeps a spreadsheet from reading a CSV cell as a formula: a cell starting with
// = + - @, a tab or a carriage return gets a leading apostrophe (CSV injection).
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
