package config

import (
	"bytes"
	"cmp"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/slug"
	"github.com/drammen-works/works/internal/syntax"
)

// The keys each table accepts, in the order a hint lists them.
var (
	topKeys        = []string{"title", "baseURL", "defaultLanguage", "timeZone", "theme", "languages", "brand", "menus", "params", "pagination", "permalinks", "taxonomies", "markup", "privacy", "feeds", "images", "editor"}
	languageKeys   = []string{"name", "title", "weight", "sections", "params"}
	brandKeys      = []string{"name", "city", "tagline", "logo", "colors", "dark"}
	paletteKeys    = []string{"primary", "accent", "text", "surface"}
	menuItemKeys   = []string{"name", "url", "pageRef", "weight", "identifier"}
	paginationKeys = []string{"pagerSize"}
	markupKeys     = []string{"unsafe", "typographer"}
	privacyKeys    = []string{"allowHosts"}
	feedsKeys      = []string{"content"}
	imagesKeys     = []string{"quality"}
	editorKeys     = []string{"language"}
	// homes says where keys live that people write at the top by mistake.
	homes = map[string]string{"pagerSize": "pagination", "unsafe": "markup", "typographer": "markup", "tagline": "brand", "logo": "brand", "city": "brand"}
)

// decodeTOML decodes src into plain Go values, turning a syntax error into
// a diagnostic at the character to change, in plain words.
func decodeTOML(name string, src []byte) (map[string]any, *diag.Diagnostic) {
	var raw map[string]any
	err := toml.Unmarshal(src, &raw)
	if err == nil {
		return raw, nil
	}
	d := syntax.TOML(src, 1, err).At(name, src, 0)
	return nil, d.Reword(msg.T("this line is not valid TOML: %s", d.What))
}

// decoder turns the decoded document into a Config, collecting every
// problem with the place it was written.
type decoder struct {
	file string
	src  []byte
	locs map[string]loc
	errs diag.List

	warnings diag.List // findings that do not stop a build
}

func (d *decoder) errorf(pos diag.Position, hint, format string, args ...any) {
	d.errs.Add(diag.Errorf(pos, hint, format, args...))
}

// report adds a problem whose hint needs words of its own.
func (d *decoder) report(pos diag.Position, what, fix msg.Text) {
	d.errs.Add(diag.New(pos, fix, what))
}

// find returns where p, or failing that its nearest ancestor, was written.
func (d *decoder) find(p path, pick func(loc) int) diag.Position {
	for q := p; len(q) > 0; q = q[:len(q)-1] {
		if l, ok := d.locs[q.id()]; ok {
			if off := pick(l); off >= 0 {
				return diag.Offset(d.file, d.src, off)
			}
		}
	}
	return diag.Offset(d.file, d.src, 0)
}

// keyPos is where the key of p is written; valuePos where its value starts.
func (d *decoder) keyPos(p path) diag.Position {
	return d.find(p, func(l loc) int { return l.key })
}

func (d *decoder) valuePos(p path) diag.Position {
	return d.find(p, func(l loc) int { return l.val })
}

