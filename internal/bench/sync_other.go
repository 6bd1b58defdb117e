//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package bench

// Sync does nothing where the system has no sync(2) in package syscall.
func Sync() {}
