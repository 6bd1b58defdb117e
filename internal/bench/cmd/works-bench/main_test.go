package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
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

// TestRunSmallCorpus runs the whole benchmark on 20 pages, once. It
// compiles works, so it runs only when asked: WORKS_BENCH_E2E=1.
func TestRunSmallCorpus(t *testing.T) {
	if os.Getenv("WORKS_BENCH_E2E") != "1" {
		t.Skip("compiles works: set WORKS_BENCH_E2E=1 to run it")
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-pages", "20", "-runs", "1", "-warmup", "0", "-dir", t.TempDir(), "-json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d\n%s", code, stderr.String())
	}
	var rep bench.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	if rep.Pages != 20 || len(rep.Tools) < 2 || rep.Tools[0].Tool != "works" || rep.Tools[0].Wall <= 0 || rep.Tools[0].CPU <= 0 {
		t.Errorf("report: %+v", rep)
	}
}
