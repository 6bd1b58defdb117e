package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/msg"
)

// flagSet is a command's flags, with their help in the writer's language.
// It reads the command line itself rather than through flag.Parse, so
// that what is wrong is said in plain words (the flag package's are
// English and for programmers), one-letter flags combine (-DF is -D -F),
// and flags may come before, between or after the other words.
type flagSet struct {
	set     *flag.FlagSet
	c       *cli
	args    msg.Text // what the usage line shows after the command's name
	summary msg.Text
	usage   map[string]msg.Text // each flag's help, by name
}

// newFlags makes the flag set of the command c runs, with --lang, which
// every command takes.
func newFlags(c *cli, summary msg.Text) *flagSet {
	set := flag.NewFlagSet(strings.TrimPrefix(c.name, "works "), flag.ContinueOnError)
	set.SetOutput(io.Discard)
	f := &flagSet{set: set, c: c, args: msg.T("[flags]"), summary: summary, usage: map[string]msg.Text{}}
	f.define(func(n, usage string) { set.Var(langFlag{c}, n, usage) },
		msg.T("the `language` works speaks: nb (Norwegian) or en (English); without it, the language under [editor] in works.toml, or else nb"), "lang")
	return f
}

// define makes one flag under each of names with the same help.
func (f *flagSet) define(def func(name, usage string), usage msg.Text, names ...string) {
	for _, n := range names {
		def(n, usage.String())
		f.usage[n] = usage
	}
}

func (f *flagSet) stringVar(p *string, value string, usage msg.Text, names ...string) {
	f.define(func(n, u string) { f.set.StringVar(p, n, value, u) }, usage, names...)
}

func (f *flagSet) boolVar(p *bool, value bool, usage msg.Text, names ...string) {
	f.define(func(n, u string) { f.set.BoolVar(p, n, value, u) }, usage, names...)
}

func (f *flagSet) intVar(p *int, value int, usage msg.Text, names ...string) {
	f.define(func(n, u string) { f.set.IntVar(p, n, value, u) }, usage, names...)
}

// sourceVar is -s, --source: the site's folder, which every command but
// version and help reads.
func (f *flagSet) sourceVar(p *string) {
	f.stringVar(p, ".", msg.T("the site's `folder`"), "s", "source")
}

// langFlag is --lang. Its value was read before the command ran (see
// dispatch); setting it again here keeps the two in step.
type langFlag struct{ c *cli }

func (l langFlag) String() string { return "" }

func (l langFlag) Set(s string) error {
	lang, ok := msg.ParseLang(s)
	if !ok {
		return textError{langKind}
	}
	l.c.lang, l.c.chosen = lang, true
	return nil
}

// langKind is what --lang takes.
var langKind = msg.T("nb (Norwegian) or en (English)")

// parse reads args and returns the words that are not flags. done is
// true when the command should end at once with code: help was asked for
// (0), or the command line is wrong (2, said on stderr).
func (f *flagSet) parse(args []string) (words []string, code int, done bool) {
	words, problem, help := f.read(args)
	switch {
	case help:
		f.help()
		return nil, exitOK, true
	case !problem.IsZero():
		return nil, f.fail(problem), true
	}
	return words, 0, false
}

// parseNone is parse for a command that takes flags only.
func (f *flagSet) parseNone(args []string) (code int, done bool) {
	words, code, done := f.parse(args)
	if !done && len(words) > 0 {
		return f.fail(msg.T("%s: unexpected argument %q (the command takes flags only)", f.c.name, strings.Join(words, " "))), true
	}
	return code, done
}

// fail says what is wrong with the command line and where to read more.
func (f *flagSet) fail(problem msg.Text) int {
	f.c.print(f.c.stderr, problem)
	f.c.print(f.c.stderr, msg.T("Run 'works help %s' to see the flags.", f.set.Name()))
	return exitUsage
}

// read sets the flags args name, as the flag package would, and more:
// -DF is -D -F, and a one-letter flag that takes a value may end such a
// group, its value following it or the group (-Dd public, -Ddpublic).
func (f *flagSet) read(args []string) (words []string, problem msg.Text, help bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(words, args[i+1:]...), problem, false
		}
		if len(a) < 2 || a[0] != '-' {
			words = append(words, a)
			continue
		}
		dashes, name := "-", a[1:]
		if strings.HasPrefix(name, "-") {
			dashes, name = "--", name[1:]
		}
		name, value, hasValue := strings.Cut(name, "=")
		if name == "" || name[0] == '-' {
			return nil, msg.T("%s: there is no flag %q", f.c.name, a), false
		}
		fl := f.set.Lookup(name)
		if fl == nil && (name == "h" || name == "help") {
			return nil, problem, true
		}
		if fl == nil && dashes == "-" && !hasValue && len(name) > 1 && f.set.Lookup(name[:1]) != nil {
			var next bool
			if problem, next = f.group(a, args[i+1:]); !problem.IsZero() {
				return nil, problem, false
			}
			if next {
				i++
			}
			continue
		}
		typed := dashes + name
		if fl == nil {
			return nil, f.unknown(typed, name), false
		}
		if !hasValue {
			value = "true"
			if !isBool(fl) {
				if i+1 == len(args) {
					return nil, f.needsValue(typed, fl), false
				}
				i++
				value = args[i]
			}
		}
		if problem = f.setFlag(fl, typed, value); !problem.IsZero() {
			return nil, problem, false
		}
	}
	return words, problem, false
}

