package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the site has errors: content, templates, config
	exitUsage  = 2 // the command line is wrong
)

// command is one subcommand: works <name> [flags].
type command struct {
	name  string
	short msg.Text
	run   func(ctx context.Context, c *cli, args []string) int
}

func commands() []command {
	return []command{
		{"build", msg.T("build the site into public/"), runBuild},
		{"check", msg.T("find broken links, accessibility and plain-language problems"), runCheck},
		{"new", msg.T("start a new page from its section's template"), runNew},
		{"serve", msg.T("preview the site, rebuilding as files change"), runServe},
		{"version", msg.T("print the version"), runVersion},
		{"help", msg.T("show help for a command"), runHelp},
	}
}

// cli is one run of works: where it writes, and in which language.
type cli struct {
	stdout, stderr io.Writer
	lang           msg.Lang
	chosen         bool   // --lang was given: works.toml's [editor] language does not apply
	name           string // "works build", which begins its messages
}

// print writes t in the writer's language, and a new line.
func (c *cli) print(w io.Writer, t msg.Text) { fmt.Fprintln(w, t.In(c.lang)) }

// useSite speaks the language works.toml asks for, unless --lang chose.
func (c *cli) useSite(cfg *config.Config) {
	if cfg != nil && !c.chosen && cfg.Editor.Language != "" {
		c.lang = cfg.Editor.Language
	}
}

// report prints an error that stopped the command: diagnostics with their
// place and hint, anything else after the command's name.
func (c *cli) report(err error) {
	var list diag.List
	var d *diag.Diagnostic
	switch {
	case errors.As(err, &list):
		c.printDiags(list)
	case errors.As(err, &d):
		fmt.Fprintln(c.stderr, c.line(d))
	case errors.Is(err, context.Canceled):
		c.print(c.stderr, msg.T("%s: stopped before it was done", c.name))
	default:
		fmt.Fprintln(c.stderr, c.name+": "+msg.Sprintf(c.lang, "%s", err)) // the error in plain words
	}
}

func (c *cli) printDiags(l diag.List) {
	for _, d := range l {
		fmt.Fprintln(c.stderr, c.line(d))
	}
}

// line is d as the writer reads it. One that names no file is told after the command's name.
func (c *cli) line(d *diag.Diagnostic) string {
	if d.Pos.File != "" {
		return d.Line(c.lang)
	}
	if d.What.IsZero() && d.Err != nil && d.Hint == "" && d.Severity == diag.Error {
		return c.name + ": " + msg.Sprintf(c.lang, "%s", d.Err)
	}
	return c.name + ": " + d.Line(c.lang)
}

// textError is an error that can say itself in any language, for errors
// made here and printed through the catalogue.
type textError struct{ text msg.Text }

func (e textError) Error() string     { return e.text.String() }
func (e textError) Message() msg.Text { return e.text }

// plural picks the text for n things: English says "1 page", "2 pages".
func plural(n int, one, many msg.Text) msg.Text {
	if n == 1 {
		return one
	}
	return many
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return dispatch(ctx, commands(), args, stdout, stderr)
}

// dispatch runs the command of cmds that args name.
func dispatch(ctx context.Context, cmds []command, args []string, stdout, stderr io.Writer) (code int) {
	c := &cli{stdout: stdout, stderr: stderr, lang: msg.Default, name: "works"}
	// A bug in works is not a wrong command line: Go's own exit status for
	// a panic is 2, which is reserved for that.
	defer func() {
		if r := recover(); r != nil {
			c.print(stderr, msg.T("works: internal error: %v\nThis is a bug in works, not in your site; the published folder is unchanged. Please report it with what works version prints and these lines:\n%s", r, debug.Stack()))
			code = exitFailed
		}
	}()
	// The language first, wherever --lang stands, so that even a wrong
	// command line is told in it.
	if l, ok, bad := langArg(args); bad != nil {
		c.print(stderr, badValue(c.name, "--lang", *bad, langKind))
		c.print(stderr, msg.T("Run 'works help' to see every command."))
		return exitUsage
	} else if ok {
		c.lang, c.chosen = l, true
	}
	// Flags before the command: works --lang en build.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		switch a := args[0]; {
		case a == "-h" || a == "--help" || a == "-help":
			usage(c, stdout)
			return exitOK
		case a == "--version" || a == "-version":
			args = append([]string{"version"}, args[1:]...)
		case a == "--lang" || a == "-lang":
			args = args[min(2, len(args)):]
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			args = args[1:]
		default:
			c.print(stderr, msg.T("works: there is no flag %q before the command", a))
			c.print(stderr, msg.T("Run 'works help' to see every command."))
			return exitUsage
		}
	}
	if len(args) == 0 {
		usage(c, stderr)
		return exitUsage
	}
	name := args[0]
	names := make([]string, len(cmds))
	for i, cmd := range cmds {
		if cmd.name == name {
			c.name = "works " + name
			return cmd.run(ctx, c, args[1:])
		}
		names[i] = cmd.name
	}
	if near := nearest(name, names); near != "" {
		c.print(stderr, msg.T("works: unknown command %q; did you mean %q?", name, near))
		c.print(stderr, msg.T("Run 'works help' to see every command."))
		return exitUsage
	}
	c.print(stderr, msg.T("works: unknown command %q", name))
	fmt.Fprintln(stderr)
	usage(c, stderr)
	return exitUsage
}

