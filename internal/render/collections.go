package render

import (
	"bytes"
	"cmp"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/drammen-works/works/internal/msg"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// field reads a dotted key ("Section", "Params.featured", ".Date") from a
// struct, a pointer to one, or a map, the way templates address values.
func field(v any, key string) (any, bool) {
	cur := reflect.ValueOf(v)
	for part := range strings.SplitSeq(strings.TrimPrefix(key, "."), ".") {
		var ok bool
		if cur, ok = step(cur, part); !ok {
			return nil, false
		}
	}
	if !cur.IsValid() || !cur.CanInterface() {
		return nil, false
	}
	return cur.Interface(), true
}

// step reads one name from v: a method without arguments, a field or a map key.
// An unexported field is no field: a template cannot read it either.
func step(v reflect.Value, name string) (reflect.Value, bool) {
	for v.IsValid() {
		if m := v.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
			return m.Call(nil)[0], true
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
		case reflect.Struct:
			f := v.FieldByName(name)
			return f, f.IsValid() && f.CanInterface()
		case reflect.Map:
			return mapValue(v, name)
		default:
			return v, false
		}
	}
	return v, false
}

// mapValue reads key name of a map with text keys, or with keys of any
// type (map[any]any). A front-matter key is matched regardless of case, as
// in Hugo; of two keys that differ only in case (Tags, tags), the exact
// one wins, else the first in byte order, so the answer is always the same.
func mapValue(m reflect.Value, name string) (reflect.Value, bool) {
	key, ok := mapKey(m.Type().Key(), name)
	if !ok {
		return m, false
	}
	if val := m.MapIndex(key); val.IsValid() {
		return val, true
	}
	var found reflect.Value
	best := ""
	for it := m.MapRange(); it.Next(); {
		k := it.Key()
		if k.Kind() == reflect.Interface {
			k = k.Elem()
		}
		if k.Kind() == reflect.String && strings.EqualFold(k.String(), name) && (!found.IsValid() || k.String() < best) {
			found, best = it.Value(), k.String()
		}
	}
	return found, found.IsValid()
}

// mapKey is key as a key of a map whose keys are of type t, or false when
// no key of t can equal it. Any value is a text key as its text
// ({{ isset .Params 2026 }}); a whole number is a key of any number kind
// that holds it.
func mapKey(t reflect.Type, key any) (reflect.Value, bool) {
	if t.Kind() == reflect.String {
		k := reflect.ValueOf(toString(key))
		if k.Type() != t {
			k = k.Convert(t) // a named text type
		}
		return k, true
	}
	k := reflect.New(t).Elem()
	switch numberKind(t.Kind()) {
	case signed:
		n, ok := integer(key)
		if !ok || k.OverflowInt(n) {
			return k, false
		}
		k.SetInt(n)
		return k, true
	case unsigned:
		n, ok := integer(key)
		if !ok || n < 0 || k.OverflowUint(uint64(n)) {
			return k, false
		}
		k.SetUint(uint64(n))
		return k, true
	case float:
		f, ok := toFloat(key)
		k.SetFloat(f)
		return k, ok
	}
	v := reflect.ValueOf(key)
	if !v.IsValid() || !v.Type().AssignableTo(t) || !v.Comparable() {
		return k, false // a list or a map cannot be a key
	}
	return v, true
}

// ordering is the order of sort and of where's <, <=, > and >= for one
// language: numbers as numbers, dates as dates, anything else as text in
// the order its readers expect, Æ Ø Å after Z in Norwegian, small and
// capital letters together. A collator is not safe for concurrent use and
// takes 5 µs and 5 KiB to make, so each call takes one from the pool.
type ordering struct {
	lang      language.Tag
	collators sync.Pool // of *collator
}

// collator is a collator of the language with the buffer its sort keys
// are made in, kept together so that a sort allocates neither.
type collator struct {
	*collate.Collator
	keys collate.Buffer
}

func newOrdering(lang string) *ordering {
	o := &ordering{lang: collationTag(lang)}
	o.collators.New = func() any { return &collator{Collator: collate.New(o.lang)} }
	return o
}

// collationTag is the language whose collation orders text of lang.
// x/text gives Bokmål the root order, with Å among the A's
// (golang/go#59908); its Nynorsk table has the Norwegian rules of CLDR,
// which are the same for both: Æ Ø Å after Z, and "aa" as Å.
func collationTag(lang string) language.Tag {
	tag, err := language.Parse(lang)
	if err != nil {
		return language.Und
	}
	switch base, _ := tag.Base(); base.String() {
	case "nb", "no", "nn":
		return language.Make("nn")
	}
	return tag
}

func (o *ordering) collator() *collator { return o.collators.Get().(*collator) }

// release gives c back; the keys it made are no longer valid.
func (o *ordering) release(c *collator) {
	c.keys.Reset()
	o.collators.Put(c)
}

// where filters a list by a field: {{ where .Site.RegularPages "Section" "historier" }},
// {{ where .Pages "Params.featured" true }}, {{ where .Pages "Date" ">" $d }}.
func (o *ordering) where(list any, key string, args ...any) (any, error) {
	op, want := "==", any(nil)
	switch len(args) {
	case 1:
		want = args[0]
	case 2:
		op, _ = args[0].(string)
		want = args[1]
	default:
		return nil, funcError{msg.T("where: want a list, a key, an optional operator and a value")}
	}
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return nil, funcError{msg.T("where: %T is not a list", list)}
	}
	var compare func(a, b any) int // only <, <=, > and >= order, and need a collator
	if isOrder(op) {
		coll := o.collator()
		defer o.release(coll)
		compare = func(a, b any) int { return compareValues(coll.Collator, a, b) }
	}
	out := reflect.MakeSlice(rv.Type(), 0, rv.Len())
	for i := range rv.Len() {
		item := rv.Index(i)
		got, _ := field(item.Interface(), key)
		ok, err := compareOp(op, got, want, compare)
		if err != nil {
			return nil, funcError{msg.T("where %q: %s", key, err)}
		}
		if ok {
			out = reflect.Append(out, item)
		}
	}
	return out.Interface(), nil
}