// group sets the one-letter flags of a, such as -DF; next reports that it
// took the argument after a as the value of its last flag.
func (f *flagSet) group(a string, rest []string) (problem msg.Text, next bool) {
	letters := a[1:]
	for j, r := range letters {
		fl := f.set.Lookup(string(r))
		if fl == nil {
			return msg.T("%s: there is no flag %q in %q", f.c.name, "-"+string(r), a), false
		}
		if isBool(fl) {
			if problem := f.setFlag(fl, "-"+string(r), "true"); !problem.IsZero() {
				return problem, false
			}
			continue
		}
		value := letters[j+utf8.RuneLen(r):]
		if value == "" {
			if len(rest) == 0 {
				return f.needsValue("-"+string(r), fl), false
			}
			value, next = rest[0], true
		}
		return f.setFlag(fl, "-"+string(r), value), next
	}
	return problem, false
}

func (f *flagSet) setFlag(fl *flag.Flag, typed, value string) msg.Text {
	if err := f.set.Set(fl.Name, value); err != nil {
		return badValue(f.c.name, typed, value, kind(fl))
	}
	return msg.Text{}
}

// unknown says that there is no flag name, with the one meant if a letter
// or two were slips: "--buildDraft" is "--buildDrafts".
func (f *flagSet) unknown(typed, name string) msg.Text {
	var names []string
	f.set.VisitAll(func(fl *flag.Flag) {
		if len(fl.Name) > 1 {
			names = append(names, fl.Name)
		}
	})
	if near := nearest(name, names); near != "" && len(name) > 1 {
		return msg.T("%s: there is no flag %q; did you mean %q?", f.c.name, typed, "--"+near)
	}
	return msg.T("%s: there is no flag %q", f.c.name, typed)
}

func (f *flagSet) needsValue(typed string, fl *flag.Flag) msg.Text {
	arg, _ := f.unquote(fl)
	return msg.T("%s: %s needs a value after it, like %s %s", f.c.name, typed, typed, arg)
}

// badValue says that a flag was given a value it cannot take.
func badValue(name, typed, value string, kind msg.Text) msg.Text {
	return msg.T("%s: %s takes %s, not %q", name, typed, kind, value)
}

// kind says what a flag's value must be, for when it is not.
func kind(fl *flag.Flag) msg.Text {
	if _, ok := fl.Value.(langFlag); ok {
		return langKind
	}
	if g, ok := fl.Value.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool:
			return msg.T("true or false")
		case int, int64, uint, uint64:
			return msg.T("a whole number")
		}
	}
	return msg.T("a value it knows")
}

func isBool(fl *flag.Flag) bool {
	b, ok := fl.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// unquote is flag.UnquoteUsage of the flag's help in the writer's
// language: the name of its value (the word in backquotes) and the help.
func (f *flagSet) unquote(fl *flag.Flag) (arg, usage string) {
	return flag.UnquoteUsage(&flag.Flag{Name: fl.Name, Usage: f.usage[fl.Name].In(f.c.lang), Value: fl.Value, DefValue: fl.DefValue})
}

// help prints the command's usage, what it does and its flags.
func (f *flagSet) help() {
	c, w := f.c, f.c.stdout
	c.print(w, msg.T("Usage: works %s %s", f.set.Name(), f.args))
	fmt.Fprintln(w)
	c.print(w, f.summary)
	fmt.Fprintln(w)
	c.print(w, msg.T("Flags:"))
	f.printFlags(w)
}

// printFlags lists flags the way Hugo users read them: "-D, --buildDrafts".
// Flags that share a help text are one flag under two names.
func (f *flagSet) printFlags(w io.Writer) {
	type entry struct {
		names []string
		f     *flag.Flag
	}
	var entries []*entry
	byUsage := map[string]*entry{}
	f.set.VisitAll(func(fl *flag.Flag) {
		if e := byUsage[fl.Usage]; e != nil {
			e.names = append(e.names, fl.Name)
			return
		}
		e := &entry{names: []string{fl.Name}, f: fl}
		byUsage[fl.Usage] = e
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
		arg, usage := f.unquote(e.f)
		line := "  " + strings.Join(names, ", ")
		if arg != "" {
			line += " " + arg
		}
		if d := e.f.DefValue; d != "" && d != "false" && arg != "" {
			usage = msg.Sprintf(f.c.lang, "%s (default %q)", usage, d)
		}
		fmt.Fprintf(w, "%-32s %s\n", line, usage)
	}
}
