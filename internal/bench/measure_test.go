package bench

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/drammen-works/works/internal/golden"
)

func TestSummarize(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	tests := []struct {
		name    string
		samples []Sample
		want    Summary
	}{
		{
			name:    "odd",
			samples: []Sample{{ms(30), ms(50), 300}, {ms(10), ms(70), 100}, {ms(20), ms(60), 200}},
			want:    Summary{Runs: 3, Wall: ms(20), MinWall: ms(10), MaxWall: ms(30), CPU: ms(60), MaxRSS: 200, PerPage: ms(2)},
		},
		{
			name:    "even takes the mean of the middle two",
			samples: []Sample{{ms(40), ms(10), 400}, {ms(10), ms(40), 100}, {ms(30), ms(20), 300}, {ms(20), ms(30), 200}},
			want:    Summary{Runs: 4, Wall: ms(25), MinWall: ms(10), MaxWall: ms(40), CPU: ms(25), MaxRSS: 250, PerPage: ms(25) / 10},
		},
		{name: "none", want: Summary{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize("works", tt.samples, 10)
			tt.want.Tool, tt.want.Samples = "works", tt.samples
			if got.Tool != tt.want.Tool || got.Runs != tt.want.Runs || got.Wall != tt.want.Wall || got.MinWall != tt.want.MinWall ||
				got.MaxWall != tt.want.MaxWall || got.CPU != tt.want.CPU || got.MaxRSS != tt.want.MaxRSS || got.PerPage != tt.want.PerPage {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	a := Summary{Tool: "works", Wall: 2 * time.Second, CPU: 3 * time.Second, MaxRSS: 100}
	b := Summary{Tool: "hugo", Wall: 4 * time.Second, CPU: 2 * time.Second}
	got := Compare(a, b)
	want := Ratio{Name: "works/hugo", Wall: 0.5, CPU: 1.5, MaxRSS: 0}
	if got != want {
		t.Errorf("Compare = %+v, want %+v (a zero divisor gives 0)", got, want)
	}

	names := []struct {
		a, b Summary
		want string
	}{
		{Summary{Tool: "works", Build: "cold"}, Summary{Tool: "hugo", Build: "cold"}, "works/hugo (cold)"},
		{Summary{Tool: "works", Build: "second"}, Summary{Tool: "works", Build: "cold"}, "works second/cold"},
	}
	for _, tt := range names {
		if got := Compare(tt.a, tt.b).Name; got != tt.want {
			t.Errorf("Compare(%s %s, %s %s) is named %q, want %q", tt.a.Tool, tt.a.Build, tt.b.Tool, tt.b.Build, got, tt.want)
		}
	}
}

func sampleReport() Report {
	s := func(wall, cpu float64, mib int64) Sample {
		return Sample{Wall: time.Duration(wall * float64(time.Second)), CPU: time.Duration(cpu * float64(time.Second)), MaxRSS: mib << 20}
	}
	works := Summarize("works", []Sample{s(1.2, 2.0, 200), s(1.0, 1.9, 190), s(1.1, 2.1, 210)}, 1000)
	hugo := Summarize("hugo", []Sample{s(2.4, 4.1, 400), s(2.2, 4.0, 390), s(2.0, 4.2, 410)}, 1000)
	floor := Summarize("floor", []Sample{s(0.3, 0.5, 20), s(0.25, 0.45, 19), s(0.35, 0.55, 21)}, 1000)
	return Report{
		Machine: sampleMachine,
		Pages:   1000, Files: 1004, Templates: Full, Dir: "/dev/shm/works-bench", FSType: "tmpfs", Runs: 3, Warmup: 1,
		Tools:  []Summary{works, hugo, floor},
		Ratios: []Ratio{Compare(works, hugo), Compare(works, floor)},
		Notes: []string{"HTML files written: works 1263, hugo 1316, floor 1004",
			"works and hugo wrote the same 1263 pages; hugo's other 53 are redirects (historier/side/1/index.html, nyheter/side/1/index.html, prosjekter/side/1/index.html, …)",
			"the floor writes one page per Markdown file: no pages of lists, no terms, no 404"},
	}
}

var sampleMachine = Machine{Date: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC), CPUs: 2, CPUModel: "AMD EPYC", OS: "linux/amd64",
	Go: "go1.26.8", Hugo: "hugo v0.111.3+extended linux/amd64", Load: "1.50 0.80 0.60"}

// rebuildReport is a report of -rebuild: a cold and a second build of
// each program.
func rebuildReport() Report {
	s := func(wall, cpu float64) Sample {
		return Sample{Wall: time.Duration(wall * float64(time.Second)), CPU: time.Duration(cpu * float64(time.Second)), MaxRSS: 100 << 20}
	}
	var tools []Summary
	for _, x := range []struct {
		tool, build string
		wall, cpu   float64
	}{{"works", "cold", 2.0, 3.0}, {"works", "second", 0.5, 0.8}, {"hugo", "cold", 2.5, 4.0}, {"hugo", "second", 2.4, 3.9}} {
		tools = append(tools, SummarizeBuild(x.tool, x.build, []Sample{s(x.wall, x.cpu), s(x.wall+0.1, x.cpu), s(x.wall-0.1, x.cpu)}, 2000))
	}
	m := sampleMachine
	m.LoadEnd = "2.10 1.20 0.80"
	return Report{
		Machine: m, Pages: 2000, Files: 2004, Templates: Minimal, Dir: "/var/tmp/works-bench", FSType: "ext4",
		Rebuild: true, Runs: 3, Warmup: 1, Tools: tools,
		Ratios: []Ratio{Compare(tools[1], tools[0]), Compare(tools[3], tools[2]), Compare(tools[0], tools[2]), Compare(tools[1], tools[3])},
	}
}

func TestWriteTable(t *testing.T) {
	tests := []struct {
		golden string
		report Report
	}{
		{"report.golden", sampleReport()},
		{"rebuild.golden", rebuildReport()},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.report.WriteTable(&b); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tt.golden), b.Bytes())
		})
	}
}