// config fills a Config from the top-level table.
func (d *decoder) config(raw map[string]any) *Config {
	c := Default()
	langsGiven, defaultGiven := false, false
	var menus map[string]any
	for _, k := range sortedKeys(raw) {
		v, p := raw[k], path{k}
		switch k {
		case "title":
			d.setString(&c.Title, p, v)
		case "baseURL":
			if s, ok := d.str(p, v); ok {
				c.BaseURL = d.baseURL(p, s)
			}
		case "defaultLanguage":
			defaultGiven = d.setString(&c.DefaultLanguage, p, v)
		case "timeZone":
			if s, ok := d.str(p, v); ok {
				c.TimeZone, c.Location = s, d.location(p, s)
			}
		case "theme":
			if s, ok := d.str(p, v); ok {
				c.Theme = s
				d.theme(p, s)
			}
		case "languages":
			if t, ok := d.table(p, v); ok {
				c.Languages, langsGiven = d.languages(p, t), true
			}
		case "brand":
			if t, ok := d.table(p, v); ok {
				c.Brand = d.brand(p, t)
			}
		case "menus":
			menus, _ = d.table(p, v)
		case "params":
			if t, ok := d.table(p, v); ok {
				c.Params = t
			}
		case "pagination":
			if t, ok := d.table(p, v); ok {
				c.Pagination = d.pagination(p, t, c.Pagination)
			}
		case "permalinks":
			if t, ok := d.table(p, v); ok {
				c.Permalinks = d.permalinks(p, t)
			}
		case "taxonomies":
			if t, ok := d.table(p, v); ok {
				c.Taxonomies = d.taxonomies(p, t)
			}
		case "markup":
			if t, ok := d.table(p, v); ok {
				c.Markup = d.markup(p, t, c.Markup)
			}
		case "privacy":
			if t, ok := d.table(p, v); ok {
				c.Privacy = d.privacy(p, t)
			}
		case "feeds":
			if t, ok := d.table(p, v); ok {
				c.Feeds = d.feeds(p, t)
			}
		case "images":
			if t, ok := d.table(p, v); ok {
				c.Images = d.images(p, t)
			}
		case "editor":
			if t, ok := d.table(p, v); ok {
				c.Editor = d.editor(p, t)
			}
		default:
			d.unknown(p, topKeys)
		}
	}

	if _, ok := c.Languages[c.DefaultLanguage]; !ok {
		codes := strings.Join(sortedKeys(c.Languages), ", ")
		switch {
		case defaultGiven:
			d.report(d.valuePos(path{"defaultLanguage"}), msg.T("defaultLanguage %q is not one of the site's languages", c.DefaultLanguage),
				msg.T("add a [languages.%s] table, or use one of: %s", c.DefaultLanguage, codes))
		case langsGiven:
			d.report(d.keyPos(path{"languages"}), msg.T("[languages] has no entry for the default language %q", c.DefaultLanguage),
				msg.T("add a [languages.%s] table, or set defaultLanguage to one of: %s", c.DefaultLanguage, codes))
		}
	}
	if menus != nil {
		c.Menus = d.menus(path{"menus"}, menus, c.Languages, c.DefaultLanguage)
	}
	for _, l := range c.Languages {
		if l.Title == "" {
			l.Title = c.Title
		}
	}
	return c
}

// unknown reports a key the configuration does not use, with the nearest
// known key as a suggestion.
func (d *decoder) unknown(p path, known []string) {
	k := p.last()
	var fix msg.Text
	switch near := nearest(k, known); {
	case near != "":
		fix = msg.T("did you mean %q?", append(p[:len(p)-1:len(p)-1], near).String())
	case len(p) == 1 && homes[k] != "":
		fix = msg.T("it belongs in the [%s] table: move it below a [%s] line", homes[k], homes[k])
	case len(p) == 1:
		fix = msg.T("remove it, or put your own settings under [params]")
	default:
		fix = msg.T("the keys allowed here are: %s", strings.Join(known, ", "))
	}
	d.report(d.keyPos(p), msg.T("unknown key %q", p.String()), fix)
}

// Type checks. Each reports a mismatch and says whether v had the type.

func (d *decoder) str(p path, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.wrongType(p, msg.T("%q must be text, not %s", p.String(), describe(v)), msg.T(`put the text in quotes, like %s = "…"`, p.last()))
	}
	return s, ok
}

func (d *decoder) setString(dst *string, p path, v any) bool {
	s, ok := d.str(p, v)
	if ok {
		*dst = s
	}
	return ok
}

func (d *decoder) integer(p path, v any) (int, bool) {
	n, ok := v.(int64)
	if !ok {
		fix := msg.T("write a whole number, like %s = 10", p.last())
		if _, quoted := v.(string); quoted {
			fix = msg.T("write the number without quotes, like %s = 10", p.last())
		}
		d.wrongType(p, msg.T("%q must be a whole number, not %s", p.String(), describe(v)), fix)
		return 0, false
	}
	return int(n), true
}

func (d *decoder) boolean(p path, v any) (bool, bool) {
	b, ok := v.(bool)
	if !ok {
		d.wrongType(p, msg.T("%q must be true or false, not %s", p.String(), describe(v)), msg.T("write %s = true or %s = false, without quotes", p.last(), p.last()))
	}
	return b, ok
}

func (d *decoder) table(p path, v any) (map[string]any, bool) {
	t, ok := v.(map[string]any)
	if !ok {
		d.wrongType(p, msg.T("%q must be a table, not %s", p.String(), describe(v)), msg.T("write [%s] on a line of its own, with its keys on the lines below", p))
	}
	return t, ok
}

// wrongType reports a value of another type than p takes, where the value
// is written.
func (d *decoder) wrongType(p path, what, fix msg.Text) {
	d.report(d.valuePos(p), what, fix)
}

