package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/drammen-works/works/internal/bench"
)

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no pages", []string{"-pages", "0"}, "-pages and -runs must be at least 1"},
		{"no runs", []string{"-runs", "0"}, "-pages and -runs must be at least 1"},
		{"unknown flag", []string{"-fast"}, "flag provided but not defined"},
		{"unknown templates", []string{"-templates", "tiny"}, `-templates: unknown templates "tiny"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stdout, &stderr); code != 2 {
				t.Errorf("run(%q) = %d, want 2", tt.args, code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("run(%q) printed %q, want %q", tt.args, stderr.String(), tt.want)
			}
		})
	}
}

func TestMountType(t *testing.T) {
	const mounts = `/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw,relatime 0 0
tmpfs /dev/shm tmpfs rw,relatime 0 0
/dev/vdb /var/tmp/my\040disk xfs rw 0 0
tmpfs /var/tmp/my\040disk btrfs rw 0 0
`
	tests := []struct{ dir, want string }{
		{"/var/tmp/works-bench", "ext4"},
		{"/dev/shm/works-bench", "tmpfs"},
		{"/dev/shm", "tmpfs"},
		{"/dev/shmem", "ext4"},
		{"/var/tmp/my disk/works-bench", "btrfs"}, // the later mount hides the earlier
		{"/", "ext4"},
	}
	for _, tt := range tests {
		if got := mountType(mounts, tt.dir); got != tt.want {
			t.Errorf("mountType(%q) = %q, want %q", tt.dir, got, tt.want)
		}
	}
	if got := mountType("", "/tmp"); got != "" {
		t.Errorf("mountType with no mounts = %q, want \"\"", got)
	}
}

func TestSummarize(t *testing.T) {
	tools := []tool{{name: "works"}, {name: "hugo"}}
	one := [][]bench.Sample{{{Wall: 1}}, {{Wall: 2}}}
	tests := []struct {
		name    string
		builds  []string
		samples [][][]bench.Sample
		want    []string // the ratios' names
	}{
		{"one build", []string{""}, [][][]bench.Sample{one[:1], one[1:]}, []string{"works/hugo"}},
		{"rebuild", []string{cold, second}, [][][]bench.Sample{one, one},
			[]string{"works second/cold", "hugo second/cold", "works/hugo (cold)", "works/hugo (second)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			summaries, ratios := summarize(tools, tt.builds, tt.samples, 10)
			if len(summaries) != len(tools)*len(tt.builds) {
				t.Errorf("%d summaries, want %d", len(summaries), len(tools)*len(tt.builds))
			}
			var names []string
			for _, r := range ratios {
				names = append(names, r.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("ratios %q, want %q", names, tt.want)
			}
		})
	}
}

// TestRunSmallCorpus runs the whole benchmark on 20 pages, once. It
// compiles works, so it runs only when asked: WORKS_BENCH_E2E=1.
func TestRunSmallCorpus(t *testing.T) {
	if os.Getenv("WORKS_BENCH_E2E") != "1" {
		t.Skip("compiles works: set WORKS_BENCH_E2E=1 to run it")
	}
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		tools int // summaries per program
	}{
		{"full", nil, 1},
		{"minimal rebuild", []string{"-templates", "minimal", "-rebuild"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"-pages", "20", "-runs", "1", "-warmup", "0", "-dir", dir, "-json"}, tt.args...)
			if code := run(t.Context(), args, &stdout, &stderr); code != 0 {
				t.Fatalf("run = %d\n%s", code, stderr.String())
			}
			var rep bench.Report
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatalf("%v\n%s", err, stdout.String())
			}
			if rep.Pages != 20 || len(rep.Tools) < 2*tt.tools || rep.Tools[0].Tool != "works" || rep.Tools[0].Wall <= 0 || rep.Tools[0].CPU <= 0 {
				t.Errorf("report: %+v", rep)
			}
			if tt.tools == 2 && (rep.Tools[0].Build != "cold" || rep.Tools[1].Build != "second" || rep.Ratios[0].Name != "works second/cold") {
				t.Errorf("a -rebuild report has tools %+v and ratios %+v", rep.Tools, rep.Ratios)
			}
			if notes := strings.Join(rep.Notes, "\n"); strings.Contains(notes, "hugo") && !strings.Contains(notes, "works and hugo wrote the same") {
				t.Errorf("works and hugo wrote different pages:\n%s", notes)
			}
		})
	}
}
