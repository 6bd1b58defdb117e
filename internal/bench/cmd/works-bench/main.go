// Command works-bench times `works build` against `hugo` and against the
// floor program (bench.Floor) on the benchmark corpus:
//
//	go run ./internal/bench/cmd/works-bench [-pages 10000] [-runs 5] [-templates full|minimal]
//		[-rebuild] [-dir /dev/shm/works-bench] [-json]
//
// It writes the corpus into <dir>/corpus unless the one there is already of
// that size, templates and generator version, builds works and floor with
// `go build` into <dir>/bin (so compiling is not timed), runs one warm-up
// round and then the programs in turn, round after round (works, hugo,
// floor, works, …), each into an emptied folder below <dir>/out, and prints
// each program's median wall time, CPU time (user+sys), peak memory and time
// per page, with the ratios works/hugo and works/floor, the file system of
// <dir>, and whether works and Hugo wrote the same pages.
//
// With -rebuild each program's cold build into an emptied folder is
// followed by a second into the same folder with nothing changed, and both
// are reported, with the ratio second/cold. The default <dir> is a tmpfs,
// which keeps the disk out of the times; to measure the disk, pass a folder
// on one: -dir /var/tmp/works-bench. Run it from inside the works module.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/drammen-works/works/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tool is one program under measurement.
type tool struct {
	name string
	cmd  func(out string) *exec.Cmd // the command that builds the corpus into out
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("works-bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	pages := fl.Int("pages", 10000, "pages in the corpus")
	runs := fl.Int("runs", 5, "timed runs of each program")
	warmup := fl.Int("warmup", 1, "untimed rounds before the timed ones")
	dir := fl.String("dir", "/dev/shm/works-bench", "the working `folder` (a tmpfs keeps the disk out of the times)")
	templates := fl.String("templates", string(bench.Full), "the layouts both programs get: full (works' bench theme and Hugo's of the same weight) or minimal (the same few for both)")
	rebuild := fl.Bool("rebuild", false, "after each cold build, time a second one into the same folder with nothing changed (give -dir a folder on a disk, like /var/tmp/works-bench)")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	keep := fl.Bool("keep", false, "keep the built sites in <dir>/out")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *pages < 1 || *runs < 1 || *warmup < 0 {
		fmt.Fprintln(stderr, "works-bench: -pages and -runs must be at least 1, -warmup at least 0")
		return 2
	}
	t, err := bench.ParseTemplates(*templates)
	if err != nil {
		fmt.Fprintf(stderr, "works-bench: -templates: %v\n", err)
		return 2
	}
	o := options{pages: *pages, runs: *runs, warmup: *warmup, dir: *dir, templates: t, rebuild: *rebuild, json: *asJSON, keep: *keep}
	if err := compare(ctx, o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "works-bench: %v\n", err)
		return 1
	}
	return 0
}

type options struct {
	pages, runs, warmup int
	dir                 string
	templates           bench.Templates
	rebuild             bool // time a second build after each cold one
	json, keep          bool
}

// The kinds of build -rebuild times: into an empty folder, then again into
// the same folder with nothing changed.
const (
	cold   = "cold"
	second = "second"
)

