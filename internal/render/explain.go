package render

import (
	"bytes"
	"cmp"
	"errors"
	"html/template"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	ttemplate "text/template"
	"text/template/parse"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/site"
)

// failure is a template error explained for a writer: where, what went
// wrong in plain words, and how to fix it.
type failure struct {
	pos       diag.Position
	what, fix msg.Text
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
	f := failure{pos: diag.Position{File: "layouts"}, what: msg.T("%s", strings.TrimPrefix(err.Error(), "html/template: ")), fix: fixTheLine}
	var node, cause string
	if len(execs) > 0 {
		if m := execRE.FindStringSubmatch(execs[len(execs)-1].Error()); m != nil {
			f.pos = r.lineCol(m[1], m[2], m[3])
			node, cause = m[4], m[5]
			f.what = msg.T("%s", cause)
		}
	}

	var depth partialDepthError
	var limit limitError
	var escape *template.Error
	var said funcError
	switch {
	case errors.As(err, &depth):
		names := make([]string, 0, len(execs)+1)
		for _, x := range execs {
			names = append(names, x.Name)
		}
		f.what = msg.T("partials are included more than %d levels deep", maxPartialDepth)
		// The loop is the way from the last time the partial ran back to it.
		for i := len(names) - 1; i >= 0; i-- {
			if names[i] == depth.name {
				f.what = msg.T("%s, more than %d levels deep", describeLoop(append(names[i:], depth.name)), maxPartialDepth)
				break
			}
		}
		f.fix = msg.T("include a partial from itself only inside an {{ if }} or {{ with }} that ends, such as {{ with .Parent }}; partials nest at most %d deep", maxPartialDepth)
	case errors.As(err, &limit):
		f.what, f.fix, f.runaway = limit.what, limit.fix, limit.runaway
	case errors.As(err, &escape):
		pos, what, fix := r.explainEscape(escape)
		f.what, f.fix = what, fix
		if pos.File != "" {
			f.pos = pos
		}
	case len(execs) > 0 && errors.As(err, &said):
		f.what, f.fix = said.what, fixTheValue
	case len(execs) > 0 && cause != "":
		f.what, f.fix = r.explainCause(node, cause, execs[len(execs)-1].Name)
		f.runaway = strings.HasPrefix(cause, "exceeded maximum template depth")
	case len(execs) == 0:
		if m := parseRE.FindStringSubmatch(err.Error()); m != nil {
			f.pos = r.lineCol(m[1], m[2], "")
			f.what, f.fix = r.explainParse(m[3], &f.pos)
		}
	}
	return f
}

// The hints of a template error without advice of its own.
var (
	fixTheLine  = msg.T("fix the template at that line")
	fixTheValue = msg.T("fix the template at that line, or the value it is given")
)

// funcError is the error of a template function that says what is wrong
// in the writer's language; text/template keeps it in the error it wraps
// around it.
type funcError struct{ what msg.Text }

