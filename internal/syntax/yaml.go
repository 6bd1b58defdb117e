package syntax

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/drammen-works/works/internal/msg"
)

// yaml.v3 reports one line and no column, and which line depends on the
// error: a scanner error names the line of the place it started from (the
// opening quote), unless that is the first line, when it names where it
// gave up (the end of the file); a parser error names the line before the
// token it stopped at. So the line is found again here: it is the last
// line of the shortest run of first lines that fails the same way, which
// is the line of the token the parser stopped at, or of the opening quote
// or bracket a truncated text leaves open. The column is then found in
// that line's text by what the error is about.

// YAML explains err, which go.yaml.in/yaml/v3 returned for src.
func YAML(src []byte, err error) Problem {
	problem, near := yamlMessage(err)
	line := failingLine(src, problem, near)
	y := yamlSite{src: src, line: line}
	y.start = lineStart(src, line)
	_, end := lineAt(src, y.start)
	y.text = string(src[y.start:end])
	p := y.explain(problem)
	p.Err = err
	return p
}

// yamlMessage splits a yaml.v3 error into its problem and the line it
// names (0 when it names none).
func yamlMessage(err error) (problem string, line int) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, after, _ := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); err == nil {
			return after, n
		}
	}
	return msg, 0
}

// sameFailure reports whether a problem found in a shorter text is the one
// being looked for. A quoted text cut off before its closing quote fails
// at the end of the text; the whole text may fail at a "---" inside it.
func sameFailure(want, got string) bool {
	const endOfStream, documentStart = "found unexpected end of stream", "found unexpected document indicator"
	if want == documentStart {
		return got == documentStart || got == endOfStream
	}
	return got == want
}

