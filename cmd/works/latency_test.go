package main

import (
	"cmp"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/bench"
)

// TestLatency compares the time from saving a page to the new text being
// served, for `works serve` and for `hugo server` (with and without its fast
// render mode), on the sample site and on generated sites of 1 000 and
// 10 000 pages (issue 4). It is a measurement, not a check, and runs only
// when asked:
//
//	WORKS_LATENCY=1 go test ./cmd/works -run TestLatency -v -timeout 2h
//
// WORKS_LATENCY_PAGES (default "1000,10000") chooses the generated sizes,
// WORKS_LATENCY_EDITS (default 12) the number of timed edits per server.
//
// Every server gets its own copy of the site and they all run at once; each
// round edits one page for each server in turn, in an order that rotates
// from round to round, and waits for that server to finish rebuilding
// before the next, so that the noise of a busy machine falls on all alike.
// A page counts as updated when a GET of it returns the new text: the same
// test for both programs. For works the table also gives the time to the
// "change" event an open page receives, and each program's own report of
// its rebuild ("Bygde på nytt på N ms", "Total in N ms").
func TestLatency(t *testing.T) {
	if os.Getenv("WORKS_LATENCY") != "1" {
		t.Skip("a measurement: set WORKS_LATENCY=1 to run it")
	}
	edits := 12
	if s := os.Getenv("WORKS_LATENCY_EDITS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("WORKS_LATENCY_EDITS=%q is not a positive number", s)
		}
		edits = n
	}
	var sizes []int
	for _, s := range strings.Split(cmp.Or(os.Getenv("WORKS_LATENCY_PAGES"), "1000,10000"), ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			t.Fatalf("WORKS_LATENCY_PAGES=%q: give page counts of 10 or more, separated by commas", os.Getenv("WORKS_LATENCY_PAGES"))
		}
		sizes = append(sizes, n)
	}
	works := buildBinary(t)
	hugo, hugoErr := exec.LookPath("hugo")
	if hugoErr != nil {
		t.Logf("hugo is not installed (apt-get install hugo): measuring works alone")
	}

	var rows []latencyRow
	t.Run("sample", func(t *testing.T) {
		base := t.TempDir()
		if err := os.CopyFS(filepath.Join(base, "content"), os.DirFS("../../content")); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(filepath.Join(base, "themes"), os.DirFS("../../themes")); err != nil {
			t.Fatal(err)
		}
		toml, err := os.ReadFile("../../works.toml")
		if err == nil {
			err = os.WriteFile(filepath.Join(base, "works.toml"), toml, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		// Hugo cannot build the sample site: its templates and works.toml
		// are works's own.
		contenders := []*contender{startWorks(t, works, copySite(t, base, "works"),
			"content/historier/bakeriet-i-sentrum/index.md", "/historier/bakeriet-i-sentrum/")}
		rows = append(rows, measure(t, "sample (51 pages)", contenders, edits)...)
	})
	for _, n := range sizes {
		t.Run(fmt.Sprintf("pages=%d", n), func(t *testing.T) {
			base := writeBenchCorpus(t, n)
			i := n / 2 / 3 * 3 // a page in the middle of the first section
			file := fmt.Sprintf("content/historier/side-%d.md", i)
			page := fmt.Sprintf("/historier/side-%d/", i)
			contenders := []*contender{startWorks(t, works, copySite(t, base, "works"), file, page)}
			if hugoErr == nil {
				contenders = append(contenders,
					startHugo(t, hugo, "hugo server", copySite(t, base, "hugo-fast"), file, page),
					startHugo(t, hugo, "hugo server --disableFastRender", copySite(t, base, "hugo-full"), file, page, "--disableFastRender"))
			}
			rows = append(rows, measure(t, fmt.Sprintf("%d pages", n), contenders, edits)...)
		})
	}
	// A Markdown table, to paste into the closing note.
	var b strings.Builder
	b.WriteString("| site | server | edits | served median | served p95 | event median | event p95 | rebuild median (own report) |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s | %s |\n", r.site, r.tool, len(r.served),
			ms(percentile(r.served, 50)), ms(percentile(r.served, 95)),
			ms(percentile(r.event, 50)), ms(percentile(r.event, 95)), ms(percentile(r.rebuild, 50)))
	}
	t.Logf("save → new text served, in ms (p95 by nearest rank):\n%s", b.String())
	// go test -v shows the log; the plain copy is for pasting.
	fmt.Print(b.String())
}