// langArg finds the language --lang (or -lang) names among args, up to a
// "--"; bad is the first value that names none.
func langArg(args []string) (lang msg.Lang, found bool, bad *string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, v, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				break // "needs a value": the flag parser says so
			}
			i++
			v = args[i]
		}
		l, ok := msg.ParseLang(v)
		if !ok {
			return "", false, &v
		}
		lang, found = l, true
	}
	return lang, found, nil
}

// nearest returns the one of names that word is most likely a slip for:
// at most one letter wrong, missing, extra or swapped in a word of up to
// four letters, two in a longer one. "" when none is that near.
func nearest(word string, names []string) string {
	limit := 1
	if len([]rune(word)) > 4 {
		limit = 2
	}
	best, bestDist := "", limit+1
	for _, n := range names {
		if d := diag.EditDistance(strings.ToLower(word), strings.ToLower(n)); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

func usage(c *cli, w io.Writer) {
	c.print(w, msg.T("works builds a Works site from Markdown.\n\nUsage:\n  works <command> [flags]\n\nCommands:"))
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", cmd.name, cmd.short.In(c.lang))
	}
	fmt.Fprintln(w)
	c.print(w, msg.T("Run 'works help <command>' for the flags of a command. Every command takes --lang nb (Norwegian, the default) or --lang en (English)."))
}

func runHelp(ctx context.Context, c *cli, args []string) int {
	fs := newFlags(c, msg.T("Shows what works can do, or the flags of one command."))
	fs.args = msg.T("[command]")
	words, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(words) == 0 {
		usage(c, c.stdout)
		return exitOK
	}
	var names []string
	for _, cmd := range commands() {
		if cmd.name == words[0] {
			c.name = "works " + cmd.name
			return cmd.run(ctx, c, []string{"-h"})
		}
		names = append(names, cmd.name)
	}
	if near := nearest(words[0], names); near != "" {
		c.print(c.stderr, msg.T("works: unknown command %q; did you mean %q?", words[0], near))
	} else {
		c.print(c.stderr, msg.T("works: unknown command %q", words[0]))
	}
	c.print(c.stderr, msg.T("Run 'works help' to see every command."))
	return exitUsage
}

// buildInfo is debug.ReadBuildInfo; tests replace it.
var buildInfo = debug.ReadBuildInfo

func runVersion(_ context.Context, c *cli, args []string) int {
	fs := newFlags(c, msg.T("Prints the version of works, and the commit and date it was built from, for a bug report."))
	if code, done := fs.parseNone(args); done {
		return code
	}
	c.print(c.stdout, versionText(buildInfo()))
	return exitOK
}

// versionText is the line works version prints: the version, and the
// commit it was built from with its date when the build recorded them
// (go build in a checkout does; go run and tests do not).
func versionText(info *debug.BuildInfo, ok bool) msg.Text {
	version := "(devel)"
	if !ok {
		return msg.T("works %s", version)
	}
	if info.Main.Version != "" {
		version = info.Main.Version
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	rev := vcs["vcs.revision"]
	if rev == "" {
		return msg.T("works %s", version)
	}
	rev = rev[:min(len(rev), 7)]
	var t msg.Text
	if at := vcs["vcs.time"]; at != "" {
		if when, err := time.Parse(time.RFC3339, at); err == nil {
			at = when.UTC().Format("2006-01-02 15:04 UTC")
		}
		t = msg.T("works %s, commit %s from %s", version, rev, at)
	} else {
		t = msg.T("works %s, commit %s", version, rev)
	}
	if vcs["vcs.modified"] == "true" {
		t = msg.T("%s (modified)", t)
	}
	return t
}
