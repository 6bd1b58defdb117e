package output

import "strings"

// FileOf is the file a URL path is written to, below the destination:
// "/historier/a/" → "historier/a/index.html", "/" → "index.html",
// "/feed.xml" → "feed.xml". The site's base path is the caller's to cut.
func FileOf(urlPath string) string {
	p := strings.TrimPrefix(urlPath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// URLOf is the address a browser shows for a file, FileOf's inverse:
// "historier/a/index.html" → "/historier/a/", "index.html" → "/".
func URLOf(file string) string {
	if file == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + file
}
