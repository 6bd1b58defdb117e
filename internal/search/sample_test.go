package search

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/site/sitetest"
)

// sampleRoot is the sample site: the repository's root.
const sampleRoot = "../.."

// sampleModel returns the model of the sample site, from its works.toml
// and the Markdown under content/, rendered as the build does.
func sampleModel(t testing.TB) *site.Model {
	t.Helper()
	files := map[string]string{}
	data, err := os.ReadFile(sampleRoot + "/works.toml")
	if err != nil {
		t.Fatal(err)
	}
	files["works.toml"] = string(data)
	err = fs.WalkDir(os.DirFS(sampleRoot), "content", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".md") {
			return err
		}
		data, err := os.ReadFile(sampleRoot + "/" + name)
		files[name] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := sitetest.Model(t, files, site.Options{Now: time.Now()})
	sitetest.Render(t, m)
	return m
}

// sampleDocs returns the documents of the sample site by language.
func sampleDocs(t testing.TB) map[string][]Document {
	t.Helper()
	out := map[string][]Document{}
	for _, s := range sampleModel(t).Sites {
		out[s.Language.Lang] = Documents(s)
	}
	return out
}

// sampleQuery is a line of testdata/queries.txt.
type sampleQuery struct {
	lang, query string
	first       string // the content file of the first result
	sameAs      string // a query that finds the same pages, or ""
}

func readSampleQueries(t testing.TB) []sampleQuery {
	t.Helper()
	data, err := os.ReadFile("testdata/queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []sampleQuery
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("testdata/queries.txt:%d: %d fields, want 4", i+1, len(f))
		}
		q := sampleQuery{lang: f[0], query: f[1], first: f[2], sameAs: f[3]}
		if q.sameAs == "-" {
			q.sameAs = ""
		}
		out = append(out, q)
	}
	return out
}

// TestSampleQueries runs testdata/queries.txt on the sample site's index:
// each query's first result is the page named, and it finds the same pages
// as the query spelled right.
func TestSampleQueries(t *testing.T) {
	m := sampleModel(t)
	clients := map[string]*client{}
	for _, s := range m.Sites {
		clients[s.Language.Lang] = newClient(t, Build(s.Language.Lang, Documents(s), Options{}))
	}
	queries := readSampleQueries(t)
	if len(queries) < 10 {
		t.Fatalf("only %d queries", len(queries))
	}
	for _, q := range queries {
		t.Run(q.lang+"/"+q.query, func(t *testing.T) {
			want := m.Lookup(q.lang, q.first)
			if want == nil || want.Lang != q.lang {
				t.Fatalf("the sample site has no %s page for %s", q.lang, q.first)
			}
			c := clients[q.lang]
			got := urls(c.search(q.query, 1000))
			if len(got) == 0 {
				t.Fatalf("%q finds nothing", q.query)
			}
			if got[0] != want.RelPermalink {
				t.Errorf("the first result for %q is %s, want %s", q.query, got[0], want.RelPermalink)
			}
			if q.sameAs != "" {
				same := urls(c.search(q.sameAs, 1000))
				slices.Sort(got)
				slices.Sort(same)
				if !slices.Equal(got, same) {
					t.Errorf("%q finds %q,\n%q finds %q", q.query, got, q.sameAs, same)
				}
			}
		})
	}
}
