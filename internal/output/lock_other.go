//go:build !(unix && !aix) && !windows

package output

import (
	"errors"
	"io/fs"
	"os"

	"github.com/drammen-works/works/internal/diag"
)

// destLock is a lock on the destination where the system has no file
// locks: the lock file exists while a build holds it. A build that is
// killed leaves it behind, and the message then says to remove it.
type destLock struct {
	path string
}

// lockDest takes the lock of parent/base without waiting, or says another
// build is writing to dest.
func lockDest(dest, parent, base string) (*destLock, error) {
	path := lockPath(parent, base)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, diag.Errorf(diag.Position{}, "", "another build is writing to %q", dest).
			Fixf("wait for it to finish, then build again; if no build is running, one was stopped: remove %s", path)
	}
	if err != nil {
		return nil, destError(dest, err)
	}
	f.Close()
	return &destLock{path: path}, nil
}

func (l *destLock) release() {
	os.Remove(l.path)
}
