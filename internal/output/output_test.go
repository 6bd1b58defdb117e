package output

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
)

func TestSetAddBadPath(t *testing.T) {
	tests := []struct {
		name, path string
		want       string // part of the message
	}{
		{"empty", "", "has no output path"},
		{"parent", "../x", "leads outside the site folder"},
		{"parent inside", "historier/../../x", "leads outside the site folder"},
		{"only parent", "..", "leads outside the site folder"},
		{"absolute", "/abs", "starts with a slash"},
		{"double slash", "a//b", "not a clean path"},
		{"dot", ".", "not a clean path"},
		{"dot segment", "./a", "not a clean path"},
		{"trailing slash", "historier/", "not a clean path"},
		{"backslash", `historier\a.html`, "backslash"},
		{"nul", "a\x00b", "not a clean path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSet()
			err := s.Add(File{Path: tt.path, Data: []byte("x"), Owner: "content/x.md"})
			d, ok := errors.AsType[*diag.Diagnostic](err)
			if !ok {
				t.Fatalf("Add(%q) = %v, want a *diag.Diagnostic", tt.path, err)
			}
			if d.Pos.File != "content/x.md" || !strings.Contains(d.Msg, tt.want) || d.Hint == "" {
				t.Errorf("Add(%q) = %q; want it at content/x.md, saying %q, with a hint", tt.path, d.Error(), tt.want)
			}
			if s.Len() != 0 {
				t.Errorf("Len = %d after a refused Add, want 0", s.Len())
			}
		})
	}
}

func TestSetAddGoodPath(t *testing.T) {
	for _, p := range []string{
		"index.html", "historier/a/index.html", "css/site.css", "a..b/c.html", "..a", "på-åssiden/index.html", ".well-known/security.txt",
	} {
		t.Run(p, func(t *testing.T) {
			if err := NewSet().Add(File{Path: p, Data: []byte("x")}); err != nil {
				t.Errorf("Add(%q) = %v, want nil", p, err)
			}
		})
	}
}

func TestSetAddBadSource(t *testing.T) {
	fsys := fstest.MapFS{"a.css": {Data: []byte("a")}}
	tests := []struct {
		name string
		f    File
		want string
	}{
		{"data and from", File{Path: "a.css", Data: []byte("x"), From: fsys, FromPath: "a.css"}, "both content and a file to copy"},
		{"from path without from", File{Path: "a.css", FromPath: "a.css"}, "no folder to copy it from"},
		{"from without path", File{Path: "a.css", From: fsys}, "not a file path"},
		{"from path escapes", File{Path: "a.css", From: fsys, FromPath: "../a.css"}, "not a file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.Owner = "static/a.css"
			err := NewSet().Add(tt.f)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Add = %v, want an error saying %q", err, tt.want)
			}
		})
	}
}

// clashes are two files that cannot both be published; the Set and the
// Stream refuse them alike, whichever comes first, naming both.
var clashes = []struct {
	name string
	a, b File
	want string
}{
	{
		name: "same path",
		a:    File{Path: "historier/a/index.html", Owner: "content/historier/a.md"},
		b:    File{Path: "historier/a/index.html", Owner: "content/historier/a/index.md"},
		want: `content/historier/a.md: two files would be written to "historier/a/index.html": ` +
			`content/historier/a.md and content/historier/a/index.md (give one of them another slug or url)`,
	},
	{
		name: "same path, one generated",
		a:    File{Path: "sitemap.xml"},
		b:    File{Path: "sitemap.xml", Owner: "static/sitemap.xml"},
		want: `static/sitemap.xml: two files would be written to "sitemap.xml": ` +
			`a generated file and static/sitemap.xml (give one of them another slug or url)`,
	},
	{
		name: "file where a folder must be",
		a:    File{Path: "historier", Owner: "static/historier"},
		b:    File{Path: "historier/a/index.html", Owner: "content/historier/a.md"},
		want: `"historier" would be both a file (from static/historier) and a folder holding "historier/a/index.html" (from content/historier/a.md)`,
	},
}

func TestSetAddClash(t *testing.T) {
	tests := clashes
	for _, tt := range tests {
		for _, order := range []string{"in order", "reversed"} {
			t.Run(tt.name+"/"+order, func(t *testing.T) {
				a, b := tt.a, tt.b
				if order == "reversed" {
					a, b = b, a
				}
				s := NewSet()
				if err := s.Add(a); err != nil {
					t.Fatalf("first Add: %v", err)
				}
				err := s.Add(b)
				if _, ok := errors.AsType[*diag.Diagnostic](err); !ok {
					t.Fatalf("second Add = %v, want a *diag.Diagnostic", err)
				}
				if !strings.Contains(err.Error(), tt.want) {
					t.Errorf("second Add =\n%v\nwant it to contain\n%s", err, tt.want)
				}
				if got, _ := s.Get(a.Path); got.Owner != a.Owner {
					t.Errorf("the first file was replaced by %q", got.Owner)
				}
			})
		}
	}
}

func TestSetConcurrentAdd(t *testing.T) {
	s := NewSet()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 125 {
				p := fmt.Sprintf("historier/%03d/index.html", i*8+w)
				if err := s.Add(File{Path: p, Data: []byte(p)}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if s.Len() != 1000 {
		t.Fatalf("Len = %d, want 1000", s.Len())
	}
	files := s.Files()
	if !slices.IsSortedFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("Files is not sorted by Path")
	}
	if f, ok := s.Get("historier/042/index.html"); !ok || string(f.Data) != "historier/042/index.html" {
		t.Errorf("Get = %q, %v", f.Data, ok)
	}
	if _, ok := s.Get("historier/1000/index.html"); ok {
		t.Error("Get found a file that was never added")
	}
}
