package bench

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Sample is one timed run of a program.
type Sample struct {
	Wall   time.Duration `json:"wall_ns"`
	CPU    time.Duration `json:"cpu_ns"`        // user + system of the child
	MaxRSS int64         `json:"max_rss_bytes"` // the child's peak resident set; 0 where the system does not say
}

// Measure runs cmd to its end and says how long it took, how much CPU it
// used and its peak memory. CPU and memory are the child's own (wait4 on
// Linux reports them per child), so other work on the machine does not count,
// though it does slow the wall clock. A run that fails is an error that
// carries the end of what the program printed.
func Measure(cmd *exec.Cmd) (Sample, error) {
	var out bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return Sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, tail(out.String(), 2000))
	}
	ps := cmd.ProcessState
	return Sample{Wall: wall, CPU: ps.UserTime() + ps.SystemTime(), MaxRSS: maxRSS(ps)}, nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// Summary is one program's medians over its runs.
type Summary struct {
	Tool    string        `json:"tool"`
	Build   string        `json:"build,omitempty"` // with -rebuild: "cold" (into an empty folder) or "second" (nothing changed)
	Runs    int           `json:"runs"`
	Wall    time.Duration `json:"wall_ns"`
	MinWall time.Duration `json:"min_wall_ns"`
	MaxWall time.Duration `json:"max_wall_ns"`
	CPU     time.Duration `json:"cpu_ns"`
	MaxRSS  int64         `json:"max_rss_bytes"`
	PerPage time.Duration `json:"wall_per_page_ns"` // Wall divided by the corpus's pages
	Samples []Sample      `json:"samples"`          // in the order they ran
}

// Summarize takes the medians of a program's samples over a corpus of pages.
func Summarize(tool string, samples []Sample, pages int) Summary {
	return SummarizeBuild(tool, "", samples, pages)
}

// SummarizeBuild is Summarize for one kind of build of a program ("cold",
// "second").
func SummarizeBuild(tool, build string, samples []Sample, pages int) Summary {
	s := Summary{Tool: tool, Build: build, Runs: len(samples), Samples: samples}
	if len(samples) == 0 {
		return s
	}
	walls := make([]time.Duration, len(samples))
	cpus := make([]time.Duration, len(samples))
	rss := make([]int64, len(samples))
	for i, x := range samples {
		walls[i], cpus[i], rss[i] = x.Wall, x.CPU, x.MaxRSS
	}
	s.Wall, s.CPU, s.MaxRSS = median(walls), median(cpus), median(rss)
	s.MinWall, s.MaxWall = slices.Min(walls), slices.Max(walls)
	if pages > 0 {
		s.PerPage = s.Wall / time.Duration(pages)
	}
	return s
}

