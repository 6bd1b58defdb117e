// Package arch holds no code: its test keeps the package table of README's
// "For developers" true. Each package of the module may import only the
// internal packages its row names, a few outside modules only in the
// package that wraps them, and cmd/works is imported by nothing. The test
// reads the import lines of the source files (go/parser), so it runs
// offline and in well under a second.
package arch
