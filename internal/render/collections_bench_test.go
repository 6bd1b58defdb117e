package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/site"
)

// benchPages are n pages with Norwegian titles, in no particular order,
// the kind of list a theme sorts on every page it renders.
func benchPages(n int) []*site.Page {
	words := []string{"Åssiden", "Ærlig", "Østre", "bryggeri", "Drammen", "kafé", "Elva", "øl", "Gulskogen", "åpen"}
	pages := make([]*site.Page, n)
	for i := range pages {
		pages[i] = &site.Page{Title: fmt.Sprintf("%s %d", words[(i*7)%len(words)], (i*31)%n), Weight: (i * 13) % 10}
	}
	return pages
}

// BenchmarkSort: {{ sort .Pages "Title" }} orders text as the language
// does; "Weight" is the theme's own sort, by a number.
func BenchmarkSort(b *testing.B) {
	order := newOrdering("nb")
	for _, n := range []int{10, 100, 1000} {
		pages := benchPages(n)
		for _, key := range []string{"Title", "Weight"} {
			b.Run(fmt.Sprintf("%s/%d", key, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := order.sort(pages, key); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkWhere: {{ where .Pages "Title" ">=" "M" }} compares text in
// the language's order; "==" compares exactly.
func BenchmarkWhere(b *testing.B) {
	order := newOrdering("nb")
	pages := benchPages(100)
	for _, op := range []string{">=", "=="} {
		b.Run(op, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := order.where(pages, "Title", op, "M"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTextOrder is the cost of one comparison of two titles: by the
// language's collation, as sort and where compare, and by bytes, as they
// did; and of the collation key sort makes once for each text instead.
func BenchmarkTextOrder(b *testing.B) {
	o := newOrdering("nb")
	coll := o.collator()
	defer o.release(coll)
	x, y := "Åssiden får et nytt bryggeri", "Ærlig talt om eksport"
	b.Run("collate", func(b *testing.B) {
		for b.Loop() {
			compareText(coll.Collator, x, y)
		}
	})
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			strings.Compare(x, y)
		}
	})
	b.Run("key", func(b *testing.B) {
		for b.Loop() {
			coll.keys.Reset()
			coll.KeyFromString(&coll.keys, x)
		}
	})
}
