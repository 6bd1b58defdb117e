package build

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/images"
	"github.com/drammen-works/works/internal/output"
	"github.com/drammen-works/works/internal/site"
)

// methodsBuild is what assembleWithMethods made.
type methodsBuild struct {
	set    *output.Set
	stats  images.Stats
	pruned int
}

// assembleWithMethods builds the site in dir as works build does, with its
// image cache in cache, checks left out, and returns what the image
// methods need to be judged by.
func assembleWithMethods(t *testing.T, dir, cache string) (*methodsBuild, error) {
	t.Helper()
	res, err := Assemble(context.Background(), os.DirFS(dir), Options{Source: dir, Now: now, Cache: cache, SkipCheck: true})
	if err != nil {
		return nil, err
	}
	return &methodsBuild{set: res.Files, stats: res.Images, pruned: res.Pruned}, nil
}

// methodsLayouts are the fixture's single, list and term layouts with the
// image methods called on the story's photo: the story itself, the list of
// stories and the pages of its tag and sector ask for the same Fill.
func methodsLayouts(single string) map[string]string {
	return map[string]string{
		"themes/fixture/layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
` + single + `
{{ .Content }}
{{ end }}`,
		"themes/fixture/layouts/_default/list.html": listing,
		"themes/fixture/layouts/_default/term.html": listing,
	}
}

const listing = `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Pages }}{{ with .Resources.Get "hall.jpg" }}{{ with .Fill "1200x630" }}<img class="list" src="{{ .RelPermalink }}">{{ end }}{{ end }}{{ end }}
{{ end }}`

const methodsSingle = `{{ with .Resources.Get "hall.jpg" }}
{{- with .Fill "1200x630" }}<img class="fill" src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}" data-type="{{ .MediaType }}">{{ end }}
{{- with .Resize "800x" }}<img class="resize" src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}">{{ end }}
{{- with .Fit "300x300" }}<img class="fit" src="{{ .RelPermalink }}" width="{{ .Width }}" height="{{ .Height }}">{{ end }}
{{- end }}`

func TestImageMethods(t *testing.T) {
	changes := methodsLayouts(methodsSingle)
	changes[fixturePhoto] = string(photo(t, 1280, 960))
	dir := fixture(t, changes)
	cache := t.TempDir()
	b, err := assembleWithMethods(t, dir, cache)
	if err != nil {
		t.Fatal(err)
	}

	imgRE := regexp.MustCompile(`<img class="(\w+)" src="([^"]+)"(?: width="(\d+)" height="(\d+)")?`)
	srcs := map[string]map[string]string{} // page → class → src
	for _, page := range []string{"historier/bryggeriet/index.html", "en/stories/bryggeriet/index.html", "historier/index.html", "tags/mat/index.html", "sectors/mat/index.html"} {
		f, ok := b.set.Get(page)
		if !ok {
			t.Fatalf("no %s", page)
		}
		srcs[page] = map[string]string{}
		for _, m := range imgRE.FindAllStringSubmatch(string(f.Data), -1) {
			srcs[page][m[1]] = m[2]
			img, ok := b.set.Get(strings.TrimPrefix(m[2], "/"))
			if !ok {
				t.Errorf("%s shows %s, which is not published", page, m[2])
				continue
			}
			if md := metadataIn(img.Data); len(md) > 0 {
				t.Errorf("%s holds metadata: %v", m[2], md)
			}
			info, err := images.Config(m[2], img.Data)
			if err != nil {
				t.Fatal(err)
			}
			if m[3] != "" && (m[3] != strconv.Itoa(info.Width) || m[4] != strconv.Itoa(info.Height)) {
				t.Errorf("%s: width and height say %s×%s, the file is %d×%d", m[2], m[3], m[4], info.Width, info.Height)
			}
			want := map[string]string{"fill": "1200x630", "resize": "800x600", "fit": "300x225", "list": "1200x630"}[m[1]]
			if got := strconv.Itoa(info.Width) + "x" + strconv.Itoa(info.Height); got != want || info.Format != images.JPEG {
				t.Errorf("%s (%s) is %s %s, want jpeg %s", m[2], m[1], info.Format, got, want)
			}
			if !regexp.MustCompile(`/hall_` + want + `_[0-9a-f]{10}\.jpg$`).MatchString(m[2]) {
				t.Errorf("%s is not named hall_%s_hash.jpg", m[2], want)
			}
		}
	}
	story := srcs["historier/bryggeriet/index.html"]
	for _, class := range []string{"fill", "resize", "fit"} {
		if story[class] == "" {
			t.Errorf("the story shows no %s image:\n%s", class, mustGet(t, b.set, "historier/bryggeriet/index.html"))
		}
	}
	if !strings.HasPrefix(story["fill"], "/historier/bryggeriet/") || !strings.HasPrefix(srcs["en/stories/bryggeriet/index.html"]["fill"], "/en/stories/bryggeriet/") {
		t.Errorf("the images are not next to their pages: %v", srcs)
	}
	for _, list := range []string{"historier/index.html", "tags/mat/index.html", "sectors/mat/index.html"} {
		if l := srcs[list]["list"]; l != story["fill"] {
			t.Errorf("%s shows %q, the story %q: want one file", list, l, story["fill"])
		}
	}
	if !strings.Contains(mustGet(t, b.set, "historier/bryggeriet/index.html"), `data-type="image/jpeg"`) {
		t.Error("the Fill's MediaType is not image/jpeg")
	}

	// One file per operation and folder, however many pages asked.
	fills := 0
	for _, f := range b.set.Files() {
		if strings.HasPrefix(f.Path, "historier/bryggeriet/hall_1200x630_") {
			fills++
		}
	}
	if fills != 1 {
		t.Errorf("%d Fill files in historier/bryggeriet, want 1", fills)
	}
	// The stage's 8 variants; Fill and Fit are new (Resize 800x is the
	// stage's 800 pixel JPEG); the English story reuses all of it.
	if b.stats.Encoded != 10 {
		t.Errorf("first build: stats %+v, want 10 encoded", b.stats)
	}

	t.Run("warm cache processes nothing", func(t *testing.T) {
		again, err := assembleWithMethods(t, dir, cache)
		if err != nil {
			t.Fatal(err)
		}
		if again.stats.Decoded != 0 || again.stats.Encoded != 0 {
			t.Errorf("stats %+v, want nothing decoded or encoded", again.stats)
		}
		if again.stats.Cached != 10 {
			t.Errorf("stats %+v, want 10 from the cache", again.stats)
		}
		if again.pruned != 0 {
			t.Errorf("pruned %d images the templates use", again.pruned)
		}
		for _, f := range b.set.Files() {
			g, ok := again.set.Get(f.Path)
			if !ok || string(g.Data) != string(f.Data) && f.From == nil {
				t.Errorf("%s differs between builds", f.Path)
			}
		}
	})
}

