package msg

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The packages whose words a writer never reads: measurements, tests and
// the tools around them.
var notForWriters = []string{"internal/bench", "internal/e2e", "internal/nginxtest", "internal/arch", "internal/golden", "internal/site/sitetest", "internal/words/wordstest"}

// message is one English text in the code, where it is written.
type message struct {
	text string
	pos  token.Position
}

// messages finds every text the code hands to the catalogue, by package
// folder: the arguments named hint or format of diag's and msg's functions
// and of every function or method with a hint (diag.Errorf, Fixf, msg.T,
// a stage's own errorf). A text that is not a string literal (or a
// constant made of them) is reported, since the catalogue could not hold
// it.
func messages(t *testing.T) (map[string][]message, map[string][]string) {
	t.Helper()
	root := "../.."
	fset := token.NewFileSet()
	type file struct {
		pkg string // its folder below the module
		f   *ast.File
	}
	var files []file
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && !strings.HasPrefix(rel, "internal") && !strings.HasPrefix(rel, "cmd") || slices.Contains(notForWriters, rel) || d.Name() == "testdata" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, file{path.Dir(rel), f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// The functions that take texts, and which of their arguments are:
	// "diag.Errorf" for a function, ".errorf" for a method.
	takers := map[string][]int{}
	for _, fl := range files {
		pkg := fl.f.Name.Name
		for _, decl := range fl.f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			var idx []int
			hasHint := false
			i := 0
			for _, field := range fd.Type.Params.List {
				if len(field.Names) == 0 {
					i++
					continue
				}
				for _, n := range field.Names {
					if n.Name == "hint" || n.Name == "format" {
						idx = append(idx, i)
					}
					hasHint = hasHint || n.Name == "hint"
					i++
				}
			}
			if len(idx) == 0 || !hasHint && pkg != "msg" && pkg != "diag" {
				continue
			}
			key := pkg + "." + fd.Name.Name
			if fd.Recv != nil {
				key = "." + fd.Name.Name
			}
			takers[key] = idx
		}
	}

	byPkg := map[string][]message{}
	bad := map[string][]string{}
	for _, fl := range files {
		imported := map[string]bool{}
		for _, im := range fl.f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			imported[name] = true
		}
		consts := constants(fl.f)
		// The parameters named hint or format of the function being read:
		// such a text is passed on, and checked where that function is
		// called. A local variable of the name is not.
		var params map[string]bool
		ast.Inspect(fl.f, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok {
				params = map[string]bool{}
				for _, field := range fd.Type.Params.List {
					for _, name := range field.Names {
						params[name.Name] = true
					}
				}
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var key string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				key = fl.f.Name.Name + "." + fn.Name
			case *ast.SelectorExpr:
				key = "." + fn.Sel.Name
				if x, ok := fn.X.(*ast.Ident); ok && imported[x.Name] {
					key = x.Name + "." + fn.Sel.Name
				}
			}
			for _, i := range takers[key] {
				if i >= len(call.Args) {
					continue
				}
				arg := call.Args[i]
				if id, ok := arg.(*ast.Ident); ok && (id.Name == "hint" || id.Name == "format") && params[id.Name] {
					continue // passed on by a function that takes texts itself
				}
				s, ok := literal(arg, consts)
				if !ok {
					bad[fl.pkg] = append(bad[fl.pkg], fset.Position(arg.Pos()).String()+": write the message as a string literal, so that the catalogue can hold it")
					continue
				}
				if s != "" {
					byPkg[fl.pkg] = append(byPkg[fl.pkg], message{s, fset.Position(arg.Pos())})
				}
			}
			return true
		})
	}
	return byPkg, bad
}

// constants are a file's string constants, for messages named once and
// used twice.
func constants(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if s, ok := literal(vs.Values[i], nil); ok {
						out[name.Name] = s
					}
				}
			}
		}
	}
	return out
}

func literal(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X, consts)
		b, ok2 := literal(e.Y, consts)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X, consts)
	}
	return "", false
}

var (
	verb    = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)
	letters = regexp.MustCompile(`\pL`)
	aside   = regexp.MustCompile(`\([^()]*\)|«[^»]*»|` + "`[^`]*`")
	// jargon is what a writer should not have to know; the technical
	// name may follow in parentheses, for a developer.
	jargon = regexp.MustCompile(`(?i)front[ -]?matter|\byaml\b|\bslug\b|\blayout\b|\btemplate\b|\bmal-fil\b`)
)

// verbs are the formatting verbs of a text, sorted: a translation takes
// the same arguments, in whatever order its sentence needs. %q and %s are
// one: Norwegian quotes «%s» where English writes %q.
func verbs(s string) []string {
	var out []string
	for _, v := range verb.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, strings.Replace(v[len(v)-1:], "q", "s", 1))
		}
	}
	slices.Sort(out)
	return out
}

// TestCatalogue holds the catalogue to the code: every message a writer
// can read has a Norwegian text with the same arguments and without
// jargon, and every Norwegian text is still used.
func TestCatalogue(t *testing.T) {
	byPkg, bad := messages(t)
	cat := Catalogue()
	used := map[string]bool{}
	for _, pkg := range slices.Sorted(func(yield func(string) bool) {
		for p := range byPkg {
			if !yield(p) {
				return
			}
		}
	}) {
		t.Run(pkg, func(t *testing.T) {
			for _, m := range byPkg[pkg] {
				used[m.text] = true
			}
			for _, b := range bad[pkg] {
				t.Error(b)
			}
			for _, m := range byPkg[pkg] {
				used[m.text] = true
				if !letters.MatchString(m.text) {
					continue // "%s: %s" reads the same in every language
				}
				nb, ok := cat[m.text]
				if !ok {
					t.Errorf("%s: no Norwegian text for %q (add it to internal/msg/nb_*.go)", m.pos, m.text)
					continue
				}
				if a, b := verbs(m.text), verbs(nb); !slices.Equal(a, b) {
					t.Errorf("%s: %q takes %v, its Norwegian text %q takes %v", m.pos, m.text, a, nb, b)
				}
				if j := jargon.FindString(aside.ReplaceAllString(nb, "")); j != "" {
					t.Errorf("%s: the Norwegian text %q says %q: use plain words, with the technical name in parentheses if a developer needs it", m.pos, nb, j)
				}
			}
		})
	}
	for en := range cat {
		if !used[en] {
			t.Errorf("the catalogue holds %q, which the code no longer says", en)
		}
	}
}

func TestText(t *testing.T) {
	inner := T("the file %s", "a.md")
	for _, tt := range []struct {
		text Text
		l    Lang
		want string
	}{
		{T("warning: "), Norwegian, "advarsel: "},
		{T("warning: "), English, "warning: "},
		{T("not in the catalogue: %d", 3), Norwegian, "not in the catalogue: 3"},
		{T("100% sure"), English, "100% sure"}, // a literal without arguments keeps its % signs
		{T("%s", inner), English, "the file a.md"},
		{T("%s", &fs.PathError{Op: "open", Path: "x.md", Err: fs.ErrNotExist}), Norwegian, "den finnes ikke (open x.md: file does not exist)"},
		{T("%s", errors.New("disk on fire")), Norwegian, "disk on fire"},
	} {
		if got := tt.text.In(tt.l); got != tt.want {
			t.Errorf("%q in %s = %q, want %q", tt.text.Format, tt.l, got, tt.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"nb": Norwegian, "NO": Norwegian, " bokmål ": Norwegian, "en": English, "English": English, "de": "", "": ""} {
		got, ok := ParseLang(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseLang(%q) = %q, %v", in, got, ok)
		}
	}
}
