//go:build darwin || ios

package bench

import (
	"os"
	"syscall"
)

// maxRSS is the peak resident set of an ended child in bytes, which is the
// unit macOS reports it in.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return 0
}
