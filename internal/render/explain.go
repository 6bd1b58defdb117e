package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	ttemplate "text/template"
	"text/template/parse"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/site"
)

// failure is a template error explained for a writer: where, what went
// wrong in plain words, and how to fix it.
type failure struct {
	pos  diag.Position
	msg  string
	hint string
	// runaway: a loop without end that costs a second and much memory on
	// each page it runs on (100 000 template calls, 64 MiB written), so
	// rendering stops at the first. Partials stop at 32, which is cheap.
	runaway bool
}

// The shapes of html/template's and text/template's messages. Their texts
// are all the packages give: the node and the cause are not fields.
var (
	execRE   = regexp.MustCompile(`(?s)^template: ([^:\s]+):(\d+):(\d+): executing "(?:[^"\\]|\\.)*" at <(.*?)>: (.*)$`)
	parseRE  = regexp.MustCompile(`(?s)^template: ([^:\s]+):(\d+): (.*)$`)
	escapeRE = regexp.MustCompile(`(?s)^html/template:([^:\s]+)(?::(\d+))?(?::(\d+))?: (.*)$`)

	undefinedFuncRE  = regexp.MustCompile(`^function "(.+)" not defined$`)
	noSuchTemplateRE = regexp.MustCompile(`^no such template "(.+)"$`)
	emptyTemplateRE  = regexp.MustCompile(`^"(.+)" is an incomplete or empty template$`)
	contextRE        = regexp.MustCompile(`\{(state\w+) (delim\w+)`)
)

// explain turns an error from parsing or executing a template into a
// failure, keeping the library's own text only for shapes it does not know.
func (r *Renderer) explain(err error) failure {
	// The innermost execution is where it happened: a partial's error
	// comes wrapped in the error of each template that included it.
	var execs []ttemplate.ExecError
	for e := err; e != nil; e = errors.Unwrap(e) {
		if x, ok := e.(ttemplate.ExecError); ok {
			execs = append(execs, x)
		}
	}
	f := failure{pos: diag.Position{File: "layouts"}, msg: strings.TrimPrefix(err.Error(), "html/template: "), hint: "fix the template at that line"}
	var node, cause string
	if len(execs) > 0 {
		if m := execRE.FindStringSubmatch(execs[len(execs)-1].Error()); m != nil {
			f.pos = r.lineCol(m[1], m[2], m[3])
			node, cause = m[4], m[5]
			f.msg = cause
		}
	}

	var depth partialDepthError
	var limit limitError
	var escape *template.Error
	switch {
	case errors.As(err, &depth):
		names := make([]string, 0, len(execs)+1)
		for _, x := range execs {
			names = append(names, x.Name)
		}
		f.msg = fmt.Sprintf("partials are included more than %d levels deep", maxPartialDepth)
		// The loop is the way from the last time the partial ran back to it.
		for i := len(names) - 1; i >= 0; i-- {
			if names[i] == depth.name {
				f.msg = describeLoop(append(names[i:], depth.name)) + fmt.Sprintf(", more than %d levels deep", maxPartialDepth)
				break
			}
		}
		f.hint = fmt.Sprintf("include a partial from itself only inside an {{ if }} or {{ with }} that ends, such as {{ with .Parent }}; partials nest at most %d deep", maxPartialDepth)
	case errors.As(err, &limit):
		f.msg, f.hint, f.runaway = limit.msg, limit.hint, limit.runaway
	case errors.As(err, &escape):
		pos, msg, hint := r.explainEscape(escape)
		f.msg, f.hint = msg, hint
		if pos.File != "" {
			f.pos = pos
		}
	case len(execs) > 0 && cause != "":
		f.msg, f.hint = r.explainCause(node, cause, execs[len(execs)-1].Name)
		f.runaway = strings.HasPrefix(cause, "exceeded maximum template depth")
	case len(execs) == 0:
		if m := parseRE.FindStringSubmatch(err.Error()); m != nil {
			f.pos = r.lineCol(m[1], m[2], "")
			f.msg, f.hint = r.explainParse(m[3], &f.pos)
		}
	}
	return f
}

