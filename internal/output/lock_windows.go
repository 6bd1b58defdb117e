package output

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// destLock is a lock on the destination, held with LockFileEx on the lock
// file: Windows lets it go when the process ends, however it ends.
type destLock struct {
	file *os.File
}

// lockDest takes the lock of parent/base without waiting, or says another
// build is writing to dest. The lock file stays: Windows cannot remove a
// file another build may have open, and an empty file costs nothing.
func lockDest(dest, parent, base string) (*destLock, error) {
	f, err := os.OpenFile(lockPath(parent, base), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, destError(dest, err)
	}
	var ol windows.Overlapped
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, busyError(dest)
		}
		return nil, destError(dest, err)
	}
	return &destLock{file: f}, nil
}

// release lets the lock go; closing the file unlocks it.
func (l *destLock) release() {
	l.file.Close()
}
