package arch

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// table is README's package table: every package of the module, with the
// internal packages it may import. A new package, or a new import between
// packages, is a new row or a new name here and in README.
var table = map[string][]string{
	// Leaves: everything may use them.
	"internal/diag":     {"msg"},
	"internal/slug":     nil,
	"internal/media":    nil,
	"internal/words":    nil,
	"internal/parallel": nil,
	"internal/msg":      nil,
	"internal/source":   {"diag", "msg"},
	"internal/syntax":   {"diag", "msg"},

	// The stages, in pipeline order.
	"internal/config":   {"diag", "msg", "slug", "syntax"},
	"internal/content":  {"diag", "msg", "parallel", "source", "syntax"},
	"internal/lix":      {"words"},
	"internal/markdown": {"diag", "lix", "msg", "slug"},
	"internal/site":     {"config", "content", "diag", "media", "msg", "slug"},
	"internal/images":   {"diag", "msg"},
	"internal/bundle":   {"images", "msg"},
	"internal/output":   {"diag", "msg", "parallel"},
	"internal/assets":   {"diag", "images", "media", "msg", "output"},
	"internal/render":   {"config", "diag", "markdown", "msg", "output", "parallel", "site", "slug", "source", "syntax"},
	"internal/feed":     {"output", "site"},
	"internal/search":   {"output", "site", "words"},
	"internal/headers":  {"config", "diag", "msg", "output"},
	"internal/redirect": {"config", "diag", "headers", "msg", "output", "site"},
	"internal/check":    {"config", "content", "diag", "lix", "markdown", "msg", "output", "parallel", "site", "slug"},
	"internal/build":    {"assets", "bundle", "check", "config", "content", "diag", "feed", "images", "markdown", "msg", "output", "parallel", "redirect", "render", "search", "site", "source"},

	// Around the pipeline.
	"internal/archetype": {"check", "config", "content", "diag", "msg", "slug", "source"},
	"internal/watch":     nil,
	"internal/server":    {"diag", "media", "msg", "output"},
	"cmd/works":          {"archetype", "build", "check", "config", "content", "diag", "msg", "output", "server", "site", "slug", "source", "watch"},

	// For tests and measurements only.
	"internal/arch":                  nil,
	"internal/site/sitetest":         {"config", "content", "markdown", "site"},
	"internal/golden":                nil,
	"internal/words/wordstest":       {"bench"},
	"internal/e2e":                   nil,
	"internal/nginxtest":             nil,
	"internal/bench":                 nil,
	"internal/bench/cmd/floor":       {"bench"},
	"internal/bench/cmd/works-bench": {"bench"},
}

// only names the outside modules that one package wraps for the rest: no
// other package imports them.
var only = map[string][]string{
	"github.com/yuin/goldmark":      {"internal/markdown", "internal/bench"},
	"github.com/gen2brain/webp":     {"internal/images"},
	"github.com/tetratelabs/wazero": {"internal/images"},
	"github.com/fsnotify/fsnotify":  {"internal/watch"},
	"github.com/tdewolff/minify/v2": {"internal/output", "internal/bench"},
	"github.com/chromedp/chromedp":  {"internal/e2e"},
}

// never are modules a package must not reach even through others: the
// template package must not link the WebAssembly image codec, and the
// model no Markdown parser.
var never = []reach{
	{"internal/render", "github.com/gen2brain/webp"},
	{"internal/site", "github.com/yuin/goldmark"},
	{"internal/config", "github.com/yuin/goldmark"},
	{"internal/content", "github.com/yuin/goldmark"},
}

// todo are rules above that the code does not keep yet (issue 13 moves
// them): the test lists them, and fails when one holds, so that it is
// taken off this list and kept from then on. Empty when the issue is done.
var todo = map[string]string{
	// A violation's key, as the test prints it, and what will end it:
	// "internal/render → internal/assets": "templates reach the assets through render.Assets",
}

