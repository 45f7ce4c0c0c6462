package crawl

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// StateFile is the crawl state's file in the data directory.
const StateFile = "crawl.db"

// The state's buckets: what is known of each address fetched, of each
// article indexed (by ID), which article holds each text (to tell a print
// version or a ?page= copy from a new article), and the addresses found
// but not yet fetched (a killed crawl resumes them).
var (
	bucketPages    = []byte("pages")
	bucketArticles = []byte("articles")
	bucketTexts    = []byte("texts")
	bucketPending  = []byte("pending")
)

// Page kinds kept in the state.
const (
	kindArticle = "article"
	kindList    = "list"
	kindFeed    = "feed" // a sitemap or an RSS/Atom feed
	kindSkipped = "skipped"
	kindFailed  = "failed"
	kindGone    = "gone"
)

// pageState is what the crawler remembers of one address between runs.
type pageState struct {
	Kind         string    `json:"kind"`
	Status       int       `json:"status,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Hash         string    `json:"hash,omitempty"`       // of the article's text, or of a list's links
	ArticleID    string    `json:"article_id,omitempty"` // the article this address gave
	FetchedAt    string    `json:"fetched_at,omitempty"` // when the indexed version was fetched
	Checked      time.Time `json:"checked"`              // when last asked
	Reason       string    `json:"reason,omitempty"`
	Links        []link    `json:"links,omitempty"` // a list's links, followed again on a 304
}

// indexed is what the state knows of an article the crawl put in the
// index.
type indexed struct {
	Hash      string `json:"hash"` // of its text (hashText)
	FetchedAt string `json:"fetched_at"`
	URL       string `json:"url"` // its source_url: the address whose 404 removes it
}

// link is an address found on a page, with how it is to be treated.
type link struct {
	URL  string `json:"u"`
	Role role   `json:"r,omitempty"`
	// Form is the body of a POST (a jpaas dataproxy request); empty for GET.
	Form string `json:"f,omitempty"`
}

// state is the crawl state on disk (bbolt): durable after every page, so a
// crawl killed at any point and run again finishes the work, and a second
// run asks only for what changed.
type state struct {
	db *bolt.DB
}

func openState(dir string) (*state, error) {
	path := filepath.Join(dir, StateFile)
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("crawl: %s is in use by another crawl", path)
	}
	if err != nil {
		return nil, fmt.Errorf("crawl: opening %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketPages, bucketArticles, bucketTexts, bucketPending} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("crawl: %s: %w", path, err)
	}
	return &state{db: db}, nil
}

func (s *state) close() error { return s.db.Close() }

func (s *state) page(u string) (*pageState, error) {
	var ps *pageState
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketPages).Get([]byte(u))
		if raw == nil {
			return nil
		}
		ps = new(pageState)
		return json.Unmarshal(raw, ps)
	})
	return ps, err
}

func (s *state) get(bucket []byte, key string) string {
	var v string
	s.db.View(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucket).Get([]byte(key)))
		return nil
	})
	return v
}

// article is what the state knows of an indexed article; nil if nothing.
func (s *state) article(id string) *indexed {
	raw := s.get(bucketArticles, id)
	if raw == "" {
		return nil
	}
	var a indexed
	if json.Unmarshal([]byte(raw), &a) != nil {
		return nil
	}
	return &a
}

// update is one durable step of the crawl: the page's new state, the
// address taken off the pending list, the new addresses put on it, and the
// articles and texts that changed (nil or empty deletes).
type update struct {
	url      string
	page     *pageState
	done     bool
	pending  []link
	articles map[string]*indexed
	texts    map[string]string
}

func (s *state) apply(up *update) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if up.page != nil {
			raw, err := json.Marshal(up.page)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketPages).Put([]byte(up.url), raw); err != nil {
				return err
			}
		}
		pend := tx.Bucket(bucketPending)
		if up.done {
			if err := pend.Delete([]byte(up.url)); err != nil {
				return err
			}
		}
		// in key order: bbolt inserts into a node by copying its tail, so
		// a sitemap's 100,000 addresses in random order cost seconds
		slices.SortFunc(up.pending, func(a, b link) int { return strings.Compare(a.key(), b.key()) })
		for _, l := range up.pending {
			raw, _ := json.Marshal(l)
			if err := pend.Put([]byte(l.key()), raw); err != nil {
				return err
			}
		}
		arts := tx.Bucket(bucketArticles)
		for id, a := range up.articles {
			var err error
			if a == nil {
				err = arts.Delete([]byte(id))
			} else {
				raw, _ := json.Marshal(a)
				err = arts.Put([]byte(id), raw)
			}
			if err != nil {
				return err
			}
		}
		texts := tx.Bucket(bucketTexts)
		for h, id := range up.texts {
			var err error
			if id == "" {
				err = texts.Delete([]byte(h))
			} else {
				err = texts.Put([]byte(h), []byte(id))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// pending lists the addresses a previous run found and did not fetch.
func (s *state) pending() ([]link, error) {
	var ls []link
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).ForEach(func(k, v []byte) error {
			var l link
			if json.Unmarshal(v, &l) == nil && l.URL != "" {
				ls = append(ls, l)
			}
			return nil
		})
	})
	return ls, err
}

// clearPending empties the pending list once a run has fetched everything.
func (s *state) clearPending() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketPending); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketPending)
		return err
	})
}

// articleURLs calls fn with the source address of every article indexed.
func (s *state) articleURLs(fn func(u string)) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			var a indexed
			if json.Unmarshal(v, &a) == nil && a.URL != "" {
				fn(a.URL)
			}
			return nil
		})
	})
}
