package server

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/diag"
	"github.com/drammen-works/works/internal/msg"
)

// brokenPath is the draft's page, left out for its errors.
const brokenPath = "historier/utkast/index.html"

// brokenErr is the error of a draft whose date cannot be read.
func brokenErr() error {
	var l diag.List
	l.Add(diag.Errorf(diag.Position{File: "content/historier/a.md", Line: 3, Col: 7}, "write it as 2026-11-27", `"date" must be a date like 2026-11-27 (got "27/11")`))
	return l.Err()
}

// withBroken is sample with the draft's page left out for its errors.
func withBroken(t *testing.T) *Snapshot {
	snap := sample(t)
	snap.Broken = map[string]error{brokenPath: brokenErr()}
	return snap
}

// TestBrokenPage: a page left out for its own errors is answered with
// them, with file, line, column and hint, and the other pages as usual.
func TestBrokenPage(t *testing.T) {
	b := &builds{next: make(chan result, 1)}
	s := New(Options{Build: b.build, Source: overlaySource})
	rebuild := func(snap *Snapshot) {
		t.Helper()
		b.next <- result{snap, nil}
		if err := s.Rebuild(context.Background(), []string{"content/historier/utkast.md"}); err != nil {
			t.Fatal(err)
		}
	}
	rebuild(withBroken(t))

	w := get(t, s, "/historier/utkast/")
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Errorf("GET a broken page: %d, want 200", w.Code)
	}
	for _, want := range []string{"<works-overlay>", "Denne siden har 1 feil", `<p class="where">content/historier/a.md:3:7</p>`,
		`<span class="fix">Slik retter du det: </span>write it as 2026-11-27`, "date: 27/11", "Denne siden kunne ikke lages", "Resten av nettstedet vises som vanlig.", "/_works/live.js"} {
		if !strings.Contains(body, want) {
			t.Errorf("the broken page does not show %q:\n%s", want, body)
		}
	}
	// It stays while other builds come and go; a failed build's does not.
	if !strings.Contains(body, "data-works-page") || strings.Contains(overlayHTML(brokenErr(), nil, msg.Norwegian, false), "data-works-page") || !strings.Contains(liveJS, "[data-works-page]") {
		t.Errorf("the page's own overlay is not told from a failed build's")
	}
	if strings.Contains(body, "som virket") {
		t.Errorf("a page that never worked speaks of its last version that worked:\n%s", body)
	}
	for _, p := range []string{"/", "/historier/bakeriet/"} {
		if w := get(t, s, p); w.Code != http.StatusOK || strings.Contains(w.Body.String(), "works-overlay") {
			t.Errorf("GET %s beside a broken page: %d, overlay %v", p, w.Code, strings.Contains(w.Body.String(), "works-overlay"))
		}
	}

	t.Run("the last version that worked", func(t *testing.T) {
		rebuild(sample(t)) // fixed: the draft can be made
		if w := get(t, s, "/historier/utkast/"); strings.Contains(w.Body.String(), "works-overlay") {
			t.Fatalf("the fixed page still shows the overlay:\n%s", w.Body.String())
		}
		rebuild(withBroken(t)) // broken again, then again with other words
		rebuild(withBroken(t))
		w := get(t, s, "/historier/utkast/")
		body := w.Body.String()
		for _, want := range []string{"<h1>Utkast</h1>", "Utkast – ikke publisert", "Denne siden har 1 feil", "Du ser den siste versjonen av denne siden som virket", "content/historier/a.md:3:7"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page broken since it worked does not show %q:\n%s", want, body)
			}
		}
		// The files that went with the page (its pictures) come from the
		// build it is shown from; pages that are gone stay gone.
		smaller := withBroken(t)
		smaller.Files = files(t, map[string]string{"index.html": doc("Forside"), "css/site.css": "body{color:red}"})
		rebuild(smaller)
		if w := get(t, s, "/images/logo.svg"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "<svg") {
			t.Errorf("a picture of the last version that worked: %d", w.Code)
		}
		if w := get(t, s, "/historier/bakeriet/"); w.Code != http.StatusNotFound {
			t.Errorf("a page gone from the build: %d, want 404", w.Code)
		}
	})
	t.Run("in English", func(t *testing.T) {
		got := pageOverlayHTML(brokenErr(), nil, msg.English, false)
		for _, want := range []string{"This page has 1 error", "The rest of the site is shown as usual.", "How to fix: "} {
			if !strings.Contains(got, want) {
				t.Errorf("the overlay does not say %q:\n%s", want, got)
			}
		}
	})
}