func TestImports(t *testing.T) {
	root, module := moduleRoot(t)
	g, err := load(root, module)
	if err != nil {
		t.Fatal(err)
	}
	if len(g) < 20 {
		t.Fatalf("found %d packages below %s; is the walk wrong?", len(g), root)
	}
	r := rules{table: table, only: only, never: never}
	fail, pending := judge(r.violations(g), todo)
	for _, msg := range pending {
		t.Log(msg)
	}
	for _, msg := range fail {
		t.Error(msg)
	}
}

// TestReadme: README's package table says what table says. It waits for
// the table to have its imports column.
func TestReadme(t *testing.T) {
	root, _ := moduleRoot(t)
	src, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows, ok := readmeTable(string(src))
	if !ok {
		t.Skip("README's \"For developers\" table has no imports column yet (issue 13)")
	}
	for _, pkg := range slices.Sorted(maps.Keys(table)) {
		got, ok := rows[pkg]
		if !ok {
			t.Errorf("README's package table has no row for %s", pkg)
			continue
		}
		want := slices.Sorted(slices.Values(table[pkg]))
		if !slices.Equal(got, want) {
			t.Errorf("README says %s imports %s; the table in internal/arch says %s", pkg, list(got), list(want))
		}
	}
	for pkg := range rows {
		if _, ok := table[pkg]; !ok {
			t.Errorf("README's package table has a row for %s, which internal/arch's table does not know", pkg)
		}
	}
}

// readmeTable reads the rows of the table in README's "For developers"
// whose header has an imports column: package → the packages it imports,
// sorted ("—" is none).
func readmeTable(readme string) (map[string][]string, bool) {
	_, section, _ := strings.Cut(readme, "\n## For developers")
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string][]string{}
	col := -1
	for line := range strings.Lines(section) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if col < 0 {
			col = slices.IndexFunc(cells, func(c string) bool { return strings.HasPrefix(c, "imports") })
			continue
		}
		pkg := strings.Trim(cells[0], "`")
		if col >= len(cells) || !strings.HasPrefix(pkg, "internal/") && !strings.HasPrefix(pkg, "cmd/") {
			continue // the header's rule, or not a package
		}
		var imports []string
		for name := range strings.SplitSeq(cells[col], ",") {
			if name = strings.Trim(strings.TrimSpace(name), "`"); name != "" && name != "—" {
				imports = append(imports, name)
			}
		}
		slices.Sort(imports)
		rows[pkg] = imports
	}
	return rows, col >= 0
}

// judge sorts the violations found: those on todo are pending, the others
// fail, and so does a todo that no longer happens.
func judge(found []violation, todo map[string]string) (fail, pending []string) {
	seen := map[string]bool{}
	for _, v := range found {
		seen[v.key] = true
		if why, ok := todo[v.key]; ok {
			pending = append(pending, fmt.Sprintf("still to come: %s (%s)", v.key, why))
			continue
		}
		fail = append(fail, v.msg)
	}
	for _, key := range slices.Sorted(maps.Keys(todo)) {
		if !seen[key] {
			fail = append(fail, key+" holds now: take it off todo in internal/arch/arch_test.go, so that it stays so")
		}
	}
	return fail, pending
}

func TestJudge(t *testing.T) {
	found := []violation{{"a → b", "a imports b"}, {"c → d", "c imports d"}}
	todo := map[string]string{"c → d": "c is moving", "e → f": "done"}
	fail, pending := judge(found, todo)
	wantFail := []string{"a imports b", "e → f holds now: take it off todo in internal/arch/arch_test.go, so that it stays so"}
	if !slices.Equal(fail, wantFail) {
		t.Errorf("fail %q, want %q", fail, wantFail)
	}
	if want := []string{"still to come: c → d (c is moving)"}; !slices.Equal(pending, want) {
		t.Errorf("pending %q, want %q", pending, want)
	}
}

