package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/check"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/content"
	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/site"
	"github.com/drammen-works/works/internal/source"
)

// checkOptions are the flags of `works check`.
type checkOptions struct {
	source       string
	buildDrafts  bool
	buildFuture  bool
	buildExpired bool
	format       string // "text" or "json"
	color        string // "auto", "always" or "never"
	strict       bool
	schedule     bool
	clock        string
}

func runCheck(ctx context.Context, c *cli, args []string) int {
	var o checkOptions
	fs := newFlags(c, msg.T("Checks the site the way `works build` would publish it: links, images, accessibility, plain language and front matter. "+
		"Prints each finding as path:line:col with a hint, grouped by file. Exits with 1 when there are errors (or, with --strict, warnings)."))
	fs.sourceVar(&o.source)
	fs.boolVar(&o.buildDrafts, false, msg.T("check drafts too"), "D", "buildDrafts")
	fs.boolVar(&o.buildFuture, false, msg.T("check pages whose publishDate is in the future as if published"), "F", "buildFuture")
	fs.boolVar(&o.buildExpired, false, msg.T("check pages whose expiryDate has passed as if published"), "E", "buildExpired")
	fs.stringVar(&o.format, "text", msg.T("`text` for people, json for tools"), "format")
	fs.stringVar(&o.color, "auto", msg.T("colour the text output: `auto` (on a terminal, unless NO_COLOR is set), always or never"), "color")
	fs.boolVar(&o.strict, false, msg.T("fail on warnings too"), "strict")
	fs.boolVar(&o.schedule, false, msg.T("list the pages that are scheduled or will expire, and when the site next changes by itself"), "schedule")
	fs.stringVar(&o.clock, "", msg.T("check the site as it will be at this `moment`, like 2027-03-12T09:00 (in the site's time zone)"), "clock")
	if code, done := fs.parseNone(args); done {
		return code
	}
	if o.format != "text" && o.format != "json" {
		return fs.fail(badValue(c.name, "--format", o.format, msg.T("text or json")))
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		return fs.fail(badValue(c.name, "--color", o.color, msg.T("auto, always or never")))
	}
	siteRoot, err := source.Open(o.source)
	if err != nil {
		return c.checkFailed(err)
	}
	defer siteRoot.Close()
	root := source.FS(siteRoot)
	cfg, err := config.Load(root)
	if err != nil {
		return c.checkFailed(err)
	}
	c.useSite(cfg)
	now := time.Now()
	if o.clock != "" {
		var ok bool
		if now, ok = parseClock(o.clock, cfg.Location); !ok {
			return fs.fail(badClock(c.name, o.clock))
		}
	}
	if o.schedule {
		return runSchedule(ctx, c, root, cfg, now, o)
	}

	bopts := build.Options{Source: o.source, BuildDrafts: o.buildDrafts, BuildFuture: o.buildFuture, BuildExpired: o.buildExpired, Now: now, SkipCheck: true, PlanImages: true}
	var (
		model  *site.Model
		docs   []*content.Document // nil: the model's own and skipped ones
		files  check.Files
		builds diag.List // what the build itself reported
	)
	res, err := build.Assemble(ctx, root, bopts)
	switch {
	case err == nil:
		model, files, builds = res.Model, res.Files, res.Warnings
	case errors.As(err, &builds):
		// The build stopped at an error; check what it loaded, without the
		// built files, so that every finding is reported at once.
		loaded, lerrs := build.Load(ctx, root, cfg, bopts)
		if ctx.Err() != nil {
			return c.checkFailed(ctx.Err())
		}
		if lerrs.Err() != nil {
			return printFindings(c, merge(nil, lerrs), 0, o)
		}
		model, docs = loaded.Model, loaded.Docs
	default:
		return c.checkFailed(err)
	}
	if ctx.Err() != nil {
		return c.checkFailed(ctx.Err())
	}
	schemas, serrs := build.Schemas(root, cfg)
	builds = append(builds, serrs...)
	copts := check.Options{Now: now, Files: files, Schemas: schemas}
	if err == nil {
		copts.Facts = res.Facts // the build's one Markdown parse
	}
	found := check.Run(ctx, model, docs, copts)
	pages := 0
	for _, p := range model.Pages {
		if p.Doc != nil {
			pages++
		}
	}
	return printFindings(c, merge(found, builds), pages, o)
}

