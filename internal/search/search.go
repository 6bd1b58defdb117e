// Package search builds the site's search index at build time: per
// language, a set of static JSON files that a small script in the browser
// fetches piece by piece, so a search needs no server and a first query
// downloads a small part of the index even on a site of ten thousand pages.
// It reads the site model and returns bytes; it does no I/O.
//
// # Folding
//
// Indexed text and queries go through the same Fold, rune by rune:
//
//  1. lower-case the rune (unicode.ToLower; JavaScript's toLowerCase);
//  2. a combining ring above (U+030A) right after "a" becomes "a", so a
//     decomposed å folds like the composed one; every other combining
//     mark U+0300–U+036F is dropped;
//  3. letters in the fold table are spelled out: æ→ae, ø→o, å→aa, and
//     accented Latin letters lose their accents (é→e, ü→u, ß→ss, …);
//  4. anything else is kept as it is;
//  5. the vowel rule: in the text spelled out so far, an "e" right after
//     "a" or "o" and an "a" right after "a" are dropped (the letter before
//     counts whether or not it was dropped itself).
//
// So æ, ae and a all become "a", ø, oe and o "o", å, aa and a "a": a
// person without the Norwegian keys may type either spelling. Words with
// such a pair of their own (Michael, poeng) fold the same way in text and
// query and still meet; the price is that a few words that differ only
// there (poeng, pong) meet too.
//
// No Unicode normalisation comes first, so a script that repeats these steps
// with the same table gets the same string for every input. Then Terms
// splits the folded text into words: runs of letters and digits, 2 to 40
// code points long. "Bryggeriet på Åssiden" gives bryggeriet, pa, assiden,
// which "assiden", "aassiden" and "åssiden" all find, and "Molle" and
// "Moelle" find "Mølle".
//
// # Files
//
// A language's index sits in search/<lang>/ below the site root:
//
//	index.json         the manifest, fetched first
//	t-<hash>.json      term chunks, fetched for the words of a query
//	m-<hash>-<k>.json  page metadata chunks 0, 1, 2, …, fetched for the
//	                   results shown
//
// Chunk names carry a hash of their content, so they can be cached for
// ever; only the manifest must be revalidated. The metadata chunks share
// one hash, of them all, so that the manifest names them in one string
// however many there are (a thousand names took 22 KB of a 10 000-page
// manifest); a new page shifts every page's id, and with it every chunk,
// so hashes of their own would seldom let a browser keep one.
//
// The manifest:
//
//	{
//	  "version": 3,
//	  "lang": "nb",
//	  "pages": 10000,
//	  "fields": ["exact", "body", "section", "summary", "tags", "title"],
//	  "terms": [["", "t-0c1d2e3f4a.json"], ["br", "t-…"], …],
//	  "prefixes": ["be", "bed", "br", …],
//	  "metaSize": 10,
//	  "meta": "m-5b6c7d8e9f"
//	}
//
// Pages have ids 0, 1, 2, … in order of date, newest first; undated pages
// come last, by URL.
//
// Page i's metadata is entry i % metaSize of the array in the file
// meta + "-" + (i / metaSize) + ".json", m-5b6c7d8e9f-0.json for the first:
//
//	{"url": "/historier/bryggeriet/", "title": "…", "date": "2026-11-20",
//	 "section": "Historier", "summary": "…", "tags": ["mat"]}
//
// url is the page's path with the base path; date (in the site's time zone)
// and section, summary and tags are left out when empty.
//
// # Term chunks
//
// A term chunk is an object from key to posting list. The keys of all
// chunks together are sorted (by code point, which for keys is the order of
// JavaScript's <) and split into consecutive ranges: "terms" in the manifest
// lists each chunk with the lowest string its range starts at, ascending,
// the first being "". A key k lies in the last chunk whose start is ≤ k.
// The keys with prefix q lie in the chunks from the one where q would lie
// up to, not including, the first chunk whose start is > q and does not
// begin with q.
//
// There are two kinds of key. A term ("bryggeriet") lists the pages that
// have that word. A prefix key, a prefix of two or more characters and a
// "*" ("bryg*"), lists the pages that have any word starting with the
// prefix, with their field masks ORed together and the "exact" bit set for
// pages that have the prefix itself as a word. The index has a prefix key
// exactly where reading all the terms with that prefix would cost more than
// half a chunk, so a word as typed never reads much more than a chunk.
// "prefixes" in the manifest lists these prefixes (without the "*"),
// ascending, so the script knows before fetching anything which chunks a
// word needs: the one chunk where w+"*" lies, or else the chunks of the
// terms with prefix w, which are at most two, since those terms take at
// most half a chunk; and the chunks where its other forms lie, next to
// it (see Ranking). It fetches them all at once, and the words of a query
// in parallel: a first query waits for one round trip for its terms and
// one for its results' metadata, and one more where a word needs its near
// spellings.
//
// A posting list is a string of base64url characters
// (A–Z a–z 0–9 - _, values 0–63) holding one number per page, ids
// ascending. Each number is written in groups of 5 bits, lowest first: a
// character of value 32 or more carries the group value−32 and says that
// more follow; one below 32 carries the last group. The number n stands for
// the page id previous+1+(n >> 6) (previous starts at −1) and its field mask
// n & 63. Bit i of the mask is fields[i]: exact 1 (in prefix keys only),
// body 2, section 4 (the section's title), summary 8, tags 16 (tags and
// sectors), title 32. A larger mask is a better match by design: each field
// outranks all the fields below it together.
//
// # Ranking
//
// The script folds the query and splits it with the same rule as Terms;
// every word is a prefix, and a word w matches a page in one of three ways:
//
//   - as typed: for a word with a prefix key, the key's list; otherwise
//     every term with prefix w, read from the chunks named above, the
//     masks ORed per page, the exact bit set for the term equal to w;
//   - in another form: the terms among Forms(lang, Stem(lang, w)), lang
//     being the manifest's, that do not begin with w, looked up as keys,
//     each in the chunk where it lies (bedrift, bedriften and bedrifter
//     for "bedriftene"); their masks join those as typed;
//   - with a typo, only for a word of MinNear or more code points that
//     finds no page in either of those ways: let p be the shortest prefix
//     of w, of one code point or more, whose chunks (the chunk where p
//     would lie and the following ones whose start begins with p) are at
//     most NearChunks; the terms of those chunks that begin with p and are
//     Near w are the word's matches. If no prefix shorter than w
//     qualifies, there are none. The script fetches these chunks after
//     the others, a second round trip, and most often has them already.
//
// Near spellings are a fallback, not extra results: for a word the site
// has, they would bring every word a letter away ("bedre" for "bedri",
// "laget" for "lager"), below the hits but in the list and its count. So
// the pages that have the word as typed or in another form are all a word
// finds when there are any, and its near spellings only when there are
// none. A page matches when every word matches; its score is the sum of
// its words' masks. Results are by score, then id (newer first).
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// Field masks of a posting.
const (
	Exact   = 1 << iota // in a prefix key: the page has the prefix as a word
	Body                // the text of the page
	Section             // the title of the page's section
	Summary             // the summary or description
	Tags                // the names of the page's tags and sectors
	Title
)