func isOrder(op string) bool {
	switch op {
	case "<", "<=", ">", ">=", "lt", "le", "gt", "ge":
		return true
	}
	return false
}

// compareOp is where's test of one value; compare is the order of <, <=,
// > and >=, and nil for the other operators.
func compareOp(op string, got, want any, compare func(a, b any) int) (bool, error) {
	switch op {
	case "=", "==", "eq":
		return equal(got, want), nil
	case "!=", "<>", "ne":
		return !equal(got, want), nil
	case "in":
		return in(want, got), nil
	case "not in":
		return !in(want, got), nil
	case "intersect":
		rv := reflect.ValueOf(got)
		if rv.Kind() != reflect.Slice {
			return false, nil
		}
		for i := range rv.Len() {
			if in(want, rv.Index(i).Interface()) {
				return true, nil
			}
		}
		return false, nil
	}
	if !isOrder(op) {
		return false, funcError{msg.T("unknown operator %q", op)}
	}
	c := compare(got, want)
	switch op {
	case "<", "lt":
		return c < 0, nil
	case "<=", "le":
		return c <= 0, nil
	case ">", "gt":
		return c > 0, nil
	}
	return c >= 0, nil
}

// compareValues is the order of ordering: numbers of any kinds as numbers,
// dates as dates; anything else, and a mix (a date and a text), as text
// in coll's order.
func compareValues(coll *collate.Collator, a, b any) int {
	if c, ok := compareOrdered(a, b); ok {
		return c
	}
	return compareText(coll, toString(a), toString(b))
}

// compareOrdered orders two dates or two numbers; ok is false for any other pair.
func compareOrdered(a, b any) (int, bool) {
	if x, ok := a.(time.Time); ok {
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
		return 0, false
	}
	return compareNumbers(a, b)
}

// compareText orders text by coll, and text it finds equal (the same
// letters written in two Unicode forms) by bytes, so the order is total.
func compareText(coll *collate.Collator, a, b string) int {
	if c := coll.CompareString(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// sort returns a sorted copy: {{ sort .Pages "Title" }}, {{ sort .Pages "Date" "desc" }}.
// Each item's value is read once and each text's collation key made once,
// not at every comparison.
func (o *ordering) sort(list any, args ...string) (any, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return nil, funcError{msg.T("sort: %T is not a list", list)}
	}
	key, desc := "", false
	if len(args) > 0 {
		key = args[0]
	}
	if len(args) > 1 {
		desc = args[1] == "desc"
	}
	coll := o.collator()
	defer o.release(coll)
	items := make([]sortItem, rv.Len())
	order := make([]int, len(items))
	for i := range items {
		order[i] = i
		if key == "" || key == "value" {
			items[i].value = rv.Index(i).Interface()
		} else {
			items[i].value, _ = field(rv.Index(i).Interface(), key)
		}
	}
	textKey := func(it *sortItem) []byte {
		if !it.keyed {
			it.text = toString(it.value)
			it.key, it.keyed = coll.KeyFromString(&coll.keys, it.text), true
		}
		return it.key
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &items[i], &items[j]
		c, ok := compareOrdered(a.value, b.value)
		if !ok {
			// The keys compare as coll compares the texts; texts with
			// equal keys and other bytes (two Unicode forms of a letter)
			// are ordered by bytes, as in compareText.
			c = cmp.Or(bytes.Compare(textKey(a), textKey(b)), strings.Compare(a.text, b.text))
		}
		if desc {
			return -c
		}
		return c
	})
	out := reflect.MakeSlice(rv.Type(), len(items), len(items))
	for i, from := range order {
		out.Index(i).Set(rv.Index(from))
	}
	return out.Interface(), nil
}

// sortItem is a value sort orders by, with its text's collation key once
// it is needed.
type sortItem struct {
	value any
	text  string
	key   []byte
	keyed bool
}

// first returns the first n items of a list. It never makes a list, so a
// huge n costs nothing.
func first(count any, list any) (any, error) {
	n, err := countArg("first", msg.T("the count"), count)
	if err != nil {
		return nil, err
	}
	rv, err := sliceable("first", list)
	if err != nil {
		return nil, err
	}
	return rv.Slice(0, min(max(n, 0), rv.Len())).Interface(), nil
}

// last returns the last n items of a list.
func last(count any, list any) (any, error) {
	n, err := countArg("last", msg.T("the count"), count)
	if err != nil {
		return nil, err
	}
	rv, err := sliceable("last", list)
	if err != nil {
		return nil, err
	}
	return rv.Slice(max(rv.Len()-max(n, 0), 0), rv.Len()).Interface(), nil
}

// sliceable is list as a value reflect can slice: an array is copied,
// because reflect slices only arrays it can address.
func sliceable(fn string, list any) (reflect.Value, error) {
	rv := reflect.ValueOf(list)
	switch rv.Kind() {
	case reflect.Slice:
		return rv, nil
	case reflect.Array:
		c := reflect.New(rv.Type()).Elem()
		c.Set(rv)
		return c, nil
	}
	return reflect.Value{}, funcError{msg.T("%s: %T is not a list", fn, list)}
}
