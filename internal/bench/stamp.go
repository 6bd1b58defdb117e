package bench

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// StampFile is the file in a corpus folder that says which corpus it holds.
// Neither works nor Hugo reads dot files at a site's top level.
const StampFile = ".works-bench-stamp"

func stamp(n int, t Templates) string {
	return fmt.Sprintf("pages=%d version=%d templates=%s\n", n, CorpusVersion, t)
}

// PrepareCorpus makes dir hold t.Corpus(n): when its stamp says so already
// it does nothing, otherwise it removes dir, writes the corpus and stamps
// it. wrote says whether it wrote. The stamp is written last, so a run that
// was interrupted half way writes the corpus again the next time.
func PrepareCorpus(dir string, n int, t Templates) (wrote bool, err error) {
	got, err := os.ReadFile(filepath.Join(dir, StampFile))
	switch {
	case err == nil && string(got) == stamp(n, t):
		return false, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("read the corpus stamp: %w", err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return false, fmt.Errorf("remove the old corpus: %w", err)
	}
	if err := t.WriteCorpus(dir, n); err != nil {
		return false, err
	}
	if err := os.WriteFile(filepath.Join(dir, StampFile), []byte(stamp(n, t)), 0o644); err != nil {
		return false, fmt.Errorf("stamp the corpus: %w", err)
	}
	return true, nil
}