// failingLine returns the smallest n such that the first n lines of src,
// and every longer run of first lines, fail with problem; the whole text
// fails so, by the caller's word. near is the line yaml.v3 named, which is
// the failing line or the one before it, or (for a quote opened on the
// first line) the last line. The search gallops from there, so a mistake
// at the end of a long file costs a few parses of it, not one for each
// halving of the file.
func failingLine(src []byte, problem string, near int) int {
	fails := func(n int) bool {
		var doc yaml.Node
		err := yaml.Unmarshal(src[:lineStart(src, n+1)], &doc)
		if err == nil {
			return false
		}
		got, _ := yamlMessage(err)
		return sameFailure(problem, got)
	}
	last := lineCount(src)
	// Invariant: the first lo lines do not fail (0 lines never do); the
	// first hi lines do.
	lo, hi := min(max(near-1, 0), last-1), last
	if lo > 0 && fails(lo) {
		lo, hi = 0, lo // near was the last line: search from the top
	}
	for step := 1; lo+step < hi; step *= 2 {
		if fails(lo + step) {
			hi = lo + step
			break
		}
		lo += step
	}
	for hi-lo > 1 {
		if mid := (lo + hi) / 2; fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// yamlSite is the line an error was found on.
type yamlSite struct {
	src   []byte
	line  int    // 1-based
	start int    // offset of the line in src
	text  string // the line without its line break
}

// at returns a problem at byte i of the line.
func (y yamlSite) at(i int, what, fix msg.Text) Problem {
	return Problem{Offset: y.start + min(max(i, 0), len(y.text)), What: what, Fix: fix}
}

// first is the problem at the line's first character that is not a space.
func (y yamlSite) first(what, fix msg.Text) Problem {
	return y.at(indentOf(y.text), what, fix)
}

func (y yamlSite) explain(problem string) Problem {
	toks := yamlTokens(y.text)
	switch {
	case problem == "found unexpected end of stream", problem == "found unexpected document indicator":
		return y.unclosedQuote(toks)
	}
	if p, ok := y.runOnQuote(); ok {
		return p
	}
	switch {
	case strings.HasPrefix(problem, "did not find expected ',' or ']'"):
		return y.flow(toks, '[')
	case strings.HasPrefix(problem, "did not find expected ',' or '}'"):
		return y.flow(toks, '{')
	case problem == "did not find expected node content":
		if i := unclosed(toks, y.text, "[{"); i >= 0 {
			return y.flow(toks, y.text[i])
		}
		return y.first(msg.T("a value is missing here"), msg.T("write a value, or remove the line"))
	case strings.Contains(problem, "tab character"):
		return y.tab()
	case problem == "found character that cannot start any token":
		return y.badStart(toks)
	case problem == "mapping values are not allowed in this context":
		return y.extraColon(toks)
	case problem == "did not find expected key":
		return y.notAKey(toks)
	case problem == "did not find expected '-' indicator":
		return y.notAnItem(toks)
	case problem == "could not find expected ':'":
		return y.noColon(toks)
	case problem == "block sequence entries are not allowed in this context":
		return y.itemAfterKey(toks)
	case problem == "found unknown escape character", strings.Contains(problem, "hexdecimal number"), strings.Contains(problem, "Unicode character escape"):
		return y.badEscape(toks)
	case problem == "control characters are not allowed":
		return y.controlCharacter()
	case strings.HasPrefix(problem, "unknown anchor"):
		return y.unknownAnchor(problem, toks)
	}
	return y.first(unreadable(problem), msg.T("check the indentation, colons and quotes on this line"))
}

// unclosedQuote points at the quote that opens a text that never ends.
func (y yamlSite) unclosedQuote(toks []yamlToken) Problem {
	for _, t := range toks {
		if t.kind == tQuoted && !t.closed {
			q := string(y.text[t.start])
			what := msg.T("the quote (%s) that starts the text here is never closed", q)
			if key, ok := keyOf(toks, y.text); ok {
				return y.at(t.start, what, msg.T("end the text with %s too, like %s: %s%s%s", q, key, q, openText(y.text, t), q))
			}
			return y.at(t.start, what, msg.T("end the text with %s too", q))
		}
	}
	if i := strings.IndexAny(y.text, `"'`); i >= 0 {
		return y.at(i, msg.T("the quote (%c) that starts the text here is never closed", y.text[i]), msg.T("end the text with the same quote it starts with"))
	}
	return y.first(msg.T("a quote is never closed"), msg.T("end every text with the same quote it starts with"))
}

// runOnQuote finds the cause of a failure in a quote above the failing
// line that its own line leaves open: YAML lets a text in quotes go on over
// lines, so the lines below it become part of the text, and the failure
// shows only where the quotes next fall out of step, with a hint about
// something else. A quote is the cause when the text up to the failing
// line reads without error once that quote is closed on its own line.
func (y yamlSite) runOnQuote() (Problem, bool) {
	tries := 0
	for n := 1; n < y.line && tries < 3; n++ {
		start := lineStart(y.src, n)
		_, end := lineAt(y.src, start)
		line := string(y.src[start:end])
		toks := yamlTokens(line)
		for _, t := range toks {
			if t.kind != tQuoted || t.closed {
				continue
			}
			tries++
			q := line[t.start]
			text := openText(line, t)
			closeAt := start + t.start + 1 + len(text)
			fixed := slices.Concat(y.src[:closeAt], []byte{q}, y.src[closeAt:lineStart(y.src, y.line+1)])
			var doc yaml.Node
			if yaml.Unmarshal(fixed, &doc) != nil {
				break
			}
			what := msg.T("the quote (%c) that starts the text here is not closed on its line, so the lines below it are read as part of the text", q)
			fix := msg.T("end the text with %c on this line", q)
			if key, ok := keyOf(toks, line); ok {
				fix = msg.T("end the text with %c on this line, like %s: %c%s%c", q, key, q, text, q)
			}
			return Problem{Offset: start + t.start, What: what, Fix: fix}, true
		}
	}
	return Problem{}, false
}

// openText is the text of a quote its line leaves open, without the
// comment that a template wrote after the quote the writer removed
// (title: "Drammen # the headline).
func openText(line string, t yamlToken) string {
	text := line[t.start+1:]
	if i := strings.Index(text, " #"); i >= 0 {
		text = text[:i]
	}
	return strings.TrimRight(text, " \t")
}

// flow points at the [ of a list or the { of a group that a line does not
// close, or, when it closes on the same line, says its items need commas.
func (y yamlSite) flow(toks []yamlToken, open byte) Problem {
	unclosedHere, noCommas, neither := msg.T("the list that starts here with [ is never closed"),
		msg.T("the items of the list that starts here with [ are not separated by commas"),
		msg.T("a list in [ ] is not closed, or its items are not separated by commas")
	closeFix, commaFix, writeFix := msg.T("end it with ], like tags: [industri, mat]"),
		msg.T("write a comma between the items, like tags: [industri, mat]"),
		msg.T("write it like tags: [industri, mat]")
	if open == '{' {
		unclosedHere, noCommas, neither = msg.T("the group that starts here with { is never closed"),
			msg.T("the items of the group that starts here with { are not separated by commas"),
			msg.T("a group in { } is not closed, or its items are not separated by commas")
		closeFix, commaFix, writeFix = msg.T("end it with }, like contact: {name: Kari, role: leder}"),
			msg.T("write a comma between the items, like contact: {name: Kari, role: leder}"),
			msg.T("write it like contact: {name: Kari, role: leder}")
	}
	if i := unclosed(toks, y.text, string(open)); i >= 0 {
		return y.at(i, unclosedHere, closeFix)
	}
	if i := strings.IndexByte(y.text, open); i >= 0 {
		return y.at(i, noCommas, commaFix)
	}
	return y.first(neither, writeFix)
}

// tabFix says what to do about a tab in the indentation.
const tabFix = "indent with spaces instead; YAML does not allow tabs there"

// tab points at a tab in the line's indentation.
func (y yamlSite) tab() Problem {
	for n, off := y.line, y.start; off < len(y.src); n++ {
		_, end := lineAt(y.src, off)
		line := string(y.src[off:end])
		if i := strings.IndexByte(line[:indentOf(line)], '\t'); i >= 0 {
			return Problem{Offset: off + i, What: msg.T("this line is indented with a tab"), Fix: msg.T(tabFix)}
		}
		off = lineStart(y.src, n+1)
	}
	return y.first(msg.T("a tab is used to indent"), msg.T(tabFix))
}

// badStart points at a tab, @ or ` where YAML does not allow one.
func (y yamlSite) badStart(toks []yamlToken) Problem {
	if strings.Contains(y.text[:indentOf(y.text)], "\t") {
		return y.tab()
	}
	for _, t := range toks {
		if t.kind != tPlain {
			continue
		}
		if c := y.text[t.start]; c == '@' || c == '`' {
			what := msg.T("a text cannot start with %c unless it is in quotes", c)
			if key, ok := keyOf(toks, y.text); ok {
				return y.at(t.start, what, msg.T("put the text in quotes, like %s: %s", key, quoteText(strings.TrimSpace(y.text[t.start:t.end]))))
			}
			return y.at(t.start, what, msg.T("put the text in quotes"))
		}
	}
	if i := strings.IndexByte(y.text, '\t'); i >= 0 {
		return y.at(i, msg.T("there is a tab where YAML does not allow one"), msg.T("use spaces instead of the tab"))
	}
	return y.first(msg.T("this line starts with a character YAML does not allow there"), msg.T(`put the text in "double quotes"`))
}

// extraColon explains a ": " where YAML cannot start another key: inside
// a text that is not in quotes, on this line or going on from the line
// above, or on a line indented too far.
func (y yamlSite) extraColon(toks []yamlToken) Problem {
	var colons []int
	for _, t := range toks {
		if t.kind == tIndicator && y.text[t.start] == ':' {
			colons = append(colons, t.start)
		}
	}
	key, isKey := keyOf(toks, y.text)
	if len(colons) >= 2 {
		value := strings.TrimSpace(commentless(toks, y.text, valueStart(toks, y.text)))
		return y.at(colons[1], msg.T("the text of %q contains a colon and a space (\": \"), which YAML reads as the start of another setting", key),
			quoteFix(key, value))
	}
	if isKey {
		if setting, value, ok := y.runOnText(toks); ok && !looksLikeKey(key) {
			return y.at(colons[0], msg.T("the text of %q goes on over this line and contains a colon and a space (\": \"), which YAML reads as the start of another setting", setting),
				quoteFix(setting, value))
		}
		if above, ok := y.lineAbove(); ok && indentOf(above) < indentOf(y.text) {
			return y.first(msg.T("%q is indented more than the line above it, so YAML reads it as part of the value there", key),
				msg.T("start %q at the same place as the line above", key))
		}
	}
	what, fix := msg.T("there is a colon where a value was expected"), msg.T(`put a value that contains ": " in "double quotes"`)
	if len(toks) > 0 {
		return y.at(toks[0].start, what, fix)
	}
	return y.first(what, fix)
}

// quoteFix says to put the text of a setting in quotes, and shows it so.
func quoteFix(key, value string) msg.Text {
	if key == "title" {
		return msg.T("put the title in quotes: %s: %s", key, quoteText(value))
	}
	return msg.T("put the text in quotes: %s: %s", key, quoteText(value))
}

// settingName is how the names of settings are written: title, imageAlt,
// publish_date. Words of a text (Lier, og Lier) are not.
var settingName = regexp.MustCompile(`^[a-z][A-Za-z0-9_-]*$`)

func looksLikeKey(s string) bool { return settingName.MatchString(s) }

// runOnText finds the setting whose text, not in quotes, goes on over the
// lines from its own down to this one, and returns its key and the whole
// text, the lines joined with spaces as YAML joins them.
func (y yamlSite) runOnText(toks []yamlToken) (key, value string, ok bool) {
	parts := []string{strings.TrimSpace(commentless(toks, y.text, 0))}
	indent := indentOf(y.text)
	for n := y.line - 1; n >= 1; n-- {
		start := lineStart(y.src, n)
		_, end := lineAt(y.src, start)
		line := string(y.src[start:end])
		lt := yamlTokens(line)
		if len(lt) == 0 {
			return "", "", false // a blank line ends the text
		}
		if k, ok := keyOf(lt, line); ok {
			if indentOf(line) >= indent || len(lt) != 3 || lt[2].kind != tPlain {
				return "", "", false // not the key of the text, or its value is not a text without quotes
			}
			parts = append(parts, strings.TrimSpace(line[lt[2].start:]))
			slices.Reverse(parts)
			return k, strings.Join(parts, " "), true
		}
		if len(lt) != 1 || lt[0].kind != tPlain {
			return "", "", false
		}
		indent = min(indent, indentOf(line))
		parts = append(parts, strings.TrimSpace(line))
	}
	return "", "", false
}

// notAKey explains a line, or the rest of a line, that is not a key where
// the mapping around it needs one.
func (y yamlSite) notAKey(toks []yamlToken) Problem {
	// Text after a closed quote: `title: "a" b`, or `title: 'it's'`.
	for i, t := range toks {
		if t.kind != tQuoted || !t.closed || i+1 >= len(toks) || toks[i+1].kind == tComment {
			continue
		}
		if nt := toks[i+1]; nt.kind == tIndicator && y.text[nt.start] == ':' {
			continue // a quoted key
		}
		next := toks[i+1].start
		if y.text[t.start] == '\'' && next == t.end {
			return y.at(t.end-1, msg.T("the apostrophe here ends the text that started with '"),
				msg.T(`write the apostrophe twice ('') inside 'single quotes', or put the text in "double quotes"`))
		}
		return y.at(next, msg.T("there is more text after the closing quote"), msg.T("put all of the text inside the quotes"))
	}
	if isItem(toks, y.text) {
		return y.listItem()
	}
	return y.indentation(toks)
}

// listItem explains a "- " item where a key was expected.
func (y yamlSite) listItem() Problem {
	above, ok := y.lineAbove()
	if ok {
		at := yamlTokens(above)
		if key, ok := keyOf(at, above); ok && !isItem(at, above) && strings.TrimSpace(commentless(at, above, valueStart(at, above))) != "" {
			value := strings.TrimSpace(commentless(at, above, valueStart(at, above)))
			return y.first(msg.T("this list item follows %q, which already has a value (%s) on the line above", key, value),
				msg.T("to make a list, write %s: alone on its line and put each item below it, starting with \"- \", like - %s", key, value))
		}
	}
	return y.first(msg.T(`a list item ("- ") is where a setting (key: value) was expected`), msg.T("line the item up with the list it belongs to, or write key: value"))
}

// notAnItem explains a line inside a list that does not start with "- ".
func (y yamlSite) notAnItem(toks []yamlToken) Problem {
	if key, ok := keyOf(toks, y.text); ok {
		return y.first(msg.T("%q is in the middle of a list, whose items start with \"- \"", key),
			msg.T("start the line with \"- \" to make it an item, or move %q to the left, to line up with the key the list belongs to", key))
	}
	return y.first(msg.T(`this line is in the middle of a list, but does not start with "- "`), msg.T(`start each item of a list with "- "`))
}

// indentation explains a line indented to none of the places the lines
// above it open.
func (y yamlSite) indentation(toks []yamlToken) Problem {
	name := strings.TrimSpace(y.text)
	if key, ok := keyOf(toks, y.text); ok {
		name = key
	}
	levels := y.levelsAbove()
	indent := indentOf(y.text)
	switch {
	case len(levels) > 0 && indent > levels[0].indent:
		return y.first(msg.T("%q is indented more than the line above it", name),
			msg.T("start %q at the same place as %q", name, levels[0].name))
	case len(levels) == 1:
		return y.first(msg.T("%q is indented differently from the lines above it", name),
			msg.T("start it at the same place as %q", levels[0].name))
	case len(levels) > 1:
		return y.first(msg.T("%q is indented differently from the lines above it", name),
			msg.T("start it at the same place as %q or %q", levels[0].name, levels[1].name))
	}
	return y.first(msg.T("%q does not fit with the lines above it", name), msg.T("write each setting as key: value, with the keys of one group lined up"))
}

// noColon explains a line that holds a key without a colon.
func (y yamlSite) noColon(toks []yamlToken) Problem {
	word := strings.TrimSpace(commentless(toks, y.text, 0))
	if len(toks) > 0 && toks[0].kind == tPlain && !strings.ContainsAny(word, " \t") {
		return y.first(msg.T("%q has no colon after it", word),
			msg.T("write %s: and then its value, like %s: …", word, word))
	}
	return y.first(msg.T("this line is not a setting: it has no colon after a key"), msg.T("write each setting as key: value, like title: Bryggeriet"))
}

// itemAfterKey explains "key: - item" on one line.
func (y yamlSite) itemAfterKey(toks []yamlToken) Problem {
	key, _ := keyOf(toks, y.text)
	for _, t := range toks[1:] {
		if t.kind == tIndicator && y.text[t.start] == '-' {
			return y.at(t.start, msg.T("a list item (\"- \") starts on the same line as %q", key+":"),
				msg.T("write %s: alone on its line and put each item on a line of its own below it", key))
		}
	}
	return y.first(msg.T(`a list item ("- ") is where a value was expected`), msg.T("put each list item on a line of its own below its key"))
}

// badEscape points at a backslash in double quotes that starts no escape
// YAML knows.
func (y yamlSite) badEscape(toks []yamlToken) Problem {
	for i := 0; i+1 < len(y.text); i++ {
		if y.text[i] != '\\' || !inDoubleQuotes(toks, y.text, i) {
			continue
		}
		c := y.text[i+1]
		if strings.IndexByte(`0abt	nvfre "/\N_LPxuU`, c) >= 0 && !badHexEscape(y.text[i+1:]) {
			i++
			continue
		}
		return y.at(i, msg.T(`\%c is not an escape YAML knows (a backslash in "double quotes" starts one)`, c), escapeFix)
	}
	return y.first(msg.T(`a backslash in "double quotes" is followed by a letter that has no meaning`), escapeFix)
}

// badHexEscape reports whether s, which follows a backslash, is an x, u
// or U escape without its hex digits.
func badHexEscape(s string) bool {
	n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if n == 0 {
		return false
	}
	if len(s) < 1+n {
		return true
	}
	_, err := strconv.ParseUint(s[1:1+n], 16, 64)
	return err != nil
}

// controlCharacter points at the first character YAML does not allow.
func (y yamlSite) controlCharacter() Problem {
	for off, r := range string(y.src) {
		if !yamlPrintable(r) {
			return Problem{Offset: off, What: msg.T("there is an invisible control character here (%U)", r), Fix: retype}
		}
	}
	return y.first(msg.T("the text holds an invisible control character"), msg.T("type the line again; it was probably pasted from another program"))
}

// yamlPrintable is YAML's set of characters allowed in a stream.
func yamlPrintable(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r == 0x85:
		return true
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF, r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// unknownAnchor points at the *alias that names no &anchor.
func (y yamlSite) unknownAnchor(problem string, toks []yamlToken) Problem {
	name, _, _ := strings.Cut(strings.TrimPrefix(problem, "unknown anchor '"), "'")
	what := msg.T("*%s refers to an anchor (&%s) that is not defined above it", name, name)
	fix := msg.T("write &%s before the value it names, above this line, or write the value out instead of *%s", name, name)
	for _, t := range toks {
		if t.kind == tAlias && y.text[t.start+1:t.end] == name {
			return y.at(t.start, what, fix)
		}
	}
	if i := strings.Index(y.text, "*"+name); i >= 0 {
		return y.at(i, what, fix)
	}
	return y.first(what, fix)
}

// lineAbove returns the nearest line above that holds more than a comment.
func (y yamlSite) lineAbove() (string, bool) {
	for n := y.line - 1; n >= 1; n-- {
		start := lineStart(y.src, n)
		_, end := lineAt(y.src, start)
		line := string(y.src[start:end])
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			return line, true
		}
	}
	return "", false
}

// level is a place to which the lines above open a group: the indentation
// of a key that a line below may line up with.
type level struct {
	indent int
	name   string
}

// levelsAbove lists the keys a line may line up with, innermost first:
// going up, each line indented less than all below it.
func (y yamlSite) levelsAbove() []level {
	var out []level
	limit := -1
	for n := y.line - 1; n >= 1; n-- {
		start := lineStart(y.src, n)
		_, end := lineAt(y.src, start)
		line := string(y.src[start:end])
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		indent := indentOf(line)
		if limit >= 0 && indent >= limit {
			continue
		}
		toks := yamlTokens(line)
		name := strings.TrimSpace(line)
		if key, ok := keyOf(toks, line); ok {
			name = key
		}
		out = append(out, level{indent: indent, name: name})
		limit = indent
		if indent == 0 {
			break
		}
	}
	return out
}

// The tokens of one line of YAML, as far as the locators need them.
type yamlTokenKind int

const (
	tPlain     yamlTokenKind = iota // a text without quotes
	tQuoted                         // a text in quotes
	tIndicator                      // one of - ? : [ ] { } ,
	tAlias                          // *name
	tProperty                       // &anchor or !tag
	tComment
)

type yamlToken struct {
	kind       yamlTokenKind
	start, end int  // byte offsets in the line
	closed     bool // tQuoted: the closing quote is on the line
}

// yamlTokens splits a line into tokens the way YAML's scanner would,
// assuming the line starts outside brackets and quotes.
func yamlTokens(s string) []yamlToken {
	var toks []yamlToken
	flow := 0
	canStart := true // a text may start here
	isSpace := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }
	isFlow := func(c byte) bool { return strings.IndexByte(",[]{}", c) >= 0 }
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#' && (i == 0 || isSpace(i-1)):
			return append(toks, yamlToken{kind: tComment, start: i, end: len(s)})
		case canStart && (c == '"' || c == '\''):
			end, closed := closeQuote(s, i)
			toks = append(toks, yamlToken{kind: tQuoted, start: i, end: end, closed: closed})
			i, canStart = end, false
			continue
		case c == '[' || c == '{':
			flow++
			toks = append(toks, yamlToken{kind: tIndicator, start: i, end: i + 1})
			i, canStart = i+1, true
			continue
		case c == ']' || c == '}':
			flow = max(flow-1, 0)
			toks = append(toks, yamlToken{kind: tIndicator, start: i, end: i + 1})
			i, canStart = i+1, false
			continue
		case c == ',' && flow > 0:
			toks = append(toks, yamlToken{kind: tIndicator, start: i, end: i + 1})
			i, canStart = i+1, true
			continue
		case (c == '-' || c == '?') && canStart && isSpace(i+1),
			c == ':' && (isSpace(i+1) || flow > 0 && isFlow(s[i+1])):
			toks = append(toks, yamlToken{kind: tIndicator, start: i, end: i + 1})
			i, canStart = i+1, true
			continue
		case canStart && (c == '&' || c == '!' || c == '*'):
			j := i + 1
			for j < len(s) && !isSpace(j) && !isFlow(s[j]) {
				j++
			}
			kind := tProperty
			if c == '*' {
				kind, canStart = tAlias, false
			}
			toks = append(toks, yamlToken{kind: kind, start: i, end: j})
			i = j
			continue
		}
		// A text without quotes runs to ": ", " #" or, in brackets, to a
		// bracket or comma.
		j := i
		for j < len(s) {
			if s[j] == ':' && (isSpace(j+1) || flow > 0 && isFlow(s[j+1])) ||
				s[j] == '#' && j > i && isSpace(j-1) ||
				flow > 0 && isFlow(s[j]) {
				break
			}
			j++
		}
		end := j
		for end > i && isSpace(end-1) {
			end--
		}
		toks = append(toks, yamlToken{kind: tPlain, start: i, end: end})
		i, canStart = j, false
	}
	return toks
}

