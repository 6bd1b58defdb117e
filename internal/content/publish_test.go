package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, oslo)
	var docs []*Document
	for _, f := range []struct{ path, front string }{
		{"a.md", "date: 2027-03-12T09:00\n"},
		{"b.md", "date: 2026-01-01\npublishDate: 2027-01-01\nexpiryDate: 2027-06-30\n"},
		{"c.md", "expiryDate: 2026-12-24\n"},
		{"d.md", "date: 2027-01-01\ndraft: true\n"},                   // a draft never goes live by itself
		{"e.md", "date: 2026-11-01\nexpiryDate: 2026-11-02\n"},        // already gone
		{"f.md", "date: 2027-01-01\n"},                                // same moment as b: by path
		{"g.md", "publishDate: 2027-06-30\nexpiryDate: 2027-06-30\n"}, // publishing before expiry
	} {
		d, errs := Parse(f.path, []byte("---\ntitle: "+f.path+"\n"+f.front+"---\n"), oslo)
		if errs.Err() != nil {
			t.Fatal(errs)
		}
		docs = append(docs, d)
	}
	var got []string
	for _, c := range Schedule(docs, now) {
		kind := "expire"
		if c.Publish {
			kind = "publish"
		}
		got = append(got, fmt.Sprintf("%s %s %s", c.At.Format(time.RFC3339), kind, c.Doc.Path))
	}
	want := []string{
		"2026-12-24T00:00:00+01:00 expire c.md",
		"2027-01-01T00:00:00+01:00 publish b.md",
		"2027-01-01T00:00:00+01:00 publish f.md",
		"2027-03-12T09:00:00+01:00 publish a.md",
		"2027-06-30T00:00:00+02:00 expire b.md",
		"2027-06-30T00:00:00+02:00 publish g.md",
		"2027-06-30T00:00:00+02:00 expire g.md",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