// lineCol is the position of a template's line and text/template column
// (a byte count from the start of the line), in the file as the writer
// sees it, with the column counted in characters from 1.
func (r *Renderer) lineCol(name, line, col string) diag.Position {
	pos := diag.Position{File: name}
	f, ok := r.files[name]
	if ok {
		pos.File = f.display
	}
	pos.Line, _ = strconv.Atoi(line)
	if col == "" || !ok {
		return pos
	}
	c, _ := strconv.Atoi(col)
	return diag.LineCol(pos.File, []byte(f.text), pos.Line, c+1)
}

// nodePos is where a node of a parsed template is.
func (r *Renderer) nodePos(tree *parse.Tree, at parse.Pos) diag.Position {
	f, ok := r.files[tree.ParseName]
	if !ok {
		return diag.Position{File: tree.ParseName}
	}
	return diag.Offset(f.display, []byte(f.text), int(at))
}

// causes are the messages of template execution that have plain words;
// each gets the node the error names ("<.Params.bilde>"), the submatches
// and the name of the template that was running.
var causes = []struct {
	re      *regexp.Regexp
	explain func(r *Renderer, node string, m []string, running string) (msg, hint string)
}{
	{regexp.MustCompile(`^can't evaluate field (\w+) in type (.+)$`), (*Renderer).missingField},
	{regexp.MustCompile(`^nil pointer evaluating .+\.(\w+)$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		return emptyValue(node, m[1])
	}},
	{regexp.MustCompile(`^error calling (\w+): runtime error: invalid memory address or nil pointer dereference$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		return emptyValue(node, m[1])
	}},
	{regexp.MustCompile(`^error calling partial: (?:html/)?template: "partials/(.+)" is undefined$`), func(r *Renderer, _ string, m []string, _ string) (string, string) {
		hint := "create layouts/partials/" + m[1] + ", or fix the name"
		var names []string
		for name := range r.files {
			if rest, ok := strings.CutPrefix(name, "partials/"); ok {
				names = append(names, rest)
			}
		}
		if near := nearest(m[1], names); near != "" {
			hint = fmt.Sprintf("did you mean %q? Or create layouts/partials/%s", near, m[1])
		}
		return fmt.Sprintf("there is no partial %q", m[1]), hint
	}},
	{regexp.MustCompile(`^error calling index: index out of range: (-?\d+)$`), func(_ *Renderer, _ string, m []string, _ string) (string, string) {
		return fmt.Sprintf("the list has no item %s (the first item is 0)", m[1]),
			"ask for an item the list has: check its length with len first, or take the first few with first"
	}},
	{regexp.MustCompile(`^error calling index: index of (?:untyped nil|nil pointer)$`), func(_ *Renderer, node string, _ []string, _ string) (string, string) {
		return fmt.Sprintf("{{ %s }} looks into an empty value", node), "check the name of the list or map, or show it only when it is set, with {{ with }}"
	}},
	{regexp.MustCompile(`^wrong number of args for (\w+): want (.+) got (\d+)$`), func(_ *Renderer, _ string, m []string, _ string) (string, string) {
		return fmt.Sprintf("%s needs %s, but was given %s", m[1], values(m[2]), values(m[3])),
			fmt.Sprintf("write the values after %s, separated by spaces", m[1])
	}},
	{regexp.MustCompile(`^wrong type for value; expected (.+); got (.+)$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		got, want := typeNoun(m[2]), typeNoun(m[1])
		if got == want {
			got, want = fmt.Sprintf("%s (%s)", got, m[2]), fmt.Sprintf("%s (%s)", want, m[1])
		}
		return fmt.Sprintf("%s is %s, but %s is needed here", node, got, want),
			"check the order and the kind of the values given"
	}},
	{regexp.MustCompile(`^expected (integer|unsigned integer|float|bool|complex); found (.+)$`), func(_ *Renderer, _ string, m []string, _ string) (string, string) {
		want := map[string]string{"integer": "a whole number", "unsigned integer": "a whole number", "float": "a number", "bool": "true or false", "complex": "a number"}[m[1]]
		return fmt.Sprintf("%s is needed here, not %s", want, m[2]), "write the value without quotes, such as 3"
	}},
	{regexp.MustCompile(`^invalid value; expected (.+)$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		return fmt.Sprintf("%s has no value, but %s is needed here", node, typeNoun(m[1])),
			"check the spelling of its name, or give it a default with | default"
	}},
	{regexp.MustCompile(`^range can't iterate over (.*)$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		return fmt.Sprintf("range needs a list, but %s is %q", node, m[1]), "range over a list such as .Pages, or use {{ with }} for a single value"
	}},
	{regexp.MustCompile(`^error calling len: len of (?:type )?(.+)$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		return fmt.Sprintf("len counts the items of a list, a map or a text, not of %s", typeNoun(m[1])), "give len a list, such as .Pages"
	}},
	{regexp.MustCompile(`^exceeded maximum template depth \((\d+)\)$`), func(_ *Renderer, _ string, m []string, running string) (string, string) {
		return fmt.Sprintf("%s calls itself %s levels deep, so it never ends", templateNoun(running), m[1]),
			"call a template from itself only inside an {{ if }}, {{ with }} or {{ range }} that ends, such as {{ with .Parent }}"
	}},
	{regexp.MustCompile(`^error calling (eq|ne|lt|le|gt|ge): (?:incompatible types|invalid type) for comparison$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		return fmt.Sprintf("%s compares values of different kinds, such as text with a number", m[1]), "compare a number with a number and text with text"
	}},
	{regexp.MustCompile(`^(?:can't give argument to non-function (.+)|(.+) is not a method but has arguments|(.+) has arguments but cannot be invoked as function)$`), func(_ *Renderer, node string, m []string, _ string) (string, string) {
		name := cmp.Or(m[1], m[2], m[3])
		return fmt.Sprintf("%s is a value, not a function, but values follow it", name), "remove what follows it, or put the call in parentheses"
	}},
	{regexp.MustCompile(`^error calling (\w+): (.+)$`), func(_ *Renderer, _ string, m []string, _ string) (string, string) {
		// The functions and methods of works say what is wrong themselves.
		return m[2], "fix the template at that line, or the value it is given"
	}},
}

func (r *Renderer) explainCause(node, cause, running string) (string, string) {
	for _, c := range causes {
		if m := c.re.FindStringSubmatch(cause); m != nil {
			return c.explain(r, node, m, running)
		}
	}
	return cause, "fix the template at that line"
}

// missingField: "can't evaluate field Nope in type render.Page".
func (r *Renderer) missingField(node string, m []string, _ string) (string, string) {
	field, typ := m[1], m[2]
	noun := typeNoun(typ)
	// The node is ".Site.Nope", or an argument when the field follows a
	// call, as in (index .Site.Menus "main").Name: then it is "this value".
	base, subject := strings.TrimSuffix(node, "."+field), ""
	switch {
	case base == "":
		base, subject = ".", "the "+strings.TrimPrefix(strings.TrimPrefix(noun, "a "), "the ")
	case base == node:
		base, subject = "it", "this value"
	default:
		subject = fmt.Sprintf("%s (%s)", base, noun)
	}
	switch t := strings.TrimPrefix(typ, "*"); {
	case strings.HasPrefix(t, "[]"):
		hint := "go through its items with {{ range }}, or take one with index"
		if base != "it" {
			hint = fmt.Sprintf("go through its items with {{ range %s }}{{ .%s }}{{ end }}, or take one with index", base, field)
		}
		return fmt.Sprintf("%s is a list, which has no field %q", strings.TrimSuffix(subject, " ("+noun+")"), field), hint
	case !strings.Contains(t, "."):
		return fmt.Sprintf("%s is %s, which has no field %q", strings.TrimSuffix(subject, " ("+noun+")"), noun, field),
			fmt.Sprintf("remove .%s, or check the name before it", field)
	}
	names := fieldNames(typ)
	var hint string
	if near := nearest(field, names); near != "" {
		hint = "did you mean ." + near + "?"
	} else if len(names) > 0 {
		hint = noun + " has ." + strings.Join(names, ", .")
	} else {
		hint = "check the spelling"
	}
	if strings.HasSuffix(typ, ".Page") {
		sep := "; for"
		if strings.HasSuffix(hint, "?") {
			sep = " For"
		}
		hint += fmt.Sprintf("%s a key of the front matter, write .Params.%s", sep, strings.ToLower(field[:1])+field[1:])
	}
	return fmt.Sprintf("%s has no field %q", subject, field), hint
}

// emptyValue: the value before .field is nil, as .Project is on a page
// without a project.
func emptyValue(node, field string) (string, string) {
	base := node
	if i := strings.Index(node, "."+field); i > 0 {
		base = node[:i]
	}
	if base == node {
		return fmt.Sprintf("{{ %s }} reads a value that is empty here", node), "show it only when it is set, with {{ with }} … {{ end }}"
	}
	return fmt.Sprintf("%s is empty here, so it has no .%s", base, field),
		fmt.Sprintf("show it only when it is set: {{ with %s }}{{ .%s }}{{ end }}", base, field)
}

// explainParse: the messages text/template gives when a template cannot
// be read. Their position has a line only; for a name the column is found.
func (r *Renderer) explainParse(msg string, pos *diag.Position) (string, string) {
	if m := undefinedFuncRE.FindStringSubmatch(msg); m != nil {
		*pos = r.findOnLine(*pos, m[1])
		hint := "use one of the functions in the README's list, or fix the name"
		if near := nearest(m[1], r.funcNames); near != "" {
			hint = fmt.Sprintf("did you mean %s?", near)
		}
		return fmt.Sprintf("there is no template function %q", m[1]), hint
	}
	switch {
	case strings.HasPrefix(msg, "unexpected {{end}}"):
		return "this {{ end }} closes nothing", "remove it, or add the {{ if }}, {{ range }}, {{ with }} or {{ define }} it belongs to"
	case strings.HasPrefix(msg, "unexpected EOF"):
		return "the template ends before an {{ if }}, {{ range }}, {{ with }}, {{ block }} or {{ define }} is closed", "add the missing {{ end }}"
	case strings.HasPrefix(msg, "unclosed action"):
		return "an action opened with {{ is not closed with }}", "add }} at the end of the action"
	case strings.HasPrefix(msg, "unexpected \"}\" in operand") || strings.HasPrefix(msg, "unexpected right paren"):
		return "the brackets of this action do not match", "close each ( with ) and each {{ with }}"
	case strings.HasPrefix(msg, "undefined variable "):
		name := strings.TrimPrefix(msg, "undefined variable ")
		*pos = r.findOnLine(*pos, strings.Trim(name, `"`))
		return fmt.Sprintf("the variable %s is not set here", name), "set it first with {{ " + strings.Trim(name, `"`) + " := … }}, in this template: variables do not reach into partials"
	}
	return msg, "fix the template at that line"
}

// findOnLine adds the column of word's first appearance on pos's line.
func (r *Renderer) findOnLine(pos diag.Position, word string) diag.Position {
	for _, f := range r.files {
		if f.display != pos.File {
			continue
		}
		lines := strings.Split(f.text, "\n")
		if pos.Line < 1 || pos.Line > len(lines) {
			return pos
		}
		if i := strings.Index(lines[pos.Line-1], word); i >= 0 {
			return diag.LineCol(pos.File, []byte(f.text), pos.Line, i+1)
		}
	}
	return pos
}

// explainEscape: html/template refuses to write a value where it cannot
// tell how to make it safe. Its errors carry a code for the reason.
func (r *Renderer) explainEscape(e *template.Error) (diag.Position, string, string) {
	var pos diag.Position
	desc := e.Description
	if m := escapeRE.FindStringSubmatch(e.Error()); m != nil {
		if _, ok := r.files[m[1]]; ok {
			pos = r.lineCol(m[1], m[2], m[3])
		}
		desc = m[4]
	}
	switch e.ErrorCode {
	case template.ErrEndContext:
		return pos, "the template ends " + openContext(desc), "close it before the end of the file"
	case template.ErrBranchEnd, template.ErrRangeLoopReentry:
		return pos, "the parts of this {{ if }}, {{ with }} or {{ range }} end in different places of the HTML: one inside a tag or quotes, one outside",
			"open and close each tag and each quote within the same part"
	case template.ErrNoSuchTemplate:
		if m := noSuchTemplateRE.FindStringSubmatch(desc); m != nil {
			return pos, fmt.Sprintf("there is no template %q", m[1]), fmt.Sprintf(`define it with {{ define %q }} … {{ end }}, or fix the name`, m[1])
		}
		if m := emptyTemplateRE.FindStringSubmatch(desc); m != nil {
			return pos, fmt.Sprintf("%s is empty", templateNoun(m[1])), "write the template, or remove what uses it"
		}
	case template.ErrPredefinedEscaper:
		return pos, "| html and | urlquery may only end a pipeline: works makes every value safe where it is written", "remove | html or | urlquery"
	case template.ErrBadHTML:
		return pos, "the HTML here is not well formed: " + desc, "check the quotes and the < and > around this line"
	case template.ErrAmbigContext:
		return pos, "this {{ }} sits where it could be part of the address or of its query", "build the whole address in one value, or end the {{ if }} before the ?"
	}
	return pos, "this HTML cannot be made safe: " + desc, "check the HTML around this line"
}

// openContext says what is left open from html/template's context text,
// "ends in a non-text context: {stateAttr delimDoubleQuote …}".
func openContext(desc string) string {
	m := contextRE.FindStringSubmatch(desc)
	if m == nil {
		return "inside a tag, an attribute, a comment or a script"
	}
	state, delim := m[1], m[2]
	quote := map[string]string{"delimDoubleQuote": `"`, "delimSingleQuote": "'"}[delim]
	switch {
	case quote != "":
		return fmt.Sprintf("inside an attribute's value: its closing %s is missing", quote)
	case strings.HasPrefix(state, "stateJS"):
		return "inside a <script>: a closing quote or </script> is missing"
	case strings.HasPrefix(state, "stateCSS"):
		return "inside a <style>: a closing quote or </style> is missing"
	case state == "stateHTMLCmt":
		return "inside an HTML comment: its --> is missing"
	case state == "stateRCDATA":
		return "inside a <title> or <textarea>: its end tag is missing"
	case delim == "delimSpaceOrTagEnd" || strings.HasPrefix(state, "stateTag") || strings.HasPrefix(state, "stateAttr") || state == "stateBeforeValue" || state == "stateAfterName":
		return "inside an HTML tag: its > is missing"
	}
	return "inside a tag, an attribute, a comment or a script"
}

// typeNoun names a Go type as a writer knows the value: "a page", "text".
func typeNoun(typ string) string {
	t := strings.TrimPrefix(typ, "*")
	if n, ok := map[string]string{
		"render.Page": "a page", "site.Page": "a page", "site.Site": "the site", "site.Term": "a term",
		"site.Taxonomy": "a taxonomy", "site.Pager": "a pager (one page of a list)", "site.Resource": "a file of the page's folder",
		"site.MenuEntry": "a menu entry", "site.Language": "a language", "site.Heading": "a heading", "time.Time": "a date",
		"render.Asset": "an asset", "string": "text", "template.HTML": "HTML", "bool": "true or false",
		"interface {}": "a value", "<nil>": "nothing",
	}[t]; ok {
		return n
	}
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a map"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint") || strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "a value of type " + typ
}

