// Package media names the media type of every file works publishes, from
// the file's name alone, by one fixed table.
//
// The contract: Type gives the same answer on every machine, because the
// table is written here and never read from the machine (the standard
// mime package consults /etc/mime.types and the Windows registry, which
// differ between machines and have sent .js as text/plain). Text types
// carry "; charset=utf-8", since works writes UTF-8 only. A name the table
// does not know is OctetStream: bytes to save, never a page to show or a
// script to run; nothing guesses a type from a file's content.
//
// The lookup is by extension, in any case ("BILDE.JPG" is image/jpeg),
// and by whole name for the few files hosts read by name (_redirects,
// _headers, CNAME). The package has no state and does no I/O.
package media

import (
	"path"
	"strings"
)

// OctetStream is the type of a file the table does not know.
const OctetStream = "application/octet-stream"

const charsetUTF8 = "; charset=utf-8"

// byExtension maps a lower-case extension to its media type, without
// parameters. Read only.
var byExtension = map[string]string{
	// Pages, styles, scripts and what machines read.
	".html": "text/html", ".htm": "text/html",
	".css": "text/css",
	".js":  "text/javascript", ".mjs": "text/javascript",
	".json": "application/json", ".map": "application/json", // feed.json, search chunks, source maps
	".webmanifest": "application/manifest+json",
	// Feeds (index.xml, atom.xml) and sitemaps are served as plain XML, as
	// hosts serve them by extension; a browser shows them rather than
	// offering to save them.
	".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
	".xsl": "application/xslt+xml", ".xslt": "application/xslt+xml",
	".txt": "text/plain", ".conf": "text/plain", // robots.txt, nginx-redirects.conf
	".csv": "text/csv", ".ics": "text/calendar", ".vtt": "text/vtt",

	// Images.
	".svg": "image/svg+xml",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",

	// Fonts.
	".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",

	// Sound and video.
	".mp4": "video/mp4", ".m4v": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime",
	".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
	".opus": "audio/ogg", ".wav": "audio/wav", ".flac": "audio/flac",

	// Documents a site offers for download.
	".pdf": "application/pdf", ".zip": "application/zip", ".epub": "application/epub+zip",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odp":  "application/vnd.oasis.opendocument.presentation",

	".wasm": "application/wasm",
}

// byName maps the lower-case names of files that hosts read by name, and
// that have no extension, to their media type. Read only.
var byName = map[string]string{
	"_redirects": "text/plain", // Netlify, Cloudflare Pages
	"_headers":   "text/plain",
	"cname":      "text/plain", // GitHub Pages
}

// Type returns the Content-Type of the file name (a name or a slash
// path), and whether the table knows it. For a name it does not know it
// returns OctetStream and false.
func Type(name string) (string, bool) {
	base := strings.ToLower(path.Base(name))
	essence, ok := byName[base]
	if !ok {
		essence, ok = byExtension[path.Ext(base)]
	}
	if !ok {
		return OctetStream, false
	}
	if IsText(essence) {
		return essence + charsetUTF8, true
	}
	return essence, true
}

// Essence returns a media type without its parameters, in lower case:
// "text/css; charset=utf-8" → "text/css". Registries keyed by type, such
// as the minifier's, and attributes such as <source type> want this form.
func Essence(contentType string) string {
	essence, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(essence))
}

// IsText reports whether a media type, with or without parameters, is
// text that programs may read and rewrite as UTF-8: text/*, JSON, XML and
// JavaScript, and the types built on JSON or XML (+json, +xml, such as
// SVG and the web manifest).
func IsText(contentType string) bool {
	t := Essence(contentType)
	top, sub, ok := strings.Cut(t, "/")
	if !ok || sub == "" {
		return false
	}
	if top == "text" {
		return true
	}
	switch t {
	case "application/json", "application/xml", "application/javascript", "application/ecmascript":
		return true
	}
	return strings.HasSuffix(sub, "+json") || strings.HasSuffix(sub, "+xml")
}
