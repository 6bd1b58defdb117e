package render

import (
	"bytes"
	"strings"

	"github.com/drammen-works/works/internal/msg"
)

// Limits that keep one template mistake from using up the machine. A page
// that reaches one fails with an error at the template's line, and the
// build fails, as for any error.
const (
	// maxSeq is the longest list seq makes, and the most times a range
	// over a number written in the template repeats. Hugo allows 2 000;
	// five times that still numbers the pagers of a 100 000-page list at
	// 10 a page, and costs 80 KB.
	maxSeq = 10_000

	// maxPageBytes is the most a page, or one partial, may write. A page
	// that links all of 100 000 pages at 200 bytes each is 20 MiB; only a
	// loop that never ends writes more.
	maxPageBytes = 64 << 20

	// maxPartialDepth is how deeply partials may include partials. Themes
	// nest three or four (a card that includes a picture); only a partial
	// that includes itself goes deeper. Hugo stops at 1 000 template calls;
	// here each level holds its own copy of the partials, so a few dozen.
	maxPartialDepth = 32
)

// seq makes the list 1, 2, …, n for {{ range seq 5 }}; n < 1 gives none.
func seq(n int) ([]int, error) {
	if n > maxSeq {
		return nil, limitError{
			what: msg.T("seq %d would make a list of %d numbers; seq makes at most %d", n, n, maxSeq),
			fix:  msg.T("count to %d or less, or range over the list you mean, such as {{ range .Pages }}", maxSeq),
		}
	}
	out := make([]int, max(n, 0))
	for i := range out {
		out[i] = i + 1
	}
	return out, nil
}

// replace replaces every old in v with new. An empty old matches between
// every two characters, so "replace .Content "" .Content" would ask for
// the square of the page; the result is refused past maxPageBytes.
func replace(v, oldText, newText any) (string, error) {
	s, old, new := toString(v), toString(oldText), toString(newText)
	if n := strings.Count(s, old); n > 0 && len(new) > len(old) && (len(new)-len(old)) > (maxPageBytes-len(s))/n {
		return "", limitError{
			what: msg.T("replace would make more than %d MiB of text", maxPageBytes>>20),
			fix:  msg.T(`replace a word or a character, not "" (which matches between every two letters)`),
		}
	}
	return strings.ReplaceAll(s, old, new), nil
}

// limitError is the answer to a request past one of the limits above;
// explain shows its own words and hint. A runaway one comes from a loop
// that would cost as much on every page, so the build stops rendering.
type limitError struct {
	what, fix msg.Text
	runaway   bool
}

func (e limitError) Error() string { return e.what.String() }

// cappedBuffer is a buffer that refuses to grow past maxPageBytes, so a
// loop that writes without end stops with an error instead of taking the
// machine's memory. html/template stops at the first failed write.
type cappedBuffer struct{ bytes.Buffer }

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if err := b.room(len(p)); err != nil {
		return 0, err
	}
	return b.Buffer.Write(p)
}

func (b *cappedBuffer) WriteString(s string) (int, error) {
	if err := b.room(len(s)); err != nil {
		return 0, err
	}
	return b.Buffer.WriteString(s)
}

func (b *cappedBuffer) room(n int) error {
	if b.Len()+n <= maxPageBytes {
		return nil
	}
	return limitError{
		what:    msg.T("the page grew past %d MiB while this template wrote it, so a loop probably never ends", maxPageBytes>>20),
		fix:     msg.T("check the range and partial calls of this template: each must come to an end"),
		runaway: true,
	}
}
