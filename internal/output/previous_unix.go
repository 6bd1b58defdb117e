//go:build unix

package output

import "syscall"

// openNonblock makes opening a named pipe return at once.
const openNonblock = syscall.O_NONBLOCK
