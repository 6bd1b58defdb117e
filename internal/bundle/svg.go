package bundle

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/drammen-works/works/internal/msg"
)

// Problem is one thing in a file that keeps it from being published: what
// it is, where (1-based line and column, 0 when the whole file), and what
// to do about it.
type Problem struct {
	Line, Col int
	What, Fix msg.Text
}

// CheckSVG returns what in a drawing would run script on the site's
// address or make a visitor's browser load from another host: <script>,
// <foreignObject> and other embedding elements, on… event attributes,
// javascript: addresses, references to other hosts in href, src, styles
// and style sheets, and entity declarations. A drawing that is not
// well-formed XML is refused too: a browser would not draw it, and what it
// would make of it cannot be checked.
//
// A link (<a href>) to another host is fine: it loads nothing until it is
// followed.
func CheckSVG(src []byte) []Problem {
	var probs []Problem
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	d.Entity = map[string]string{} // named entities beyond XML's five are errors
	add := func(what, fix msg.Text) {
		line, col := d.InputPos()
		probs = append(probs, Problem{Line: line, Col: col, What: what, Fix: fix})
	}
	var stack []string // element names, for <style> text and <a> links
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col := d.InputPos()
			return append(probs, Problem{Line: line, Col: col,
				What: msg.T("the drawing is not well-formed XML (%s)", plainXMLError(err)),
				Fix:  msg.T("export the drawing again from the drawing program, as a plain SVG")})
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			stack = append(stack, name)
			switch name {
			case "script", "handler", "listener":
				add(msg.T("the drawing has a <%s> element: a script that would run on the site", t.Name.Local),
					msg.T("remove the <%s> element; a drawing on the site must not carry a script", t.Name.Local))
			case "foreignobject", "iframe", "embed", "object", "audio", "video", "html", "body":
				add(msg.T("the drawing has a <%s> element, which can hold a web page or a program", t.Name.Local),
					msg.T("remove the <%s> element and what is inside it", t.Name.Local))
			}
			for _, a := range t.Attr {
				checkAttr(name, a, add)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1] == "style" {
				if host := styleHost(string(t)); host != "" {
					add(msg.T("the drawing's style loads %s from another host", host), msg.T(removeOrCopy))
				}
			}
		case xml.Directive:
			// Drawing programs declare plain text entities (Illustrator's
			// &ns_extend;); those are expanded, so what they hide is
			// checked too. Entities that read files or other entities are
			// refused.
			if !declareEntities(string(t), d.Entity) {
				add(msg.T("the drawing declares entities (<!ENTITY …>) that read other files or other entities, which can make a browser read files or run out of memory"),
					msg.T("export the drawing again without a DOCTYPE"))
			}
		case xml.ProcInst:
			if t.Target == "xml-stylesheet" {
				if host := refHost(attrIn(string(t.Inst), "href")); host != "" || strings.Contains(string(t.Inst), "//") {
					add(msg.T("the drawing loads a style sheet from another host (%s)", string(t.Inst)), msg.T("remove the <?xml-stylesheet?> line"))
				}
			}
		}
	}
	return probs
}

// checkAttr reports an attribute that runs script or loads from another
// host.
func checkAttr(elem string, a xml.Attr, add func(what, fix msg.Text)) {
	name := strings.ToLower(a.Name.Local)
	if a.Name.Space == "xmlns" || name == "xmlns" {
		return // a namespace name, never loaded
	}
	if strings.HasPrefix(name, "on") {
		add(msg.T("the drawing has an %s attribute: a script that would run on the site", a.Name.Local),
			msg.T("remove the %s=\"…\" attribute", a.Name.Local))
		return
	}
	v := squash(a.Value)
	for _, scheme := range []string{"javascript:", "vbscript:", "data:text/html", "data:application/xhtml", "data:image/svg+xml"} {
		if strings.Contains(v, scheme) {
			add(msg.T("the drawing's %s attribute holds a %s address, which can run a script", a.Name.Local, strings.TrimSuffix(scheme, ":")),
				msg.T("remove the attribute or give it an ordinary address"))
			return
		}
	}
	switch name {
	case "href", "src":
		if elem == "a" {
			return // a link loads nothing until it is followed
		}
		if host := refHost(a.Value); host != "" {
			add(msg.T("the drawing's <%s> loads %s from another host", elem, a.Value),
				msg.T("copy the file into the site and refer to it there, or remove the reference"))
		}
	case "style":
		if host := styleHost(a.Value); host != "" {
			add(msg.T("the drawing's style loads %s from another host", host), msg.T(removeOrCopy))
		}
	default:
		// Presentation attributes take url(…) too: fill="url(https://…)".
		if strings.Contains(v, "url(") {
			if host := styleHost(a.Value); host != "" {
				add(msg.T("the drawing's %s attribute loads %s from another host", a.Name.Local, host), msg.T("refer to something inside the drawing, or remove the reference"))
			}
		}
	}
}

