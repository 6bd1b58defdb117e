package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// number is a table cell that holds a number as Norwegian and English
// writers write one: "180 000 kroner" is not, "180 000", "1,5 %",
// "kr 2 500", "−12" and "2 500 kr" are.
var number = regexp.MustCompile(`^(?:kr\.? ?)?[−+-]?\d[\d\x{00A0}\x{202F} .,]*(?: ?(?:%|kr\.?|kroner|NOK|mill\.?|millioner|mrd\.?|milliarder|prosent|stk\.?))?$`)

// alignColumns gives each cell of table a class for its column's
// alignment: "right" or "center" as written (|---:|, |:---:|), and "num"
// for a column whose cells all hold numbers, which the theme aligns right
// in figures of one width. Classes rather than style attributes: the
// site's Content-Security-Policy refuses inline styles.
func alignColumns(table *extast.Table, src []byte) {
	var rows [][]*extast.TableCell
	for r := table.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []*extast.TableCell
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			if cell, ok := c.(*extast.TableCell); ok {
				cells = append(cells, cell)
			}
		}
		rows = append(rows, cells)
	}
	for col := range table.Alignments {
		numeric, seen := true, false
		for _, cells := range rows[1:] { // the header row names, it does not count
			if col >= len(cells) {
				continue
			}
			text := strings.TrimSpace(cellText(cells[col], src))
			if text == "" {
				continue
			}
			seen = true
			if !number.MatchString(text) {
				numeric = false
				break
			}
		}
		class := ""
		switch {
		case table.Alignments[col] == extast.AlignCenter:
			class = "center"
		case table.Alignments[col] == extast.AlignLeft:
			class = "left"
		case numeric && seen:
			class = "num"
		case table.Alignments[col] == extast.AlignRight:
			class = "right"
		}
		if class == "" {
			continue
		}
		for _, cells := range rows {
			if col < len(cells) {
				cells[col].SetAttributeString("class", []byte(class))
			}
		}
	}
}

// cellText is the text of a cell as written, without its markup.
func cellText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