// describe names a decoded TOML value for someone who wrote it.
func describe(v any) msg.Text {
	switch v := v.(type) {
	case string:
		return msg.T("the text %q", v)
	case int64:
		return msg.T("the number %d", v)
	case float64:
		return msg.T("the number %v", v)
	case bool:
		return msg.T("%s", strconv.FormatBool(v)) // true and false as written
	case []any:
		return msg.T("a list")
	case map[string]any:
		return msg.T("a table")
	default:
		return msg.T("a date or time")
	}
}

// Values.

func (d *decoder) baseURL(p path, s string) string {
	u, err := ParseBaseURL(s)
	if err != nil {
		d.errorf(d.valuePos(p), `write the full address of the published site, like baseURL = "https://drammen.works/", or "/"`,
			"\"baseURL\" %v", err)
	}
	return u
}

// timeZoneHint says how to name a time zone.
const timeZoneHint = `use a name from the time zone database, like timeZone = "Europe/Oslo"`

func (d *decoder) location(p path, s string) *time.Location {
	// "" and "Local" would make dates depend on the machine that builds.
	if s == "" || s == "Local" {
		d.errorf(d.valuePos(p), timeZoneHint, "\"timeZone\" must name a place, not %q", s)
		return nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		d.errorf(d.valuePos(p), timeZoneHint, "unknown time zone %q", s)
		return nil
	}
	return loc
}

func (d *decoder) theme(p path, s string) {
	if s == "" || s == "." || !fs.ValidPath(s) || strings.Contains(s, "/") {
		d.errorf(d.valuePos(p), `use the name of a folder in themes/, like theme = "works"`, "\"theme\" must be a folder name (got %q)", s)
	}
}

func (d *decoder) languages(p path, t map[string]any) map[string]*Language {
	langs := make(map[string]*Language, len(t))
	for _, code := range sortedKeys(t) {
		lp := p.key(code)
		if !isLanguageCode(code) {
			d.errorf(d.keyPos(lp), "use a short language code like nb, nn, en or se, as in [languages.nb]",
				"%q is not a language code", code)
		}
		lt, ok := d.table(lp, t[code])
		if !ok {
			continue
		}
		l := newLanguage(code, code, 0)
		for _, k := range sortedKeys(lt) {
			v, kp := lt[k], lp.key(k)
			switch k {
			case "name":
				d.setString(&l.Name, kp, v)
			case "title":
				d.setString(&l.Title, kp, v)
			case "weight":
				if n, ok := d.integer(kp, v); ok {
					l.Weight = n
				}
			case "sections":
				if st, ok := d.table(kp, v); ok {
					l.Sections = d.sections(kp, st)
				}
			case "params":
				if pt, ok := d.table(kp, v); ok {
					l.Params = pt
				}
			default:
				d.unknown(kp, languageKeys)
			}
		}
		langs[code] = l
	}
	return langs
}

func (d *decoder) sections(p path, t map[string]any) map[string]string {
	m := make(map[string]string, len(t))
	for _, section := range sortedKeys(t) {
		sp := p.key(section)
		if s, ok := d.str(sp, t[section]); ok {
			d.slug(sp, s, "stories")
			m[section] = s
		}
	}
	return m
}

// slug checks that s can be a URL segment as it is.
func (d *decoder) slug(p path, s, example string) {
	if s != "" && slug.Make(s) == s {
		return
	}
	if made := slug.Make(s); made != "" {
		example = made
	}
	d.report(d.valuePos(p), msg.T("%q must be a simple web address part (got %q)", p.String(), s),
		msg.T("use lower-case letters, digits and hyphens, like %q", example))
}

// isLanguageCode accepts simple BCP 47 tags: a language of two or three
// lower-case letters, then optionally a script (Latn) and a region (NO, 419).
func isLanguageCode(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || !isLetters(parts[0], 2, 3, lower) {
		return false
	}
	rest := parts[1:]
	if len(rest) > 0 && isLetters(rest[0], 4, 4, anyCase) {
		rest = rest[1:]
	}
	if len(rest) == 1 && (isLetters(rest[0], 2, 2, anyCase) || isLetters(rest[0], 3, 3, digit)) {
		rest = rest[1:]
	}
	return len(rest) == 0
}

func lower(c byte) bool   { return c >= 'a' && c <= 'z' }
func anyCase(c byte) bool { return lower(c) || c >= 'A' && c <= 'Z' }
func digit(c byte) bool   { return c >= '0' && c <= '9' }

