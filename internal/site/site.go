// Package site builds the in-memory model of a site from its configuration and
// content documents: pages per language, sections, taxonomies, translations,
// URLs and order. It does no I/O and renders nothing.
package site

import (
	"cmp"
	"html/template"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/slug"
)

// Options selects what a build publishes. The zero value publishes only pages
// that are neither drafts, scheduled nor expired at Now.
type Options struct {
	BuildDrafts  bool
	BuildFuture  bool
	BuildExpired bool
	Now          time.Time // the moment the site is built for; zero means time.Now()

	// What the build learnt before the model was made, and what it makes
	// after, reach the model through these; nil: none. The model keeps
	// them and never changes once New returns.
	Images    Images         // sizes and processed variants of bundle images
	Processor ImageProcessor // the work behind the templates' Resize, Fit and Fill
	Bodies    Bodies         // rendered Markdown, asked for by pages as templates read them
}

// Images says what the build learnt of a page bundle's image files before
// the model is made: their size and, for a photo, the processed copies
// that are published instead of the file.
type Images interface {
	// Image returns what is known of the file at path (below content/);
	// false for a file that is no image the build read.
	Image(path string) (ImageInfo, bool)
}

// ImageInfo is one bundle image as the build processed it.
type ImageInfo struct {
	Width, Height int // as shown: EXIF orientation applied; an SVG's from its viewBox
	// Variants are a photo's processed copies per format, best first and
	// the photo's own format last, each narrowest first; nil for a drawing.
	Variants []ImageVariants
}

// ImageVariants are a photo's copies in one format.
type ImageVariants struct {
	MediaType string
	Files     []ImageFile
}

// ImageFile is one processed copy: its file name next to the page, and
// its size.
type ImageFile struct {
	Name          string
	Width, Height int
}

// Model is the whole site: one Site per language.
type Model struct {
	Config *config.Config
	Sites  []*Site // in language order, default language first
	Pages  []*Page // every page of every language, by language then URL

	// Skipped are documents left out as drafts, scheduled or expired.
	Skipped []*content.Document

	opts   Options
	bodies Bodies
	copied bool // made by WithText: byPath holds the first model's pages

	byPath  map[string][]*Page // source path → pages (one per language at most); copies share it, see PagesOf
	bySite  map[string]*Site
	byTrans map[string][]*Page
}

// Site is the part of the model in one language, as templates see it in .Site.
type Site struct {
	Config       *config.Config
	Language     *Language
	Languages    []*Language
	Title        string
	BaseURL      string
	Params       map[string]any
	Brand        config.Brand
	Menus        map[string][]*MenuEntry
	Data         map[string]any
	Home         *Page
	NotFound     *Page
	Pages        []*Page // every page of the language, lists included, by URL
	RegularPages []*Page // regular pages, newest first
	Sections     []*Page // by weight, then title
	Taxonomies   map[string]*Taxonomy
	TaxonomyList []*Taxonomy // in configuration order (by plural name)

	model *Model
}

// Language describes one of the site's languages.
type Language struct {
	Lang         string // code: "nb"
	LanguageName string // "Norsk (bokmål)"
	Title        string
	Weight       int
	Prefix       string // URL prefix: "" for the default language, "/en" for English
	IsDefault    bool
}

// MenuEntry is one link of a configured menu.
type MenuEntry struct {
	Name       string
	URL        string
	Identifier string
	Weight     int
	Page       *Page // the page named by pageRef, if any
}

// New builds the model. Every problem it finds is returned; the model is
// usable for rendering only when the list holds no errors.
func New(cfg *config.Config, docs []*content.Document, data map[string]any, opts Options) (*Model, diag.List) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	b := &builder{cfg: cfg, opts: opts, m: &Model{
		Config:  cfg,
		opts:    opts,
		bodies:  opts.Bodies,
		byPath:  map[string][]*Page{},
		bySite:  map[string]*Site{},
		byTrans: map[string][]*Page{},
	}}
	b.languages(data)
	for _, d := range docs {
		b.document(d)
	}
	b.sections()
	b.taxonomies()
	b.translations()
	b.projects()
	b.resources()
	b.notFound()
	b.urls()
	b.images()
	b.menus()
	b.finish()
	return b.m, b.errs
}

