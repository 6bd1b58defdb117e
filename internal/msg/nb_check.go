package msg

// works check (internal/check) and what the model (internal/site) and the
// Markdown reader (internal/markdown) find in a writer's pages.
var _ = add(map[string]string{
	// Links.
	"the link %q has no address":                                                                 "lenken «%s» har ingen adresse",
	"write where it goes between the round brackets: [text](../om.md)":                           "skriv hvor lenken skal gå, mellom parentesene: [tekst](../om.md)",
	"link to %q points to a page that does not exist":                                            "lenken til «%s» går til en side som ikke finnes",
	"did you mean %s? Links to other pages are written relative to this file":                    "mente du %s? Lenker til andre sider skrives ut fra mappen denne filen ligger i",
	"check the file name; links to other pages are written relative to this file, like ../om.md": "sjekk filnavnet; lenker til andre sider skrives ut fra mappen denne filen ligger i, for eksempel ../om.md",
	"check the file name, or link to an existing page":                                           "sjekk filnavnet, eller lenk til en side som finnes",
	"link to %q points to nothing on this site":                                                  "lenken til «%s» går ikke til noe på nettstedet",
	"check the address; to link to another page, link to its Markdown file, like ../om.md, so the link follows the page if its address changes": "sjekk adressen; lenk til en annen side gjennom Markdown-filen dens, for eksempel ../om.md, så følger lenken med hvis siden får en ny adresse",
	"link to %q goes to a draft (%s), which is not published":                                                                                   "lenken til «%s» går til et utkast (%s), som ikke er publisert",
	"publish that page first by removing draft: true, or remove the link":                                                                       "publiser den siden først ved å fjerne «draft: true», eller fjern lenken",
	"link to %q goes to %s, which is not published until %s":                                                                                    "lenken til «%s» går til %s, som ikke blir publisert før %s",
	"remove the link until then, or give this page the same publishDate":                                                                        "fjern lenken fram til da, eller gi denne siden det samme publiseringstidspunktet i «publishDate»",
	"link to %q goes to %s, which expired on %s":                                                                                                "lenken til «%s» går til %s, som ble tatt ned %s",
	"remove the link, or move that page's expiryDate":                                                                                           "fjern lenken, eller flytt utløpstidspunktet i «expiryDate» på den siden",
	"link to %q goes to %s, which is not published":                                                                                             "lenken til «%s» går til %s, som ikke er publisert",
	"remove the link": "fjern lenken",
	"link to %q points to a heading that is not on %s": "lenken til «%s» går til en overskrift som ikke finnes på %s",
	"this page": "denne siden",
	"the headings of %s have no ids to link to; link to the page itself": "det er ingen overskrifter å lenke til på %s; lenk til selve siden",
	"its headings' anchors are %s":                                       "overskriftene der lenker du til med %s",
	"did you mean %s?":                                                   "mente du %s?",

	// Images.
	"the image has no file name": "bildet har ikke noe filnavn",
	"write the image's file name between the round brackets: ![what it shows](bilde.jpg)": "skriv filnavnet til bildet mellom parentesene: ![hva bildet viser](bilde.jpg)",
	"image %q does not exist": "bildet «%s» finnes ikke",
	"put the image in static/ and write its path from the site root, like /images/kart.png; or make this page a folder with index.md and put the image beside it": "legg bildet i mappen static/, og skriv veien dit fra toppen av nettstedet, for eksempel /images/kart.png; eller gjør siden om til en mappe med en index.md, og legg bildet der",
	"put the file in %s, next to the page, or fix the name": "legg filen i %s, sammen med siden, eller rett navnet",
	"did you mean %s? The files next to the page are in %s": "mente du %s? Filene til siden ligger i %s",
	"image %q is not in the page's folder":                  "bildet «%s» ligger ikke i mappen til siden",
	"only a page in its own folder (…/name/index.md) can have an image: move the page into a folder and put the image beside it": "bare en side med sin egen mappe (…/navn/index.md) kan ha bilde: flytt siden inn i en mappe, og legg bildet der",

	// Accessibility.
	"the link to %q has no text": "lenken til «%s» har ingen tekst",
	"write what the link leads to between the square brackets: [Kontakt oss](kontakt.md)":                                   "skriv hva lenken fører til, mellom hakeparentesene: [Kontakt oss](kontakt.md)",
	"the link text %q does not say where the link goes":                                                                     "lenketeksten «%s» sier ikke hvor lenken går",
	"write what the reader gets, like [Les mer om Internasjonale Drammen](…); screen readers often list links on their own": "skriv hva leseren får, for eksempel [Les mer om Internasjonale Drammen](…); skjermlesere viser ofte lenkene alene, uten teksten rundt",
	"the table has no header row": "tabellen har ingen overskriftsrad",
	"write the column names in the first row: | Brød | Lansert | Solgt per uke |":                       "skriv navnene på kolonnene i første rad: | Brød | Lansert | Solgt per uke |",
	"the embedded frame (<iframe>) has no title":                                                        "den innebygde rammen (<iframe>) har ingen tittel",
	`add a title that says what it shows: <iframe title="Kart over Åssiden" …>`:                         `legg til en tittel som sier hva den viser: <iframe title="Kart over Åssiden" …>`,
	"HTML in the text is left out of the published page":                                                "HTML i teksten blir ikke med på den publiserte siden",
	"write it in Markdown instead; HTML is kept only with unsafe = true under [markup] in works.toml":   "skriv det i Markdown i stedet; HTML blir bare med når innstillingsfilen works.toml har unsafe = true under [markup]",
	"the image %q has no alt text":                                                                      "bildet «%s» har ingen alternativ tekst (alt-tekst)",
	"describe what the image shows between the square brackets: ![Tegning av en bakeridisk](bilde.svg)": "beskriv hva bildet viser, mellom hakeparentesene: ![Tegning av en bakeridisk](bilde.svg)",
	"the alt text of the image %q is its file name":                                                     "alt-teksten til bildet «%s» er bare filnavnet",
	"describe what the image shows instead: screen readers read the alt text aloud":                     "beskriv heller hva bildet viser: skjermlesere leser alt-teksten høyt",
	"the page's image has no alt text":                                                                  "bildet til siden har ingen alternativ tekst (alt-tekst)",
	"add imageAlt: a sentence that says what the image shows":                                           "legg til innstillingen «imageAlt»: en setning som sier hva bildet viser",
	"imageAlt is the image's file name":                                                                 "innstillingen «imageAlt» er bare filnavnet til bildet",
	"the heading %q is a second level-1 heading (#)":                                                    "overskriften «%s» er på nivå 1 (#), som tittelen på siden",
	"use ## for the parts of the text; the page title is the level-1 heading":                           "bruk ## for delene av teksten; bare tittelen på siden skal være på nivå 1",
	"the heading %q skips from level %d to level %d":                                                    "overskriften «%s» hopper fra nivå %d til nivå %d",
	"use %s here, or add the missing level above it":                                                    "bruk %s her, eller legg til nivået som mangler over den",

	// Plain language.
	"this sentence has %d words; keep sentences to %d words or fewer":                                     "denne setningen har %d ord; hold setningene på %d ord eller færre",
	"split it into two or more sentences":                                                                 "del den opp i to eller flere setninger",
	"this paragraph has %d words; keep paragraphs to %d words or fewer":                                   "dette avsnittet har %d ord; hold avsnittene på %d ord eller færre",
	"split it into shorter paragraphs, one idea each":                                                     "del det opp i kortere avsnitt, med én tanke i hvert",
	"the text is hard to read: LIX %d, and the limit is %d":                                               "teksten er tung å lese: LIX %d, og grensen er %d",
	"the text is hard to read: LIX %d, and the limit for pages for %s is %d":                              "teksten er tung å lese: LIX %d, og grensen for sider merket «%s» er %d",
	"use shorter sentences and fewer long words, those of more than %d letters; %s":                       "bruk kortere setninger og færre lange ord, de med mer enn %d bokstaver; %s",
	"the longest sentences start on lines %s":                                                             "de lengste setningene begynner på linje %s",
	"the longest sentence starts on line %s":                                                              "den lengste setningen begynner på linje %s",
	"the page has no summary":                                                                             "siden har ikke noe sammendrag",
	"add summary: one or two sentences that say what the page is about; lists and search results show it": "legg til innstillingen «summary»: én eller to setninger som sier hva siden handler om; lister og søkeresultater viser den",

	// Privacy.
	"%s loads %s from another host, which tells %s who visits": "%s henter %s fra et annet nettsted, og det forteller %s hvem som er innom",
	"copy the file into the site (static/ or the page's folder), or add %q to allowHosts under [privacy] in works.toml if visitors have agreed to it": "kopier filen inn på nettstedet (i static/ eller mappen til siden), eller legg «%s» til i allowHosts under [privacy] i innstillingsfilen works.toml hvis de besøkende har sagt ja til det",

	// The settings at the top of a page, against the schema of its section.
	"the page has no %q":                   "siden mangler innstillingen «%s»",
	"add %s: %s":                           "legg til innstillingen «%s»: %s",
	"%q must be %s (got %s)":               "«%s» må være %s (det står %s)",
	"%q must be %s (got %q)":               "«%s» må være %s (det står «%s»)",
	"write %s":                             "skriv %s",
	"a list":                               "en liste",
	"a group of settings":                  "en gruppe innstillinger",
	"text":                                 "tekst",
	"a date like 2026-11-27":               "en dato, for eksempel 2026-11-27",
	"a list of text, like [industri, mat]": "en liste med tekst, for eksempel [industri, mat]",
	"true or false":                        "«true» eller «false»",
	"a whole number":                       "et helt tall",
	"a group of settings, one per line below it":                                               "en gruppe innstillinger, én per linje under",
	"the path of a page below content/, like prosjekter/sirkulaer-havn":                        "veien til en side under content/, for eksempel prosjekter/sirkulaer-havn",
	"%q is %d characters long; the limit is %d":                                                "teksten i «%s» har %d tegn; grensen er %d",
	"shorten it to %d characters or fewer; longer text is cut off in lists and search results": "kort den ned til %d tegn eller færre; lengre tekst blir kuttet i lister og søkeresultater",
	"write one of them":                                     "skriv en av dem",
	"one of %s or %s":                                       "en av %s eller %s",
	"%q names no page: %q":                                  "«%s» viser til en side som ikke finnes: «%s»",
	"write the page's path below content/, like %s":         "skriv veien til siden under content/, for eksempel %s",
	"%q must be a page in %s/ (got %q)":                     "«%s» må være en side i %s/ (det står «%s»)",
	"write the path of a page in content/%s/":               "skriv veien til en side i content/%s/",
	"%q names content/%s, which is not published":           "«%s» viser til content/%s, som ikke er publisert",
	"publish that page first, or leave the key out for now": "publiser den siden først, eller ta bort innstillingen inntil videre",
	"%q is not a key the site knows: did you mean %q?":      "nettstedet kjenner ikke innstillingen «%s»: mente du «%s»?",
	"rename it to %s; the site does not read %s":            "endre navnet til «%s»; nettstedet leser ikke «%s»",

	// What to write in each setting (the help of the schemas).
	"the headline, at most 70 characters":                                                  "overskriften, høyst 70 tegn",
	"one or two sentences, at most 200 characters, that lists and search results show":     "én eller to setninger, høyst 200 tegn, som lister og søkeresultater viser",
	"the date the page is published, like 2026-11-27":                                      "datoen siden blir publisert, for eksempel 2026-11-27",
	"the file name of the picture in the page's folder, like illustration.svg":             "filnavnet til bildet i mappen til siden, for eksempel illustration.svg",
	"what the picture shows, in one sentence, for readers who cannot see it":               "hva bildet viser, i én setning, for lesere som ikke kan se det",
	"topics, as a list: [rekruttering, mangfold]":                                          "emner, som en liste: [rekruttering, mangfold]",
	"industries, as a list: [mat, industri]":                                               "bransjer, som en liste: [mat, industri]",
	`who wrote it, as a list: ["Farah Mansour"]`:                                           `hvem som skrev den, som en liste: ["Farah Mansour"]`,
	"the project the page belongs to, like prosjekter/internasjonale-drammen":              "prosjektet siden hører til, for eksempel prosjekter/internasjonale-drammen",
	"what the project wants to achieve, in one sentence":                                   "hva prosjektet vil oppnå, i én setning",
	"aktiv, avsluttet or planlagt":                                                         "aktiv, avsluttet eller planlagt",
	`who takes part, as a list: ["Næringsforeningen i Drammensregionen"]`:                  `hvem som er med, som en liste: ["Næringsforeningen i Drammensregionen"]`,
	"the contact person: name:, role: and, if public, email: on the lines below, indented": "kontaktpersonen: name:, role: og, hvis den er offentlig, email: på linjene under, med innrykk",
	"the date the project started, like 2026-11-27":                                        "datoen prosjektet startet, for eksempel 2026-11-27",

	// A theme's schemas.toml.
	"cannot read the schemas: %v":                                        "kan ikke lese skjemaene for innstillingene: %v",
	"check that the file can be read":                                    "sjekk at filen kan leses",
	"the schemas are not valid: %v":                                      "skjemaene for innstillingene er ikke gyldige: %v",
	"write each field as in the comment of internal/check/schemafile.go": "skriv hvert felt slik kommentaren i internal/check/schemafile.go viser",
	"schema %q: key %q has an unknown type %q":                           "skjemaet «%s»: feltet «%s» har en ukjent type, «%s»",
	"use one of text, date, list, bool, number, page or group":           "bruk en av text, date, list, bool, number, page eller group",

	// The whole site.
	"%s has the same title: %q":                                         "%s har den samme tittelen: «%s»",
	"give each page its own title":                                      "gi hver side sin egen tittel",
	"no other page links to this page":                                  "ingen andre sider lenker til denne siden",
	"link to it from a related page, or add it to a menu in works.toml": "lenk til den fra en side om noe lignende, eller legg den til i en meny i innstillingsfilen works.toml",

	// When works check itself fails.
	"works check stopped with an internal error on this page: %v":   "works check stoppet med en intern feil på denne siden: %v",
	"this is a bug in works check: please report it with this page": "feilen er i works check, ikke i teksten din: meld fra om den, og send med denne siden",

	// Reading the Markdown.
	"cannot turn the Markdown into HTML: %v":                                             "kan ikke gjøre om Markdown-teksten til HTML: %v",
	"a comment starts here and never ends with -->; everything after it would be hidden": "en kommentar begynner her og slutter aldri med -->; alt etter den ville blitt skjult",
	"close it with -->, or remove it":                                                    "avslutt den med -->, eller fjern den",
	"the heading attribute %q was left out: headings may have only an id and a class, because other attributes can change how the whole page looks or behaves": "egenskapen «%s» på overskriften ble tatt bort: en overskrift kan bare ha id og class, fordi andre egenskaper kan endre hvordan hele siden ser ut eller virker",
	"remove %s=…, or ask whoever runs the site to set [markup] unsafe = true":                                                                                  "fjern %s=…, eller be den som drifter nettstedet om å sette unsafe = true under [markup]",
	"this line puts more than %d quotes or lists inside each other, more than works can read":                                                                  "denne linjen legger mer enn %d sitater eller lister inni hverandre, flere enn works kan lese",
	"use fewer levels of > and list items; most pages need three or four":                                                                                      "bruk færre nivåer av > og punkter i lister; de fleste sider trenger tre eller fire",
	"the page has more links than works can read in reasonable time":                                                                                           "siden har flere lenker enn works rekker å lese innen rimelig tid",
	"split the page into several pages":                                                                                                                        "del siden opp i flere sider",
	"this paragraph has too many square brackets that do not make finished links, starting here, for works to read in reasonable time":                         "dette avsnittet har for mange hakeparenteser som ikke blir til ferdige lenker (fra og med her), til at works rekker å lese det innen rimelig tid",
	`finish each link as [text](address), or write \[ for a bracket that is not a link`:                                                                        `skriv hver lenke ferdig som [tekst](adresse), eller skriv \[ for en hakeparentes som ikke er en lenke`,
	"heading id %q is used by another heading on this page":                                                                                                    "en annen overskrift på denne siden bruker allerede id-en «%s»",
	"give each heading its own {#id}, or remove one to get an automatic id":                                                                                    "gi hver overskrift sin egen {#id}, eller fjern den ene, så får den en id av seg selv",

	// The model of the site: languages, sections, lists, addresses.
	"%q is not a language of this site":                                                                   "«%s» er ikke et språk på dette nettstedet",
	"use one of %s, or add [languages.%s] to works.toml":                                                  "bruk et av %s, eller legg til [languages.%s] i innstillingsfilen works.toml",
	"a second home page for language %q (the first is %s)":                                                "en forside til for språket «%s» (den første er %s)",
	"keep one _index.md per language in content/":                                                         "ha bare én _index.md per språk i content/",
	"sections inside sections are not supported":                                                          "en seksjon kan ikke ligge inni en annen seksjon",
	"move the pages up into content/%s/, or make the folder one page, with index.md instead of _index.md": "flytt sidene opp i content/%s/, eller gjør mappen til én side, med index.md i stedet for _index.md",
	"section %q already has a list page in %s":                                                            "seksjonen «%s» har allerede en listeside i %s",
	"keep one _index.md per section and language":                                                         "ha bare én _index.md per seksjon og språk",
	"%q must be a list of words":                                                                          "«%s» må være en liste med ord",
	"write a list, e.g. %s: [eksport, industri]":                                                          "skriv en liste, for eksempel %s: [eksport, industri]",
	"%q lists %d words; a page may have at most %d":                                                       "«%s» har %d ord; en side kan ha høyst %d",
	"keep the %d that say most about the page; readers and search engines use a few":                      "behold de %d som sier mest om siden; lesere og søkemotorer bruker bare noen få",
	"%q has a value %q that cannot be made into a web address":                                            "«%s» har verdien «%s», som ikke kan gjøres om til en adresse",
	"use letters or digits in the name":                                                                   "bruk bokstaver eller sifre i navnet",
	"%s and %s are both the %q version of one page":                                                       "%s og %s er begge «%s»-versjonen av den samme siden",
	"give each language version of a page the same translationKey, and other pages other keys":            "gi alle språkversjonene av en side den samme «translationKey», og andre sider andre verdier",
	"project %q is not a page of this site":                                                               "prosjektet «%s» er ikke en side på dette nettstedet",
	"write the project's path below content/, e.g. prosjekter/internasjonale-drammen":                     "skriv veien til prosjektet under content/, for eksempel prosjekter/internasjonale-drammen",
	"menu %q entry %q: pageRef %q is not a page of this site":                                             "menyen «%s», punktet «%s»: pageRef «%s» er ikke en side på dette nettstedet",
	"write the page's path below content/, e.g. historier or om.md":                                       "skriv veien til siden under content/, for eksempel historier eller om.md",
	"two pages would be published at %s: %s and %s":                                                       "to sider ville blitt publisert på %s: %s og %s",
	"give one of them another address: set slug or url at the top of its file":                            "gi en av dem en annen adresse med innstillingen «slug» eller «url» øverst i filen",
	"the home page %q":                               "forsiden «%s»",
	"the section list %q":                            "listesiden til seksjonen «%s»",
	"the list of all %q":                             "oversikten over alle «%s»",
	"the list of the pages about %q":                 "listen over sidene om «%s»",
	"the page for addresses that do not exist (404)": "siden for adresser som ikke finnes (404)",
	"the page %q":                                    "siden «%s»",
})

// A required setting whose name is misspelt.
var _ = add(map[string]string{
	"%q on line %d: did you mean %q?":           "«%s» på linje %d: mente du «%s»?",
	"rename it to %s, which the page needs: %s": "gi den navnet %s, som siden trenger: %s",
})

// What a draft still lacks.
var _ = add(map[string]string{
	"the draft has no %q yet: it needs one before it is published": "utkastet mangler ennå innstillingen «%s»: den trengs før siden publiseres",
})

// The placeholder picture a page template puts in a new page's folder.
var _ = add(map[string]string{
	"put the real picture in the page's folder and write its file name in image":                "legg det ekte bildet i mappen til siden, og skriv filnavnet i image",
	"the draft still shows the placeholder picture %q: replace it before the page is published": "utkastet viser fortsatt plassholderbildet «%s»: bytt det ut før siden publiseres",
	"the page shows the placeholder picture %q from its template":                               "siden viser plassholderbildet «%s» fra malen",
})