func mustGet(t *testing.T, set *output.Set, name string) string {
	t.Helper()
	f, ok := set.Get(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	return string(f.Data)
}

func TestImageMethodErrors(t *testing.T) {
	const layout = "themes/fixture/layouts/_default/single.html"
	tests := []struct {
		name   string
		single string
		want   []string
	}{
		{"svg",
			`{{ with .Resources.Get "bilde.svg" }}{{ with .Fill "1200x630" }}<img src="{{ .RelPermalink }}">{{ end }}{{ end }}`,
			[]string{layout + ":2:", `Fill "1200x630" on bilde.svg`, "an SVG drawing cannot be resized"}},
		{"bad spec",
			`<p>
{{ with .Resources.Get "hall.jpg" }}{{ with .Resize "12OOx630" }}<img src="{{ .RelPermalink }}">{{ end }}{{ end }}`,
			[]string{layout + ":3:", `"12OOx630" is not a size like 800x, x600 or 1200x630`}},
		{"fill without a height",
			`{{ with .Resources.Get "hall.jpg" }}{{ (.Fill "800x").RelPermalink }}{{ end }}`,
			[]string{layout + ":2:", "fill needs a width and a height"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, methodsLayouts(tt.single))
			_, err := assembleWithMethods(t, dir, t.TempDir())
			if err == nil {
				t.Fatal("build succeeded, want a template error")
			}
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a diagnostic list: %v", err)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
		})
	}
}

// bundleImage is the resource a.hall.jpg of a bundle at rel, with the
// image methods p.
func bundleImage(rel string, p site.ImageProcessor) *site.Resource {
	return (&site.Resource{Name: "hall.jpg", Path: "a/hall.jpg"}).Processed(rel, "", "image/jpeg", 400, 300, p)
}