// median is the middle value, or the mean of the two middle ones.
func median[T ~int64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Ratio compares two programs' medians, or two kinds of build of one
// program: above 1 means A needed more.
type Ratio struct {
	Name   string  `json:"name"` // "works/hugo", "works/hugo (cold)", "works second/cold"
	Wall   float64 `json:"wall"`
	CPU    float64 `json:"cpu"`
	MaxRSS float64 `json:"max_rss"`
}

// Compare is a's medians divided by b's.
func Compare(a, b Summary) Ratio {
	name := a.Tool + "/" + b.Tool
	switch {
	case a.Tool == b.Tool:
		name = a.Tool + " " + a.Build + "/" + b.Build
	case a.Build != "" && a.Build == b.Build:
		name += " (" + a.Build + ")"
	}
	div := func(x, y float64) float64 {
		if y == 0 {
			return 0
		}
		return x / y
	}
	return Ratio{
		Name:   name,
		Wall:   div(float64(a.Wall), float64(b.Wall)),
		CPU:    div(float64(a.CPU), float64(b.CPU)),
		MaxRSS: div(float64(a.MaxRSS), float64(b.MaxRSS)),
	}
}

// Machine says where and when a benchmark ran.
type Machine struct {
	Date     time.Time `json:"date"`
	CPUs     int       `json:"cpus"`
	CPUModel string    `json:"cpu_model,omitempty"`
	OS       string    `json:"os"` // GOOS/GOARCH
	Go       string    `json:"go"`
	Hugo     string    `json:"hugo,omitempty"`     // empty when Hugo is not installed
	Load     string    `json:"load,omitempty"`     // load averages at the start, where the system has them
	LoadEnd  string    `json:"load_end,omitempty"` // and at the end: on a shared machine, the two show how much else ran
}

// Report is a whole benchmark: the machine, the corpus, every program's
// summary, and the ratios of works to the others.
type Report struct {
	Machine   Machine   `json:"machine"`
	Pages     int       `json:"pages"`
	Files     int       `json:"files"` // Markdown files in content/, lists included
	Templates Templates `json:"templates,omitempty"`
	Dir       string    `json:"dir,omitempty"`     // the working folder: corpus, programs, output
	FSType    string    `json:"fs_type,omitempty"` // Dir's file system ("tmpfs", "ext4"), where the system says
	// Rebuild: each run is a cold build into an empty folder, then a second
	// build into the same folder with nothing changed; Tools has a summary
	// of each.
	Rebuild bool      `json:"rebuild,omitempty"`
	Runs    int       `json:"runs"`
	Warmup  int       `json:"warmup"`
	Tools   []Summary `json:"tools"`
	Ratios  []Ratio   `json:"ratios"`
	Notes   []string  `json:"notes,omitempty"`
}

// WriteTable prints the report for people: the machine, a table of medians
// and the ratios.
func (r Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "corpus: %d pages (%d Markdown files), %d runs each after %d warm-up, alternating %s\n",
		r.Pages, r.Files, r.Runs, r.Warmup, strings.Join(toolNames(r.Tools), ", "))
	cpu := fmt.Sprintf("%d CPUs", m.CPUs)
	if m.CPUModel != "" {
		cpu += " (" + m.CPUModel + ")"
	}
	fmt.Fprintf(&b, "machine: %s, %s, %s\n", cpu, m.OS, m.Go)
	fmt.Fprintf(&b, "hugo: %s\n", cmp.Or(m.Hugo, "not installed"))
	fmt.Fprintf(&b, "date: %s", m.Date.UTC().Format("2006-01-02 15:04 UTC"))
	if m.Load != "" {
		fmt.Fprintf(&b, ", load average at start %s", m.Load)
		if m.LoadEnd != "" {
			fmt.Fprintf(&b, ", at end %s", m.LoadEnd)
		}
	}
	b.WriteString("\n")
	if r.Templates != "" {
		fmt.Fprintf(&b, "templates: %s (%s)\n", r.Templates, r.Templates.about())
	}
	if r.Dir != "" {
		fmt.Fprintf(&b, "folder: %s (%s)\n", r.Dir, cmp.Or(r.FSType, "file system unknown"))
	}
	if r.Rebuild {
		b.WriteString("builds: each run is a cold build into an empty folder, then a second into the same folder with nothing changed\n")
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	builds := slices.ContainsFunc(r.Tools, func(s Summary) bool { return s.Build != "" })
	if builds {
		fmt.Fprint(tw, "tool\tbuild\twall (median)\twall (min–max)\tCPU user+sys\tpeak RSS\twall per page\t\n")
	} else {
		fmt.Fprint(tw, "tool\twall (median)\twall (min–max)\tCPU user+sys\tpeak RSS\twall per page\t\n")
	}
	for _, s := range r.Tools {
		name := s.Tool
		if builds {
			name += "\t" + s.Build
		}
		fmt.Fprintf(tw, "%s\t%s\t%s–%s\t%s\t%s\t%s\t\n", name, seconds(s.Wall), seconds(s.MinWall), seconds(s.MaxWall),
			seconds(s.CPU), mebibytes(s.MaxRSS), perPage(s.PerPage))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Ratios) > 0 {
		b.WriteString("\n")
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "ratio\twall\tCPU\tpeak RSS\t\n")
		for _, q := range r.Ratios {
			fmt.Fprintf(tw, "%s\t%.2f×\t%.2f×\t%.2f×\t\n", q.Name, q.Wall, q.CPU, q.MaxRSS)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, n := range r.Notes {
		b.WriteString("\nnote: " + n)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// toolNames are the programs of s in order, each once.
func toolNames(s []Summary) []string {
	var names []string
	for _, x := range s {
		if !slices.Contains(names, x.Tool) {
			names = append(names, x.Tool)
		}
	}
	return names
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func perPage(d time.Duration) string {
	return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond))
}

func mebibytes(n int64) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
}
