package msg

// The preview's pages with errors of their own and its warnings panel
// (internal/server), and what works serve prints of them (cmd/works).
var _ = add(map[string]string{
	"This page has 1 error":   "Denne siden har 1 feil",
	"This page has %d errors": "Denne siden har %d feil",
	"The rest of the site is shown as usual. Fix the file and save it: this page appears by itself once it can be made.":                                            "Resten av nettstedet vises som vanlig. Rett filen og lagre den: siden kommer fram av seg selv når den kan lages.",
	"You are looking at the last version of this page that worked; the rest of the site is up to date. Fix the file and save it: this message goes away by itself.": "Du ser den siste versjonen av denne siden som virket; resten av nettstedet er oppdatert. Rett filen og lagre den: denne meldingen forsvinner av seg selv.",
	"A page with errors – preview":                                                "En side med feil – forhåndsvisning",
	"This page could not be made":                                                 "Denne siden kunne ikke lages",
	"Hide the warnings":                                                           "Skjul advarslene",
	"1 warning on this page":                                                      "1 advarsel på denne siden",
	"%d warnings on this page":                                                    "%d advarsler på denne siden",
	"1 warning on other pages: see the terminal":                                  "1 advarsel på andre sider: se terminalen",
	"%d warnings on other pages: see the terminal":                                "%d advarsler på andre sider: se terminalen",
	"And 1 on other pages: see the terminal.":                                     "Og 1 på andre sider: se terminalen.",
	"And %d on other pages: see the terminal.":                                    "Og %d på andre sider: se terminalen.",
	"1 page has errors and is left out: the preview shows them on it (%s).":       "1 side har feil og er utelatt: forhåndsvisningen viser dem på siden (%s).",
	"%d pages have errors and are left out: the preview shows them on each (%s).": "%d sider har feil og er utelatt: forhåndsvisningen viser dem på hver av dem (%s).",
})
