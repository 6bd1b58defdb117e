//go:build unix && !aix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// destLock is a lock on the destination, held with flock(2) on the lock
// file: the kernel lets it go when the process ends, however it ends, so a
// killed build never leaves a folder locked.
type destLock struct {
	file *os.File
	path string
}

// lockDest takes the lock of parent/base without waiting, or says another
// build is writing to dest.
func lockDest(dest, parent, base string) (*destLock, error) {
	path := lockPath(parent, base)
	// A build that lets go removes the file first; one that opened the old
	// file just before then holds a lock nobody else sees, so it checks that
	// its file is still the one at path, and tries again if not.
	for range 100 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, destError(dest, err)
		}
		if err := flock(f, unix.LOCK_EX|unix.LOCK_NB); err != nil {
			f.Close()
			switch {
			case errors.Is(err, unix.EWOULDBLOCK):
				return nil, busyError(dest)
			case errors.Is(err, unix.ENOLCK), errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.ENOSYS):
				// Some network file systems cannot lock: build without
				// the lock rather than not at all.
				return &destLock{}, nil
			}
			return nil, destError(dest, err)
		}
		held, err1 := f.Stat()
		there, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, there) {
			return &destLock{file: f, path: path}, nil
		}
		f.Close()
	}
	return nil, busyError(dest)
}

// release lets the lock go: remove the file while holding it, then close.
func (l *destLock) release() {
	if l.file == nil {
		return
	}
	os.Remove(l.path)
	l.file.Close()
}

func flock(f *os.File, how int) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := conn.Control(func(fd uintptr) { ferr = unix.Flock(int(fd), how) }); err != nil {
		return err
	}
	return ferr
}
