package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// client is a reference reader of the index, doing what the browser script
// is to do, and counting the bytes it fetches on the way.
type client struct {
	t        testing.TB
	files    map[string][]byte
	fetched  []string
	manifest manifest
	chunks   map[string]map[string]string
}

func newClient(t testing.TB, files []File) *client {
	t.Helper()
	c := &client{t: t, files: map[string][]byte{}, chunks: map[string]map[string]string{}}
	for _, f := range files {
		c.files[f.Name] = f.Data
	}
	if err := json.Unmarshal(c.fetch(ManifestName), &c.manifest); err != nil {
		t.Fatal(err)
	}
	if c.manifest.Version != Version {
		t.Fatalf("manifest version %d", c.manifest.Version)
	}
	return c
}

func (c *client) fetch(name string) []byte {
	data, ok := c.files[name]
	if !ok {
		c.t.Fatalf("the manifest names %s, which is not in the index", name)
	}
	if !slices.Contains(c.fetched, name) {
		c.fetched = append(c.fetched, name)
	}
	return data
}

// size is what the fetched files weigh, as stored.
func (c *client) size() int {
	n := 0
	for _, name := range c.fetched {
		n += len(c.files[name])
	}
	return n
}

// gzipped is what the fetched files weigh as a server sends them gzipped.
func (c *client) gzipped() (gz int) {
	for _, name := range c.fetched {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(c.files[name])
		w.Close()
		gz += b.Len()
	}
	return gz
}

// reset forgets what was fetched (not what was parsed), to measure the
// next query as a first one.
func (c *client) reset() { c.fetched = c.fetched[:0] }

// chunkOf names the chunk where key lies, or "" in an empty index.
func (c *client) chunkOf(key string) string {
	terms := c.manifest.Terms
	i := sort.Search(len(terms), func(i int) bool { return terms[i][0] > key }) - 1
	if i < 0 {
		return ""
	}
	return terms[i][1]
}

// chunksFor names the term chunks that may hold keys with prefix q: the
// chunk where q would lie, and the following chunks whose start begins
// with q.
func (c *client) chunksFor(q string) []string {
	terms := c.manifest.Terms
	i := sort.Search(len(terms), func(i int) bool { return terms[i][0] > q }) - 1
	if i < 0 {
		return nil
	}
	names := []string{terms[i][1]}
	for j := i + 1; j < len(terms) && strings.HasPrefix(terms[j][0], q); j++ {
		names = append(names, terms[j][1])
	}
	return names
}

func (c *client) chunk(name string) map[string]string {
	if ch, ok := c.chunks[name]; ok {
		c.fetch(name)
		return ch
	}
	var ch map[string]string
	if err := json.Unmarshal(c.fetch(name), &ch); err != nil {
		c.t.Fatalf("%s: %v", name, err)
	}
	c.chunks[name] = ch
	return ch
}

// decode reads a posting list: ids ascending, each with its mask.
func decode(t testing.TB, s string) (ids, masks []int) {
	id, n, shift := -1, 0, 0
	for _, r := range s {
		v := strings.IndexRune(digits, r)
		if v < 0 {
			t.Fatalf("%q is not a posting digit", r)
		}
		if v >= 32 {
			n |= (v - 32) << shift
			shift += 5
			continue
		}
		n |= v << shift
		id += n>>6 + 1
		ids, masks = append(ids, id), append(masks, n&63)
		n, shift = 0, 0
	}
	if shift != 0 {
		t.Fatalf("posting list %q ends inside a number", s)
	}
	return ids, masks
}

// needs names the term chunks a word needs, as the script reads the
// manifest: where the prefix key lies if the manifest lists the prefix,
// else the chunks that may hold terms with the prefix.
func (c *client) needs(w string) (names []string, keyed bool) {
	if _, ok := slices.BinarySearch(c.manifest.Prefixes, w); ok {
		return []string{c.chunkOf(w + "*")}, true
	}
	return c.chunksFor(w), false
}

