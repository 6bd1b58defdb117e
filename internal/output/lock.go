package output

import (
	"path/filepath"

	"github.com/drammen-works/works/internal/diag"
)

// lockSuffix names the file beside the destination that a Write locks
// (".public.works-lock"), so that two builds never write one destination
// at once. Where the system can, it is removed when the lock is let go.
const lockSuffix = ".works-lock"

func lockPath(parent, base string) string {
	return filepath.Join(parent, "."+base+lockSuffix)
}

func busyError(dest string) error {
	return diag.Errorf(diag.Position{}, "wait for it to finish, then build again",
		"another build is writing to %q", dest)
}