func compare(ctx context.Context, o options, stdout, stderr io.Writer) error {
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	corpus := filepath.Join(dir, "corpus")
	bin := filepath.Join(dir, "bin")
	outRoot := filepath.Join(dir, "out")

	start := time.Now()
	wrote, err := bench.PrepareCorpus(corpus, o.pages, o.templates)
	if err != nil {
		return err
	}
	if wrote {
		fmt.Fprintf(stderr, "wrote a %d-page corpus with the %s templates to %s in %.1f s\n", o.pages, o.templates, corpus, time.Since(start).Seconds())
	} else {
		fmt.Fprintf(stderr, "using the %d-page corpus with the %s templates in %s\n", o.pages, o.templates, corpus)
	}
	files, err := countFiles(filepath.Join(corpus, "content"), ".md")
	if err != nil {
		return err
	}
	fsType := fileSystem(dir)

	for _, p := range []string{"cmd/works", "internal/bench/cmd/floor"} {
		if err := goBuild(ctx, filepath.Join(bin, filepath.Base(p)), "github.com/drammen-works/works/"+p); err != nil {
			return err
		}
	}
	tools := []tool{{"works", func(out string) *exec.Cmd {
		return exec.CommandContext(ctx, filepath.Join(bin, "works"), "build", "-s", corpus, "--destination", out, "--quiet")
	}}}
	var notes []string
	hugoVersion := ""
	if hugo, err := exec.LookPath("hugo"); err != nil {
		notes = append(notes, "hugo is not installed (apt-get install hugo): measured works and the floor only")
		fmt.Fprintln(stderr, "hugo is not installed: skipping it")
	} else {
		v, err := exec.CommandContext(ctx, hugo, "version").Output()
		if err != nil {
			return fmt.Errorf("hugo version: %w", err)
		}
		hugoVersion = strings.TrimSpace(string(v))
		// --destination is Hugo's publishDir: a second build writes into it.
		tools = append(tools, tool{"hugo", func(out string) *exec.Cmd {
			return exec.CommandContext(ctx, hugo, "--source", corpus, "--destination", out, "--minify", "--quiet")
		}})
	}
	tools = append(tools, tool{"floor", func(out string) *exec.Cmd {
		return exec.CommandContext(ctx, filepath.Join(bin, "floor"), "-s", filepath.Join(corpus, "content"), "-o", out, "-quiet")
	}})

	machine := machineInfo(hugoVersion)
	builds := []string{""}
	if o.rebuild {
		builds = []string{cold, second}
	}
	// samples[i][b] are tool i's timed runs of build kind builds[b].
	samples := make([][][]bench.Sample, len(tools))
	for i := range samples {
		samples[i] = make([][]bench.Sample, len(builds))
	}
	for round := range o.warmup + o.runs {
		timed := round >= o.warmup
		for i, t := range tools {
			out := filepath.Join(outRoot, t.name)
			// Every program starts from an empty folder; emptying it is not timed.
			if err := os.RemoveAll(out); err != nil {
				return err
			}
			for b, build := range builds {
				if err := ctx.Err(); err != nil {
					return err
				}
				// What the last run wrote goes to disk before this one is timed.
				bench.Sync()
				s, err := bench.Measure(t.cmd(out))
				if err != nil {
					return err
				}
				kind := "warm-up"
				if timed {
					kind = fmt.Sprintf("run %d/%d", round-o.warmup+1, o.runs)
					samples[i][b] = append(samples[i][b], s)
				}
				fmt.Fprintf(stderr, "%-7s %-16s wall %.3f s  cpu %.3f s  rss %d MiB\n", t.name, strings.TrimSpace(kind+" "+build), s.Wall.Seconds(), s.CPU.Seconds(), s.MaxRSS>>20)
			}
		}
		if round == 0 {
			more, err := writtenNotes(outRoot, tools)
			if err != nil {
				return err
			}
			notes = append(notes, more...)
		}
	}
	if !o.keep {
		if err := os.RemoveAll(outRoot); err != nil {
			return err
		}
	}
	if o.rebuild {
		if fsType == "tmpfs" || fsType == "ramfs" {
			notes = append(notes, fmt.Sprintf("%s is on %s, so the disk is not in these times: pass -dir /var/tmp/works-bench or another folder on a disk", dir, fsType))
		}
		notes = append(notes, "a cold build has an empty destination, not an empty page cache: the corpus is read from memory in every run")
	}

	machine.LoadEnd = loadAverage()
	rep := bench.Report{Machine: machine, Pages: o.pages, Files: files, Templates: o.templates, Dir: dir, FSType: fsType,
		Rebuild: o.rebuild, Runs: o.runs, Warmup: o.warmup, Notes: notes}
	rep.Tools, rep.Ratios = summarize(tools, builds, samples, o.pages)
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteTable(stdout)
}

