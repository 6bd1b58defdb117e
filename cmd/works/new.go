package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/drammen-works/works/internal/archetype"
	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/source"
)

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	var req archetype.Request
	var dir string
	fs := newFlags("new", "Creates a page from its section's archetype and prints its path:\n\n"+
		"  works new historier \"Ny fabrikk på Åssiden\"            → content/historier/ny-fabrikk-pa-assiden/index.md\n"+
		"  works new historier \"Ny fabrikk på Åssiden\" --lang en  → its English version, index.en.md beside it\n\n"+
		"The page is a draft until you remove draft: true. An existing file is never overwritten.", stdout, stderr)
	for _, n := range []string{"s", "source"} {
		fs.StringVar(&dir, n, ".", "the site's `folder`")
	}
	fs.StringVar(&req.Lang, "lang", "", "write the version in this `language` of an existing page (its title or folder name)")
	// Flags may come after the section and title, so parse until every
	// argument is read; parse itself refuses arguments that are not flags.
	var words []string
	rest := args
	for {
		err := fs.FlagSet.Parse(rest)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "Usage: works new <section> <title> [flags]\n\n%s\n\nFlags:\n", fs.summary)
			printFlags(stdout, fs.FlagSet)
			return exitOK
		}
		if err != nil {
			fmt.Fprintln(stderr, "Run 'works help new' to see the flags.")
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(words) != 2 {
		fmt.Fprintln(stderr, `works new: give a section and a title, like: works new historier "Ny fabrikk på Åssiden"`)
		return exitUsage
	}
	req.Section, req.Title = words[0], words[1]

	root, err := source.Open(dir)
	if err != nil {
		fmt.Fprintf(stderr, "works new: %v\n", err)
		return exitFailed
	}
	defer root.Close()
	cfg, err := config.Load(source.FS(root))
	if err != nil {
		return reportCheckError(stderr, err)
	}
	// The built-in archetype asks for what works check will require.
	schemas, errs := build.Schemas(source.FS(root), cfg)
	if err := errs.Err(); err != nil {
		return reportCheckError(stderr, err)
	}
	req.Schemas, req.Now = schemas, time.Now()
	name, err := newPage(root, cfg, req)
	if err != nil {
		fmt.Fprintf(stderr, "works new: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, filepath.Join(dir, filepath.FromSlash(name)))
	return exitOK
}

// newPage makes the page req asks for and writes it below root, returning
// its slash path relative to root. It never overwrites a file.
func newPage(root *os.Root, cfg *config.Config, req archetype.Request) (string, error) {
	page, err := archetype.Make(source.FS(root), cfg, req)
	if err != nil {
		return "", err
	}
	if err := root.MkdirAll(filepath.FromSlash(path.Dir(page.Path)), 0o755); err != nil {
		return "", err
	}
	// O_EXCL: even a file that appeared since Make looked is kept.
	f, err := root.OpenFile(filepath.FromSlash(page.Path), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, iofs.ErrExist) {
		return "", fmt.Errorf("%s already exists: open it to edit it", page.Path)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(page.Text); err != nil {
		f.Close()
		return "", err
	}
	return page.Path, f.Close()
}
