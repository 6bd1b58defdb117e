package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
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
	short string
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "build the site into public/", runBuild},
		{"check", "find broken links, accessibility and plain-language problems", runCheck},
		{"new", "start a new page from its section's template", runNew},
		{"serve", "preview the site, rebuilding as files change", runServe},
		{"version", "print the version", runVersion},
		{"help", "show help for a command", runHelp},
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return dispatch(ctx, commands(), args, stdout, stderr)
}

// dispatch runs the command of cmds that args name.
func dispatch(ctx context.Context, cmds []command, args []string, stdout, stderr io.Writer) (code int) {
	// A bug in works is not a wrong command line: Go's own exit status for
	// a panic is 2, which is reserved for that.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "works: internal error: %v\nThis is a bug in works, not in your site; the published folder is unchanged. Please report it with what works version prints and these lines:\n%s", r, debug.Stack())
			code = exitFailed
		}
	}()
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help":
		usage(stdout)
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	for _, c := range cmds {
		if c.name == name {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "works: unknown command %q\n\n", name)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "works builds a Works site from Markdown.\n\nUsage:\n  works <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nRun 'works help <command>' for the flags of a command.")
}

func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] && c.name != "help" {
			return c.run(ctx, []string{"-h"}, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "works: unknown command %q\n", args[0])
	return exitUsage
}

func runVersion(_ context.Context, _ []string, stdout, _ io.Writer) int {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	fmt.Fprintf(stdout, "works %s\n", version)
	return exitOK
}

// flagSet is a command's flags with the text its help shows.
type flagSet struct {
	*flag.FlagSet
	summary string
	stdout  io.Writer
}

// newFlags makes a flag set whose parse errors go to stderr and whose help
// (-h) goes to stdout.
func newFlags(name, summary string, stdout, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parse prints help or a hint itself
	return &flagSet{FlagSet: fs, summary: summary, stdout: stdout}
}

// parse parses args; the second result is the exit code when parsing
// ended the command (help asked for, or a usage error).
func (fs *flagSet) parse(args []string) (int, bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(fs.stdout, "Usage: works %s [flags]\n\n%s\n\nFlags:\n", fs.Name(), fs.summary)
		printFlags(fs.stdout, fs.FlagSet)
		return exitOK, true
	case err == nil && fs.NArg() > 0:
		fmt.Fprintf(fs.Output(), "works %s: unexpected argument %q\n", fs.Name(), strings.Join(fs.Args(), " "))
		err = flag.ErrHelp
	}
	if err != nil {
		fmt.Fprintf(fs.Output(), "Run 'works help %s' to see the flags.\n", fs.Name())
		return exitUsage, true
	}
	return 0, false
}

// printFlags lists flags the way Hugo users read them: "-D, --buildDrafts".
// Flags that share a usage text are one flag under two names.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	type entry struct {
		names []string
		f     *flag.Flag
	}
	var entries []*entry
	byUsage := map[string]*entry{}
	fs.VisitAll(func(f *flag.Flag) {
		if e := byUsage[f.Usage]; e != nil {
			e.names = append(e.names, f.Name)
			return
		}
		e := &entry{names: []string{f.Name}, f: f}
		byUsage[f.Usage] = e
		entries = append(entries, e)
	})
	for _, e := range entries {
		slices.SortFunc(e.names, func(a, b string) int { return len(a) - len(b) })
	}
	slices.SortFunc(entries, func(a, b *entry) int {
		return strings.Compare(strings.ToLower(a.names[len(a.names)-1]), strings.ToLower(b.names[len(b.names)-1]))
	})
	for _, e := range entries {
		var names []string
		for _, n := range e.names {
			if len(n) == 1 {
				names = append(names, "-"+n)
			} else {
				names = append(names, "--"+n)
			}
		}
		arg, usage := flag.UnquoteUsage(e.f)
		line := "  " + strings.Join(names, ", ")
		if arg != "" {
			line += " " + arg
		}
		if d := e.f.DefValue; d != "" && d != "false" && arg != "" {
			usage += fmt.Sprintf(" (default %q)", d)
		}
		fmt.Fprintf(w, "%-32s %s\n", line, usage)
	}
}