// TestBrokenPageEvents: a page that breaks, or whose errors change,
// reloads; other pages do not, and no build is said to have failed.
func TestBrokenPageEvents(t *testing.T) {
	b := &builds{next: make(chan result, 1)}
	s := New(Options{Build: b.build, Source: overlaySource})
	b.next <- result{sample(t), nil}
	s.Rebuild(context.Background(), nil)
	old := sample(t)
	for _, tt := range []struct {
		name string
		cur  *Snapshot
		want string
	}{
		{"breaks", withBroken(t), "[/historier/utkast/]"},
		{"its errors change", func() *Snapshot {
			snap := withBroken(t)
			snap.Broken[brokenPath] = fmt.Errorf("content/historier/utkast.md:2:1: something else")
			return snap
		}(), "[/historier/utkast/]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := diff(old, tt.cur, []string{"content/historier/utkast.md"}, false, []string{brokenPath, "index.html"})
			if c.All || fmt.Sprint(c.Pages) != tt.want {
				t.Errorf("diff = %+v, want pages %s", c, tt.want)
			}
			if err := s.prepare(tt.cur); err != nil {
				t.Errorf("preparing the open pages failed for the broken one: %v", err)
			}
			old = tt.cur
		})
	}
}

// TestWarningsPanel: a page with warnings shows them in a panel the writer
// can hide, in the writer's language, with how many there are elsewhere.
func TestWarningsPanel(t *testing.T) {
	const page = "historier/bakeriet/index.html"
	warning := diag.Warnf(diag.Position{File: "content/historier/bakeriet.md", Line: 5, Col: 12}, "write what the reader gets, like [Les mer om Internasjonale Drammen](…); screen readers often list links on their own",
		"the link text %q does not say where the link goes", "her")
	snap := sample(t)
	snap.Warnings = map[string]diag.List{page: {warning}}
	snap.Warned = 3
	s := newServer(t, snap)

	body := get(t, s, "/historier/bakeriet/").Body.String()
	for _, want := range []string{
		`<works-warnings data-key="`, `<template shadowrootmode="open">`,
		`<aside aria-labelledby="works-warnings-title">`, `<h2 id="works-warnings-title">1 advarsel på denne siden</h2>`,
		`<button type="button" data-works-dismiss aria-label="Skjul advarslene">Skjul</button>`,
		`<p class="where">content/historier/bakeriet.md:5:12</p>`, "lenketeksten «her» sier ikke hvor lenken går",
		"Slik retter du det: ", "Og 2 på andre sider: se terminalen.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the panel does not have %q:\n%s", want, body)
		}
	}
	if i, j := strings.Index(body, "<works-warnings"), strings.Index(body, `<script src="/_works/live.js"`); i < 0 || i > j || j > strings.Index(body, "</body>") {
		t.Errorf("the panel is not at the end of the body, before the script:\n%s", body)
	}
	// live.js hides it on the button and Escape, and keeps it hidden.
	for _, want := range []string{"[data-works-dismiss]", `e.key === "Escape"`, "works:warnings-hidden", "panel.dataset.key"} {
		if !strings.Contains(liveJS, want) {
			t.Errorf("live.js does not hide the panel with %s", want)
		}
	}

	other := get(t, s, "/historier/bryggeriet/").Body.String()
	if !strings.Contains(other, "3 advarsler på andre sider: se terminalen") || strings.Contains(other, "lenketeksten") {
		t.Errorf("a page without warnings of its own does not say how many there are elsewhere, only that:\n%s", other)
	}
	key := regexp.MustCompile(`data-key="(\w+)"`)
	if a, b := key.FindStringSubmatch(body), key.FindStringSubmatch(other); a == nil || b == nil || a[1] == b[1] {
		t.Errorf("two panels that say different things have one key: %v, %v", a, b)
	}

	snap.Warnings, snap.Warned = nil, 0
	if body := get(t, newServer(t, snap), "/historier/bakeriet/").Body.String(); strings.Contains(body, "works-warnings") {
		t.Errorf("a site without warnings shows the panel:\n%s", body)
	}
	if got := panelHTML(diag.List{warning}, 1, msg.English); !strings.Contains(got, ">1 warning on this page<") || strings.Contains(got, "other pages") {
		t.Errorf("in English:\n%s", got)
	}

	t.Run("changed warnings reload the page", func(t *testing.T) {
		old, cur := sample(t), sample(t)
		cur.Warnings = map[string]diag.List{page: {warning}}
		if c := diff(old, cur, []string{"content/historier/bakeriet.md"}, false, nil); fmt.Sprint(c.Pages) != "[/historier/bakeriet/]" {
			t.Errorf("diff = %+v, want the page with the new warning", c)
		}
	})
}
