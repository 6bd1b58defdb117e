package diag

// EditDistance is the number of single-character edits (insert, delete,
// replace, swap two neighbours) that turn a into b: "yaer" is one edit from
// "year". Hints use it to suggest the name a writer probably meant.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows of the edit table: two back, one back, and the current.
	back2, back1, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range back1 {
		back1[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(back1[j]+1, cur[j-1]+1, back1[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], back2[j-2]+1)
			}
		}
		back2, back1, cur = back1, cur, back2
	}
	return back1[len(rb)]
}
