package main

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/drammen-works/works/internal/archetype"
	"github.com/drammen-works/works/internal/build"
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/msg"
	"github.com/drammen-works/works/internal/source"
)

func runNew(_ context.Context, c *cli, args []string) int {
	var req archetype.Request
	var dir string
	fs := newFlags(c, msg.T("Creates a page from its section's archetype and prints its path:\n\n"+
		"  works new historier \"Ny fabrikk på Åssiden\"                   → content/historier/ny-fabrikk-pa-assiden/index.md\n"+
		"  works new historier \"Ny fabrikk på Åssiden\" --translation en  → its English version, index.en.md beside it\n\n"+
		"The page is a draft until you remove draft: true. An existing file is never overwritten."))
	fs.args = msg.T("<section> <title> [flags]")
	fs.sourceVar(&dir)
	// Not --lang, which every command takes for the language it speaks.
	fs.stringVar(&req.Lang, "", msg.T("write the version in this `language` of an existing page (its title or folder name)"), "translation")
	words, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(words) != 2 {
		return fs.fail(msg.T(`%s: give a section and a title, like: works new historier "Ny fabrikk på Åssiden"`, c.name))
	}
	req.Section, req.Title = words[0], words[1]

	root, err := source.Open(dir)
	if err != nil {
		c.report(err)
		return exitFailed
	}
	defer root.Close()
	cfg, err := config.Load(source.FS(root))
	if err != nil {
		c.report(err)
		return exitFailed
	}
	c.useSite(cfg)
	// The built-in archetype asks for what works check will require.
	schemas, errs := build.Schemas(source.FS(root), cfg)
	if err := errs.Err(); err != nil {
		c.report(err)
		return exitFailed
	}
	req.Schemas, req.Now, req.Say = schemas, time.Now(), c.lang
	name, err := newPage(root, cfg, req)
	if err != nil {
		c.report(err)
		return exitFailed
	}
	fmt.Fprintln(c.stdout, filepath.Join(dir, filepath.FromSlash(name)))
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
		return "", textError{msg.T("%s appeared while the page was being made, and is kept as it is: open it to edit it", page.Path)}
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(page.Text); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	// The archetype's placeholder picture and other files, beside the
	// page; a file already there is kept.
	for _, file := range page.Files {
		f, err := root.OpenFile(filepath.FromSlash(file.Path), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, iofs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(file.Data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", err
		}
	}
	return page.Path, nil
}
