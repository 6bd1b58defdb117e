package output

import (
	"errors"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"

	"github.com/drammen-works/works/internal/diag"
)

// CheckDestination refuses an output folder that building into would
// destroy something, since a build replaces the whole folder:
//
//   - the root of the disk, the user's home folder (from $HOME and from the
//     user database) or a folder containing it;
//   - the site's source folder or a folder containing it, and every folder
//     the build reads (content/, layouts/, themes/, static/, data/, i18n/,
//     assets/, archetypes/, resources/) or any folder inside one;
//   - a symbolic link, or a path that runs through one (see linkOnPath for
//     the links that are followed);
//   - a file;
//   - a folder that is not empty and carries no valid mark of an earlier
//     build (see manifest.go), or that holds anything that build did not
//     write.
//
// Missing and empty folders are fine. Paths are compared made absolute and
// cleaned, with the symbolic links of their existing parts resolved. source
// may be empty.
//
// It looks while holding Write's lock (the lock file beside dest goes
// again), and while another build writes to dest it refuses, saying so. If
// an earlier build was killed halfway through swapping the new site in and
// left no destination, it first puts the old site back.
func CheckDestination(dest, source string) error {
	resolved, err := checkPath(dest, source)
	if err != nil {
		return err
	}
	parent, base := filepath.Dir(resolved), filepath.Base(resolved)
	if _, err := os.Stat(parent); errors.Is(err, fs.ErrNotExist) {
		return nil // nothing there yet, and nothing left over
	}
	lock, err := lockDest(dest, parent, base)
	if err != nil {
		return err
	}
	defer lock.release()
	if err := restore(dest, parent, base); err != nil {
		return err
	}
	_, err = checkContents(dest, resolved)
	return err
}

// The hints of a destination that would replace what is not the site's.
const (
	chooseEmptyFolder = `choose an empty folder of its own, for example "public" inside the site folder`
	chooseOtherFolder = `choose another folder, for example "public" in the site folder`
	writeRealPath     = "write the real path, %q, or choose another folder"
)

// checkPath refuses what can be told from the path alone (and whether it is
// a file), and returns dest made real: absolute, clean, links resolved.
func checkPath(dest, source string) (string, error) {
	if dest == "" {
		return "", diag.Errorf(diag.Position{}, `set one, for example "public"`, "no output folder is set")
	}
	d, err := realPath(dest)
	if err != nil {
		return "", destError(dest, err)
	}
	if filepath.Dir(d) == d {
		return "", diag.Errorf(diag.Position{}, chooseEmptyFolder,
			"the output folder %q is the top of the disk; building would replace everything on it", dest)
	}
	homes := homeFolders()
	for _, home := range homes {
		h, err := realPath(home)
		if err != nil {
			continue
		}
		if d == h {
			return "", diag.Errorf(diag.Position{}, chooseEmptyFolder,
				"the output folder %q is your home folder; building would replace everything in it", dest)
		}
		if within(d, h) {
			return "", diag.Errorf(diag.Position{}, chooseEmptyFolder,
				"the output folder %q contains your home folder; building would replace everything in it", dest)
		}
	}
	if source != "" {
		s, err := realPath(source)
		if err != nil {
			return "", diag.Errorf(diag.Position{}, "check the path to the site folder",
				"cannot use the site folder %q: %v", source, err)
		}
		if d == s {
			return "", diag.Errorf(diag.Position{}, chooseEmptyFolder,
				"the output folder %q is the site's own folder; building would replace your content", dest)
		}
		if within(d, s) {
			return "", diag.Errorf(diag.Position{}, chooseEmptyFolder,
				"the output folder %q contains the site folder %q; building would replace your content", dest, source)
		}
		if err := checkSiteFolders(dest, d, source); err != nil {
			return "", err
		}
	}
	if err := checkLinks(dest, d, source, homes); err != nil {
		return "", err
	}
	if info, err := os.Stat(d); err == nil && !info.IsDir() {
		return "", diag.Errorf(diag.Position{}, "move the file away or choose another output folder",
			"the output folder %q is a file, not a folder", dest)
	}
	return d, nil
}