// merge adds what the build reported to check's findings. A build error at
// the very place check reported an error is the same problem told less
// well (the markdown package's "page that does not exist" for a link to a
// draft), so it is left out.
func merge(found, builds diag.List) diag.List {
	out := slices.Clone(found)
	seen := map[string]bool{}
	errAt := map[diag.Position]bool{}
	for _, d := range found {
		seen[d.Error()] = true
		if d.Severity == diag.Error && d.Pos.Line > 0 {
			errAt[d.Pos] = true
		}
	}
	for _, d := range builds {
		if seen[d.Error()] || d.Severity == diag.Error && errAt[d.Pos] {
			continue
		}
		seen[d.Error()] = true
		out = append(out, d)
	}
	out.Sort()
	return out
}

// ANSI colours for a terminal.
const (
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiDim    = "\x1b[2m"
	ansiReset  = "\x1b[0m"
)

// printFindings prints the findings grouped by file with a total, or as
// JSON, and returns the exit code.
func printFindings(c *cli, l diag.List, pages int, o checkOptions) int {
	w := c.stdout
	errs, warns := len(l.Errors()), len(l.Warnings())
	code := exitOK
	if errs > 0 || o.strict && warns > 0 {
		code = exitFailed
	}
	if o.format == "json" {
		writeJSON(w, l, errs, warns, c.lang)
		return code
	}
	color := o.color == "always" || o.color == "auto" && isTerminal(w) && os.Getenv("NO_COLOR") == ""
	paint := func(style, s string) string {
		if !color || s == "" {
			return s
		}
		return style + s + ansiReset
	}
	// The words are marked, not the colon after them.
	warning := strings.TrimSuffix(msg.Sprintf(c.lang, "warning: "), ": ")
	failure := strings.TrimSuffix(msg.Sprintf(c.lang, "error: "), ": ")
	files := 0
	for i, d := range l {
		if i == 0 || d.Pos.File != l[i-1].Pos.File {
			if i > 0 {
				fmt.Fprintln(w)
			}
			files++
		}
		var b strings.Builder
		if pos := d.Pos.String(); pos != "" {
			b.WriteString(paint(ansiBold, pos) + ": ")
		}
		if d.Severity == diag.Warning {
			b.WriteString(paint(ansiYellow, warning) + ": ")
		} else {
			b.WriteString(paint(ansiRed, failure) + ": ")
		}
		what, fix := d.In(c.lang)
		b.WriteString(what)
		if fix != "" {
			b.WriteString(" " + paint(ansiDim, "("+fix+")"))
		}
		fmt.Fprintln(w, b.String())
	}
	checked := plural(pages, msg.T("%d page", pages), msg.T("%d pages", pages))
	if len(l) == 0 {
		if pages > 0 {
			c.print(w, msg.T("No problems found (%s checked).", checked))
		} else {
			c.print(w, msg.T("No problems found."))
		}
		return code
	}
	fmt.Fprintln(w)
	errText := plural(errs, msg.T("%d error", errs), msg.T("%d errors", errs))
	warnText := plural(warns, msg.T("%d warning", warns), msg.T("%d warnings", warns))
	fileText := plural(files, msg.T("%d file", files), msg.T("%d files", files))
	if pages > 0 {
		c.print(w, msg.T("%s and %s in %s (%s checked).", errText, warnText, fileText, checked))
	} else {
		c.print(w, msg.T("%s and %s in %s.", errText, warnText, fileText))
	}
	return code
}

