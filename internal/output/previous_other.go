//go:build !unix

package output

// openNonblock is nothing where no named pipe sits among files.
const openNonblock = 0
