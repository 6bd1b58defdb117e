package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/msg"
)

// writeSite writes a minimal site: one page and the templates it needs.
func writeSite(t *testing.T, page string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"works.toml":                            "title = \"Test\"\ntheme = \"t\"\n",
		"content/_index.md":                     "---\ntitle: Forside\n---\n",
		"content/historier/a.md":                page,
		"themes/t/layouts/_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}",
		"themes/t/layouts/_default/list.html":   "<h1>{{ .Title }}</h1>",
		"themes/t/layouts/404.html":             "<h1>404</h1>",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// flagWords are the flag package's own messages, which must never reach
// a writer.
var flagWords = regexp.MustCompile(`flag provided but not defined|invalid value|invalid boolean|flag needs an argument|bad flag syntax`)

func TestRun(t *testing.T) {
	good := "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst.\n"
	bad := "---\ntitle: Hei\ndate: 27/11\n---\nTekst.\n"
	future := "---\ntitle: Hei\ndate: 2099-03-12\n---\nTekst.\n"
	tests := []struct {
		name   string
		page   string
		args   []string // the site folder is appended as -s DIR
		code   int
		stdout string // regexp
		stderr string // regexp
	}{
		{"build", good, []string{"build"}, 0, `^Bygde 1 side \(nb 1\), 1 seksjon, 0 emner og \d+ filer på \d+ ms → .*/public/\n$`, `^(content/historier/a\.md:1:1: advarsel: [^\n]+\n)+$`},
		{"build in English", good, []string{"build", "--lang", "en"}, 0, `^Built 1 page \(nb 1\), 1 section, 0 terms, \d+ files in \d+ ms → .*/public/\n$`, `^(content/historier/a\.md:1:1: warning: [^\n]+\n)+$`},
		{"build quiet", good, []string{"build", "--quiet"}, 0, `^$`, `^$`},
		{"content error", bad, []string{"build"}, 1, `^$`, `content/historier/a\.md:3:7: [^\n]+\nKunne ikke bygge nettstedet: 1 feil\. Ingen filer ble skrevet\.\n$`},
		{"content error in English", bad, []string{"build", "--lang", "en"}, 1, `^$`, `content/historier/a\.md:3:7: "date" must be a date like 2026-11-27 \(got "27/11"\).*\nBuild failed: 1 error\. Nothing was written\.\n$`},
		{"scheduled page", future, []string{"build"}, 0, `^Bygde 0 sider \(nb 0\).*\nNeste endring: 2099-03-12T00:00:00\+01:00 \(sider som er planlagt eller skal utløpe: 1;`, ``},
		{"scheduled page in English", future, []string{"build", "--lang=en"}, 0, `^Built 0 pages \(nb 0\).*\nNext change: 2099-03-12T00:00:00\+01:00 \(1 scheduled or expiring`, ``},
		{"clock", future, []string{"build", "--clock", "2099-03-13T09:00"}, 0, `^Bygde 1 side \(nb 1\)`, ``},
		{"bad clock", future, []string{"build", "--clock", "i morgen"}, 2, `^$`, `^works build: --clock må være en dato og et klokkeslett som 2027-03-12T09:00 \(ikke «i morgen»\)\nSkriv «works help build» for å se valgene\.\n$`},
		{"bad clock in English", future, []string{"build", "--lang", "en", "--clock", "i morgen"}, 2, `^$`, `--clock must be a date and time like 2027-03-12T09:00 \(got "i morgen"\)`},
		{"unknown flag", good, []string{"build", "--nope"}, 2, `^$`, `^works build: valget «--nope» finnes ikke\nSkriv «works help build» for å se valgene\.\n$`},
		{"help flag", good, []string{"build", "-h"}, 0, `^Bruk: works build \[valg\]`, `^$`},
		{"bad baseURL", good, []string{"build", "--baseURL", "ht tp://x y"}, 2, `^$`, `^works build: --baseURL må være en nettadresse som begynner med https:// eller http:// \(ikke «ht tp://x y»\)`},
		{"bad baseURL in English", good, []string{"build", "--baseURL", "ht tp://x y", "--lang", "en"}, 2, `^$`, `^works build: --baseURL must be a web address starting with https:// or http:// \(got "ht tp://x y"\)`},
		{"baseURL without scheme", good, []string{"build", "--baseURL", "drammen.works"}, 2, `^$`, `--baseURL må være en nettadresse`},
		{"good baseURL", good, []string{"build", "--baseURL", "https://drammen.works"}, 0, `^Bygde 1 side`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, tt.page)
			var stdout, stderr bytes.Buffer
			args := append(tt.args, "-s", dir)
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if !regexp.MustCompile(tt.stdout).MatchString(stdout.String()) {
				t.Errorf("stdout %q does not match %q", stdout.String(), tt.stdout)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("stderr %q does not match %q", stderr.String(), tt.stderr)
			}
		})
	}
}