// squash lower-cases v and drops the spaces and control characters a
// browser ignores inside a URL scheme ("java\tscript:").
func squash(v string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(v) {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// refHost returns ref when it names another host (http:, https:, ftp: or
// a scheme-relative //host), else "".
func refHost(ref string) string {
	r := squash(ref)
	for _, p := range []string{"http:", "https:", "ftp:", "//", `\\`} {
		if strings.HasPrefix(r, p) {
			return ref
		}
	}
	return ""
}

// styleHost returns the first address in CSS text that names another host:
// url(…) and @import.
func styleHost(css string) string {
	s := strings.ToLower(css)
	for {
		i := strings.Index(s, "url(")
		j := strings.Index(s, "@import")
		if i < 0 && j < 0 {
			return ""
		}
		var ref string
		if i >= 0 && (j < 0 || i < j) {
			s = s[i+4:]
			end := strings.IndexByte(s, ')')
			if end < 0 {
				end = len(s)
			}
			ref = strings.Trim(strings.TrimSpace(s[:end]), `'"`)
		} else {
			s = strings.TrimSpace(s[j+len("@import"):])
			s = strings.TrimPrefix(s, "url(")
			ref = strings.Trim(strings.Fields(s + " ")[0], `'");`)
		}
		if refHost(ref) != "" {
			return ref
		}
	}
}

// attrIn returns the value of a pseudo-attribute in a processing
// instruction's text: href="…" in <?xml-stylesheet href="…"?>.
func attrIn(inst, name string) string {
	i := strings.Index(inst, name+"=")
	if i < 0 {
		return ""
	}
	v := inst[i+len(name)+1:]
	if v == "" {
		return ""
	}
	q := v[0]
	if q != '"' && q != '\'' {
		return ""
	}
	end := strings.IndexByte(v[1:], q)
	if end < 0 {
		return v[1:]
	}
	return v[1 : 1+end]
}

var entityDecl = regexp.MustCompile(`<!ENTITY\s+(%\s+)?([^\s"']+)\s+(?:("[^"]*"|'[^']*')|(SYSTEM|PUBLIC)\b[^>]*)\s*>`)

// declareEntities adds the plain entities declared in a DOCTYPE to
// entities, and reports false when the DOCTYPE declares any other kind:
// parameter entities, external ones, or values that use entities.
func declareEntities(doctype string, entities map[string]string) bool {
	ok := true
	for _, m := range entityDecl.FindAllStringSubmatch(doctype, -1) {
		value := m[3]
		if m[1] != "" || m[4] != "" || len(value) < 2 || strings.ContainsAny(value, "&%") {
			ok = false
			continue
		}
		entities[m[2]] = value[1 : len(value)-1]
	}
	// A declaration the pattern did not take is not trusted either.
	if strings.Count(doctype, "<!ENTITY") != len(entityDecl.FindAllString(doctype, -1)) {
		ok = false
	}
	return ok
}

// removeOrCopy is the fix for a style that loads from another host.
const removeOrCopy = "remove the reference, or copy the file into the site and refer to it there"

// plainXMLError says in plain words what the XML decoder found wrong,
// without the "XML syntax error on line N:" that the position already
// says. Its messages are English and terse; the ones a drawing program's
// file can meet are said again in words any language can have. Others
// are passed on as they are.
func plainXMLError(err error) msg.Text {
	s := err.Error()
	if se, ok := errors.AsType[*xml.SyntaxError](err); ok {
		s = se.Msg
	}
	for _, e := range xmlErrors {
		if m := e.pattern.FindStringSubmatch(s); m != nil {
			return e.say(m)
		}
	}
	return msg.T("%s", s)
}

// xmlErrors are encoding/xml's messages that plainXMLError rewords.
var xmlErrors = []struct {
	pattern *regexp.Regexp
	say     func(m []string) msg.Text
}{
	{regexp.MustCompile(`^unexpected EOF`), func([]string) msg.Text { return msg.T("the file ends before the drawing does") }},
	{regexp.MustCompile(`^element <([^>]*)> (?:in space .* )?closed by </([^>]*)>`), func(m []string) msg.Text {
		return msg.T("<%s> is closed by </%s>", m[1], m[2])
	}},
	{regexp.MustCompile(`^unexpected end element </([^>]*)>`), func(m []string) msg.Text {
		return msg.T("</%s> closes an element that is not open", m[1])
	}},
	{regexp.MustCompile(`^expected (?:element|target) name after <`), func([]string) msg.Text { return msg.T("a < is not followed by the name of an element") }},
	{regexp.MustCompile(`^unquoted or missing attribute value`), func([]string) msg.Text { return msg.T("the value of an attribute is not in quotes") }},
	{regexp.MustCompile(`^(?:expected attribute name|attribute name without =)`), func([]string) msg.Text { return msg.T("an attribute of an element is written wrongly") }},
	{regexp.MustCompile(`^invalid character entity (&\S*)`), func(m []string) msg.Text {
		return msg.T("%s names a character or an entity the drawing does not declare", m[1])
	}},
	{regexp.MustCompile(`^invalid sequence "--" not allowed in comments`), func([]string) msg.Text { return msg.T(`a comment holds "--", which XML does not allow there`) }},
	{regexp.MustCompile(`^invalid UTF-8`), func([]string) msg.Text { return msg.T("the drawing is not saved as UTF-8") }},
	{regexp.MustCompile(`^illegal character code (U\+[0-9A-F]+)`), func(m []string) msg.Text {
		return msg.T("the drawing holds a character XML does not allow (%s)", m[1])
	}},
	{regexp.MustCompile(`^xml: encoding "([^"]*)" declared`), func(m []string) msg.Text {
		return msg.T("the drawing is saved as %s, not UTF-8", m[1])
	}},
}