func isLetters(s string, minLen, maxLen int, ok func(byte) bool) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func (d *decoder) brand(p path, t map[string]any) Brand {
	var b Brand
	for _, k := range sortedKeys(t) {
		v, kp := t[k], p.key(k)
		switch k {
		case "name":
			d.setString(&b.Name, kp, v)
		case "city":
			d.setString(&b.City, kp, v)
		case "tagline":
			d.setString(&b.Tagline, kp, v)
		case "logo":
			if s, ok := d.str(kp, v); ok {
				b.Logo = d.logo(kp, s)
			}
		case "colors":
			if ct, ok := d.table(kp, v); ok {
				b.Colors = d.palette(kp, ct)
			}
		case "dark":
			if ct, ok := d.table(kp, v); ok {
				dark := d.palette(kp, ct)
				b.DarkColors = &dark
			}
		default:
			d.unknown(kp, brandKeys)
		}
	}
	return b
}

// logo accepts a path like "images/logo.svg"; a leading "/" is dropped
// because the path is looked up under static/ or assets/, not the site root.
func (d *decoder) logo(p path, s string) string {
	rel := strings.TrimPrefix(s, "/")
	if !fs.ValidPath(rel) || rel == "." || !strings.EqualFold(pathExt(rel), ".svg") {
		d.errorf(d.valuePos(p), `give the path of an SVG file under static/ or assets/, like logo = "images/logo.svg"`,
			"%q must be the path of an SVG file (got %q)", p.String(), s)
	}
	return rel
}

func pathExt(s string) string {
	if i := strings.LastIndexAny(s, "./"); i >= 0 && s[i] == '.' {
		return s[i:]
	}
	return ""
}

func (d *decoder) palette(p path, t map[string]any) Palette {
	var pal Palette
	fields := map[string]*string{"primary": &pal.Primary, "accent": &pal.Accent, "text": &pal.Text, "surface": &pal.Surface}
	for _, k := range sortedKeys(t) {
		v, kp := t[k], p.key(k)
		dst, ok := fields[k]
		if !ok {
			d.unknown(kp, paletteKeys)
			continue
		}
		if s, ok := d.str(kp, v); ok {
			*dst = s
			if !isColor(s) {
				d.errorf(d.valuePos(kp), `write # and 3 or 6 hex digits, like "#0b5394"`,
					"%q must be a colour like \"#0b5394\" (got %q)", kp.String(), s)
			}
		}
	}
	d.contrast(p, pal)
	return pal
}

// isColor accepts CSS hex colours "#rgb" and "#rrggbb".
func isColor(s string) bool {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(digit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func (d *decoder) menus(p path, t map[string]any, langs map[string]*Language, defaultLang string) map[string]map[string][]MenuItem {
	menus := make(map[string]map[string][]MenuItem, len(t))
	for _, lang := range sortedKeys(t) {
		lp := p.key(lang)
		// A missing default language is reported once, at [languages].
		if _, ok := langs[lang]; !ok && lang != defaultLang {
			d.report(d.keyPos(lp), msg.T("menus for %q, which is not one of the site's languages", lang),
				msg.T("write menus per language, like [[menus.nb.main]]; the site's languages are: %s", strings.Join(sortedKeys(langs), ", ")))
		}
		lt, ok := d.table(lp, t[lang])
		if !ok {
			continue
		}
		m := make(map[string][]MenuItem, len(lt))
		for _, name := range sortedKeys(lt) {
			m[name] = d.menu(lp.key(name), lt[name])
		}
		menus[lang] = m
	}
	return menus
}

// menu reads one menu, written as [[menus.LANG.NAME]] tables.
func (d *decoder) menu(p path, v any) []MenuItem {
	fix := msg.T("write each item as [[%s]], with double brackets, followed by its name, url and weight", p)
	list, ok := v.([]any)
	if !ok {
		d.report(d.valuePos(p), msg.T("%q must be a list of menu items, not %s", p.String(), describe(v)), fix)
		return nil
	}
	items := make([]MenuItem, 0, len(list))
	for i, e := range list {
		ip := p.index(i)
		t, ok := e.(map[string]any)
		if !ok {
			d.report(d.valuePos(ip), msg.T("each item of %q must be a table with a name and a url, not %s", p.String(), describe(e)), fix)
			continue
		}
		items = append(items, d.menuItem(ip, t))
	}
	// Stable, so items with the same weight and name keep the file's order.
	slices.SortStableFunc(items, func(a, b MenuItem) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Name, b.Name))
	})
	return items
}