func (e funcError) Error() string     { return e.what.String() }
func (e funcError) Message() msg.Text { return e.what }

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
	explain func(r *Renderer, node string, m []string, running string) (what, fix msg.Text)
}{
	{regexp.MustCompile(`^can't evaluate field (\w+) in type (.+)$`), (*Renderer).missingField},
	{regexp.MustCompile(`^nil pointer evaluating .+\.(\w+)$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		return emptyValue(node, m[1])
	}},
	{regexp.MustCompile(`^error calling (\w+): runtime error: invalid memory address or nil pointer dereference$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		return emptyValue(node, m[1])
	}},
	{regexp.MustCompile(`^error calling partial: (?:html/)?template: "partials/(.+)" is undefined$`), func(r *Renderer, _ string, m []string, _ string) (msg.Text, msg.Text) {
		fix := msg.T("create layouts/partials/%s, or fix the name", m[1])
		var names []string
		for name := range r.files {
			if rest, ok := strings.CutPrefix(name, "partials/"); ok {
				names = append(names, rest)
			}
		}
		if near := nearest(m[1], names); near != "" {
			fix = msg.T("did you mean %q? Or create layouts/partials/%s", near, m[1])
		}
		return msg.T("there is no partial %q", m[1]), fix
	}},
	{regexp.MustCompile(`^error calling index: index out of range: (-?\d+)$`), func(_ *Renderer, _ string, m []string, _ string) (msg.Text, msg.Text) {
		return msg.T("the list has no item %s (the first item is 0)", m[1]),
			msg.T("ask for an item the list has: check its length with len first, or take the first few with first")
	}},
	{regexp.MustCompile(`^error calling index: index of (?:untyped nil|nil pointer)$`), func(_ *Renderer, node string, _ []string, _ string) (msg.Text, msg.Text) {
		return msg.T("{{ %s }} looks into an empty value", node), msg.T("check the name of the list or map, or show it only when it is set, with {{ with }}")
	}},
	{regexp.MustCompile(`^wrong number of args for (\w+): want (.+) got (\d+)$`), func(_ *Renderer, _ string, m []string, _ string) (msg.Text, msg.Text) {
		return msg.T("%s needs %s, but was given %s", m[1], values(m[2]), values(m[3])),
			msg.T("write the values after %s, separated by spaces", m[1])
	}},
	{regexp.MustCompile(`^wrong type for value; expected (.+); got (.+)$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		got, want := typeNoun(m[2]), typeNoun(m[1])
		if got.String() == want.String() {
			got, want = msg.T("%s (%s)", got, m[2]), msg.T("%s (%s)", want, m[1])
		}
		return msg.T("%s is %s, but %s is needed here", node, got, want),
			msg.T("check the order and the kind of the values given")
	}},
	{regexp.MustCompile(`^expected (integer|unsigned integer|float|bool|complex); found (.+)$`), func(_ *Renderer, _ string, m []string, _ string) (msg.Text, msg.Text) {
		want := map[string]msg.Text{"integer": aWholeNumber, "unsigned integer": aWholeNumber, "float": aNumber, "bool": trueOrFalse, "complex": aNumber}[m[1]]
		return msg.T("%s is needed here, not %s", want, m[2]), msg.T("write the value without quotes, such as 3")
	}},
	{regexp.MustCompile(`^invalid value; expected (.+)$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		return msg.T("%s has no value, but %s is needed here", node, typeNoun(m[1])),
			msg.T("check the spelling of its name, or give it a default with | default")
	}},
	{regexp.MustCompile(`^range can't iterate over (.*)$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		return msg.T("range needs a list, but %s is %q", node, m[1]), msg.T("range over a list such as .Pages, or use {{ with }} for a single value")
	}},
	{regexp.MustCompile(`^error calling len: len of (?:type )?(.+)$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		return msg.T("len counts the items of a list, a map or a text, not of %s", typeNoun(m[1])), msg.T("give len a list, such as .Pages")
	}},
	{regexp.MustCompile(`^exceeded maximum template depth \((\d+)\)$`), func(_ *Renderer, _ string, m []string, running string) (msg.Text, msg.Text) {
		return msg.T("%s calls itself %s levels deep, so it never ends", templateNoun(running), m[1]),
			msg.T("call a template from itself only inside an {{ if }}, {{ with }} or {{ range }} that ends, such as {{ with .Parent }}")
	}},
	{regexp.MustCompile(`^error calling (eq|ne|lt|le|gt|ge): (?:incompatible types|invalid type) for comparison$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		return msg.T("%s compares values of different kinds, such as text with a number", m[1]), msg.T("compare a number with a number and text with text")
	}},
	{regexp.MustCompile(`^(?:can't give argument to non-function (.+)|(.+) is not a method but has arguments|(.+) has arguments but cannot be invoked as function)$`), func(_ *Renderer, node string, m []string, _ string) (msg.Text, msg.Text) {
		name := cmp.Or(m[1], m[2], m[3])
		return msg.T("%s is a value, not a function, but values follow it", name), msg.T("remove what follows it, or put the call in parentheses")
	}},
	{regexp.MustCompile(`^error calling (\w+): (.+)$`), func(_ *Renderer, _ string, m []string, _ string) (msg.Text, msg.Text) {
		// The functions and methods of works say what is wrong themselves.
		return msg.T("%s", m[2]), fixTheValue
	}},
}

func (r *Renderer) explainCause(node, cause, running string) (what, fix msg.Text) {
	for _, c := range causes {
		if m := c.re.FindStringSubmatch(cause); m != nil {
			return c.explain(r, node, m, running)
		}
	}
	return msg.T("%s", cause), fixTheLine
}

// missingField: "can't evaluate field Nope in type render.Page".
func (r *Renderer) missingField(node string, m []string, _ string) (what, fix msg.Text) {
	field, typ := m[1], m[2]
	noun := typeNoun(typ)
	// The node is ".Site.Nope", or an argument when the field follows a
	// call, as in (index .Site.Menus "main").Name: then it is "this value".
	// The subject names the value, and says what it is when the name
	// does not.
	base := strings.TrimSuffix(node, "."+field)
	var name, subject msg.Text
	switch {
	case base == "":
		base, name = ".", nounOf(typ).the
		subject = name
	case base == node:
		base, name = "it", msg.T("this value")
		subject = name
	default:
		name, subject = msg.T("%s", base), msg.T("%s (%s)", base, noun)
	}
	switch t := strings.TrimPrefix(typ, "*"); {
	case strings.HasPrefix(t, "[]"):
		fix := msg.T("go through its items with {{ range }}, or take one with index")
		if base != "it" {
			fix = msg.T("go through its items with {{ range %s }}{{ .%s }}{{ end }}, or take one with index", base, field)
		}
		return msg.T("%s is a list, which has no field %q", name, field), fix
	case !strings.Contains(t, "."):
		return msg.T("%s is %s, which has no field %q", name, noun, field),
			msg.T("remove .%s, or check the name before it", field)
	}
	names := fieldNames(typ)
	near := nearest(field, names)
	key := strings.ToLower(field[:1]) + field[1:] // as the front matter writes it
	page := strings.HasSuffix(typ, ".Page")
	switch {
	case near != "" && page:
		fix = msg.T("did you mean .%s? For a key of the front matter, write .Params.%s", near, key)
	case near != "":
		fix = msg.T("did you mean .%s?", near)
	case len(names) > 0 && page:
		fix = msg.T("%s has .%s; for a key of the front matter, write .Params.%s", noun, strings.Join(names, ", ."), key)
	case len(names) > 0:
		fix = msg.T("%s has .%s", noun, strings.Join(names, ", ."))
	case page:
		fix = msg.T("check the spelling; for a key of the front matter, write .Params.%s", key)
	default:
		fix = msg.T("check the spelling")
	}
	return msg.T("%s has no field %q", subject, field), fix
}

// emptyValue: the value before .field is nil, as .Project is on a page
// without a project.
func emptyValue(node, field string) (what, fix msg.Text) {
	base := node
	if i := strings.Index(node, "."+field); i > 0 {
		base = node[:i]
	}
	if base == node {
		return msg.T("{{ %s }} reads a value that is empty here", node), msg.T("show it only when it is set, with {{ with }} … {{ end }}")
	}
	return msg.T("%s is empty here, so it has no .%s", base, field),
		msg.T("show it only when it is set: {{ with %s }}{{ .%s }}{{ end }}", base, field)
}

// explainParse: the messages text/template gives when a template cannot
// be read. Their position has a line only; for a name the column is found.
func (r *Renderer) explainParse(fault string, pos *diag.Position) (what, fix msg.Text) {
	if m := undefinedFuncRE.FindStringSubmatch(fault); m != nil {
		*pos = r.findOnLine(*pos, m[1])
		fix := msg.T("use one of the functions in the README's list, or fix the name")
		if near := nearest(m[1], r.funcNames); near != "" {
			fix = msg.T("did you mean %s?", near)
		}
		return msg.T("there is no template function %q", m[1]), fix
	}
	switch {
	case strings.HasPrefix(fault, "unexpected {{end}}"):
		return msg.T("this {{ end }} closes nothing"), msg.T("remove it, or add the {{ if }}, {{ range }}, {{ with }} or {{ define }} it belongs to")
	case strings.HasPrefix(fault, "unexpected EOF"):
		return msg.T("the template ends before an {{ if }}, {{ range }}, {{ with }}, {{ block }} or {{ define }} is closed"), msg.T("add the missing {{ end }}")
	case strings.HasPrefix(fault, "unclosed action"):
		return msg.T("an action opened with {{ is not closed with }}"), msg.T("add }} at the end of the action")
	case strings.HasPrefix(fault, "unexpected \"}\" in operand") || strings.HasPrefix(fault, "unexpected right paren"):
		return msg.T("the brackets of this action do not match"), msg.T("close each ( with ) and each {{ with }}")
	case strings.HasPrefix(fault, "undefined variable "):
		name := strings.TrimPrefix(fault, "undefined variable ")
		*pos = r.findOnLine(*pos, strings.Trim(name, `"`))
		return msg.T("the variable %s is not set here", name),
			msg.T("set it first with {{ %s := … }}, in this template: variables do not reach into partials", strings.Trim(name, `"`))
	}
	return msg.T("%s", fault), fixTheLine
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
func (r *Renderer) explainEscape(e *template.Error) (pos diag.Position, what, fix msg.Text) {
	desc := e.Description
	if m := escapeRE.FindStringSubmatch(e.Error()); m != nil {
		if _, ok := r.files[m[1]]; ok {
			pos = r.lineCol(m[1], m[2], m[3])
		}
		desc = m[4]
	}
	switch e.ErrorCode {
	case template.ErrEndContext:
		return pos, msg.T("the template ends %s", openContext(desc)), msg.T("close it before the end of the file")
	case template.ErrBranchEnd, template.ErrRangeLoopReentry:
		return pos, msg.T("the parts of this {{ if }}, {{ with }} or {{ range }} end in different places of the HTML: one inside a tag or quotes, one outside"),
			msg.T("open and close each tag and each quote within the same part")
	case template.ErrNoSuchTemplate:
		if m := noSuchTemplateRE.FindStringSubmatch(desc); m != nil {
			return pos, msg.T("there is no template %q", m[1]), msg.T(`define it with {{ define %q }} … {{ end }}, or fix the name`, m[1])
		}
		if m := emptyTemplateRE.FindStringSubmatch(desc); m != nil {
			return pos, msg.T("%s is empty", templateNoun(m[1])), msg.T("write the template, or remove what uses it")
		}
	case template.ErrPredefinedEscaper:
		return pos, msg.T("| html and | urlquery may only end a pipeline: works makes every value safe where it is written"), msg.T("remove | html or | urlquery")
	case template.ErrBadHTML:
		return pos, msg.T("the HTML here is not well formed: %s", desc), msg.T("check the quotes and the < and > around this line")
	case template.ErrAmbigContext:
		return pos, msg.T("this {{ }} sits where it could be part of the address or of its query"), msg.T("build the whole address in one value, or end the {{ if }} before the ?")
	}
	return pos, msg.T("this HTML cannot be made safe: %s", desc), msg.T("check the HTML around this line")
}

// openContext says what is left open from html/template's context text,
// "ends in a non-text context: {stateAttr delimDoubleQuote …}".
func openContext(desc string) msg.Text {
	m := contextRE.FindStringSubmatch(desc)
	if m == nil {
		return insideSomething
	}
	state, delim := m[1], m[2]
	quote := map[string]string{"delimDoubleQuote": `"`, "delimSingleQuote": "'"}[delim]
	switch {
	case quote != "":
		return msg.T("inside an attribute's value: its closing %s is missing", quote)
	case strings.HasPrefix(state, "stateJS"):
		return msg.T("inside a <script>: a closing quote or </script> is missing")
	case strings.HasPrefix(state, "stateCSS"):
		return msg.T("inside a <style>: a closing quote or </style> is missing")
	case state == "stateHTMLCmt":
		return msg.T("inside an HTML comment: its --> is missing")
	case state == "stateRCDATA":
		return msg.T("inside a <title> or <textarea>: its end tag is missing")
	case delim == "delimSpaceOrTagEnd" || strings.HasPrefix(state, "stateTag") || strings.HasPrefix(state, "stateAttr") || state == "stateBeforeValue" || state == "stateAfterName":
		return msg.T("inside an HTML tag: its > is missing")
	}
	return insideSomething
}

var insideSomething = msg.T("inside a tag, an attribute, a comment or a script")

// noun names a kind of value as a writer knows it, with its article and
// as "the" one: "a page", "the page".
type noun struct{ a, the msg.Text }

// nouns are the Go types a template meets, by the names Go prints.
var nouns = map[string]noun{
	"render.Page":    {msg.T("a page"), msg.T("the page")},
	"site.Page":      {msg.T("a page"), msg.T("the page")},
	"site.Site":      {msg.T("the site"), msg.T("the site")},
	"site.Term":      {msg.T("a term"), msg.T("the term")},
	"site.Taxonomy":  {msg.T("a taxonomy"), msg.T("the taxonomy")},
	"site.Pager":     {msg.T("a pager (one page of a list)"), msg.T("the pager (one page of a list)")},
	"site.Resource":  {msg.T("a file of the page's folder"), msg.T("the file of the page's folder")},
	"site.MenuEntry": {msg.T("a menu entry"), msg.T("the menu entry")},
	"site.Language":  {msg.T("a language"), msg.T("the language")},
	"site.Heading":   {msg.T("a heading"), msg.T("the heading")},
	"time.Time":      {msg.T("a date"), msg.T("the date")},
	"render.Asset":   {msg.T("an asset"), msg.T("the asset")},
	"string":         {msg.T("text"), msg.T("the text")},
	"template.HTML":  {msg.T("HTML"), msg.T("the HTML")},
	"bool":           {trueOrFalse, trueOrFalse},
	"interface {}":   {msg.T("a value"), msg.T("the value")},
	"<nil>":          {msg.T("nothing"), msg.T("nothing")},
}

// The values a template function may need.
var (
	aNumber      = msg.T("a number")
	aWholeNumber = msg.T("a whole number")
	trueOrFalse  = msg.T("true or false")
)

// nounOf names a Go type as a writer knows the value.
func nounOf(typ string) noun {
	t := strings.TrimPrefix(typ, "*")
	if n, ok := nouns[t]; ok {
		return n
	}
	switch {
	case strings.HasPrefix(t, "[]"):
		return noun{msg.T("a list"), msg.T("the list")}
	case strings.HasPrefix(t, "map["):
		return noun{msg.T("a map"), msg.T("the map")}
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint") || strings.HasPrefix(t, "float"):
		return noun{aNumber, msg.T("the number")}
	}
	return noun{msg.T("a value of type %s", typ), msg.T("the value of type %s", typ)}
}

// typeNoun names a Go type as a writer knows the value: "a page", "text".
func typeNoun(typ string) msg.Text { return nounOf(typ).a }

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
func values(n string) msg.Text {
	if rest, ok := strings.CutPrefix(n, "at least "); ok {
		return msg.T("at least %s", values(rest))
	}
	switch n {
	case "0":
		return msg.T("none")
	case "1":
		return msg.T("1 value")
	}
	return msg.T("%s values", n)
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
	what := msg.T("works stopped with an internal error: %v", v)
	d := diag.Errorf(pos, "this is a bug in works: please report it with this template; until then, change the loops and function calls of the template",
		"template failed while rendering %s: %s", rendering(j.Page), what)
	d.Err = &templateFailure{what: what}
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
	what := msg.T(`a value was left out because it is not safe there (html/template wrote "ZgotmplZ" instead)`)
	if len(m[1]) > 0 {
		what = msg.T(`the value of %s= was left out because it is not safe there (html/template wrote "ZgotmplZ" instead)`, m[1])
	}
	d := diag.Errorf(pos, "an address must start with https:, http:, mailto:, tel: or /, not javascript:, and a style must be CSS; fix the value in the front matter or data, or the template that puts it there",
		"template failed while rendering %s: %s", rendering(j.Page), what)
	d.Err = &templateFailure{what: what}
	return d
}
