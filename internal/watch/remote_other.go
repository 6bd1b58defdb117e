//go:build !linux

package watch

// remoteFS is only known on Linux; elsewhere fsnotify is trusted, and
// --poll is the way out.
func remoteFS(string) string { return "" }
