package check

import (
	"strings"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/diag"
)

// near reports whether b is close enough to a to be what was meant: one
// edit for short words, two for longer ones.
func near(a, b string) bool {
	n := min(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	limit := 2
	switch {
	case n < 3:
		limit = 0
	case n < 5:
		limit = 1
	}
	return diag.EditDistance(strings.ToLower(a), strings.ToLower(b)) <= limit
}

// closest returns the candidate nearest to want, if one is near, else "".
// Ties go to the earlier candidate.
func closest(want string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if !near(want, c) {
			continue
		}
		if d := diag.EditDistance(strings.ToLower(want), strings.ToLower(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
