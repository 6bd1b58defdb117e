package watch

import "syscall"

// remoteFS names the kind of file system dir is on when it is one where
// inotify misses changes made by other machines (network drives, WSL's
// Windows drives), and returns "" otherwise.
func remoteFS(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return ""
	}
	// Magic numbers from linux/magic.h and statfs(2).
	switch uint32(st.Type) {
	case 0x6969:
		return "NFS"
	case 0x517b, 0xff534d42, 0xfe534d42:
		return "SMB"
	case 0x01021997:
		return "9P (WSL or virtual machine share)"
	case 0x65735546:
		return "FUSE (sshfs or similar)"
	case 0x5346414f:
		return "AFS"
	case 0x73757245:
		return "Coda"
	}
	return ""
}