// prefixMatches returns, for one query word, each page's mask as typed:
// the prefix key's list, or the masks of every term with the prefix ORed,
// with the exact bit for the word itself.
func (c *client) prefixMatches(w string) map[int]int {
	got := map[int]int{}
	names, keyed := c.needs(w)
	if keyed {
		list, ok := c.chunk(names[0])[w+"*"]
		if !ok {
			c.t.Fatalf("the manifest lists the prefix %q, but %s has no key %q", w, names[0], w+"*")
		}
		ids, masks := decode(c.t, list)
		for i, id := range ids {
			got[id] = masks[i]
		}
		return got
	}
	for _, name := range names {
		for key, list := range c.chunk(name) {
			if !strings.HasPrefix(key, w) || strings.HasSuffix(key, "*") {
				continue
			}
			ids, masks := decode(c.t, list)
			for i, id := range ids {
				m := masks[i]
				if key == w {
					m |= Exact
				}
				got[id] |= m
			}
		}
	}
	return got
}

// formMatches returns each page's mask for the other forms of w: the Forms
// of its stem that do not begin with w, each read from the chunk where it
// lies. The terms found go into found.
func (c *client) formMatches(w string, found map[string]bool) map[int]int {
	got := map[int]int{}
	for _, f := range Forms(c.manifest.Lang, Stem(c.manifest.Lang, w)) {
		if strings.HasPrefix(f, w) {
			continue
		}
		name := c.chunkOf(f)
		if name == "" {
			continue
		}
		if list, ok := c.chunk(name)[f]; ok {
			found[f] = true
			ids, masks := decode(c.t, list)
			for i, id := range ids {
				got[id] |= masks[i]
			}
		}
	}
	return got
}

// nearChunks names the chunks whose terms are w's candidates for a near
// spelling, and the prefix they share: those of the shortest prefix of w
// that lies in at most NearChunks chunks.
func (c *client) nearChunks(w string) ([]string, string) {
	r := []rune(w)
	for k := 1; k < len(r); k++ {
		if names := c.chunksFor(string(r[:k])); len(names) <= NearChunks {
			return names, string(r[:k])
		}
	}
	return nil, ""
}

// nearMatches returns each page's mask for the terms Near w among its
// candidates, which go into found.
func (c *client) nearMatches(w string, found map[string]bool) map[int]int {
	got := map[int]int{}
	names, p := c.nearChunks(w)
	for _, name := range names {
		for key, list := range c.chunk(name) {
			if !strings.HasPrefix(key, p) || strings.HasSuffix(key, "*") || !Near(w, key) {
				continue
			}
			found[key] = true
			ids, masks := decode(c.t, list)
			for i, id := range ids {
				got[id] |= masks[i]
			}
		}
	}
	return got
}

// matches returns, for one query word, each matching page's mask as the
// package comment ranks it, and the terms it found other than as typed
// (which the script marks in the results).
func (c *client) matches(w string) (map[int]int, map[string]bool) {
	found := map[string]bool{}
	got := c.prefixMatches(w)
	for id, m := range c.formMatches(w, found) {
		got[id] |= m
	}
	if len(got) == 0 && utf8.RuneCountInString(w) >= MinNear {
		got = c.nearMatches(w, found)
	}
	return got, found
}

type result struct {
	id, score int
	meta      meta
}

// search answers a query as the package comment ranks it, with the
// metadata of the first n results.
func (c *client) search(query string, n int) []result {
	words := Terms(query)
	if len(words) == 0 {
		return nil
	}
	var total map[int]int
	for _, w := range words {
		best, _ := c.matches(w)
		if total == nil {
			total = best
			continue
		}
		for id, s := range total {
			if b, ok := best[id]; ok {
				total[id] = s + b
			} else {
				delete(total, id)
			}
		}
	}
	var rs []result
	for id, s := range total {
		rs = append(rs, result{id: id, score: s})
	}
	slices.SortFunc(rs, func(a, b result) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return a.id - b.id
	})
	rs = rs[:min(len(rs), n)]
	for i := range rs {
		var metas []meta
		name := c.manifest.metaName(rs[i].id / c.manifest.MetaSize)
		if err := json.Unmarshal(c.fetch(name), &metas); err != nil {
			c.t.Fatal(err)
		}
		rs[i].meta = metas[rs[i].id%c.manifest.MetaSize]
	}
	return rs
}
