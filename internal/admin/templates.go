package admin

import (
	"embed"
	"io/fs"
)

//go:embed all:templates
var templateFS embed.FS

var templates, _ = fs.Sub(templateFS, "templates")
