package render

import "github.com/drammen-works/works/internal/site"

// candidates lists, most specific first, the layout files that may render a
// page of the given kind, type and front-matter layout. The first one that
// exists wins. A page that names a layout must find it.
func candidates(kind, typ, layout string) []string {
	if layout != "" {
		return []string{typ + "/" + layout + ".html", "_default/" + layout + ".html"}
	}
	switch kind {
	case site.KindHome:
		return []string{"index.html", "_default/home.html", "_default/list.html"}
	case site.KindSection:
		return []string{typ + "/list.html", "_default/section.html", "_default/list.html"}
	case site.KindTaxonomy:
		return []string{typ + "/taxonomy.html", "_default/taxonomy.html", "_default/list.html"}
	case site.KindTerm:
		return []string{typ + "/term.html", "_default/term.html", "_default/list.html"}
	case site.Kind404:
		return []string{"404.html"}
	}
	return []string{typ + "/single.html", "_default/single.html"}
}