// fieldNames name the mask bits in the manifest, lowest first.
var fieldNames = [...]string{"exact", "body", "section", "summary", "tags", "title"}

// Version is the manifest's format version; the script refuses others.
// Version 2 added "prefixes" and named the metadata chunks by one hash;
// version 3 folds with the vowel rule, so a script of version 2 would not
// find what the index of version 3 holds.
const Version = 3

// Defaults of Options, measured on a generated site of 10 000 pages (see
// TestFirstQuerySize): term chunks of about 48 KB and 10 pages a metadata
// chunk keep any first query, even two letters, under 150 KB, with a
// manifest of 7 KB. The ten results of a query mostly lie in ten different
// metadata chunks, so small ones waste less, above all while someone types
// and every keystroke fetches the metadata of its results: 10 pages a chunk
// halves that against 20. A prefix key is made where reading a prefix's
// terms would cost more than half a chunk.
const (
	DefaultChunkSize = 48 << 10
	DefaultMetaSize  = 10
	SummaryLength    = 200 // characters of summary in the metadata
	ManifestName     = "index.json"
)

// Options tune the index; the zero value gives the defaults.
type Options struct {
	ChunkSize int // bytes a term chunk grows to before the next starts; 0 means DefaultChunkSize
	MetaSize  int // pages a metadata chunk holds; 0 means DefaultMetaSize
}

