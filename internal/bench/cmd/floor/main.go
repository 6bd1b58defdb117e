// Command floor does the least work any static site generator must do for a
// folder of Markdown (see bench.Floor), so a generator's time can be set
// against it:
//
//	go run ./internal/bench/cmd/floor -s corpus/content -o out
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/drammen-works/works/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	src := fs.String("s", "content", "the `folder` of Markdown files")
	dest := fs.String("o", "out", "the `folder` to write the pages to")
	workers := fs.Int("workers", 0, "files handled at once (0: one per CPU)")
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	stats, err := bench.Floor(ctx, os.DirFS(*src), *dest, *workers)
	if err != nil {
		fmt.Fprintf(stderr, "floor: %v\n", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "Wrote %d pages, %d bytes → %s\n", stats.Pages, stats.Bytes, *dest)
	}
	return 0
}
