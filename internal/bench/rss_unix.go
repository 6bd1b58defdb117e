//go:build unix && !darwin && !ios

package bench

import (
	"os"
	"syscall"
)

// maxRSS is the peak resident set of an ended child in bytes. Linux and the
// BSDs report it in KiB, from the rusage that wait4 returns for that child
// alone.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
	}
	return 0
}