// closeQuote returns the offset just past the quote that closes the text
// opened at s[open], and whether the line holds it.
func closeQuote(s string, open int) (int, bool) {
	q := s[open]
	for i := open + 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i + 1, true
		}
	}
	return len(s), false
}

// unclosed returns the offset of the innermost bracket, one of opens,
// that the line leaves open, or -1.
func unclosed(toks []yamlToken, text, opens string) int {
	var stack []int
	for _, t := range toks {
		if t.kind != tIndicator {
			continue
		}
		switch c := text[t.start]; c {
		case '[', '{':
			stack = append(stack, t.start)
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if strings.IndexByte(opens, text[stack[i]]) >= 0 {
			return stack[i]
		}
	}
	return -1
}

// keyOf returns the key a line sets, after any "- " items: `title` in
// "title: X" and in "- title: X".
func keyOf(toks []yamlToken, text string) (string, bool) {
	i := 0
	for i < len(toks) && toks[i].kind == tIndicator && text[toks[i].start] == '-' {
		i++
	}
	if i+1 >= len(toks) || toks[i+1].kind != tIndicator || text[toks[i+1].start] != ':' {
		return "", false
	}
	switch k := toks[i]; k.kind {
	case tPlain:
		return text[k.start:k.end], true
	case tQuoted:
		if k.closed {
			return text[k.start+1 : k.end-1], true
		}
	}
	return "", false
}

// valueStart returns the offset in the line of what follows the colon
// after its key, or the line's length when nothing does, or 0 when the
// line sets no key.
func valueStart(toks []yamlToken, text string) int {
	for i, t := range toks {
		if t.kind == tIndicator && text[t.start] == ':' && i > 0 && (toks[i-1].kind == tPlain || toks[i-1].kind == tQuoted) {
			if i+1 < len(toks) {
				return toks[i+1].start
			}
			return t.end
		}
	}
	return 0
}

// commentless returns text from offset from to the start of its comment.
func commentless(toks []yamlToken, text string, from int) string {
	end := len(text)
	if n := len(toks); n > 0 && toks[n-1].kind == tComment {
		end = toks[n-1].start
	}
	if from >= end {
		return ""
	}
	return text[from:end]
}

// isItem reports whether the line starts with a list item's "- ".
func isItem(toks []yamlToken, text string) bool {
	return len(toks) > 0 && toks[0].kind == tIndicator && text[toks[0].start] == '-'
}

// inDoubleQuotes reports whether offset i of the line is inside a text in
// double quotes.
func inDoubleQuotes(toks []yamlToken, text string, i int) bool {
	for _, t := range toks {
		if t.kind == tQuoted && text[t.start] == '"' && t.start < i && i < t.end {
			return true
		}
	}
	return false
}
