package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The corpus: a deterministic site of Norwegian-looking pages. Word use
// follows Zipf's law over a vocabulary of common words, the words of the
// build's benchmark corpus and 20 000 made-up words, so there are very
// common terms (in every page), rare ones, and the long tail of a real
// vocabulary that fills the index.

var commonWords = strings.Fields(`og i på er som det en til med for av har de at ikke vi om den var et
kan skal også men fra ved sin etter nå mer år nye blir alle over hvor hvordan`)

var topicWords = strings.Fields(`næringsliv bedrift gründer vekst drammen elva havn
verksted kunder arbeid kompetanse eksport samarbeid kommune prosjekt rekruttering omstilling
bærekraft industri teknologi handel kultur helse maritim lærling produksjon marked region
innovasjon nettverk medlemmer forening veksthus oppstart investering ansatte fabrikk lager
butikk kafé bakeri verft logistikk digital løsning tjeneste strategi mål resultat`)

var syllables = strings.Fields(`bra bre dra dro fa fje fo gla gre hav hei kjø kla kra kve la le
lø ma me mø na ne no pa pe ra re rø sa se sjø ska ske sko sla sna spe sta ste sto stå sva ta te
tro va ve vi væ å ær øy an en er et ing ert ene het lig ske sjon`)

func vocabulary(r *rand.Rand, n int) []string {
	seen := map[string]bool{}
	words := append(append([]string{}, commonWords...), topicWords...)
	for _, w := range words {
		seen[w] = true
	}
	for len(words) < n {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// corpus returns n pages, the same for the same n.
func corpus(n int) []Document {
	r := rand.New(rand.NewPCG(1847, 950))
	vocab := vocabulary(r, 20_000+len(commonWords)+len(topicWords))
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	sentence := func(words int) string {
		var b strings.Builder
		for i := range words {
			w := vocab[zipf.Uint64()]
			if i%11 == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if i%11 == 10 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		return strings.TrimSpace(b.String()) + "."
	}
	sections := []string{"Historier", "Prosjekter", "Nyheter"}
	start := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]Document, n)
	for i := range docs {
		var title []string
		for range 3 + r.IntN(5) {
			// Titles favour topic words and the middle of the vocabulary.
			if r.IntN(2) == 0 {
				title = append(title, topicWords[r.IntN(len(topicWords))])
			} else {
				title = append(title, vocab[len(commonWords)+r.IntN(3000)])
			}
		}
		var tags []string
		for range 1 + r.IntN(3) {
			tags = append(tags, topicWords[r.IntN(len(topicWords))])
		}
		body := sentence(150 + r.IntN(900))
		sec := sections[i%len(sections)]
		docs[i] = Document{
			URL:     fmt.Sprintf("/%s/side-%05d/", strings.ToLower(sec), i),
			Title:   strings.Join(title, " "),
			Section: sec,
			Tags:    tags,
			Date:    start.AddDate(0, 0, r.IntN(5000)).Format(time.DateOnly),
			Summary: shorten(body, 240),
			Body:    body,
		}
	}
	return docs
}

// TestFirstQuerySize measures what a first query downloads on a site of
// 10 000 pages: the manifest, the term chunks for the query's words and
// the metadata of the top 10 results. The issue allows 500 KB. The log
// shows some queries' bytes as stored and as sent gzipped, then the worst
// case over every prefix of two and three letters, which is what a search
// box sends first while someone types.
func TestFirstQuerySize(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 10 000-page index; run without -short and -race")
	}
	const pages, budget = 10_000, 500_000
	docs := corpus(pages)
	begin := time.Now()
	files := Build("nb", docs, Options{})
	elapsed := time.Since(begin)
	total, prefixKeys := 0, 0
	var metaSizes []int
	for _, f := range files {
		total += len(f.Data)
		if strings.HasPrefix(f.Name, "m-") {
			metaSizes = append(metaSizes, len(f.Data))
		}
	}
	c := newClient(t, files)
	manifestRaw, manifestGz := c.size(), c.gzipped()

	queries := []string{
		"og",                // the most frequent word
		"bedrift",           // a topic word
		"næringsliv",        //
		vocab(docs, 15_000), // a rare word
		"st", "sk", "bæ",    // two letters typed
		"sjo", "sta", "for", // three
		"bærekraft drammen", // two words
		"barekraft",         // æ typed as a
		"baerekraft",        // æ typed as ae
		"bærkraft",          // a letter missing
		"bakerei",           // a letter extra
		"bedriftene",        // another form
		"bedrifter kunder",  // other forms of two words
	}
	for _, q := range queries {
		c.reset()
		rs := c.search(q, 10)
		raw, gz := c.size(), c.gzipped()
		chunks := 0
		for _, name := range c.fetched {
			if strings.HasPrefix(name, "t-") {
				chunks++
			}
		}
		t.Logf("%-20q %2d results, %d term chunks: %7d B (%6d B gzipped)", q, len(rs), chunks, raw, gz)
		if len(rs) == 0 {
			t.Errorf("%q found nothing", q)
		}
		if raw > budget {
			t.Errorf("%q downloads %d bytes, more than %d", q, raw, budget)
		}
	}

	// Every prefix of two and three letters, with the ten largest
	// metadata chunks as the worst case for its results.
	slices.Sort(metaSizes)
	worstMeta := 0
	for _, n := range metaSizes[max(0, len(metaSizes)-10):] {
		worstMeta += n
	}
	prefixes := map[string]bool{}
	for _, e := range c.manifest.Terms {
		for key := range c.chunk(e[1]) {
			if strings.HasSuffix(key, "*") {
				prefixKeys++
				continue
			}
			r := []rune(key)
			prefixes[string(r[:2])] = true
			if len(r) > 2 {
				prefixes[string(r[:3])] = true
			}
		}
	}
	worst, worstPrefix := 0, ""
	for p := range prefixes {
		c.reset()
		c.fetch(ManifestName)
		c.matches(p)
		if raw := c.size(); raw > worst {
			worst, worstPrefix = raw, p
		}
	}
	// Words typed with a letter missing and in another form, as first
	// queries: every 25th term of six letters or more with its middle
	// letter dropped, and its stem with -ene.
	var terms []string
	for _, e := range c.manifest.Terms {
		for key := range c.chunk(e[1]) {
			if !strings.HasSuffix(key, "*") && utf8.RuneCountInString(key) >= 6 {
				terms = append(terms, key)
			}
		}
	}
	slices.Sort(terms)
	worstWord, worstWordQuery, typos, typosFound := 0, "", 0, 0
	for i := 0; i < len(terms); i += 25 {
		r := []rune(terms[i])
		typo := string(r[:len(r)/2]) + string(r[len(r)/2+1:])
		for _, q := range []string{typo, Stem("nb", terms[i]) + "ene"} {
			c.reset()
			c.fetch(ManifestName)
			got, found := c.matches(q)
			if q == typo {
				typos++
				if _, ok := found[terms[i]]; ok || len(got) > 0 && strings.HasPrefix(terms[i], q) {
					typosFound++
				}
			}
			if raw := c.size(); raw > worstWord {
				worstWord, worstWordQuery = raw, q
			}
		}
	}
	t.Logf("%d of %d words with a letter missing find their word; worst of these and %d words in another form: %q, %d B with the manifest, %d B with the 10 largest metadata chunks",
		typosFound, typos, typos, worstWordQuery, worstWord, worstWord+worstMeta)
	if worstWord+worstMeta > budget {
		t.Errorf("%q downloads up to %d bytes, more than %d", worstWordQuery, worstWord+worstMeta, budget)
	}
	if typosFound < typos*8/10 {
		t.Errorf("only %d of %d words with a letter missing find their word", typosFound, typos)
	}
	t.Logf("index of %d pages: %d files, %.1f MB, %d term chunks (%d prefix keys), %d metadata chunks, built in %v; manifest %d B (%d B gzipped)",
		pages, len(files), float64(total)/1e6, len(c.manifest.Terms), prefixKeys, (pages+c.manifest.MetaSize-1)/c.manifest.MetaSize, elapsed.Round(time.Millisecond), manifestRaw, manifestGz)
	t.Logf("worst of %d prefixes: %q, %d B with the manifest, %d B with the 10 largest metadata chunks", len(prefixes), worstPrefix, worst, worst+worstMeta)
	if worst+worstMeta > budget {
		t.Errorf("typing %q downloads up to %d bytes, more than %d", worstPrefix, worst+worstMeta, budget)
	}
}

// vocab returns a word of the corpus that is rare: the body word of page n.
func vocab(docs []Document, n int) string {
	words := Terms(docs[n%len(docs)].Body)
	return words[len(words)/2]
}