func (d *decoder) menuItem(p path, t map[string]any) MenuItem {
	var it MenuItem
	for _, k := range sortedKeys(t) {
		v, kp := t[k], p.key(k)
		switch k {
		case "name":
			d.setString(&it.Name, kp, v)
		case "url":
			d.setString(&it.URL, kp, v)
		case "pageRef":
			d.setString(&it.PageRef, kp, v)
		case "weight":
			if n, ok := d.integer(kp, v); ok {
				it.Weight = n
			}
		case "identifier":
			d.setString(&it.Identifier, kp, v)
		default:
			d.unknown(kp, menuItemKeys)
		}
	}
	_, hasURL := t["url"]
	_, hasRef := t["pageRef"]
	switch {
	case !hasURL && !hasRef:
		d.errorf(d.valuePos(p), `add url = "/historier/" for an address, or pageRef = "historier" for a page or section`,
			"menu item %s in %q has neither url nor pageRef", itemName(it), p.String())
	case hasURL && hasRef:
		d.errorf(d.valuePos(p), "keep one of them: url for an address, pageRef for a page or section",
			"menu item %s in %q has both url and pageRef", itemName(it), p.String())
	}
	return it
}

func itemName(it MenuItem) msg.Text {
	if it.Name == "" {
		return msg.T("without a name")
	}
	return msg.T("%q", it.Name)
}

func (d *decoder) pagination(p path, t map[string]any, pg Pagination) Pagination {
	for _, k := range sortedKeys(t) {
		v, kp := t[k], p.key(k)
		if k != "pagerSize" {
			d.unknown(kp, paginationKeys)
			continue
		}
		n, ok := d.integer(kp, v)
		if !ok {
			continue
		}
		if n < 1 {
			d.errorf(d.valuePos(kp), "it is how many items a list page shows, like pagerSize = 10",
				"%q must be 1 or more (got %d)", kp.String(), n)
			continue
		}
		pg.PagerSize = n
	}
	return pg
}

func (d *decoder) permalinks(p path, t map[string]any) map[string]string {
	m := make(map[string]string, len(t))
	for _, section := range sortedKeys(t) {
		sp := p.key(section)
		s, ok := d.str(sp, t[section])
		if !ok {
			continue
		}
		m[section] = s
		if s == "" {
			d.report(d.valuePos(sp), msg.T("the permalink for %q is empty", section), msg.T(`write a pattern, like %s = "/:section/:slug/"`, sp.last()))
		}
		seen := map[string]bool{}
		for _, tok := range tokens(s) {
			if slices.Contains(PermalinkTokens, tok) || seen[tok] {
				continue
			}
			seen[tok] = true
			fix := msg.T("use :section, :slug, :year, :month, :day, :title or :filename")
			if near := nearest(tok, PermalinkTokens); near != "" {
				fix = msg.T("did you mean %q?", ":"+near)
			}
			d.report(d.tokenPos(sp, ":"+tok), msg.T("the permalink for %q has an unknown part %q", section, ":"+tok), fix)
		}
	}
	return m
}

// tokens returns the words after each ":" of a permalink pattern.
func tokens(pattern string) []string {
	var toks []string
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != ':' {
			continue
		}
		j := i + 1
		for j < len(pattern) && anyCase(pattern[j]) {
			j++
		}
		toks = append(toks, pattern[i+1:j])
		i = j - 1
	}
	return toks
}

// tokenPos points into a string value at tok, where it is written as is.
func (d *decoder) tokenPos(p path, tok string) diag.Position {
	if l, ok := d.locs[p.id()]; ok && l.val >= 0 && l.end > l.val {
		if i := bytes.Index(d.src[l.val:l.end], []byte(tok)); i >= 0 {
			return diag.Offset(d.file, d.src, l.val+i)
		}
	}
	return d.valuePos(p)
}

// taxonomies replaces the default taxonomies, so a site can have fewer.
func (d *decoder) taxonomies(p path, t map[string]any) map[string]string {
	m := make(map[string]string, len(t))
	for _, singular := range sortedKeys(t) {
		sp := p.key(singular)
		if singular == "" || slug.Make(singular) != singular {
			d.errorf(d.keyPos(sp), `use lower-case letters, digits and hyphens, like tag = "tags"`,
				"taxonomy name %q must be a simple word", singular)
		}
		if s, ok := d.str(sp, t[singular]); ok {
			d.slug(sp, s, "tags")
			m[singular] = s
		}
	}
	return m
}