// fieldNames are the fields and methods a template may read from a value
// of the named type, for the types a page leads to.
func fieldNames(typ string) []string {
	t, ok := reachableTypes()[strings.TrimPrefix(typ, "*")]
	if !ok {
		return nil
	}
	var names []string
	for _, f := range reflect.VisibleFields(t) {
		if f.IsExported() && !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	pt := reflect.PointerTo(t)
	for i := range pt.NumMethod() {
		m := pt.Method(i)
		if usable(m.Type) && !slices.Contains(names, m.Name) {
			names = append(names, m.Name)
		}
	}
	slices.Sort(names)
	return names
}

// usable reports whether a template can call a method of this type: one
// result, or a result and an error.
func usable(m reflect.Type) bool {
	switch m.NumOut() {
	case 1:
		return true
	case 2:
		return m.Out(1) == reflect.TypeFor[error]()
	}
	return false
}

// reachableTypes are the struct types a template reaches from a page
// through fields and methods, by their names as Go prints them.
func reachableTypes() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || out[t.String()] != nil {
			return
		}
		out[t.String()] = t
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() {
				add(f.Type)
			}
		}
		pt := reflect.PointerTo(t)
		for i := range pt.NumMethod() {
			m := pt.Method(i).Type
			for j := range m.NumOut() {
				add(m.Out(j))
			}
		}
	}
	add(reflect.TypeFor[Page]())
	add(reflect.TypeFor[Asset]())
	add(reflect.TypeFor[site.Pager]())
	return out
}

