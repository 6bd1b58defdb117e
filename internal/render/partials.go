package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"sync/atomic"
)

// partialLevels run one language's partials, one template set per depth: a
// partial included from depth d runs in the set of depth d+1, whose own
// partial function leads to depth d+2, and the set of maxPartialDepth
// includes no further. The depth travels with the set, because
// html/template gives a template function no way to know which execution
// called it, and a partial that includes itself would otherwise recurse
// until Go's stack overflows, which kills the process.
//
// A set is made when it is first needed: a theme that nests partials three
// deep has three.
type partialLevels struct {
	proto *template.Template // the partials and baseof, never executed: html/template clones only what has not run
	mu    sync.Mutex         // held while a set is made
	sets  [maxPartialDepth + 1]atomic.Pointer[template.Template]
}

// at returns the set partials run in at depth (1 … maxPartialDepth).
func (l *partialLevels) at(depth int) (*template.Template, error) {
	if set := l.sets[depth].Load(); set != nil {
		return set, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if set := l.sets[depth].Load(); set != nil {
		return set, nil
	}
	set, err := l.proto.Clone()
	if err != nil {
		return nil, err
	}
	set.Funcs(template.FuncMap{"partial": l.partial(depth)})
	l.sets[depth].Store(set)
	return set, nil
}

// partial is the partial function of templates running at depth: it
// executes partials/<name> at depth+1, as Hugo's partial does, and returns
// what it wrote.
func (l *partialLevels) partial(depth int) func(string, ...any) (template.HTML, error) {
	return func(name string, data ...any) (template.HTML, error) {
		if !strings.HasPrefix(name, "partials/") {
			name = "partials/" + name
		}
		if depth >= maxPartialDepth {
			return "", partialDepthError{name: name}
		}
		set, err := l.at(depth + 1)
		if err != nil {
			return "", err
		}
		var ctx any
		if len(data) > 0 {
			ctx = data[0]
		}
		var b cappedBuffer
		if err := set.ExecuteTemplate(&b, name, ctx); err != nil {
			return "", err
		}
		return template.HTML(b.String()), nil
	}
}

// partialDepthError is the answer of a partial asked to include another
// past maxPartialDepth; explain names the partials that include each other
// from the executions it passed through.
type partialDepthError struct{ name string }

func (e partialDepthError) Error() string {
	return fmt.Sprintf("partials are included more than %d levels deep (at %q)", maxPartialDepth, e.name)
}
