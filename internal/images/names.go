package images

import (
	"path"
	"strings"
)

// IsPictureName reports whether a file's name says it is a picture in one
// of the formats the pipeline reads: a file so named whose bytes are not
// one is a mistake to report, not a file to publish.
func IsPictureName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp":
		return true
	}
	return false
}
