package render

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
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
	if !cur.IsValid() {
		return nil, false
	}
	return cur.Interface(), true
}

// step reads one name from v: a method without arguments, a field or a map key.
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
			return f, f.IsValid()
		case reflect.Map:
			if val := v.MapIndex(reflect.ValueOf(name)); val.IsValid() {
				return val, true
			}
			// front-matter keys are matched regardless of case, as in Hugo
			for _, k := range v.MapKeys() {
				if strings.EqualFold(k.String(), name) {
					return v.MapIndex(k), true
				}
			}
			return v, false
		default:
			return v, false
		}
	}
	return v, false
}

// where filters a list by a field: {{ where .Site.RegularPages "Section" "historier" }},
// {{ where .Pages "Params.featured" true }}, {{ where .Pages "Date" ">" $d }}.
func where(list any, key string, args ...any) (any, error) {
	op, want := "==", any(nil)
	switch len(args) {
	case 1:
		want = args[0]
	case 2:
		op, _ = args[0].(string)
		want = args[1]
	default:
		return nil, fmt.Errorf("where: want a list, a key, an optional operator and a value")
	}
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("where: %T is not a list", list)
	}
	out := reflect.MakeSlice(rv.Type(), 0, rv.Len())
	for i := range rv.Len() {
		item := rv.Index(i)
		got, _ := field(item.Interface(), key)
		ok, err := compareOp(op, got, want)
		if err != nil {
			return nil, fmt.Errorf("where %q: %w", key, err)
		}
		if ok {
			out = reflect.Append(out, item)
		}
	}
	return out.Interface(), nil
}

func compareOp(op string, got, want any) (bool, error) {
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
	case "<", "<=", ">", ">=", "lt", "le", "gt", "ge":
		c := compareAny(got, want)
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
	return false, fmt.Errorf("unknown operator %q", op)
}

// compareAny orders numbers, times and text; other values compare as text.
func compareAny(a, b any) int {
	switch x := a.(type) {
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y)
		}
	case int:
		if y, ok := b.(int); ok {
			return cmp.Compare(x, y)
		}
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok {
			return cmp.Compare(x, y)
		}
	}
	if x, ok := toFloat(a); ok {
		if y, ok := toFloat(b); ok {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(toString(a), toString(b))
}

func toFloat(v any) (float64, bool) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

// sortBy returns a sorted copy: {{ sort .Pages "Title" }}, {{ sort .Pages "Date" "desc" }}.
func sortBy(list any, args ...string) (any, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return nil, fmt.Errorf("sort: %T is not a list", list)
	}
	key, desc := "", false
	if len(args) > 0 {
		key = args[0]
	}
	if len(args) > 1 {
		desc = args[1] == "desc"
	}
	items := make([]reflect.Value, rv.Len())
	for i := range items {
		items[i] = rv.Index(i)
	}
	value := func(v reflect.Value) any {
		if key == "" || key == "value" {
			return v.Interface()
		}
		got, _ := field(v.Interface(), key)
		return got
	}
	slices.SortStableFunc(items, func(a, b reflect.Value) int {
		c := compareAny(value(a), value(b))
		if desc {
			return -c
		}
		return c
	})
	out := reflect.MakeSlice(rv.Type(), len(items), len(items))
	for i, it := range items {
		out.Index(i).Set(it)
	}
	return out.Interface(), nil
}

// first returns the first n items of a list. It never makes a list, so a
// huge n costs nothing.
func first(n int, list any) (any, error) {
	rv, err := sliceable("first", list)
	if err != nil {
		return nil, err
	}
	return rv.Slice(0, min(max(n, 0), rv.Len())).Interface(), nil
}

// last returns the last n items of a list.
func last(n int, list any) (any, error) {
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
	return reflect.Value{}, fmt.Errorf("%s: %T is not a list", fn, list)
}
