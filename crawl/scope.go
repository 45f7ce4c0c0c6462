package crawl

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"fangtan/article"
)

// scope says which addresses a crawl may fetch. A prefix is a host and a
// path prefix (http and https alike); an address under one is crawled in
// full, its links followed. An address on a scope host but outside every
// prefix is a leaf: fetched when a list, sitemap or feed inside the scope
// links to it (a jpaas column at /col/col12/ lists articles at /art/…),
// indexed if it is an article, its own links not followed. Other hosts
// are never fetched.
type scope struct {
	mu       sync.RWMutex // workers read it while the loop widens it (a start address that moved)
	prefixes []prefix
}

type prefix struct {
	host string // lower case, with a port if not the default
	path string // ends in '/'
}

// addSeed adds the prefix of a start address: its host and the folder it
// lies in (/xwdt/index.html → /xwdt/; a site root → /).
func (s *scope) addSeed(u *url.URL) {
	dir := u.Path
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		dir = dir[:i+1]
	} else {
		dir = "/"
	}
	s.add(prefix{host: u.Host, path: dir})
}

// addPrefix adds a -scope prefix, given as an address.
func (s *scope) addPrefix(raw string) error {
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	clean, err := article.CleanURL(raw, nil)
	if err != nil {
		return fmt.Errorf("-scope %s: %w", raw, err)
	}
	u, _ := url.Parse(clean)
	s.add(prefix{host: u.Host, path: u.Path})
	return nil
}

func (s *scope) add(p prefix) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.prefixes {
		if q == p {
			return
		}
	}
	s.prefixes = append(s.prefixes, p)
}

// inside reports whether u is under a prefix.
func (s *scope) inside(u *url.URL) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.prefixes {
		if u.Host == p.host && strings.HasPrefix(u.Path, p.path) {
			return true
		}
	}
	return false
}

// onHost reports whether u is on a scope host.
func (s *scope) onHost(u *url.URL) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.prefixes {
		if u.Host == p.host {
			return true
		}
	}
	return false
}
