package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/drammen-works/works/internal/diag"
)

// Names of the two folders Write keeps beside dest while it works.
const (
	tmpInfix = ".works-tmp-"
	oldInfix = ".works-old-"
)

// errNoExchange says the system or file system cannot swap two folders in
// one step.
var errNoExchange = errors.New("cannot exchange two folders in one step here")

// swap puts the finished folder tmp in the place of dest. exchange swaps
// two folders in one step, or returns errNoExchange.
func swap(tmp, dest string, exchange func(a, b string) error) error {
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dest); err != nil {
			return destError(dest, err)
		}
		return nil
	} else if err != nil {
		return destError(dest, err)
	}

	switch err := exchange(tmp, dest); {
	case err == nil:
		// tmp now holds the old site. If a kill stops its removal, dest is
		// whole all the same, and the next Write removes the rest.
		os.RemoveAll(tmp)
		return nil
	case !errors.Is(err, errNoExchange):
		return destError(dest, err)
	}

	// Two renames: between them dest does not exist, and a kill there
	// leaves the old site in .base.works-old-N/base, which restore puts
	// back. Moving dest into a fresh folder, rather than renaming it to a
	// made-up name, cannot collide with anything, on any system.
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	old, err := os.MkdirTemp(parent, "."+base+oldInfix+"*")
	if err != nil {
		return destError(dest, err)
	}
	aside := filepath.Join(old, base)
	if err := os.Rename(dest, aside); err != nil {
		os.Remove(old)
		return destError(dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if os.Rename(aside, dest) == nil { // put the old site back
			os.Remove(old)
			return destError(dest, err)
		}
		d := diag.Errorf(diag.Position{}, "check that you may write to the folder it is in, then build again: the build puts the old site back first",
			"cannot put the new site in place of %q: %v; the old site is kept in %q", dest, unwrapPath(err), aside)
		d.Err = err
		return d
	}
	// If this fails the site is still written; the next Write removes the
	// leftover.
	os.RemoveAll(old)
	return nil
}

// restore puts back the old site that a Write killed between the two
// renames of its swap left in .base.works-old-N/base, when there is no
// destination. It must run under the destination's lock, before leftovers
// are removed; what it finds with a destination in place is left alone.
func restore(dest, parent, base string) error {
	if _, err := os.Lstat(filepath.Join(parent, base)); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil // the next step reports it
	}
	var olds []string
	for _, e := range entries {
		if !e.IsDir() || !isLeftoverOf(e.Name(), base, oldInfix) {
			continue
		}
		if info, err := os.Lstat(filepath.Join(parent, e.Name(), base)); err == nil && info.IsDir() {
			olds = append(olds, e.Name())
		}
	}
	switch len(olds) {
	case 0:
		return nil
	case 1:
		if err := os.Rename(filepath.Join(parent, olds[0], base), filepath.Join(parent, base)); err != nil {
			return destError(dest, err)
		}
		os.Remove(filepath.Join(parent, olds[0]))
		return nil
	}
	// Under the lock a Write leaves at most one; more were made by hand.
	return diag.Errorf(diag.Position{}, "",
		"the output folder %q is missing, and %d earlier sites wait beside it: %s; works cannot tell which to put back",
		dest, len(olds), quoteList(olds)).
		Fixf("move the one you want back to %s by hand, then build again", filepath.Join(parent, base))
}

// removeLeftovers removes the temporary folders of earlier Writes to
// parent/base that did not finish. It only touches names Write makes:
// ".base.works-tmp-" or ".base.works-old-" and digits.
func removeLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return // MkdirTemp will report it
	}
	for _, e := range entries {
		if isLeftoverOf(e.Name(), base, tmpInfix) || isLeftoverOf(e.Name(), base, oldInfix) {
			// A leftover we cannot remove costs disk space but does not
			// harm this build, so it must not fail it.
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func isLeftoverOf(name, base, infix string) bool {
	digits, ok := strings.CutPrefix(name, "."+base+infix)
	return ok && digits != "" && strings.Trim(digits, "0123456789") == ""
}