// TestRulesCatch shows each kind of rule failing on a module made for it.
func TestRulesCatch(t *testing.T) {
	files := map[string]string{
		"go.mod":                      "module example.org/m\n\ngo 1.26\n",
		"internal/diag/diag.go":       "package diag\n",
		"internal/site/site.go":       "package site\n\nimport _ \"example.org/m/internal/diag\"\n",
		"internal/site/site_test.go":  "package site\n\nimport _ \"example.org/m/internal/render\"\n", // tests may import anything
		"internal/render/render.go":   "package render\n\nimport _ \"example.org/m/internal/assets\"\n",
		"internal/assets/assets.go":   "package assets\n\nimport _ \"github.com/gen2brain/webp\"\n",
		"cmd/tool/main.go":            "package main\n\nimport _ \"example.org/m/internal/site\"\n",
		"internal/site/testdata/x.go": "package x\n\nimport _ \"example.org/m/cmd/tool\"\n", // not a package
	}
	allowed := map[string][]string{
		"internal/diag":   nil,
		"internal/site":   {"diag"},
		"internal/render": {"site", "assets"},
		"internal/assets": nil,
		"cmd/tool":        {"site"},
	}
	tests := []struct {
		name   string
		change map[string]string // file → new text
		r      rules
		want   []string // the violations' keys
	}{
		{"clean", nil, rules{table: allowed}, nil},
		{"forbidden import", map[string]string{"internal/diag/diag.go": "package diag\n\nimport _ \"example.org/m/internal/site\"\n"},
			rules{table: allowed}, []string{"internal/diag → internal/site"}},
		{"import of a command", map[string]string{"internal/site/cmd.go": "package site\n\nimport _ \"example.org/m/cmd/tool\"\n"},
			rules{table: allowed}, []string{"internal/site → cmd/tool"}},
		{"package not in the table", map[string]string{"internal/new/new.go": "package new\n"},
			rules{table: allowed}, []string{"internal/new"}},
		{"row without a package", nil,
			rules{table: with(allowed, "internal/gone", nil)}, []string{"internal/gone"}},
		{"outside module in the wrong package", nil,
			rules{table: allowed, only: map[string][]string{"github.com/gen2brain/webp": {"internal/images"}}},
			[]string{"internal/assets → github.com/gen2brain/webp"}},
		{"reached through another package", nil,
			rules{table: allowed, never: []reach{{"internal/render", "github.com/gen2brain/webp"}}},
			[]string{"internal/render ⇝ github.com/gen2brain/webp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range files {
				write(t, dir, name, text)
			}
			for name, text := range tt.change {
				write(t, dir, name, text)
			}
			g, err := load(dir, "example.org/m")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range tt.r.violations(g) {
				got = append(got, v.key)
				t.Log(v.msg)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("violations %q, want %q", got, tt.want)
			}
		})
	}
}

