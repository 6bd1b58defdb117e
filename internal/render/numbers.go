package render

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"unicode/utf8"

	"github.com/drammen-works/works/internal/msg"
)

// Numbers reach templates in every Go kind: int from the template itself
// (3, len, range), int64 from front matter and data files, float64 from
// TOML's 2.0. The template functions take them all, as Hugo's do.

// integer is v as a whole number: a value of any integer kind, or a float
// without a fraction. It is false for anything else, and for a number an
// int64 cannot hold.
func integer(v any) (int64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		return int64(u), u <= math.MaxInt64
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		// -2^63 is an int64; 2^63 is not.
		if f == math.Trunc(f) && f >= math.MinInt64 && f < math.MaxInt64 {
			return int64(f), true
		}
	}
	return 0, false
}

// toFloat is v as a float64 if it is a number of any kind.
func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

// compareNumbers orders two numbers of any kinds, exactly when both are
// integers (an int64 and a uint64 included); ok is false unless both are
// numbers.
func compareNumbers(a, b any) (c int, ok bool) {
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	ka, kb := numberKind(ra.Kind()), numberKind(rb.Kind())
	switch {
	case ka == notNumber || kb == notNumber:
		return 0, false
	case ka == signed && kb == signed:
		return cmp.Compare(ra.Int(), rb.Int()), true
	case ka == unsigned && kb == unsigned:
		return cmp.Compare(ra.Uint(), rb.Uint()), true
	case ka == signed && kb == unsigned:
		return compareSignedUnsigned(ra.Int(), rb.Uint()), true
	case ka == unsigned && kb == signed:
		return -compareSignedUnsigned(rb.Int(), ra.Uint()), true
	}
	x, _ := toFloat(a)
	y, _ := toFloat(b)
	return cmp.Compare(x, y), true
}

func compareSignedUnsigned(i int64, u uint64) int {
	if i < 0 {
		return -1
	}
	return cmp.Compare(uint64(i), u)
}

type kindOfNumber int

const (
	notNumber kindOfNumber = iota
	signed
	unsigned
	float
)

func numberKind(k reflect.Kind) kindOfNumber {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return signed
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return unsigned
	case reflect.Float32, reflect.Float64:
		return float
	}
	return notNumber
}

// arithmetic is add, sub and mul: integers of any kinds give an int, as
// {{ add $i 1 }} is compared with len; a float on either side gives a
// float64, as in Hugo.
func arithmetic(fn string, a, b any, ints func(x, y int64) int64, floats func(x, y float64) float64) (any, error) {
	ka, kb := numberKind(reflect.ValueOf(a).Kind()), numberKind(reflect.ValueOf(b).Kind())
	if ka != float && kb != float {
		x, okX := integer(a)
		y, okY := integer(b)
		if okX && okY {
			return int(ints(x, y)), nil
		}
	}
	x, okX := toFloat(a)
	if !okX {
		return nil, funcError{msg.T("%s: a number is needed, not %s", fn, describe(a))}
	}
	y, okY := toFloat(b)
	if !okY {
		return nil, funcError{msg.T("%s: a number is needed, not %s", fn, describe(b))}
	}
	return floats(x, y), nil
}

func add(a, b any) (any, error) {
	return arithmetic("add", a, b, func(x, y int64) int64 { return x + y }, func(x, y float64) float64 { return x + y })
}

func sub(a, b any) (any, error) {
	return arithmetic("sub", a, b, func(x, y int64) int64 { return x - y }, func(x, y float64) float64 { return x - y })
}

func mul(a, b any) (any, error) {
	return arithmetic("mul", a, b, func(x, y int64) int64 { return x * y }, func(x, y float64) float64 { return x * y })
}

// countArg reads the number of things a function is asked for (seq's last
// number, first's and last's count, truncate's length): a whole number of
// any kind.
func countArg(fn string, what msg.Text, v any) (int, error) {
	n, ok := integer(v)
	if !ok {
		return 0, funcError{msg.T("%s: %s must be a whole number, not %s", fn, what, describe(v))}
	}
	return int(max(min(n, math.MaxInt), math.MinInt)), nil
}

// describe names a value that a function cannot use, for its error:
// `the text "tjue"`, `2.5`, `a page`.
func describe(v any) msg.Text {
	if v == nil {
		return msg.T("nothing (is the name right?)")
	}
	if _, isNumber := toFloat(v); isNumber {
		return msg.T("%s", fmt.Sprint(v))
	}
	if s, ok := v.(string); ok {
		return msg.T("the text %q", shorten(s))
	}
	noun := typeNoun(fmt.Sprintf("%T", v))
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return msg.T("%s (%q)", noun, shorten(rv.String()))
	}
	return noun
}

// shorten keeps an error about a long text to one line.
func shorten(s string) string {
	const most = 40
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	return string([]rune(s)[:most]) + "…"
}