type builder struct {
	cfg  *config.Config
	opts Options
	m    *Model
	errs diag.List
}

func (b *builder) languages(data map[string]any) {
	var langs []*Language
	for _, code := range b.cfg.LanguageCodes() {
		l := b.cfg.Languages[code]
		lang := &Language{Lang: code, LanguageName: l.Name, Title: cmp.Or(l.Title, b.cfg.Title), Weight: l.Weight}
		if code == b.cfg.DefaultLanguage {
			lang.IsDefault = true
		} else {
			lang.Prefix = "/" + code
		}
		langs = append(langs, lang)
	}
	for _, lang := range langs {
		params := map[string]any{}
		for k, v := range b.cfg.Params {
			params[k] = v
		}
		for k, v := range b.cfg.Languages[lang.Lang].Params {
			params[k] = v
		}
		s := &Site{
			model:  b.m,
			Config: b.cfg, Language: lang, Languages: langs, Title: lang.Title,
			BaseURL: b.cfg.BaseURL, Params: params, Brand: b.cfg.Brand, Data: data,
			Taxonomies: map[string]*Taxonomy{},
		}
		s.Home = &Page{Kind: KindHome, Site: s, Lang: lang.Lang, Type: KindHome, Title: s.Title, transKey: "\x00home"}
		b.m.Sites = append(b.m.Sites, s)
		b.m.bySite[lang.Lang] = s
	}
}

// include is what the build shows besides the published pages.
func (o Options) include() content.Include {
	return content.Include{Drafts: o.BuildDrafts, Future: o.BuildFuture, Expired: o.BuildExpired}
}