// TestLanguageChoice: --lang, else works.toml's [editor] language, else
// Norwegian; what goes wrong before works.toml is read is told in the
// language of the flag or the default.
func TestLanguageChoice(t *testing.T) {
	page := "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst.\n"
	english := "title = \"Test\"\ntheme = \"t\"\n[editor]\nlanguage = \"en\"\n"
	tests := []struct {
		name   string
		toml   string // "": the site's own
		args   []string
		output string // regexp over stdout and stderr
	}{
		{"default", "", []string{"build"}, `Bygde 1 side`},
		{"works.toml", english, []string{"build"}, `Built 1 page`},
		{"--lang over works.toml", english, []string{"build", "--lang", "nb"}, `Bygde 1 side`},
		{"--lang before the command", english, []string{"--lang", "nb", "build"}, `Bygde 1 side`},
		{"--lang in other words", "", []string{"build", "--lang", "English"}, `Built 1 page`},
		{"a flag error comes before works.toml", english, []string{"build", "--nope"}, `valget «--nope» finnes ikke`},
		{"check", english, []string{"check"}, `\n0 errors and 2 warnings in 1 file \(2 pages checked\)\.\n$`},
		{"check in Norwegian", "", []string{"check"}, `\n0 feil og 2 advarsler i 1 fil \(2 sider sjekket\)\.\n$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, page)
			if tt.toml != "" {
				writeFile(t, dir, "works.toml", tt.toml)
			}
			var stdout, stderr bytes.Buffer
			run(context.Background(), append(tt.args, "-s", dir), &stdout, &stderr)
			if out := stdout.String() + stderr.String(); !regexp.MustCompile(tt.output).MatchString(out) {
				t.Errorf("output %q does not match %q", out, tt.output)
			}
		})
	}
}

// TestMissingFolder: without a site there is no works.toml to read, so
// the flag or the default says what is wrong, after the command's name.
func TestMissingFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "finnes-ikke")
	for _, tt := range []struct {
		args []string
		want string // regexp over stderr
	}{
		{[]string{"build"}, `^works build: .*` + regexp.QuoteMeta(missing) + `.*\nKunne ikke bygge nettstedet\. Ingen filer ble skrevet\.\n$`},
		{[]string{"build", "--lang", "en"}, `^works build: the site folder "` + regexp.QuoteMeta(missing) + `" does not exist .*\nBuild failed\. Nothing was written\.\n$`},
		{[]string{"check"}, `^works check: .*` + regexp.QuoteMeta(missing)},
		{[]string{"serve", "--port", "0"}, `^works serve: .*` + regexp.QuoteMeta(missing)},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append(tt.args, "-s", missing), &stdout, &stderr); code != exitFailed {
				t.Errorf("exit code %d, want %d", code, exitFailed)
			}
			if !regexp.MustCompile(tt.want).MatchString(stderr.String()) {
				t.Errorf("stderr %q does not match %q", stderr.String(), tt.want)
			}
		})
	}
}

func TestRunCommands(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		output string
	}{
		{nil, 2, "Bruk:"},
		{[]string{"--lang", "en"}, 2, "Usage:"},
		{[]string{"nope"}, 2, "works: kommandoen «nope» finnes ikke\n\nworks bygger"},
		{[]string{"help"}, 0, "Kommandoer:\n  build     bygg nettstedet i mappen public/\n"},
		{[]string{"help", "--lang", "en"}, 0, "Commands:\n  build     build the site into public/\n"},
		{[]string{"--help"}, 0, "Kommandoer:"},
		{[]string{"help", "build"}, 0, "--buildDrafts"},
		{[]string{"help", "biuld"}, 2, "mente du «build»?"},
		{[]string{"version"}, 0, "works "},
		{[]string{"--version"}, 0, "works "},
		{[]string{"--nope", "build"}, 2, "works: valget «--nope» finnes ikke foran kommandoen"},
		{[]string{"build", "--lang", "de"}, 2, "works: --lang må være nb (norsk) eller en (engelsk), ikke «de»\nSkriv «works help» for å se alle kommandoene.\n"},
		{[]string{"build", "--lang=de", "--lang", "en"}, 2, "works: --lang må være nb (norsk) eller en (engelsk), ikke «de»"},
		{[]string{"build", "--lang", "nb", "--lang", "en"}, 0, ""}, // the last counts, as with every flag
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := tt.args
			if len(args) > 0 && args[0] == "build" {
				args = append(args, "-s", writeSite(t, "---\ntitle: Hei\n---\n"), "--quiet")
			}
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\n%s%s", code, tt.code, stdout.String(), stderr.String())
			}
			if out := stdout.String() + stderr.String(); !strings.Contains(out, tt.output) {
				t.Errorf("output %q does not contain %q", out, tt.output)
			}
		})
	}
}

// TestUnknownCommand: a slip of one or two letters is met with the
// command meant.
func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		args []string
		want string // "": no suggestion, the list of commands instead
	}{
		{[]string{"biuld"}, "works: kommandoen «biuld» finnes ikke – mente du «build»?\n"},
		{[]string{"biuld", "--lang", "en"}, "works: unknown command \"biuld\"; did you mean \"build\"?\n"},
		{[]string{"bulid", "-D"}, "mente du «build»?"},
		{[]string{"Build"}, "mente du «build»?"},
		{[]string{"srve"}, "mente du «serve»?"},
		{[]string{"server"}, "mente du «serve»?"},
		{[]string{"chek"}, "mente du «check»?"},
		{[]string{"cehck"}, "mente du «check»?"},
		{[]string{"nwe"}, "mente du «new»?"},
		{[]string{"verison"}, "mente du «version»?"},
		{[]string{"hlep"}, "mente du «help»?"},
		{[]string{"deploy"}, ""},
		{[]string{"bild"}, "mente du «build»?"},
		{[]string{"x"}, ""},
		{[]string{"nyy"}, ""}, // two letters from new in a word of three: too far to guess
		{[]string{"bygg"}, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			got := stderr.String()
			if tt.want == "" {
				if strings.Contains(got, "mente du") || !strings.Contains(got, "Kommandoer:") {
					t.Errorf("stderr %q: want no guess and the list of commands", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) || strings.Contains(got, "Kommandoer:") {
				t.Errorf("stderr %q, want %q without the whole list", got, tt.want)
			}
		})
	}
}

// TestFlagErrors: a wrong flag or value is told in plain words, with the
// command's name and where to read more, never in the flag package's.
func TestFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // regexp over stderr
	}{
		{[]string{"build", "--nope"}, `^works build: valget «--nope» finnes ikke\nSkriv «works help build» for å se valgene\.\n$`},
		{[]string{"build", "--nope", "--lang", "en"}, `^works build: there is no flag "--nope"\nRun 'works help build' to see the flags\.\n$`},
		{[]string{"build", "--buildDraft"}, `^works build: valget «--buildDraft» finnes ikke – mente du «--buildDrafts»\?\n`},
		{[]string{"build", "--builddrafts"}, `mente du «--buildDrafts»\?`},
		{[]string{"check", "--strct", "--lang", "en"}, `^works check: there is no flag "--strct"; did you mean "--strict"\?\n`},
		{[]string{"check", "-x"}, `^works check: valget «-x» finnes ikke\n`},
		{[]string{"build", "-DX"}, `^works build: valget «-X» i «-DX» finnes ikke\n`},
		{[]string{"serve", "--port", "abc"}, `^works serve: --port må være et helt tall, ikke «abc»\nSkriv «works help serve» for å se valgene\.\n$`},
		{[]string{"serve", "-p", "abc", "--lang", "en"}, `^works serve: -p takes a whole number, not "abc"\n`},
		{[]string{"serve", "--port"}, `^works serve: --port må ha en verdi etter seg, for eksempel --port port\n`},
		{[]string{"build", "-d"}, `^works build: -d må ha en verdi etter seg, for eksempel -d mappe\n`},
		{[]string{"build", "-Dd"}, `^works build: -d må ha en verdi etter seg`},
		{[]string{"build", "--minify=kanskje"}, `^works build: --minify må være .*true.* eller .*false.*, ikke «kanskje»\n`},
		{[]string{"build", "--lang=de"}, `^works: --lang må være nb \(norsk\) eller en \(engelsk\), ikke «de»\n`},
		{[]string{"build", "public"}, `^works build: forstår ikke «public» \(kommandoen tar bare valg som begynner med -\)\n`},
		{[]string{"serve", "extra", "--lang", "en"}, `^works serve: unexpected argument "extra" \(the command takes flags only\)\nRun 'works help serve' to see the flags\.\n$`},
		{[]string{"check", "--format", "xml"}, `^works check: --format må være text eller json, ikke «xml»\n`},
		{[]string{"check", "--color", "rosa", "--lang", "en"}, `^works check: --color takes auto, always or never, not "rosa"\n`},
		{[]string{"new", "historier"}, `^works new: skriv en seksjon og en tittel, for eksempel: works new historier "Ny fabrikk på Åssiden"\n`},
		{[]string{"build", "---D"}, `^works build: valget «---D» finnes ikke\n`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			got := stderr.String()
			if !regexp.MustCompile(tt.want).MatchString(got) {
				t.Errorf("stderr %q does not match %q", got, tt.want)
			}
			if flagWords.MatchString(got) {
				t.Errorf("the flag package's words reached the writer: %q", got)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

// TestReadFlags: one-letter flags combine, a flag that takes a value
// takes the next word or the rest of its group, and flags may stand among
// the other words.
func TestReadFlags(t *testing.T) {
	tests := []struct {
		args  []string
		want  string // D F E d s p, as set
		words []string
	}{
		{[]string{"-DF"}, "D F", nil},
		{[]string{"-DFE"}, "D F E", nil},
		{[]string{"-D", "-F"}, "D F", nil},
		{[]string{"--buildDrafts", "-E"}, "D E", nil},
		{[]string{"-d", "public"}, "d=public", nil},
		{[]string{"-d=public"}, "d=public", nil},
		{[]string{"--destination", "public", "-D"}, "D d=public", nil},
		{[]string{"-Dd", "public"}, "D d=public", nil},
		{[]string{"-Ddpublic"}, "D d=public", nil},
		{[]string{"-source", "nettsted"}, "s=nettsted", nil},
		{[]string{"-p", "8080"}, "p=8080", nil},
		{[]string{"-Fp8080"}, "F p=8080", nil},
		{[]string{"--buildDrafts=false", "-F"}, "F", nil},
		{[]string{"historier", "-D", "Ny sak"}, "D", []string{"historier", "Ny sak"}},
		{[]string{"-D", "--", "-F"}, "D", []string{"-F"}},
		{[]string{"-"}, "", []string{"-"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var drafts, future, expired bool
			var dest, src string
			var port int
			c := &cli{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, lang: msg.English, name: "works test"}
			fs := newFlags(c, msg.T("Tests."))
			fs.boolVar(&drafts, false, msg.T("include drafts"), "D", "buildDrafts")
			fs.boolVar(&future, false, msg.T("include pages whose publishDate is in the future"), "F", "buildFuture")
			fs.boolVar(&expired, false, msg.T("include pages whose expiryDate has passed"), "E", "buildExpired")
			fs.stringVar(&dest, "", msg.T("write the site to this `folder` (default <source>/public)"), "d", "destination")
			fs.stringVar(&src, "", msg.T("the site's `folder`"), "s", "source")
			fs.intVar(&port, 0, msg.T("the `port` to listen on; the next free one is used when it is taken"), "p", "port")
			words, code, done := fs.parse(tt.args)
			if done {
				t.Fatalf("parse ended the command with %d: %s", code, c.stderr)
			}
			var got []string
			for _, b := range []struct {
				name string
				set  bool
			}{{"D", drafts}, {"F", future}, {"E", expired}} {
				if b.set {
					got = append(got, b.name)
				}
			}
			if dest != "" {
				got = append(got, "d="+dest)
			}
			if src != "" {
				got = append(got, "s="+src)
			}
			if port != 0 {
				got = append(got, "p="+strconv.Itoa(port))
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("set %q, want %q", s, tt.want)
			}
			if !slices.Equal(words, tt.words) {
				t.Errorf("words %q, want %q", words, tt.words)
			}
		})
	}
}

// TestCombinedFlagsRun: works build -DF and works check -DFE do what
// -D -F (-E) do.
func TestCombinedFlagsRun(t *testing.T) {
	dir := writeSite(t, "---\ntitle: Hei\ndate: 2026-11-20\n---\nTekst.\n")
	writeFile(t, dir, "content/historier/utkast.md", "---\ntitle: Utkast\ndate: 2026-11-20\ndraft: true\n---\nLes mer [her](a.md).\n")
	writeFile(t, dir, "content/historier/senere.md", "---\ntitle: Senere\ndate: 2099-11-20\n---\nKommer.\n")
	for _, tt := range []struct {
		args []string
		want string // regexp over stdout
	}{
		{[]string{"build"}, `^Bygde 1 side `},
		{[]string{"build", "-DF"}, `^Bygde 3 sider `},
		{[]string{"build", "-D", "-F"}, `^Bygde 3 sider `},
		{[]string{"check"}, `^[^\n]*a\.md[^\n]*\n[^\n]*a\.md[^\n]*\n\n0 feil og 2 advarsler i 1 fil \(2 sider sjekket\)\.\n$`},
		{[]string{"check", "-DFE"}, `(?s)\ncontent/historier/utkast\.md:6:9: advarsel: .*\(4 sider sjekket\)\.\n$`},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			run(context.Background(), append(tt.args, "-s", dir), &stdout, &stderr)
			if !regexp.MustCompile(tt.want).MatchString(stdout.String()) {
				t.Errorf("stdout %q does not match %q\nstderr: %s", stdout.String(), tt.want, stderr.String())
			}
		})
	}
}

func TestVersion(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "81df1d83073f2ad139c711089387259f5926db53"
	tests := []struct {
		name   string
		info   *debug.BuildInfo
		ok     bool
		en, nb string
	}{
		{"no build info", nil, false, "works (devel)", "works (devel)"},
		{"go run", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "works (devel)", "works (devel)"},
		{"a release without a checkout", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, true, "works v1.2.0", "works v1.2.0"},
		{"commit and date", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: settings("vcs.revision", rev, "vcs.time", "2026-12-03T16:07:14Z", "vcs.modified", "false")}, true,
			"works v1.2.0, commit 81df1d8 from 2026-12-03 16:07 UTC", "works v1.2.0, commit 81df1d8 fra 2026-12-03 16:07 UTC"},
		{"modified", &debug.BuildInfo{Settings: settings("vcs.revision", rev, "vcs.time", "2026-12-03T17:07:14+01:00", "vcs.modified", "true")}, true,
			"works (devel), commit 81df1d8 from 2026-12-03 16:07 UTC (modified)", "works (devel), commit 81df1d8 fra 2026-12-03 16:07 UTC (med lokale endringer)"},
		{"commit without a date", &debug.BuildInfo{Settings: settings("vcs.revision", "abc")}, true, "works (devel), commit abc", "works (devel), commit abc"},
		{"a date it cannot read", &debug.BuildInfo{Settings: settings("vcs.revision", rev, "vcs.time", "i går")}, true, "works (devel), commit 81df1d8 from i går", "works (devel), commit 81df1d8 fra i går"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := versionText(tt.info, tt.ok)
			if got := text.In(msg.English); got != tt.en {
				t.Errorf("in English %q, want %q", got, tt.en)
			}
			if got := text.In(msg.Norwegian); got != tt.nb {
				t.Errorf("in Norwegian %q, want %q", got, tt.nb)
			}
		})
	}
	t.Run("works version", func(t *testing.T) {
		defer func(f func() (*debug.BuildInfo, bool)) { buildInfo = f }(buildInfo)
		buildInfo = func() (*debug.BuildInfo, bool) { return tests[4].info, true }
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"version"}, &stdout, &stderr); code != 0 || stdout.String() != tests[4].nb+"\n" {
			t.Errorf("exit code %d, stdout %q, want %q", code, stdout.String(), tests[4].nb)
		}
	})
}

// TestHelpLanguages: every command's help is in Norwegian by default and
// in English with --lang en, line for line, and works help <command> is
// the same help.
func TestHelpLanguages(t *testing.T) {
	help := func(t *testing.T, args ...string) []string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
			t.Fatalf("works %s: exit code %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	}
	column := regexp.MustCompile(`^  (-\S+(?:, -\S+)*)(?: (\S+))? {2,}(.+)$`)
	for _, cmd := range commands() {
		t.Run(cmd.name, func(t *testing.T) {
			nb, en := help(t, cmd.name, "--help"), help(t, cmd.name, "--help", "--lang", "en")
			if !strings.HasPrefix(nb[0], "Bruk: works "+cmd.name+" ") || !strings.HasPrefix(en[0], "Usage: works "+cmd.name+" ") {
				t.Errorf("usage lines %q and %q", nb[0], en[0])
			}
			if other := help(t, "help", cmd.name); !slices.Equal(other, nb) {
				t.Errorf("works help %s is not works %s --help:\n%s", cmd.name, cmd.name, strings.Join(other, "\n"))
			}
			if len(nb) != len(en) {
				t.Fatalf("the help has %d lines in Norwegian and %d in English:\n%s\n\n%s", len(nb), len(en), strings.Join(nb, "\n"), strings.Join(en, "\n"))
			}
			flags := 0
			for i := range nb {
				if nb[i] == "" && en[i] == "" || strings.HasPrefix(en[i], "  works new ") {
					continue // blank lines, and the example commands, which are the same
				}
				if nb[i] == en[i] {
					t.Errorf("line %d is the same in both languages: %q", i+1, nb[i])
				}
				n, e := column.FindStringSubmatch(nb[i]), column.FindStringSubmatch(en[i])
				if (n == nil) != (e == nil) {
					t.Errorf("line %d is a flag in one language only:\n%q\n%q", i+1, nb[i], en[i])
					continue
				}
				if n != nil {
					flags++
					if n[1] != e[1] || (n[2] == "") != (e[2] == "") {
						t.Errorf("line %d names other flags: %q, %q", i+1, nb[i], en[i])
					}
				}
			}
			if flags == 0 || !slices.Contains(nb, "Valg:") || !slices.Contains(en, "Flags:") {
				t.Errorf("no flags listed:\n%s", strings.Join(nb, "\n"))
			}
		})
	}
}

// TestPanicIsNotAUsageError: a bug that panics exits 1 with a plain
// message, never Go's 2, which means a wrong command line.
func TestPanicIsNotAUsageError(t *testing.T) {
	cmds := []command{{name: "build", run: func(context.Context, *cli, []string) int {
		var pages []string
		return len(pages[:1]) // out of range: a bug
	}}}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"build"}, []string{"intern feil", "feil i works, ikke i nettstedet ditt"}},
		{[]string{"build", "--lang", "en"}, []string{"internal error", "bug in works"}},
	} {
		var stdout, stderr bytes.Buffer
		if code := dispatch(context.Background(), cmds, tt.args, &stdout, &stderr); code != exitFailed {
			t.Errorf("exit code %d, want %d", code, exitFailed)
		}
		for _, want := range tt.want {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr %q does not say %q", stderr.String(), want)
			}
		}
	}
}
