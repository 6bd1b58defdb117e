package check

import (
	"strings"
	"unicode/utf8"
)

// distance is the number of single-letter edits (insert, delete, replace,
// swap two neighbours) that turn a into b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

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
	return distance(strings.ToLower(a), strings.ToLower(b)) <= limit
}

// closest returns the candidate nearest to want, if one is near, else "".
// Ties go to the earlier candidate.
func closest(want string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if !near(want, c) {
			continue
		}
		if d := distance(strings.ToLower(want), strings.ToLower(c)); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
