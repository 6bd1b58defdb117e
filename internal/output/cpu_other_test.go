//go:build !unix

package output

import "time"

// cpuTime is 0 where the process cannot tell its CPU time.
func cpuTime() time.Duration { return 0 }