// checkSiteFolders refuses a destination that is, or lies inside, a folder
// the build reads. The list is the sources of config.Load, content.Load,
// the theme, the assets and the image cache; a destination inside static/
// would also copy the previous output into the next one.
func checkSiteFolders(dest, resolved, source string) error {
	for _, name := range []string{"content", "layouts", "themes", "static", "data", "i18n", "assets", "archetypes", "resources"} {
		f, err := realPath(filepath.Join(source, name))
		if err != nil {
			continue
		}
		if resolved == f {
			return diag.Errorf(diag.Position{}, chooseOtherFolder,
				"the output folder %q is the site's %s/ folder, which the build reads; building would replace the writers' files in it", dest, name)
		}
		if within(f, resolved) {
			return diag.Errorf(diag.Position{}, chooseOtherFolder,
				"the output folder %q is inside the site's %s/ folder, which the build reads; building would replace the writers' files there", dest, name)
		}
	}
	return nil
}

// checkLinks refuses a destination that is a symbolic link or whose path
// runs through one: a build replaces the folder it writes to, and through a
// link that is another folder than the one named (public -> ../victim made
// a build replace victim). Giving the real path says where the site goes.
//
// Links at or above the site folder, the home folder and the temporary
// folder are followed: those are the system's or were chosen to reach the
// site (/home -> /var/home on Fedora Silverblue, /var -> /private/var under
// macOS's temporary folders, a site folder reached through a link), and
// refusing them would refuse every build on such a machine. Only links
// below them, where the destination's own path goes, are refused.
func checkLinks(dest, resolved, source string, homes []string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return destError(dest, err)
	}
	followed := append(slices.Clone(homes), os.TempDir())
	if source != "" {
		followed = append(followed, source)
	}
	link, target, err := linkOnPath(abs, followed)
	if err != nil || link == "" {
		return err
	}
	if link == abs {
		return diag.Errorf(diag.Position{}, "",
			"the output folder %q is a symbolic link to %q; building would replace the folder it points to", dest, target).Fixf(writeRealPath, resolved)
	}
	return diag.Errorf(diag.Position{}, "",
		"the output folder %q runs through the symbolic link %q, which points to %q; building would write somewhere else than it looks", dest, link, target).Fixf(writeRealPath, resolved)
}

// linkOnPath returns the first existing part of the absolute, clean path
// abs that is a symbolic link, and where it points, leaving out links that
// are one of followed or above one of them ("" when there is none).
func linkOnPath(abs string, followed []string) (link, target string, err error) {
	var trusted []string
	for _, f := range followed {
		if a, err := filepath.Abs(f); err == nil {
			trusted = append(trusted, a)
		}
	}
	isTrusted := func(p string) bool {
		for _, t := range trusted {
			if t == p || within(p, t) {
				return true
			}
		}
		return false
	}
	vol := filepath.VolumeName(abs)
	cur := vol + string(filepath.Separator)
	for _, part := range strings.Split(strings.TrimPrefix(abs[len(vol):], string(filepath.Separator)), string(filepath.Separator)) {
		if part == "" {
			continue
		}
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return "", "", nil // the rest does not exist yet: no link
		}
		if err != nil {
			return "", "", err
		}
		if info.Mode()&fs.ModeSymlink != 0 && !isTrusted(cur) {
			target, err := os.Readlink(cur)
			return cur, target, err
		}
	}
	return "", "", nil
}

// homeFolders returns the user's home folder as $HOME says and as the user
// database says: they differ under sudo, in services and in scripts that
// set HOME, and either may be the folder a mistaken -d would wipe.
func homeFolders() []string {
	var homes []string
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		homes = append(homes, h)
	}
	if u, err := user.Current(); err == nil && u.HomeDir != "" && (len(homes) == 0 || u.HomeDir != homes[0]) {
		homes = append(homes, u.HomeDir)
	}
	return homes
}

// within reports whether path p lies inside folder dir (not equal to it).
func within(dir, p string) bool {
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// realPath makes p absolute and clean and resolves the symbolic links of
// the longest part of it that exists; the rest need not exist yet.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	cur, rest := abs, ""
	for {
		r, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		up := filepath.Dir(cur)
		if up == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = up
	}
}