// nearest is the name in names a writer most likely meant by name: the
// same but for case, or one or two edits away.
func nearest(name string, names []string) string {
	best, bestDist := "", max(1, min(2, len(name)/3))+1
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n
		}
		if d := diag.EditDistance(strings.ToLower(name), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// values says "2 values", "1 value", "none", "at least 1 value".
func values(n string) string {
	switch n {
	case "0":
		return "none"
	case "1", "at least 1":
		return n + " value"
	}
	return n + " values"
}

// builtinFuncs are the functions text/template itself gives templates.
func builtinFuncs() []string {
	return []string{"and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or", "print", "printf", "println", "slice", "urlquery"}
}

// panicError reports a panic while a page rendered, at the layout.
func (r *Renderer) panicError(v any, j Job) *diag.Diagnostic {
	pos := diag.Position{File: "layouts"}
	if f, ok := r.files[j.entry]; ok {
		pos.File = f.display
	}
	msg := fmt.Sprintf("works stopped with an internal error: %v", v)
	d := diag.Errorf(pos, "this is a bug in works: please report it with this template; until then, change the loops and function calls of the template",
		"template failed while rendering %s: %s", rendering(j.Page), msg)
	d.Err = templateFailure{msg: msg}
	return d
}

// zgotmplz is what html/template writes instead of a value it will not put
// where the template puts it: a javascript: address in an href, text that
// is not CSS in a style.
var zgotmplzRE = regexp.MustCompile(`([\w:-]+)\s*=\s*["']?[^"'>]*ZgotmplZ|ZgotmplZ`)

// unsafeValue reports a page on which html/template left a value out, or
// nil. The page would link to "#ZgotmplZ" or lose its style without a word.
func (r *Renderer) unsafeValue(out []byte, j Job) *diag.Diagnostic {
	if !bytes.Contains(out, []byte("ZgotmplZ")) || j.Page.Doc != nil && bytes.Contains(j.Page.Doc.Body, []byte("ZgotmplZ")) {
		return nil // a page may write about html/template
	}
	m := zgotmplzRE.FindSubmatch(out)
	pos := diag.Position{File: "layouts"}
	if f, ok := r.files[j.entry]; ok {
		pos.File = f.display
	}
	if file := j.Page.File(); file != "" {
		pos = diag.Position{File: file}
	}
	where := "a value"
	if len(m[1]) > 0 {
		where = fmt.Sprintf("the value of %s=", m[1])
	}
	msg := fmt.Sprintf(`%s was left out because it is not safe there (html/template wrote "ZgotmplZ" instead)`, where)
	d := diag.Errorf(pos, "an address must start with https:, http:, mailto:, tel: or /, not javascript:, and a style must be CSS; fix the value in the front matter or data, or the template that puts it there",
		"template failed while rendering %s: %s", rendering(j.Page), msg)
	d.Err = templateFailure{msg: msg}
	return d
}
