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

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o checkOptions
	fs := newFlags("check", "Checks the site the way `works build` would publish it: links, images, accessibility, plain language and front matter. "+
		"Prints each finding as path:line:col with a hint, grouped by file. Exits with 1 when there are errors (or, with --strict, warnings).", stdout, stderr)
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&o.source, n, ".", "the site's `folder`")
	}
	for _, n := range []string{"D", "buildDrafts"} {
		fs.BoolVar(&o.buildDrafts, n, false, "check drafts too")
	}
	for _, n := range []string{"F", "buildFuture"} {
		fs.BoolVar(&o.buildFuture, n, false, "check pages whose publishDate is in the future as if published")
	}
	for _, n := range []string{"E", "buildExpired"} {
		fs.BoolVar(&o.buildExpired, n, false, "check pages whose expiryDate has passed as if published")
	}
	fs.StringVar(&o.format, "format", "text", "`text` for people, json for tools")
	fs.StringVar(&o.color, "color", "auto", "colour the text output: `auto` (on a terminal, unless NO_COLOR is set), always or never")
	fs.BoolVar(&o.strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&o.schedule, "schedule", false, "list the pages that are scheduled or will expire, and when the site next changes by itself")
	fs.StringVar(&o.clock, "clock", "", "check the site as it will be at this `moment`, like 2027-03-12T09:00 (in the site's time zone)")
	if code, done := fs.parse(args); done {
		return code
	}
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(stderr, "works check: --format must be text or json (got %q)\n", o.format)
		return exitUsage
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		fmt.Fprintf(stderr, "works check: --color must be auto, always or never (got %q)\n", o.color)
		return exitUsage
	}
	siteRoot, err := source.Open(o.source)
	if err != nil {
		return reportCheckError(stderr, err)
	}
	defer siteRoot.Close()
	root := source.FS(siteRoot)
	cfg, err := config.Load(root)
	if err != nil {
		return reportCheckError(stderr, err)
	}
	now := time.Now()
	if o.clock != "" {
		if now, err = parseClock(o.clock, cfg.Location); err != nil {
			fmt.Fprintf(stderr, "works check: --clock %v\n", err)
			return exitUsage
		}
	}
	if o.schedule {
		return runSchedule(ctx, root, cfg, now, o, stdout, stderr)
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
			return reportCheckError(stderr, ctx.Err())
		}
		if lerrs.Err() != nil {
			return printFindings(stdout, merge(nil, lerrs), 0, o)
		}
		model, docs = loaded.Model, loaded.Docs
	default:
		return reportCheckError(stderr, err)
	}
	if ctx.Err() != nil {
		return reportCheckError(stderr, ctx.Err())
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
	return printFindings(stdout, merge(found, builds), pages, o)
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
func printFindings(w io.Writer, l diag.List, pages int, o checkOptions) int {
	errs, warns := len(l.Errors()), len(l.Warnings())
	code := exitOK
	if errs > 0 || o.strict && warns > 0 {
		code = exitFailed
	}
	if o.format == "json" {
		writeJSON(w, l, errs, warns)
		return code
	}
	color := o.color == "always" || o.color == "auto" && isTerminal(w) && os.Getenv("NO_COLOR") == ""
	paint := func(style, s string) string {
		if !color || s == "" {
			return s
		}
		return style + s + ansiReset
	}
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
			b.WriteString(paint(ansiYellow, "warning") + ": ")
		} else {
			b.WriteString(paint(ansiRed, "error") + ": ")
		}
		b.WriteString(d.Msg)
		if d.Hint != "" {
			b.WriteString(" " + paint(ansiDim, "("+d.Hint+")"))
		}
		fmt.Fprintln(w, b.String())
	}
	checked := ""
	if pages > 0 {
		checked = fmt.Sprintf(" (%d %s checked)", pages, plural(pages, "page", "pages"))
	}
	if len(l) == 0 {
		fmt.Fprintf(w, "No problems found%s.\n", checked)
		return code
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%d %s and %d %s in %d %s%s.\n", errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"),
		files, plural(files, "file", "files"), checked)
	return code
}

// finding is one diagnostic as JSON.
type finding struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func writeJSON(w io.Writer, l diag.List, errs, warns int) {
	out := struct {
		Findings []finding `json:"findings"`
		Errors   int       `json:"errors"`
		Warnings int       `json:"warnings"`
	}{Findings: []finding{}, Errors: errs, Warnings: warns}
	for _, d := range l {
		out.Findings = append(out.Findings, finding{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col,
			Severity: d.Severity.String(), Message: d.Msg, Hint: d.Hint})
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

func reportCheckError(stderr io.Writer, err error) int {
	var list diag.List
	if errors.As(err, &list) {
		printDiags(stderr, list)
	} else {
		fmt.Fprintf(stderr, "works check: %v\n", err)
	}
	return exitFailed
}

// parseClock reads --clock: a date, or a date and time, in the site's time
// zone unless it names an offset.
func parseClock(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, l := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", time.DateTime, time.DateOnly} {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("must be a date and time like 2027-03-12T09:00 (got %q)", s)
}

// runSchedule prints the pages that are scheduled or will expire, and when
// the next change falls due, for a job that rebuilds the site then.
func runSchedule(ctx context.Context, root iofs.FS, cfg *config.Config, now time.Time, o checkOptions, stdout, stderr io.Writer) int {
	loaded, errs := build.Load(ctx, root, cfg, build.Options{Now: now})
	if ctx.Err() != nil {
		return reportCheckError(stderr, ctx.Err())
	}
	if err := errs.Err(); err != nil {
		return reportCheckError(stderr, err)
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
		for _, c := range changes {
			kind := "expire"
			if c.Publish {
				kind = "publish"
			}
			out.Changes = append(out.Changes, change{At: stamp(c.At), Change: kind, File: "content/" + c.Doc.Path, Title: c.Doc.Meta.Title})
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
		for _, c := range changes {
			if c.Publish == publish {
				lines = append(lines, fmt.Sprintf("  %s  %s  %q", stamp(c.At), "content/"+c.Doc.Path, c.Doc.Meta.Title))
			}
		}
		if len(lines) == 0 {
			continue
		}
		if publish {
			fmt.Fprintf(stdout, "Scheduled (%d):\n", len(lines))
		} else {
			fmt.Fprintf(stdout, "Expiring (%d):\n", len(lines))
		}
		fmt.Fprintln(stdout, strings.Join(lines, "\n"))
	}
	if len(changes) == 0 {
		fmt.Fprintln(stdout, "No page is scheduled or will expire.")
		fmt.Fprintln(stdout, "next change: none")
		return exitOK
	}
	fmt.Fprintf(stdout, "next change: %s\n", stamp(changes[0].At))
	return exitOK
}