func with(m map[string][]string, k string, v []string) map[string][]string {
	out := map[string][]string{k: v}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// moduleRoot finds the folder of go.mod above the test and the module's path.
func moduleRoot(t *testing.T) (dir, module string) {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if m, ok := strings.CutPrefix(sc.Text(), "module "); ok {
					return dir, strings.TrimSpace(m)
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// graph is the module's packages by their path inside it ("internal/site"),
// each with its imports: an internal one by its path inside the module,
// another by its import path, with where it is imported.
type graph map[string]map[string]token.Position

// load reads the imports of every package below root, from the files that
// go build would compile on some system: test files and folders the go
// command ignores (testdata, names starting with . or _) are left out.
func load(root, module string) (graph, error) {
	g := graph{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || exists(filepath.Join(p, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		if g[pkg] == nil {
			g[pkg] = map[string]token.Position{}
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if inside, ok := strings.CutPrefix(path, module+"/"); ok {
				path = inside
			}
			pos := fset.Position(imp.Pos())
			pos.Filename, _ = filepath.Rel(root, pos.Filename)
			pos.Filename = filepath.ToSlash(pos.Filename)
			if _, dup := g[pkg][path]; !dup {
				g[pkg][path] = pos
			}
		}
		return nil
	})
	return g, err
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// rules are what the module's imports must keep.
type rules struct {
	table map[string][]string // package → the internal packages it may import, by their path below internal/
	only  map[string][]string // outside module → the packages that may import it
	never []reach
}

// reach is a module that a package must not depend on, directly or not.
type reach struct{ from, to string }

// violation is one import that breaks a rule; key names it in todo.
type violation struct{ key, msg string }

// violations are the imports of g that break r, sorted by key.
func (r rules) violations(g graph) []violation {
	var out []violation
	for _, pkg := range slices.Sorted(maps.Keys(g)) {
		allowed, ok := r.table[pkg]
		if !ok {
			out = append(out, violation{pkg, fmt.Sprintf("%s is not in the package table: add its row, with the packages it imports, to internal/arch/arch_test.go and to README's \"For developers\"", pkg)})
			continue
		}
		for _, imp := range slices.Sorted(maps.Keys(g[pkg])) {
			pos := g[pkg][imp]
			switch {
			case internal(imp):
				if strings.HasPrefix(imp, "cmd/") {
					out = append(out, violation{pkg + " → " + imp, fmt.Sprintf("%s: %s imports %s: nothing imports a command", pos, pkg, imp)})
				} else if !slices.Contains(allowed, strings.TrimPrefix(imp, "internal/")) {
					out = append(out, violation{pkg + " → " + imp, fmt.Sprintf("%s: %s imports %s, which its row in the package table does not allow (it may import %s); if the design changes, change the table in README and internal/arch too", pos, pkg, imp, list(allowed))})
				}
			default:
				for mod, pkgs := range r.only {
					if within(imp, mod) && !slices.Contains(pkgs, pkg) {
						out = append(out, violation{pkg + " → " + mod, fmt.Sprintf("%s: %s imports %s, which only %s may import: use that package instead", pos, pkg, imp, list(pkgs))})
					}
				}
			}
		}
	}
	for pkg := range r.table {
		if _, ok := g[pkg]; !ok {
			out = append(out, violation{pkg, fmt.Sprintf("the package table names %s, which does not exist: take its row out of internal/arch/arch_test.go and README", pkg)})
		}
	}
	for _, n := range r.never {
		if via := g.path(n.from, n.to); via != nil {
			out = append(out, violation{n.from + " ⇝ " + n.to, fmt.Sprintf("%s must not depend on %s, even through other packages, and does: %s", n.from, n.to, strings.Join(via, " → "))})
		}
	}
	slices.SortFunc(out, func(a, b violation) int { return strings.Compare(a.key, b.key) })
	return dedupe(out)
}

// dedupe keeps one violation per key: a module imported as several
// packages is one problem.
func dedupe(vs []violation) []violation {
	return slices.CompactFunc(vs, func(a, b violation) bool { return a.key == b.key })
}

// internal reports whether imp is a package of the module (load strips
// the module's path).
func internal(imp string) bool {
	return strings.HasPrefix(imp, "internal/") || strings.HasPrefix(imp, "cmd/")
}

// within reports whether the import path imp is mod or a package in it.
func within(imp, mod string) bool {
	return imp == mod || strings.HasPrefix(imp, mod+"/")
}

// path is the shortest chain of imports from the package from to a
// package of the module mod, or nil.
func (g graph) path(from, mod string) []string {
	prev := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		for _, imp := range slices.Sorted(maps.Keys(g[pkg])) {
			if within(imp, mod) {
				chain := []string{imp}
				for p := pkg; p != ""; p = prev[p] {
					chain = append(chain, p)
				}
				slices.Reverse(chain)
				return chain
			}
			if _, seen := prev[imp]; !seen && internal(imp) {
				prev[imp] = pkg
				queue = append(queue, imp)
			}
		}
	}
	return nil
}

func list(names []string) string {
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, ", ")
}
