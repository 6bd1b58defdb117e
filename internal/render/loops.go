package render

import (
	"html/template"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// call is one {{ template "name" }} or {{ partial "name" }} in a template.
type call struct {
	to     string // the template called: "partials/menu.html", "main"
	tree   *parse.Tree
	at     parse.Pos
	always bool // not inside an if, with, range, and or or: every run of the caller makes it
}

// loops reports what the templates of set do without end whatever the
// page: a template or partial that calls itself, directly or through
// others, outside any {{ if }}, {{ with }} or {{ range }}, and a range over
// a number past maxSeq. Recursion inside a condition is how a theme draws a
// tree, so it is left to the depth limits when the site runs.
func (r *Renderer) loops(set *template.Template) diag.List {
	calls := map[string][]call{}
	var names []string
	var errs diag.List
	for _, t := range set.Templates() {
		if t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		names = append(names, t.Name())
		w := walker{tree: t.Tree}
		w.list(t.Tree.Root, true)
		calls[t.Name()] = w.calls
		for _, n := range w.ranges {
			errs.Add(diag.Errorf(r.nodePos(t.Tree, n.Position()), "",
				"range %s repeats %s times; a range repeats at most %d times", n.Text, n.Text, maxSeq).
				Fixf("range over %d or fewer, or over the list you mean", maxSeq))
		}
	}
	slices.Sort(names)

	// Depth-first along the calls made on every run; a call back to a
	// template on the path closes a loop.
	const (
		unseen = iota
		onPath
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(name string)
	visit = func(name string) {
		state[name] = onPath
		path = append(path, name)
		for _, c := range calls[name] {
			if !c.always {
				continue
			}
			switch state[c.to] {
			case unseen:
				if _, ok := calls[c.to]; ok {
					visit(c.to)
				}
			case onPath:
				loop := append(slices.Clone(path[slices.Index(path, c.to):]), c.to)
				errs.Add(diag.Errorf(r.nodePos(c.tree, c.at),
					"include it again only inside an {{ if }}, {{ with }} or {{ range }} that ends, such as {{ with .Parent }}, or not at all",
					"%s, so it never ends", describeLoop(loop)))
			}
		}
		path = path[:len(path)-1]
		state[name] = done
	}
	for _, name := range names {
		if state[name] == unseen {
			visit(name)
		}
	}
	return errs
}

// describeLoop says who calls whom: `the partial "menu.html" includes
// itself`, `the partial "a.html" includes "b.html", which includes "a.html" again`.
func describeLoop(loop []string) msg.Text {
	first := templateNoun(loop[0])
	includes := isPartial(loop[0])
	if len(loop) == 2 {
		if includes {
			return msg.T("%s includes itself", first)
		}
		return msg.T("%s calls itself", first)
	}
	said := first
	for i := 1; i < len(loop); i++ {
		to := shortName(loop[i])
		switch includes, first := isPartial(loop[i-1]), i == 1; {
		case first && includes:
			said = msg.T("%s includes %q", said, to)
		case first:
			said = msg.T("%s calls %q", said, to)
		case includes:
			said = msg.T("%s, which includes %q", said, to)
		default:
			said = msg.T("%s, which calls %q", said, to)
		}
	}
	return msg.T("%s again", said)
}

// templateNoun names a template as a writer knows it.
func templateNoun(name string) msg.Text {
	if isPartial(name) {
		return msg.T("the partial %q", shortName(name))
	}
	return msg.T("the template %q", name)
}

// isPartial says whether a template is a partial, which is included
// rather than called.
func isPartial(name string) bool { return strings.HasPrefix(name, "partials/") }

func shortName(name string) string { return strings.TrimPrefix(name, "partials/") }

// walker collects the calls and the ranges over big numbers of one tree.
type walker struct {
	tree   *parse.Tree
	calls  []call
	ranges []*parse.NumberNode
}

func (w *walker) list(l *parse.ListNode, always bool) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n, always)
	}
}

func (w *walker) node(n parse.Node, always bool) {
	switch n := n.(type) {
	case *parse.ActionNode:
		w.pipe(n.Pipe, always)
	case *parse.TemplateNode:
		w.calls = append(w.calls, call{to: n.Name, tree: w.tree, at: n.Position(), always: always})
		w.pipe(n.Pipe, always)
	case *parse.IfNode:
		w.branch(&n.BranchNode, always)
	case *parse.WithNode:
		w.branch(&n.BranchNode, always)
	case *parse.RangeNode:
		if p := n.Pipe; p != nil && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
			if num, ok := p.Cmds[0].Args[0].(*parse.NumberNode); ok && num.IsInt && num.Int64 > maxSeq {
				w.ranges = append(w.ranges, num)
			}
		}
		w.branch(&n.BranchNode, always)
	case *parse.ListNode:
		w.list(n, always)
	}
}

// branch: the condition runs whenever the action does; its lists may not.
func (w *walker) branch(b *parse.BranchNode, always bool) {
	w.pipe(b.Pipe, always)
	w.list(b.List, false)
	w.list(b.ElseList, false)
}

func (w *walker) pipe(p *parse.PipeNode, always bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		w.command(c, always)
	}
}

func (w *walker) command(c *parse.CommandNode, always bool) {
	if len(c.Args) == 0 {
		return
	}
	if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
		switch id.Ident {
		case "partial":
			if len(c.Args) > 1 {
				if s, ok := c.Args[1].(*parse.StringNode); ok {
					name := s.Text
					if !strings.HasPrefix(name, "partials/") {
						name = "partials/" + name
					}
					w.calls = append(w.calls, call{to: name, tree: w.tree, at: id.Position(), always: always})
				}
			}
		case "and", "or":
			// Only the first argument is sure to be evaluated.
			for i, a := range c.Args[1:] {
				w.arg(a, always && i == 0)
			}
			return
		}
	}
	for _, a := range c.Args {
		w.arg(a, always)
	}
}

func (w *walker) arg(n parse.Node, always bool) {
	switch n := n.(type) {
	case *parse.PipeNode:
		w.pipe(n, always)
	case *parse.ChainNode:
		w.arg(n.Node, always)
	}
}