// TestImageMethodsOnce has many pages ask for the same images at once: one
// file each, whatever the order the pages render in.
func TestImageMethodsOnce(t *testing.T) {
	m := &imageMethods{ctx: context.Background(), ip: &imageProcessor{},
		calls: map[string]*imageCall{}, files: map[string]output.File{},
		contentFS: fstest.MapFS{"a/hall.jpg": {Data: photo(t, 400, 300)}}}
	r := bundleImage("/a/hall.jpg", m)
	results := make([]*site.Resource, 16)
	done := make(chan int)
	for i := range results {
		go func() {
			spec := []string{"200x", "100x100"}[i%2]
			var err error
			if i%2 == 0 {
				results[i], err = r.Resize(spec)
			} else {
				results[i], err = r.Fill(spec)
			}
			if err != nil {
				t.Error(err)
			}
			done <- i
		}()
	}
	for range results {
		<-done
	}
	for i, res := range results {
		if res != results[i%2] {
			t.Errorf("call %d got its own resource", i)
		}
	}
	files := m.published()
	if len(files) != 2 || !strings.HasPrefix(files[0].Path, "a/hall_100x100_") || !strings.HasPrefix(files[1].Path, "a/hall_200x150_") {
		var names []string
		for _, f := range files {
			names = append(names, f.Path)
		}
		t.Errorf("published %v, want one 100x100 and one 200x150", names)
	}
	for _, f := range files {
		if g, ok := m.get(f.Path); !ok || len(g.Data) != len(f.Data) {
			t.Errorf("get(%q) does not find the published file", f.Path)
		}
	}
	if _, ok := (*imageMethods)(nil).get(files[0].Path); ok {
		t.Error("a nil imageMethods has a file")
	}
	if s := m.ip.stats(); s.Encoded != 2 {
		t.Errorf("stats %+v, want 2 encoded", s)
	}

	t.Run("under a base path", func(t *testing.T) {
		sub := &imageMethods{ctx: context.Background(), ip: m.ip, contentFS: m.contentFS, origin: "https://example.org", base: "/sub",
			calls: map[string]*imageCall{}, files: map[string]output.File{}}
		r := bundleImage("/sub/a/hall.jpg", sub)
		got, err := r.Resize("200x")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got.Permalink, "https://example.org/sub/a/hall_200x150_") {
			t.Errorf("Permalink %s is not below the base URL", got.Permalink)
		}
		if files := sub.published(); len(files) != 1 || "/sub/"+files[0].Path != got.RelPermalink {
			t.Errorf("published %+v for %s", files, got.RelPermalink)
		}
	})
	t.Run("chained", func(t *testing.T) {
		crop, err := r.Fill("300x300")
		if err != nil {
			t.Fatal(err)
		}
		small, err := crop.Resize("100x")
		if err != nil {
			t.Fatal(err)
		}
		if small.Width != 100 || small.Height != 100 || small.Name != "hall.jpg" {
			t.Errorf("got %+v, want a 100×100 hall.jpg", small)
		}
	})
}

// TestWorksThemeSharedImage builds a story with a photo in the works theme:
// link previews and search engines get a 1200×630 JPEG crop of it, and the
// page says its size.
func TestWorksThemeSharedImage(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir+"/themes/works", os.DirFS("../../themes/works")); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"works.toml": `title = "Fixture Works"
baseURL = "https://example.org/"
defaultLanguage = "nb"
theme = "works"
[languages.nb]
weight = 1
[brand]
name = "Fixture Works"
`,
		"content/_index.md":           "---\ntitle: Forside\n---\n",
		"content/historier/_index.md": "---\ntitle: Historier\n---\n",
		"content/historier/hallen/index.md": `---
title: Hallen
date: 2026-11-20
summary: Om hallen.
image: hall.jpg
imageAlt: Ansatte i produksjonshallen
---
Tekst.
`,
		"content/historier/hallen/hall.jpg": string(photo(t, 1280, 960)),
	}
	writeFiles(t, dir, files)
	b, err := assembleWithMethods(t, dir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	html := mustGet(t, b.set, "historier/hallen/index.html")
	m := regexp.MustCompile(`<meta property="og:image" content="https://example\.org(/historier/hallen/hall_1200x630_[0-9a-f]{10}\.jpg)">`).FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("og:image is not a 1200×630 JPEG next to the page:\n%s", html)
	}
	for _, want := range []string{
		`<meta property="og:image:width" content="1200">`,
		`<meta property="og:image:height" content="630">`,
		`"image":["https://example.org` + m[1] + `"]`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	img, ok := b.set.Get(strings.TrimPrefix(m[1], "/"))
	if !ok {
		t.Fatalf("%s is not published", m[1])
	}
	if info, err := images.Config(m[1], img.Data); err != nil || info.Format != images.JPEG || info.Width != 1200 || info.Height != 630 {
		t.Errorf("%s is %+v (%v), want a 1200×630 JPEG", m[1], info, err)
	}
	if md := metadataIn(img.Data); len(md) > 0 {
		t.Errorf("%s holds metadata: %v", m[1], md)
	}
}
