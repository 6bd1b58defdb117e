package main

import (
	"github.com/drammen-works/works/internal/config"
	"github.com/drammen-works/works/internal/source"
)

// loadConfig reads the works.toml of the site in dir, through the same
// os.Root as everything else a command reads.
func loadConfig(dir string) (*config.Config, error) {
	root, err := source.Open(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return config.Load(source.FS(root))
}
