//go:build !linux && !darwin

package output

// exchangeDirs cannot swap two folders in one step on this system.
func exchangeDirs(a, b string) error { return errNoExchange }