// Document is one page as the index sees it: plain text, no HTML.
type Document struct {
	URL     string
	Title   string
	Summary string
	Section string
	Tags    []string
	Date    string // "2006-01-02", or "" for an undated page
	Body    string
}

// File is one file of an index, named relative to the index's folder.
type File struct {
	Name string
	Data []byte
}

// Dir is the folder of a language's index below the site root.
func Dir(lang string) string { return "search/" + lang + "/" }

// Files returns the index of every language of the model as output files.
func Files(m *site.Model) []output.File {
	var out []output.File
	for _, s := range m.Sites {
		for _, f := range Build(s.Language.Lang, Documents(s), Options{}) {
			out = append(out, output.File{Path: Dir(s.Language.Lang) + f.Name, Data: f.Data, Owner: "search index"})
		}
	}
	return out
}

// Documents returns the pages of one language that search can find: regular
// pages and sections, without drafts and pages marked `noindex: true`.
func Documents(s *site.Site) []Document {
	loc := time.UTC
	if s.Config != nil && s.Config.Location != nil {
		loc = s.Config.Location
	}
	var docs []Document
	for _, p := range s.Pages {
		if (p.Kind != site.KindPage && p.Kind != site.KindSection) || p.Draft || p.NoIndex() {
			continue
		}
		d := Document{
			URL:     p.RelPermalink,
			Title:   p.Title,
			Summary: cmp.Or(p.Description, plain(string(p.Summary()))),
			Body:    p.Plain(),
		}
		if p.Kind == site.KindPage && p.Parent != nil && p.Parent.Kind == site.KindSection {
			d.Section = p.Parent.Title
		}
		date := p.Date
		if date.IsZero() {
			date = p.PublishDate
		}
		if !date.IsZero() {
			d.Date = date.In(loc).Format(time.DateOnly)
		}
		for _, tax := range s.TaxonomyList {
			for _, t := range p.Terms[tax.Name] {
				if !slices.Contains(d.Tags, t.Name) {
					d.Tags = append(d.Tags, t.Name)
				}
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// plain turns summary HTML into text: tags dropped (block tags leave a
// space, so paragraphs do not run together), entities decoded, whitespace
// folded.
func plain(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break // a cut-off tag
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(s[i+1:i+j], "/"), " ")
		if blockTags[strings.ToLower(strings.TrimSuffix(name, "/"))] {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// blockTags are the elements that separate words in rendered text. It is
// read-only.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true, "dl": true, "dt": true, "dd": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true,
	"table": true, "tr": true, "td": true, "th": true, "hr": true, "figure": true, "figcaption": true,
}

// Build returns the files of one language's index, the manifest first.
func Build(lang string, docs []Document, opts Options) []File {
	chunkSize := cmp.Or(opts.ChunkSize, DefaultChunkSize)
	metaSize := cmp.Or(opts.MetaSize, DefaultMetaSize)

	docs = slices.Clone(docs)
	if len(docs) > math.MaxInt32 {
		panic("search: too many pages")
	}
	// Newest first gives newer pages the lower ids, which break ties.
	slices.SortStableFunc(docs, func(a, b Document) int {
		switch {
		case a.Date == "" && b.Date != "":
			return 1 // undated last
		case a.Date != "" && b.Date == "":
			return -1
		}
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.URL, b.URL))
	})

	index := termIndex{ids: map[string]int32{}}
	for id, d := range docs {
		page := int32(id)
		index.add(page, d.Body, Body)
		index.add(page, d.Section, Section)
		index.add(page, d.Summary, Summary)
		for _, t := range d.Tags {
			index.add(page, t, Tags) // as the tags joined by spaces: a space ends a term
		}
		index.add(page, d.Title, Title)
		index.endPage()
	}
	terms, lists := index.terms()
	keys, keysJSON := entries(terms, lists, len(docs), chunkSize/2)

	manifest := manifest{Version: Version, Lang: lang, Pages: len(docs), Fields: fieldNames[:], MetaSize: metaSize, Terms: [][2]string{}, Prefixes: []string{}}
	var files []File
	var chunk bytes.Buffer
	start, last := "", ""
	flush := func(next string) {
		if chunk.Len() == 0 {
			return
		}
		chunk.WriteString("}\n")
		f := hashed("t-", bytes.Clone(chunk.Bytes()))
		files = append(files, f)
		manifest.Terms = append(manifest.Terms, [2]string{start, f.Name})
		chunk.Reset()
		start = separator(last, next)
	}
	for _, e := range keys {
		data := keysJSON[e.start:e.end]
		if chunk.Len() > 0 && chunk.Len()+len(data) > chunkSize {
			flush(e.key)
		}
		if chunk.Len() == 0 {
			chunk.WriteByte('{')
		} else {
			chunk.WriteByte(',')
		}
		chunk.Write(data)
		last = e.key
		if p, ok := strings.CutSuffix(e.key, "*"); ok {
			manifest.Prefixes = append(manifest.Prefixes, p)
		}
	}
	flush("")

	var metaChunks [][]byte
	all := sha256.New()
	for lo := 0; lo < len(docs); lo += metaSize {
		var metas []meta
		for _, d := range docs[lo:min(lo+metaSize, len(docs))] {
			metas = append(metas, meta{URL: d.URL, Title: d.Title, Date: d.Date, Section: d.Section, Summary: shorten(d.Summary, SummaryLength), Tags: d.Tags})
		}
		data := marshal(metas) // ends in a newline, which keeps chunks apart in the hash
		all.Write(data)
		metaChunks = append(metaChunks, data)
	}
	manifest.Meta = "m-" + hex.EncodeToString(all.Sum(nil)[:5])
	for k, data := range metaChunks {
		files = append(files, File{Name: manifest.metaName(k), Data: data})
	}
	return append([]File{{Name: ManifestName, Data: marshal(manifest)}}, files...)
}

type manifest struct {
	Version  int         `json:"version"`
	Lang     string      `json:"lang"`
	Pages    int         `json:"pages"`
	Fields   []string    `json:"fields"`
	Terms    [][2]string `json:"terms"`
	Prefixes []string    `json:"prefixes"` // the prefixes that have a prefix key
	MetaSize int         `json:"metaSize"`
	Meta     string      `json:"meta"` // the metadata chunks' names without "-<k>.json"
}

// metaName names metadata chunk k.
func (m manifest) metaName(k int) string { return fmt.Sprintf("%s-%d.json", m.Meta, k) }

type meta struct {
	URL     string   `json:"url"`
	Title   string   `json:"title"`
	Date    string   `json:"date,omitempty"`
	Section string   `json:"section,omitempty"`
	Summary string   `json:"summary,omitempty"`
	Tags    []string `json:"tags,omitempty"`
}

// postings are posting lists one after the other: page ids ascending in
// each, and the field mask of each id. In two slices a posting takes 5
// bytes, where a struct of the two would take 8.
type postings struct {
	ids   []int32
	masks []uint8
}

// entry is one key of the term chunks, written as `"key":"postings"` in
// bytes start to end of the buffer all entries share.
type entry struct {
	key        string
	start, end int
}

// termIndex collects the terms of every page, page by page, then sorts
// them into posting lists. Each key is allocated once, when a page first
// has it; a page's words are folded into buf and looked up from there. The
// pages' terms go into one list, so that a term on three pages costs no
// slice of its own growing 1, 2, 4.
type termIndex struct {
	ids      map[string]int32 // key → term number
	keys     []string         // by term number
	seen     []termSeen       // by term number
	occurs   postings         // the terms (by number, not page) of every page, page after page
	pageEnds []int            // where each page's terms end in occurs
	buf      []byte           // the folded terms of one text
	ends     []int            // where each term ends in buf
}

// termSeen is the last page that has a term, and where in occurs.
type termSeen struct{ page, at int32 }

// term is one word of the index and where its posting list lies.
type term struct {
	key        string
	start, end int
}

// add adds the terms of text, a field of page, the page being added.
func (x *termIndex) add(page int32, text string, field uint8) {
	buf, ends := appendTerms(x.buf[:0], x.ends[:0], text)
	x.buf, x.ends = buf, ends
	start := 0
	for _, end := range ends {
		word := buf[start:end]
		start = end
		k, ok := x.ids[string(word)]
		if !ok {
			k = int32(len(x.keys))
			key := string(word)
			x.ids[key] = k
			x.keys = append(x.keys, key)
			x.seen = append(x.seen, termSeen{page: -1})
		}
		seen := &x.seen[k]
		if seen.page != page {
			seen.page, seen.at = page, int32(len(x.occurs.ids))
			x.occurs.ids = append(x.occurs.ids, k)
			x.occurs.masks = append(x.occurs.masks, field)
		} else {
			x.occurs.masks[seen.at] |= field
		}
	}
}

// endPage ends the page being added; the next has the next id.
func (x *termIndex) endPage() { x.pageEnds = append(x.pageEnds, len(x.occurs.ids)) }

// terms returns the terms sorted by key and their posting lists. The index
// takes no more pages after.
func (x *termIndex) terms() ([]term, postings) {
	// A counting sort of the occurrences by term keeps pages ascending.
	start := make([]int, len(x.keys)+1) // term k's postings are start[k] to start[k+1]
	for _, k := range x.occurs.ids {
		start[k+1]++
	}
	for k := range x.keys {
		start[k+1] += start[k]
	}
	next := slices.Clone(start[:len(x.keys)])
	all := postings{ids: make([]int32, len(x.occurs.ids)), masks: make([]uint8, len(x.occurs.ids))}
	page := 0
	for i, k := range x.occurs.ids {
		for i >= x.pageEnds[page] {
			page++
		}
		all.ids[next[k]], all.masks[next[k]] = int32(page), x.occurs.masks[i]
		next[k]++
	}
	terms := make([]term, len(x.keys))
	for k, key := range x.keys {
		terms[k] = term{key: key, start: start[k], end: start[k+1]}
	}
	*x = termIndex{}
	slices.SortFunc(terms, func(a, b term) int { return strings.Compare(a.key, b.key) })
	return terms, all
}

// entries returns the keys of the index, sorted, and the buffer their JSON
// is in: every term, and a prefix key for every prefix whose terms together
// would take more than heavy bytes to read. terms are sorted by key.
func entries(terms []term, all postings, pages, heavy int) ([]entry, []byte) {
	out := make([]entry, 0, len(terms))
	var buf []byte
	acc := make([]uint8, pages)
	var union postings
	// prefixKey adds the key of p, the common prefix of terms[lo:hi], which
	// take cost bytes, if it has one.
	prefixKey := func(p string, lo, hi, cost int) {
		if cost <= heavy || hi-lo < 2 {
			return // light, or one term: its own entry is the prefix's list
		}
		union.ids = union.ids[:0]
		for _, t := range terms[lo:hi] {
			exact := uint8(0)
			if t.key == p {
				exact = Exact
			}
			for i, id := range all.ids[t.start:t.end] {
				if acc[id] == 0 {
					union.ids = append(union.ids, id)
				}
				acc[id] |= all.masks[t.start+i] | exact
			}
		}
		slices.Sort(union.ids)
		union.masks = union.masks[:0]
		for _, id := range union.ids {
			union.masks = append(union.masks, acc[id])
			acc[id] = 0
		}
		key := p + "*"
		e := entry{key: key, start: len(buf)}
		buf = appendEntry(buf, key, union.ids, union.masks)
		e.end = len(buf)
		out = append(out, e)
	}

	// The prefixes of MinWord or more characters of the term before, with
	// the first term that has each and the bytes of their entries so far.
	// Terms with a prefix in common are neighbours, so a prefix is complete
	// when the next term does not have it.
	type open struct{ len, lo, cost int }
	var stack []open
	prev := ""
	for k, t := range terms {
		e := entry{key: t.key, start: len(buf)}
		buf = appendEntry(buf, t.key, all.ids[t.start:t.end], all.masks[t.start:t.end])
		e.end = len(buf)
		out = append(out, e)
		common := commonPrefix(prev, t.key)
		for len(stack) > 0 && stack[len(stack)-1].len > common {
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			prefixKey(prev[:o.len], o.lo, k, o.cost)
		}
		n := 0
		for i := range t.key {
			if n++; n > MinWord && i > common {
				stack = append(stack, open{len: i, lo: k})
			}
		}
		stack = append(stack, open{len: len(t.key), lo: k}) // sorted and distinct, t is longer than common
		for i := range stack {
			stack[i].cost += e.end - e.start
		}
		prev = t.key
	}
	for len(stack) > 0 {
		o := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		prefixKey(prev[:o.len], o.lo, len(terms), o.cost)
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	return out, buf
}

// commonPrefix returns the length in bytes of the longest prefix a and b
// share.
func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// digits are the base64url characters, value = index.
const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendEntry writes `"key":"postings"` in the encoding of the package
// comment. Keys are letters, digits and "*", so they need no escaping.
func appendEntry(b []byte, key string, ids []int32, masks []uint8) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, '"', ':', '"')
	prev := int32(-1)
	for i, id := range ids {
		n := uint64(id-prev-1)<<6 | uint64(masks[i])
		for n >= 32 {
			b = append(b, digits[32+n&31])
			n >>= 5
		}
		b = append(b, digits[n])
		prev = id
	}
	return append(b, '"')
}

// separator is the shortest prefix of next that sorts after last, so the
// manifest names where a chunk starts with as few bytes as it can.
func separator(last, next string) string {
	for i := range len(next) {
		if p := next[:i+1]; p > last && utf8.ValidString(p) {
			return p
		}
	}
	return next
}

// hashed names a chunk by its content, so it can be cached for ever.
func hashed(prefix string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{Name: prefix + hex.EncodeToString(sum[:5]) + ".json", Data: data}
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // files of their own, never inlined into HTML
	if err := enc.Encode(v); err != nil {
		panic(err) // only unsupported types fail, and these are fixed
	}
	return b.Bytes()
}

// shorten cuts s to at most n characters at a word boundary, marking the cut.
func shorten(s string, n int) string {
	// The byte where character n starts, without []rune(s) for the many
	// summaries that need no cut.
	end, count := len(s), 0
	for i := range s {
		if count == n {
			end = i
			break
		}
		count++
	}
	if end == len(s) {
		return s
	}
	if !utf8.ValidString(s[:end]) {
		return shortenRunes(s, n) // which writes U+FFFD for the bytes that are not UTF-8
	}
	cut := s[:end]
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		return strings.TrimRight(cut[:i], " ,.;:") + "…"
	}
	return cut + "…"
}

// shortenRunes is shorten by way of []rune.
func shortenRunes(s string, n int) string {
	cut := []rune(s)[:n]
	if i := strings.LastIndexByte(string(cut), ' '); i > n/2 {
		return strings.TrimRight(string(cut)[:i], " ,.;:") + "…"
	}
	return string(cut) + "…"
}