// finding is one diagnostic as JSON: message and hint in the writer's
// language, and in English for scripts that look for words.
type finding struct {
	File      string `json:"file"`
	Line      int    `json:"line,omitempty"`
	Col       int    `json:"col,omitempty"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Hint      string `json:"hint,omitempty"`
	MessageEN string `json:"message_en"`
	HintEN    string `json:"hint_en,omitempty"`
}

func writeJSON(w io.Writer, l diag.List, errs, warns int, lang msg.Lang) {
	out := struct {
		Findings []finding `json:"findings"`
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
	}{Findings: []finding{}, Errors: errs, Warnings: warns}
	for _, d := range l {
		what, fix := d.In(lang)
		whatEN, fixEN := d.In(msg.English)
		out.Findings = append(out.Findings, finding{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col,
			Severity: d.Severity.String(), Message: what, Hint: fix, MessageEN: whatEN, HintEN: fixEN})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out) // a failed write to stdout has nowhere to be reported
}

// isTerminal reports whether w is a terminal, not a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// checkFailed prints why the site could not be checked at all.
func (c *cli) checkFailed(err error) int {
	c.report(err)
	return exitFailed
}

// parseClock reads --clock: a date, or a date and time, in the site's time
// zone unless it names an offset.
func parseClock(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, l := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", time.DateTime, time.DateOnly} {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// badClock says that --clock is not a moment parseClock can read.
func badClock(name, s string) msg.Text {
	return msg.T("%s: --clock must be a date and time like 2027-03-12T09:00 (got %q)", name, s)
}

// runSchedule prints the pages that are scheduled or will expire, and when
// the next change falls due, for a job that rebuilds the site then.
func runSchedule(ctx context.Context, c *cli, root iofs.FS, cfg *config.Config, now time.Time, o checkOptions) int {
	stdout := c.stdout
	loaded, errs := build.Load(ctx, root, cfg, build.Options{Now: now})
	if ctx.Err() != nil {
		return c.checkFailed(ctx.Err())
	}
	if err := errs.Err(); err != nil {
		return c.checkFailed(err)
	}
	changes := loaded.Model.Schedule(now)
	stamp := func(t time.Time) string { return t.In(cfg.Location).Format(time.RFC3339) }
	if o.format == "json" {
		type change struct {
			At     string `json:"at"`
			Change string `json:"change"`
			File   string `json:"file"`
			Title  string `json:"title"`
		}
		out := struct {
			Changes []change `json:"changes"`
			Next    *string  `json:"next"`
		}{Changes: []change{}}
		for _, ch := range changes {
			kind := "expire"
			if ch.Publish {
				kind = "publish"
			}
			out.Changes = append(out.Changes, change{At: stamp(ch.At), Change: kind, File: "content/" + ch.Doc.Path, Title: ch.Doc.Meta.Title})
		}
		if len(changes) > 0 {
			next := stamp(changes[0].At)
			out.Next = &next
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
		return exitOK
	}
	for _, publish := range []bool{true, false} {
		var lines []string
		for _, ch := range changes {
			if ch.Publish == publish {
				lines = append(lines, msg.Sprintf(c.lang, "  %s  %s  %q", stamp(ch.At), "content/"+ch.Doc.Path, ch.Doc.Meta.Title))
			}
		}
		if len(lines) == 0 {
			continue
		}
		if publish {
			c.print(stdout, msg.T("Scheduled (%d):", len(lines)))
		} else {
			c.print(stdout, msg.T("Expiring (%d):", len(lines)))
		}
		fmt.Fprintln(stdout, strings.Join(lines, "\n"))
	}
	if len(changes) == 0 {
		c.print(stdout, msg.T("No page is scheduled or will expire."))
		c.print(stdout, msg.T("next change: none"))
		return exitOK
	}
	c.print(stdout, msg.T("next change: %s", stamp(changes[0].At)))
	return exitOK
}
