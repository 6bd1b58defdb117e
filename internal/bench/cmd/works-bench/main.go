// Command works-bench times `works build` against `hugo` and against the
// floor program (bench.Floor) on the benchmark corpus:
//
//	go run ./internal/bench/cmd/works-bench [-pages 10000] [-runs 5] [-dir /dev/shm/works-bench] [-json]
//
// It writes the corpus into <dir>/corpus unless the one there is already of
// that size and generator version, builds works and floor with `go build`
// into <dir>/bin (so compiling is not timed), runs one warm-up round and then
// the programs in turn, round after round (works, hugo, floor, works, …), each
// into an emptied folder below <dir>/out, and prints each program's median
// wall time, CPU time (user+sys), peak memory and time per page, with the
// ratios works/hugo and works/floor. Run it from inside the works module.
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
	asJSON := fl.Bool("json", false, "print the report as JSON")
	keep := fl.Bool("keep", false, "keep the built sites in <dir>/out")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *pages < 1 || *runs < 1 || *warmup < 0 {
		fmt.Fprintln(stderr, "works-bench: -pages and -runs must be at least 1, -warmup at least 0")
		return 2
	}
	if err := compare(ctx, options{pages: *pages, runs: *runs, warmup: *warmup, dir: *dir, json: *asJSON, keep: *keep}, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "works-bench: %v\n", err)
		return 1
	}
	return 0
}

type options struct {
	pages, runs, warmup int
	dir                 string
	json, keep          bool
}

func compare(ctx context.Context, o options, stdout, stderr io.Writer) error {
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return err
	}
	corpus := filepath.Join(dir, "corpus")
	bin := filepath.Join(dir, "bin")
	outRoot := filepath.Join(dir, "out")

	start := time.Now()
	wrote, err := bench.PrepareCorpus(corpus, o.pages)
	if err != nil {
		return err
	}
	if wrote {
		fmt.Fprintf(stderr, "wrote a %d-page corpus to %s in %.1f s\n", o.pages, corpus, time.Since(start).Seconds())
	} else {
		fmt.Fprintf(stderr, "using the %d-page corpus in %s\n", o.pages, corpus)
	}
	files, err := countFiles(filepath.Join(corpus, "content"), ".md")
	if err != nil {
		return err
	}

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
		tools = append(tools, tool{"hugo", func(out string) *exec.Cmd {
			return exec.CommandContext(ctx, hugo, "--source", corpus, "--destination", out, "--minify", "--quiet")
		}})
	}
	tools = append(tools, tool{"floor", func(out string) *exec.Cmd {
		return exec.CommandContext(ctx, filepath.Join(bin, "floor"), "-s", filepath.Join(corpus, "content"), "-o", out, "-quiet")
	}})

	machine := machineInfo(hugoVersion)
	samples := make([][]bench.Sample, len(tools))
	for round := range o.warmup + o.runs {
		timed := round >= o.warmup
		for i, t := range tools {
			if err := ctx.Err(); err != nil {
				return err
			}
			out := filepath.Join(outRoot, t.name)
			// Every program starts from an empty folder; emptying it is not timed.
			if err := os.RemoveAll(out); err != nil {
				return err
			}
			s, err := bench.Measure(t.cmd(out))
			if err != nil {
				return err
			}
			kind := "warm-up"
			if timed {
				kind = fmt.Sprintf("run %d/%d", round-o.warmup+1, o.runs)
				samples[i] = append(samples[i], s)
			}
			fmt.Fprintf(stderr, "%-7s %-9s wall %.3f s  cpu %.3f s  rss %d MiB\n", t.name, kind, s.Wall.Seconds(), s.CPU.Seconds(), s.MaxRSS>>20)
		}
		if round == 0 {
			// The same corpus should give each program about the same pages.
			var counts []string
			for _, t := range tools {
				n, err := countFiles(filepath.Join(outRoot, t.name), ".html")
				if err != nil {
					return err
				}
				counts = append(counts, fmt.Sprintf("%s %d", t.name, n))
			}
			notes = append(notes, "HTML files written: "+strings.Join(counts, ", "))
		}
	}
	if !o.keep {
		if err := os.RemoveAll(outRoot); err != nil {
			return err
		}
	}

	rep := bench.Report{Machine: machine, Pages: o.pages, Files: files, Runs: o.runs, Warmup: o.warmup, Notes: notes}
	byName := map[string]bench.Summary{}
	for i, t := range tools {
		s := bench.Summarize(t.name, samples[i], o.pages)
		rep.Tools = append(rep.Tools, s)
		byName[t.name] = s
	}
	for _, other := range []string{"hugo", "floor"} {
		if s, ok := byName[other]; ok {
			rep.Ratios = append(rep.Ratios, bench.Compare(byName["works"], s))
		}
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteTable(stdout)
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
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	return m
}
