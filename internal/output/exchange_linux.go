package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchangeDirs swaps the folders at a and b in one step, with
// renameat2(RENAME_EXCHANGE) (Linux 3.15 and later). File systems that
// cannot (some network and FUSE ones) answer EINVAL, and kernels without
// the call ENOSYS; then it returns errNoExchange.
func exchangeDirs(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
