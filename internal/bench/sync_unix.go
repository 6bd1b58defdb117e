//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package bench

import "syscall"

// Sync asks the system to write every file's buffered data to disk
// (sync(2)), so that what one run wrote is not flushed while the next is
// timed.
func Sync() { syscall.Sync() }