func (b *builder) document(d *content.Document) {
	file := "content/" + d.Path
	lang := cmp.Or(d.Lang, b.cfg.DefaultLanguage)
	s := b.m.bySite[lang]
	if s == nil {
		pos := diag.Position{File: file}
		if p, ok := d.Meta.Pos["lang"]; ok {
			pos = p
			pos.File = file
		}
		b.errs.Add(diag.Errorf(pos, "", "%q is not a language of this site", lang).
			Fixf("use one of %s, or add [languages.%s] to works.toml", strings.Join(b.cfg.LanguageCodes(), ", "), lang))
		return
	}
	if !d.Meta.Shown(b.opts.Now, b.opts.include()) {
		b.m.Skipped = append(b.m.Skipped, d)
		return
	}
	m := &d.Meta
	p := &Page{
		Doc: d, Site: s, Lang: lang, Section: d.Section, Layout: m.Layout,
		Title: m.Title, Description: m.Description,
		Date: m.Date, Lastmod: m.Lastmod, PublishDate: m.PublishAt(), ExpiryDate: m.ExpiryDate,
		Draft: m.Draft, Featured: m.Featured, Weight: m.Weight, Params: m.Params,
		Authors: m.Authors, Aliases: m.Aliases,
		Terms: map[string][]*Term{},
	}
	if m.Summary != "" {
		p.metaSummary = template.HTML("<p>" + template.HTMLEscapeString(m.Summary) + "</p>")
	}
	if p.Params == nil {
		p.Params = map[string]any{}
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.transKey = translationKey(d)
	switch {
	case d.Kind == content.Branch && d.Section == "":
		if s.Home.Doc != nil {
			b.errs.Add(diag.Errorf(diag.Position{File: file}, "keep one _index.md per language in content/",
				"a second home page for language %q (the first is %s)", lang, s.Home.File()))
			return
		}
		p.Kind, p.Type, p.transKey = KindHome, KindHome, s.Home.transKey
		p.Title = cmp.Or(p.Title, s.Title)
		s.Home = p
	case d.Kind == content.Branch:
		if strings.Count(d.Path, "/") > 1 {
			b.errs.Add(diag.Errorf(diag.Position{File: file}, "", "sections inside sections are not supported").
				Fixf("move the pages up into content/%s/, or make the folder one page, with index.md instead of _index.md", d.Section))
			return
		}
		p.Kind, p.Type = KindSection, d.Section
		p.Title = cmp.Or(p.Title, slug.Humanize(d.Section))
	default:
		p.Kind, p.Type = KindPage, cmp.Or(d.Section, "page")
		p.Title = cmp.Or(p.Title, slug.Humanize(d.Name))
	}
	b.m.byPath[d.Path] = append(b.m.byPath[d.Path], p)
	b.m.Pages = append(b.m.Pages, p)
}

// translationKey groups the language versions of one page: the front-matter
// translationKey, else the path without its language ("om.en.md" → "om.md").
func translationKey(d *content.Document) string {
	if d.Meta.TranslationKey != "" {
		return "key:" + d.Meta.TranslationKey
	}
	dir := path.Dir(d.Path)
	switch d.Kind {
	case content.Branch:
		return path.Join(dir, "_index.md")
	case content.Bundle:
		return path.Join(dir, "index.md")
	}
	return path.Join(dir, d.Name+".md")
}

// sections gives every page its section (making one where _index.md is
// missing) and fills the lists.
func (b *builder) sections() {
	type key struct{ lang, section string }
	bySection := map[key]*Page{}
	for _, p := range b.m.Pages {
		if p.Kind == KindSection {
			k := key{p.Lang, p.Section}
			if q := bySection[k]; q != nil {
				b.errs.Add(diag.Errorf(diag.Position{File: p.File()}, "keep one _index.md per section and language",
					"section %q already has a list page in %s", p.Section, q.File()))
				continue
			}
			bySection[k] = p
		}
	}
	pages := b.m.Pages
	for _, p := range pages {
		if p.Kind != KindPage {
			continue
		}
		if p.Section == "" {
			p.Parent = p.Site.Home
			continue
		}
		k := key{p.Lang, p.Section}
		sec := bySection[k]
		if sec == nil {
			sec = &Page{Kind: KindSection, Site: p.Site, Lang: p.Lang, Section: p.Section, Type: p.Section,
				Title: slug.Humanize(p.Section), Params: map[string]any{}, transKey: "section:" + p.Section}
			bySection[k] = sec
			b.m.Pages = append(b.m.Pages, sec)
		}
		p.Parent = sec
		sec.Pages = append(sec.Pages, p)
	}
	var sections []*Page
	for _, p := range b.m.Pages {
		switch p.Kind {
		case KindSection:
			p.Parent = p.Site.Home
			p.Site.Sections = append(p.Site.Sections, p)
			sections = append(sections, p)
		case KindPage:
			p.Site.RegularPages = append(p.Site.RegularPages, p)
			if p.Section == "" {
				p.Site.Home.Pages = append(p.Site.Home.Pages, p)
			}
		}
	}
	// Sort each language's pages once; every list of them is then put in
	// the same order by comparing ranks, which is much cheaper.
	for _, s := range b.m.Sites {
		sortPages(s.RegularPages)
		for i, p := range s.RegularPages {
			p.rank = i
		}
	}
	for _, sec := range sections {
		sortByRank(sec.Pages)
		for i, q := range sec.Pages {
			if i > 0 {
				q.Prev = sec.Pages[i-1]
			}
			if i+1 < len(sec.Pages) {
				q.Next = sec.Pages[i+1]
			}
		}
	}
	for _, s := range b.m.Sites {
		slices.SortFunc(s.Sections, func(a, b *Page) int {
			return cmp.Or(compareWeight(a.Weight, b.Weight), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Section, b.Section))
		})
		s.Home.Pages = append(slices.Clone(s.Sections), s.Home.Pages...)
		if s.Home.Params == nil {
			s.Home.Params = map[string]any{}
		}
		if s.Home.Doc == nil {
			b.m.Pages = append(b.m.Pages, s.Home)
		}
	}
}

// compareWeight orders weighted pages first, lighter before heavier; 0 is unweighted.
func compareWeight(a, b int) int {
	switch {
	case a == b:
		return 0
	case a == 0:
		return 1
	case b == 0:
		return -1
	}
	return cmp.Compare(a, b)
}

func (p *Page) docPath() string {
	if p.Doc == nil {
		return ""
	}
	return p.Doc.Path
}

// sortByRank puts regular pages of one language in list order, once
// sections() has ranked them.
func sortByRank(ps []*Page) {
	slices.SortFunc(ps, func(a, b *Page) int { return cmp.Compare(a.rank, b.rank) })
}

// sortPages orders a list: weighted pages first, then newest first, ties
// broken by title, then source path, so the order never depends on input
// order. No two pages compare equal, so an unstable sort does.
func sortPages(ps []*Page) {
	slices.SortFunc(ps, comparePages)
}