// latencyRow is one line of the table.
type latencyRow struct {
	site, tool             string
	served, event, rebuild []time.Duration
}

// contender is a preview server under measurement, with the page it edits.
type contender struct {
	name       string
	dir        string // the site's folder
	file       string // the edited file, relative to dir
	url        string // the edited page's full address
	orig       []byte
	out        *syncBuffer
	rebuilt    *regexp.Regexp // a line the server prints after each rebuild; its group is the time in ms
	events     chan time.Time // works: when a matching change event arrived; nil for Hugo
	eventMatch func(sse) bool // which change events count
	client     *http.Client
	served     []time.Duration
	event      []time.Duration
	rebuild    []time.Duration
	stop       func()
}

// buildBinary compiles works without the race detector, whatever the test
// runs with, so it is timed as editors run it.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build works: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "works")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeBenchCorpus writes the n-page benchmark corpus of internal/bench,
// with its Hugo layouts.
func writeBenchCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := bench.WriteCorpus(dir, n); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copySite copies the site at base into a new folder beside it.
func copySite(t *testing.T, base, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(base)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// startProcess runs a server until the test ends and returns the address
// it printed, matched by the first group of addr.
func startProcess(t *testing.T, out *syncBuffer, addr *regexp.Regexp, name string, args ...string) (string, func()) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	t.Cleanup(stop)
	deadline := time.After(10 * time.Minute) // the first build of a large site
	for {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			return m[1], stop
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("%s stopped at start-up: %v\n%s", name, err, out)
		case <-deadline:
			t.Fatalf("%s printed no address within 10 minutes\n%s", name, out)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func startWorks(t *testing.T, bin, dir, file, page string) *contender {
	t.Helper()
	c := &contender{name: "works serve", dir: dir, file: file, out: &syncBuffer{},
		rebuilt: regexp.MustCompile(`(?:Bygde på nytt på|Rebuilt in) (\d+) ms`)}
	base, stop := startProcess(t, c.out, urlLine, bin, "serve", "-s", dir, "--port", "0")
	c.stop = stop
	c.init(t, base, page)
	// The page's event stream, as an open browser tab has it.
	r := &running{url: base, client: &http.Client{}} // no time limit: the stream stays open
	ch := r.events(t, page)
	c.events = make(chan time.Time, 64)
	c.eventMatch = func(e sse) bool {
		return e.name == "change" && (strings.Contains(e.data, `"`+page+`"`) || strings.Contains(e.data, `"all":true`))
	}
	go func() {
		defer close(c.events)
		for e := range ch {
			if c.eventMatch(e) {
				c.events <- time.Now()
			}
		}
	}()
	return c
}

var hugoURL = regexp.MustCompile(`Web Server is available at (http://\S+/)`)

func startHugo(t *testing.T, hugo, name, dir, file, page string, args ...string) *contender {
	t.Helper()
	c := &contender{name: name, dir: dir, file: file, out: &syncBuffer{},
		rebuilt: regexp.MustCompile(`Total in (\d+) ms`)}
	args = append([]string{"server", "-s", dir, "--bind", "127.0.0.1", "--port", strconv.Itoa(freeTCPPort(t))}, args...)
	base, stop := startProcess(t, c.out, hugoURL, hugo, args...)
	c.stop = stop
	c.init(t, base, page)
	return c
}

func (c *contender) init(t *testing.T, base, page string) {
	t.Helper()
	c.url = strings.TrimSuffix(base, "/") + page
	c.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: time.Minute}
	var err error
	if c.orig, err = os.ReadFile(filepath.Join(c.dir, c.file)); err != nil {
		t.Fatal(err)
	}
	if body, err := c.get(); err != nil || !strings.Contains(body, "<h1") {
		t.Fatalf("%s: GET %s: %v\n%s", c.name, c.url, err, body)
	}
}

func (c *contender) get() (string, error) {
	resp, err := c.client.Get(c.url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return string(body), fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return string(body), err
}

func (c *contender) rebuilds() []string {
	var out []string
	for _, m := range c.rebuilt.FindAllStringSubmatch(c.out.String(), -1) {
		out = append(out, m[1])
	}
	return out
}

// edit saves the page with a new paragraph and times it: until a GET
// returns the paragraph, and (works) until the change event arrives. It
// then waits for the server to finish rebuilding and go quiet.
func (c *contender) edit(t *testing.T, round int, record bool) {
	t.Helper()
	marker := fmt.Sprintf("latensmerke-%d-%d", round, time.Now().UnixNano())
	text := strings.Replace(string(c.orig), "\n---\n", "\n---\n\n"+marker+"\n", 1)
	before := len(c.rebuilds())
	// Events from earlier rounds are not this edit's.
	for drained := false; !drained && c.events != nil; {
		select {
		case <-c.events:
		default:
			drained = true
		}
	}
	start := time.Now()
	if err := os.WriteFile(filepath.Join(c.dir, c.file), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var eventAt time.Time
	for {
		if c.events != nil && eventAt.IsZero() {
			select {
			case at := <-c.events:
				eventAt = at
			default:
			}
		}
		body, err := c.get()
		if err == nil && strings.Contains(body, marker) {
			break
		}
		if time.Since(start) > 10*time.Minute {
			t.Fatalf("%s: the edit was not served within 10 minutes (%v)\n%s", c.name, err, c.out)
		}
		time.Sleep(2 * time.Millisecond)
	}
	served := time.Since(start)
	if c.events != nil && eventAt.IsZero() {
		select {
		case eventAt = <-c.events:
		case <-time.After(time.Minute):
			t.Errorf("%s: no change event for the edit", c.name)
		}
	}
	// Quiet: the rebuild has been reported and no other follows within
	// 300 ms (Hugo may render on after the page is in, and may rebuild
	// twice for one save).
	var builds []string
	for deadline := time.Now().Add(10 * time.Minute); ; {
		builds = c.rebuilds()
		if len(builds) > before {
			time.Sleep(300 * time.Millisecond)
			if len(c.rebuilds()) == len(builds) {
				break
			}
			continue
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s reported no rebuild\n%s", c.name, c.out)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !record {
		return
	}
	c.served = append(c.served, served)
	if !eventAt.IsZero() {
		c.event = append(c.event, eventAt.Sub(start))
	}
	var own time.Duration
	for _, b := range builds[before:] {
		n, _ := strconv.Atoi(b)
		own += time.Duration(n) * time.Millisecond
	}
	c.rebuild = append(c.rebuild, own)
}

// measure runs two warm-up rounds and then the timed ones, rotating the
// order of the servers from round to round.
func measure(t *testing.T, site string, cs []*contender, edits int) []latencyRow {
	t.Helper()
	const warmup = 2
	for round := range warmup + edits {
		for k := range cs {
			c := cs[(round+k)%len(cs)]
			c.edit(t, round, round >= warmup)
		}
	}
	var rows []latencyRow
	for _, c := range cs {
		c.stop()
		rows = append(rows, latencyRow{site: site, tool: c.name, served: c.served, event: c.event, rebuild: c.rebuild})
		t.Logf("%s, %s: served %v", site, c.name, c.served)
	}
	return rows
}

// percentile is the nearest-rank percentile p of ds; 0 when ds is empty.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 0, 64)
}

// freeTCPPort asks the kernel for a free loopback port.
func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