// summarize takes the medians of every program's samples (samples[i][b]
// are tools[i]'s runs of builds[b]) and the ratios: each program's second
// build to its cold one when there are both, then works to each other
// program, build for build.
func summarize(tools []tool, builds []string, samples [][][]bench.Sample, pages int) ([]bench.Summary, []bench.Ratio) {
	var summaries []bench.Summary
	byTool := map[string][]bench.Summary{} // in the order of builds
	for i, t := range tools {
		for b, build := range builds {
			s := bench.SummarizeBuild(t.name, build, samples[i][b], pages)
			summaries = append(summaries, s)
			byTool[t.name] = append(byTool[t.name], s)
		}
	}
	var ratios []bench.Ratio
	if slices.Equal(builds, []string{cold, second}) {
		for _, t := range tools {
			ratios = append(ratios, bench.Compare(byTool[t.name][1], byTool[t.name][0]))
		}
	}
	for _, other := range []string{"hugo", "floor"} {
		if s, ok := byTool[other]; ok {
			for b := range builds {
				ratios = append(ratios, bench.Compare(byTool["works"][b], s[b]))
			}
		}
	}
	return summaries, ratios
}

// writtenNotes count the HTML files each program wrote below outRoot and
// say whether works and Hugo wrote the same pages: the ratios compare like
// with like only if they did.
func writtenNotes(outRoot string, tools []tool) ([]string, error) {
	var ws []bench.Written
	byName := map[string]bench.Written{}
	for _, t := range tools {
		w, err := bench.ReadWritten(t.name, filepath.Join(outRoot, t.name))
		if err != nil {
			return nil, err
		}
		ws = append(ws, w)
		byName[t.name] = w
	}
	notes := []string{bench.CountNote(ws)}
	if hugo, ok := byName["hugo"]; ok {
		notes = append(notes, bench.PagesNote(byName["works"], hugo))
	}
	notes = append(notes, "the floor writes one page per Markdown file: no pages of lists, no terms, no 404")
	return notes, nil
}

// goBuild compiles a package of the module into out, as a user's binary is
// built: no race detector, default flags.
func goBuild(ctx context.Context, out, pkg string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	var msg bytes.Buffer
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return errors.New("the go command is needed to build works")
		}
		return fmt.Errorf("go build %s (run works-bench from inside the works module): %w\n%s", pkg, err, msg.String())
	}
	return nil
}

// countFiles counts the files below dir whose names end in ext.
func countFiles(dir, ext string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(d.Name(), ext) {
			n++
		}
		return err
	})
	return n, err
}

// fileSystem is the type of the file system dir is on ("tmpfs", "ext4"),
// from /proc/mounts; "" where the system has none.
func fileSystem(dir string) string {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return ""
	}
	mounts, err := os.ReadFile("/proc/mounts")
	if err != nil {
		return ""
	}
	return mountType(string(mounts), real)
}

// mountEscapes undoes the octal escapes of /proc/mounts.
var mountEscapes = strings.NewReplacer(`\040`, " ", `\011`, "\t", `\012`, "\n", `\134`, `\`)

// mountType is the type of the mount in mounts (as /proc/mounts lists
// them) whose mount point is the longest that holds dir; of two at the same
// point, the later one, which hides the earlier.
func mountType(mounts, dir string) string {
	point, typ := "", ""
	for line := range strings.Lines(mounts) {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		p := mountEscapes.Replace(f[1])
		holds := p == "/" || dir == p || strings.HasPrefix(dir, p+"/")
		if holds && len(p) >= len(point) {
			point, typ = p, f[2]
		}
	}
	return typ
}

// machineInfo describes this machine now. The CPU model and load come from
// /proc where there is one.
func machineInfo(hugo string) bench.Machine {
	m := bench.Machine{
		Date: time.Now(),
		CPUs: runtime.NumCPU(),
		OS:   runtime.GOOS + "/" + runtime.GOARCH,
		Go:   runtime.Version(),
		Hugo: hugo,
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	m.Load = loadAverage()
	return m
}

// loadAverage is the system's load averages over 1, 5 and 15 minutes from
// /proc/loadavg, or "" where there is none.
func loadAverage() string {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			return strings.Join(f[:3], " ")
		}
	}
	return ""
}