func TestReportJSON(t *testing.T) {
	data, err := json.Marshal(sampleReport())
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	tools := back["tools"].([]any)
	works := tools[0].(map[string]any)
	if works["tool"] != "works" || works["wall_ns"] != float64(1.1e9) || works["max_rss_bytes"] != float64(200<<20) {
		t.Errorf("the works summary reads %v", works)
	}
	if ratio := back["ratios"].([]any)[0].(map[string]any); ratio["name"] != "works/hugo" || ratio["wall"] != 0.5 {
		t.Errorf("the first ratio reads %v", ratio)
	}
}

// TestMeasure runs this test binary as a child that allocates and spins,
// and checks that its time and memory are its own.
func TestMeasure(t *testing.T) {
	if os.Getenv("WORKS_BENCH_CHILD") == "1" {
		buf := make([]byte, 64<<20)
		for i := range buf {
			buf[i] = byte(i)
		}
		end := time.Now().Add(100 * time.Millisecond)
		for time.Now().Before(end) {
		}
		os.Exit(int(buf[len(buf)-1]) - 255) // 0, and keeps buf alive
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMeasure$")
	cmd.Env = append(os.Environ(), "WORKS_BENCH_CHILD=1")
	s, err := Measure(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if s.Wall < 100*time.Millisecond || s.CPU < 50*time.Millisecond {
		t.Errorf("Measure = %+v, want at least 100 ms wall and 50 ms CPU", s)
	}
	if runtime.GOOS == "linux" && (s.MaxRSS < 64<<20 || s.MaxRSS > 1<<30) {
		t.Errorf("peak RSS %d bytes, want at least the child's 64 MiB and not the whole machine's", s.MaxRSS)
	}

	t.Run("failure", func(t *testing.T) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNoSuchTest$", "-test.count=x")
		_, err := Measure(cmd)
		if err == nil || !strings.Contains(err.Error(), "test.count") {
			t.Errorf("Measure of a failing program = %v, want an error with its output", err)
		}
	})
}