func (d *decoder) markup(p path, t map[string]any, m Markup) Markup {
	fields := map[string]*bool{"unsafe": &m.Unsafe, "typographer": &m.Typographer}
	for _, k := range sortedKeys(t) {
		v, kp := t[k], p.key(k)
		dst, ok := fields[k]
		if !ok {
			d.unknown(kp, markupKeys)
			continue
		}
		if b, ok := d.boolean(kp, v); ok {
			*dst = b
		}
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// nearest returns the known word closest to s, ignoring case, or "" when
// none is close enough to be what was meant.
func nearest(s string, known []string) string {
	best, bestDist := "", math.MaxInt
	for _, k := range known {
		limit := max(1, (utf8.RuneCountInString(k)+1)/3)
		if dist := diag.EditDistance(strings.ToLower(s), strings.ToLower(k)); dist <= limit && dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

// images reads [images]: quality = 1–100.
func (d *decoder) images(p path, t map[string]any) Images {
	var im Images
	d.only(p, t, "quality", imagesKeys, func(kp path, v any) {
		q, ok := v.(int64)
		if !ok || q < 1 || q > 100 {
			d.errorf(d.valuePos(kp), "write a whole number from 1 to 100, like quality = 80; higher is sharper and larger",
				"%q must be a whole number from 1 to 100 (got %v)", kp.String(), v)
			return
		}
		im.Quality = int(q)
	})
	return im
}

// editor reads [editor]: language = "nb" (the default) or "en", the
// language works speaks to the site's writers.
func (d *decoder) editor(p path, t map[string]any) Editor {
	var e Editor
	d.only(p, t, "language", editorKeys, func(kp path, v any) {
		s, _ := v.(string)
		l, ok := msg.ParseLang(s)
		if !ok {
			d.errorf(d.valuePos(kp), `write language = "nb" for Norwegian or language = "en" for English`,
				"%q must be \"nb\" or \"en\" (got %v)", kp.String(), v)
			return
		}
		e.Language = l
	})
	return e
}

// feeds reads [feeds]: content = "summary" (the default) or "full".
func (d *decoder) feeds(p path, t map[string]any) Feeds {
	var f Feeds
	d.only(p, t, "content", feedsKeys, func(kp path, v any) {
		switch v {
		case "summary":
		case "full":
			f.Full = true
		default:
			d.errorf(d.valuePos(kp), `write content = "summary" for the summary of each page, or content = "full" for its whole text`,
				"%q must be \"summary\" or \"full\" (got %v)", kp.String(), v)
		}
	})
	return f
}

// only reads a table of one key: its value goes to read, any other key is
// reported as unknown.
func (d *decoder) only(p path, t map[string]any, key string, keys []string, read func(kp path, v any)) {
	for _, k := range sortedKeys(t) {
		if k != key {
			d.unknown(p.key(k), keys)
			continue
		}
		read(p.key(k), t[k])
	}
}

// isHostName reports whether s is a bare host name: letters, digits,
// hyphens and dots, as DNS has them (an international name in its xn--
// form). Anything else could change the meaning of the Content-Security-
// Policy the build writes from the list ("x.org; script-src *").
func isHostName(s string) bool {
	if s == "" || len(s) > 253 || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// privacy reads [privacy]: the other hosts the published site may load
// anything from. Each is a bare host name like "tiles.example.org".
func (d *decoder) privacy(p path, t map[string]any) Privacy {
	var pr Privacy
	for _, k := range sortedKeys(t) {
		v, kp := t[k], p.key(k)
		if k != "allowHosts" {
			d.unknown(kp, privacyKeys)
			continue
		}
		list, ok := v.([]any)
		if !ok {
			d.wrongType(kp, msg.T("%q must be a list of host names, not %s", kp.String(), describe(v)), msg.T(`write allowHosts = ["tiles.example.org"]`))
			continue
		}
		for _, item := range list {
			host, ok := item.(string)
			if !ok || !isHostName(host) {
				d.errorf(d.valuePos(kp), `write bare host names, like allowHosts = ["tiles.example.org"]`,
					"%q must list host names without https:// or paths (got %v)", kp.String(), item)
				continue
			}
			pr.AllowHosts = append(pr.AllowHosts, strings.ToLower(host))
		}
	}
	return pr
}
