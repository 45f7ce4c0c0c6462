package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gofrs/flock"
)

// Generations on disk. DIR/CURRENT names the generation in use. A process
// that has a generation open (a server, a rebuild filling a new one, a
// search) holds a shared lock on its GEN/LOCK file, so a cleanup never
// removes it; the kernel drops the lock when the process dies, which is what
// makes the directory of a killed rebuild removable. DIR/LOCK is held for
// the few moments it takes to create or pick a generation and lock it, to
// publish one, or to clean up, so a cleanup never slips in between reading
// CURRENT and locking what it names.
const (
	lockFile  = "LOCK"
	genPrefix = "gen-"
)

// lockDir takes DIR/LOCK; release it with Unlock.
func lockDir(dir string) (*flock.Flock, error) {
	l := flock.New(filepath.Join(dir, lockFile))
	if err := l.Lock(); err != nil {
		return nil, fmt.Errorf("index: locking %s: %w", dir, err)
	}
	return l, nil
}

// holdGeneration marks the generation directory genDir as in use until the
// returned lock is released. The caller holds DIR/LOCK.
func holdGeneration(genDir string) (*flock.Flock, error) {
	if _, err := os.Stat(genDir); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	l := flock.New(filepath.Join(genDir, lockFile))
	if err := l.RLock(); err != nil {
		return nil, fmt.Errorf("index: locking %s: %w", genDir, err)
	}
	return l, nil
}

// publishHeld makes the held generation gen current and releases it. Both
// happen under DIR/LOCK: a cleanup that read the previous CURRENT must not
// find gen released and remove it.
func publishHeld(dir, gen string, held *flock.Flock) error {
	dl, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer dl.Unlock()
	if err := publish(dir, gen); err != nil {
		if _, ok := errors.AsType[*publishedError](err); ok {
			held.Unlock() // current now, like a published one
		}
		return err
	}
	held.Unlock()
	return nil
}

// openCurrent opens the generation CURRENT names, holding it.
func openCurrent(opts Options) (*Index, error) {
	dl, err := lockDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	gen, err := readCurrent(opts.Dir)
	var held *flock.Flock
	if err == nil {
		held, err = holdGeneration(filepath.Join(opts.Dir, gen))
	}
	dl.Unlock()
	if err != nil {
		return nil, err
	}
	ix, err := openGeneration(opts, filepath.Join(opts.Dir, gen), nil)
	if err != nil {
		held.Unlock()
		return nil, err
	}
	ix.held = held
	return ix, nil
}

// CleanGenerations removes the generation directories of dir that are
// neither current nor open in any process: those of killed or failed
// rebuilds, and those replaced by a rebuild once the last process using
// them (a server that has since reloaded) closed them. It returns the names
// it removed. Without a valid CURRENT it removes nothing.
func CleanGenerations(dir string) ([]string, error) {
	if !Exists(dir) {
		return nil, nil
	}
	dl, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer dl.Unlock()
	cur, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	var removed []string
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, genPrefix) || name == cur {
			continue
		}
		genDir := filepath.Join(dir, name)
		l := flock.New(filepath.Join(genDir, lockFile))
		free, err := l.TryLock()
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("index: %w", err))
			}
			continue
		}
		if !free {
			continue // open in some process
		}
		// Nobody can take it now: under DIR/LOCK only CURRENT's generation
		// or a brand-new one gets locked. Unlock first, for systems that
		// cannot remove an open file.
		l.Unlock()
		if err := os.RemoveAll(genDir); err != nil {
			errs = append(errs, fmt.Errorf("index: removing an old generation: %w", err))
			continue
		}
		removed = append(removed, name)
	}
	return removed, errors.Join(errs...)
}