func comparePages(a, b *Page) int {
	return cmp.Or(
		compareWeight(a.Weight, b.Weight),
		b.Date.Compare(a.Date),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.docPath(), b.docPath()), // as File() would, without making strings
		cmp.Compare(a.RelPermalink, b.RelPermalink),
	)
}

// MaxTermsPerPage is how many terms of one taxonomy a page may name. Each
// term has its own page and feeds, and every feed that lists the page
// lists all its terms, so a page's terms cost the square of their number:
// 4 000 tags took 27 s and 4.4 GB. Pages use a handful; a hundred is
// generous.
const MaxTermsPerPage = 100

// taxonomies collects the terms of every configured taxonomy, per language.
func (b *builder) taxonomies() {
	plurals := make([]string, 0, len(b.cfg.Taxonomies))
	singular := map[string]string{}
	for s, p := range b.cfg.Taxonomies {
		plurals = append(plurals, p)
		singular[p] = s
	}
	slices.Sort(plurals)
	for _, s := range b.m.Sites {
		for _, plural := range plurals {
			tax := &Taxonomy{Name: plural, Singular: singular[plural]}
			tax.Page = &Page{Kind: KindTaxonomy, Site: s, Lang: s.Language.Lang, Type: plural, Section: plural,
				Title: slug.Humanize(plural), Params: map[string]any{}, Taxonomy: tax, transKey: "taxonomy:" + plural}
			s.Taxonomies[plural] = tax
			s.TaxonomyList = append(s.TaxonomyList, tax)
		}
	}
	bySlug := map[*Taxonomy]map[string]*Term{}
	for _, p := range slices.Clone(b.m.Pages) {
		if p.Kind != KindPage {
			continue
		}
		for _, plural := range plurals {
			tax := p.Site.Taxonomies[plural]
			values, ok := termValues(p, plural)
			if !ok {
				b.errs.Add(diag.Errorf(p.Pos(plural), "", "%q must be a list of words", plural).
					Fixf("write a list, e.g. %s: [eksport, industri]", plural))
				continue
			}
			if len(values) > MaxTermsPerPage {
				b.errs.Add(diag.Errorf(p.Pos(plural), "", "%q lists %d words; a page may have at most %d", plural, len(values), MaxTermsPerPage).
					Fixf("keep the %d that say most about the page; readers and search engines use a few", MaxTermsPerPage))
				// The model stays whole for the stages that read it anyway
				// (works check), with the first ones.
				values = values[:MaxTermsPerPage]
			}
			for _, v := range values {
				sl := slug.Make(v)
				if sl == "" {
					b.errs.Add(diag.Errorf(p.Pos(plural), "use letters or digits in the name", "%q has a value %q that cannot be made into a web address", plural, v))
					continue
				}
				if bySlug[tax] == nil {
					bySlug[tax] = map[string]*Term{}
				}
				t := bySlug[tax][sl]
				if t == nil {
					t = &Term{Name: v, Slug: sl, Taxonomy: tax}
					t.Page = &Page{Kind: KindTerm, Site: p.Site, Lang: p.Lang, Type: plural, Section: plural,
						Title: v, Params: map[string]any{}, Term: t, Taxonomy: tax, Parent: tax.Page,
						transKey: "term:" + plural + "/" + sl}
					bySlug[tax][sl] = t
					tax.Terms = append(tax.Terms, t)
				}
				// A page names a term once, however often it lists it.
				if n := len(t.Pages); n == 0 || t.Pages[n-1] != p {
					t.Pages = append(t.Pages, p)
					p.Terms[plural] = append(p.Terms[plural], t)
				}
			}
		}
	}
	for _, s := range b.m.Sites {
		for _, tax := range s.TaxonomyList {
			slices.SortFunc(tax.Terms, func(a, b *Term) int { return cmp.Compare(a.Slug, b.Slug) })
			tax.Page.Parent = s.Home
			b.m.Pages = append(b.m.Pages, tax.Page)
			for _, t := range tax.Terms {
				sortByRank(t.Pages)
				t.Page.Pages = t.Pages
				tax.Page.Pages = append(tax.Page.Pages, t.Page)
				b.m.Pages = append(b.m.Pages, t.Page)
			}
		}
	}
}

