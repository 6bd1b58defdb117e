package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Written is what one program wrote: its HTML pages and, apart from them,
// its HTML redirects, as slash paths below its output folder, sorted.
type Written struct {
	Tool      string
	Pages     []string
	Redirects []string
}

// maxRedirect is the largest HTML file that may be a redirect. Hugo's are
// about 300 bytes; reading only small files keeps the listing fast.
const maxRedirect = 1 << 10

var refresh = regexp.MustCompile(`(?i)http-equiv=["']?refresh`)

// ReadWritten lists the .html files below dir. A file of at most 1 KiB with
// a <meta http-equiv="refresh"> is a redirect, not a page: Hugo writes one
// from the first page of every paged list (…/side/1/) to the list.
func ReadWritten(tool, dir string) (Written, error) {
	w := Written{Tool: tool}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(d.Name(), ".html") {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() <= maxRedirect {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if refresh.Match(data) {
				w.Redirects = append(w.Redirects, rel)
				return nil
			}
		}
		w.Pages = append(w.Pages, rel)
		return nil
	})
	if err != nil {
		return Written{}, fmt.Errorf("list what %s wrote: %w", tool, err)
	}
	slices.Sort(w.Pages)
	slices.Sort(w.Redirects)
	return w, nil
}

// CountNote is the report's line of HTML files (pages and redirects) each
// program wrote.
func CountNote(ws []Written) string {
	counts := make([]string, len(ws))
	for i, w := range ws {
		counts[i] = fmt.Sprintf("%s %d", w.Tool, len(w.Pages)+len(w.Redirects))
	}
	return "HTML files written: " + strings.Join(counts, ", ")
}

// PagesNote says whether a and b wrote the same pages, which the ratios of
// their times assume, and what their other HTML files are.
func PagesNote(a, b Written) string {
	var s strings.Builder
	onlyA, onlyB := difference(a.Pages, b.Pages), difference(b.Pages, a.Pages)
	if len(onlyA) == 0 && len(onlyB) == 0 {
		fmt.Fprintf(&s, "%s and %s wrote the same %d pages", a.Tool, b.Tool, len(a.Pages))
	} else {
		fmt.Fprintf(&s, "%s and %s wrote different pages, so the ratios compare unequal work: %d only %s (%s), %d only %s (%s)",
			a.Tool, b.Tool, len(onlyA), a.Tool, examples(onlyA), len(onlyB), b.Tool, examples(onlyB))
	}
	for _, w := range []Written{a, b} {
		if len(w.Redirects) > 0 {
			fmt.Fprintf(&s, "; %s's other %d are redirects (%s)", w.Tool, len(w.Redirects), examples(w.Redirects))
		}
	}
	return s.String()
}

// difference is the elements of the sorted a that the sorted b lacks.
func difference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

// examples is the first few of names, for a note.
func examples(names []string) string {
	const shown = 3
	if len(names) == 0 {
		return "none"
	}
	if len(names) <= shown {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:shown], ", ") + ", …"
}