// termValues reads a taxonomy's values from the front matter.
func termValues(p *Page, plural string) ([]string, bool) {
	switch plural {
	case "tags":
		if p.Doc.Meta.Tags != nil {
			return p.Doc.Meta.Tags, true
		}
	case "sectors":
		if p.Doc.Meta.Sectors != nil {
			return p.Doc.Meta.Sectors, true
		}
	}
	switch v := p.Params[plural].(type) {
	case nil:
		return nil, true
	case string:
		return []string{v}, true
	case []string:
		return v, true
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// translations links the language versions of each page to each other.
func (b *builder) translations() {
	for _, p := range b.m.Pages {
		if p.transKey != "" {
			b.m.byTrans[p.transKey] = append(b.m.byTrans[p.transKey], p)
		}
	}
	for _, group := range b.m.byTrans {
		seen := map[string]*Page{}
		for _, p := range group {
			if q := seen[p.Lang]; q != nil && p.Doc != nil && q.Doc != nil {
				b.errs.Add(diag.Errorf(p.Pos("translationKey"), "give each language version of a page the same translationKey, and other pages other keys",
					"%s and %s are both the %q version of one page", q.File(), p.File(), p.Lang))
				continue
			}
			seen[p.Lang] = p
		}
		for _, p := range group {
			for _, s := range b.m.Sites {
				if q := seen[s.Language.Lang]; q != nil && q != p {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
}

// projects resolves the `project` front-matter reference of every page.
func (b *builder) projects() {
	for _, p := range b.m.Pages {
		if p.Doc == nil || p.Doc.Meta.Project == "" {
			continue
		}
		ref := p.Doc.Meta.Project
		target := b.m.lookup(p.Lang, strings.TrimPrefix(ref, "/"))
		if target == nil {
			b.errs.Add(diag.Errorf(p.Pos("project"), "write the project's path below content/, e.g. prosjekter/internasjonale-drammen",
				"project %q is not a page of this site", ref))
			continue
		}
		p.Project = target
		target.Referrers = append(target.Referrers, p)
	}
	for _, p := range b.m.Pages {
		sortPages(p.Referrers)
	}
}

// lookup finds the page for a content path, written with or without ".md",
// as a file, bundle or section, preferring the version in lang.
func (m *Model) lookup(lang, ref string) *Page {
	ref = path.Clean(strings.TrimSuffix(ref, "/"))
	base := strings.TrimSuffix(ref, ".md")
	candidates := []string{ref, base + ".md", base + "/index.md", base + "/_index.md"}
	if ref == "." || ref == "" {
		candidates = []string{"_index.md"}
	}
	for _, c := range candidates {
		pages := m.byPath[c]
		if len(pages) == 0 {
			continue
		}
		p := m.own(pages[0])

		if t := p.Translation(lang); t != nil {
			return t
		}
		return p
	}
	return nil
}

// ResolveLink maps a relative link to a content file to the page's URL; it
// is the markdown.LinkResolver of the build.
func (m *Model) ResolveLink(from, target string) (string, bool) {
	pages := m.byPath[from] // its language is the same in every copy
	lang := m.Config.DefaultLanguage
	if len(pages) > 0 {
		lang = pages[0].Lang
	}
	p := m.lookup(lang, path.Join(path.Dir(from), target))
	if p == nil {
		return "", false
	}
	return p.RelPermalink, true
}

// Bodies is where the model's pages get their bodies (Options.Bodies).
func (m *Model) Bodies() Bodies { return m.bodies }

// PagesOf returns the pages made from the document at path (below
// content/), one per language at most; nil when the build left it out.
func (m *Model) PagesOf(path string) []*Page {
	ps := m.byPath[path]
	if !m.copied || len(ps) == 0 {
		return ps
	}
	own := make([]*Page, len(ps))
	for i, p := range ps {
		own[i] = m.own(p)
	}
	return own
}

// own is this model's version of a page of byPath: a copy (WithText)
// shares the index of the model it was made from, whose pages sit at the
// same places in Pages.
func (m *Model) own(p *Page) *Page {
	if m.copied {
		return m.Pages[p.index]
	}
	return p
}

// Lookup returns the page for a content path in the given language, or nil.
func (m *Model) Lookup(lang, ref string) *Page { return m.lookup(lang, ref) }

func (b *builder) resources() {
	for _, p := range b.m.Pages {
		if p.Doc == nil || p.Doc.Kind != content.Bundle {
			continue
		}
		dir := path.Dir(p.Doc.Path)
		for _, r := range p.Doc.Resources {
			name := strings.TrimPrefix(r, dir+"/")
			p.Resources = append(p.Resources, &Resource{Name: name, Path: r, MediaType: mediaType(name), images: b.opts.Processor})
		}
	}
}

func (b *builder) notFound() {
	for _, s := range b.m.Sites {
		s.NotFound = &Page{Kind: Kind404, Site: s, Lang: s.Language.Lang, Type: Kind404, Title: "404",
			Params: map[string]any{}, Parent: s.Home, transKey: "\x00404"}
		b.m.Pages = append(b.m.Pages, s.NotFound)
	}
}

// menus resolves the configured menus of each language.
func (b *builder) menus() {
	for _, s := range b.m.Sites {
		s.Menus = map[string][]*MenuEntry{}
		for name, items := range b.cfg.Menus[s.Language.Lang] {
			for _, it := range items {
				e := &MenuEntry{Name: it.Name, URL: it.URL, Identifier: it.Identifier, Weight: it.Weight}
				if it.PageRef != "" {
					e.Page = b.m.lookup(s.Language.Lang, strings.TrimPrefix(it.PageRef, "/"))
					if e.Page == nil {
						b.errs.Add(diag.Errorf(diag.Position{File: "works.toml"}, "write the page's path below content/, e.g. historier or om.md",
							"menu %q entry %q: pageRef %q is not a page of this site", name, it.Name, it.PageRef))
						continue
					}
					e.URL = e.Page.RelPermalink
				}
				s.Menus[name] = append(s.Menus[name], e)
			}
		}
	}
}

// images gives bundle images their sizes and a photo its processed copies,
// from what the build learnt (Options.Images). A photo is never published
// as written: its address is that of its largest copy in its own format.
func (b *builder) images() {
	if b.opts.Images == nil {
		return
	}
	origin, _ := config.SplitBaseURL(b.cfg.BaseURL)
	for _, p := range b.m.Pages {
		for _, r := range p.Resources {
			info, ok := b.opts.Images.Image(r.Path)
			if !ok {
				continue
			}
			r.Width, r.Height = info.Width, info.Height
			if len(info.Variants) == 0 {
				continue
			}
			dir := path.Dir(r.RelPermalink) + "/"
			pic := &Picture{}
			for _, v := range info.Variants {
				src := PictureSource{MediaType: v.MediaType}
				for _, f := range v.Files {
					src.Images = append(src.Images, PictureImage{RelPermalink: dir + f.Name, Width: f.Width, Height: f.Height})
				}
				pic.Sources = append(pic.Sources, src)
			}
			own := pic.Sources[len(pic.Sources)-1]
			largest := own.Images[len(own.Images)-1]
			pic.Width, pic.Height = largest.Width, largest.Height
			r.Picture, r.MediaType = pic, own.MediaType
			r.RelPermalink, r.Permalink = largest.RelPermalink, origin+largest.RelPermalink
		}
	}
}

// finish orders everything and links the paginated lists.
func (b *builder) finish() {
	slices.SortFunc(b.m.Pages, func(a, c *Page) int {
		return cmp.Or(cmp.Compare(a.Site.Language.Weight, c.Site.Language.Weight), cmp.Compare(a.Lang, c.Lang),
			cmp.Compare(a.RelPermalink, c.RelPermalink), cmp.Compare(a.docPath(), c.docPath()))
	})
	for i, p := range b.m.Pages {
		p.index = i
		if p.related == nil {
			p.related = &lazyPages{}
		}
		p.Site.Pages = append(p.Site.Pages, p)
	}
}

// Schedule is when the published site next changes by itself, soonest
// first: the pages of the model, and the documents it left out, that are
// scheduled or will expire after now. works build and works check
// --schedule both ask it, so that they agree.
func (m *Model) Schedule(now time.Time) []content.Change {
	docs := slices.Clone(m.Skipped)
	for _, p := range m.Pages {
		if p.Doc != nil {
			docs = append(docs, p.Doc)
		}
	}
	return content.Schedule(docs, now)
}
