// Package querylog is fangtan's query log: what readers of each portal
// search for, kept so that a portal can show its popular searches and
// learn what its readers look for and do not find.
//
// What is stored, per day (UTC+8) and portal: each normalised query (folded
// as the index folds it), how often it was asked, the number of its hits
// the last time, and how many distinct clients asked it that day. Nothing
// else: no IP address, cookie, user agent, time of day or order of
// searches. Distinct clients are counted in memory with a keyed hash of
// the client's address under a random key that changes every day and is
// never written to disk; only the count is stored.
//
// Recording never slows a search: Record puts the entry on a bounded queue
// and returns; one writer commits the queue in batches; when the queue is
// full the entry is dropped and counted. A commit is durable (bbolt), so a
// crash or kill -9 loses at most the entries still queued. The log is
// bounded: at most MaxPerDay (portal, query) pairs a day, days older than
// KeepDays rolled up into months (at most MaxPerMonth pairs each), months
// older than KeepMonths deleted.
package querylog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"fangtan/article/normalize"
)

// Options configure a Log.
type Options struct {
	QueueSize int // entries waiting to be written (default 4096)
	BatchSize int // entries per commit at most (default 512)
	// Linger is how long the writer gathers a batch before it commits:
	// one commit (one fsync) then covers many searches, so a busy server
	// spends its CPU on searching, not on syncing (default 250ms).
	Linger      time.Duration
	MaxPerDay   int // distinct (portal, query) pairs kept a day (default 20,000)
	KeepDays    int // days kept as days (default 60)
	MaxPerMonth int // pairs kept a month once rolled up (default 20,000)
	KeepMonths  int // months kept (default 24)
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// Committed, if set, is called by the writer after each commit with
	// the number of entries committed so far (tests).
	Committed func(total uint64)
}

// SetDefaults fills the zero fields.
func (o *Options) SetDefaults() {
	if o.QueueSize <= 0 {
		o.QueueSize = 4096
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 512
	}
	if o.Linger <= 0 {
		o.Linger = 250 * time.Millisecond
	}
	if o.MaxPerDay <= 0 {
		o.MaxPerDay = 20000
	}
	if o.KeepDays <= 0 {
		o.KeepDays = 60
	}
	if o.MaxPerMonth <= 0 {
		o.MaxPerMonth = 20000
	}
	if o.KeepMonths <= 0 {
		o.KeepMonths = 24
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Bounds of what is stored.
const (
	MaxQueryRunes  = 64  // a longer query is cut
	MaxPortalBytes = 253 // a host name
	maxClientsSeen = 64  // distinct clients counted per pair and day
)

// Direct is the portal of searches made on fangtan's own pages or with no
// portal named.
const Direct = "direct"

// china is the day boundary of the log: the portals are Chinese.
var china = time.FixedZone("UTC+8", 8*3600)

// Day is the log's day of t: 20261201.
func Day(t time.Time) string { return t.In(china).Format("20060102") }

// entry is one search on its way to the disk.
type entry struct {
	day, portal, query string
	client             uint64
	hits               int
}

// Log is an open query log.
type Log struct {
	opts  Options
	db    *bolt.DB
	queue chan entry
	done  chan struct{}
	flush chan chan struct{}

	recorded  atomic.Uint64 // entries accepted onto the queue
	committed atomic.Uint64 // entries written
	dropped   atomic.Uint64 // entries dropped: queue full
	overflow  atomic.Uint64 // new pairs not kept: the day was full

	keyMu  sync.Mutex
	keyDay string
	seed   maphash.Seed // the day's key for client hashes; memory only

	// clients seen per day, portal and query (the writer's alone)
	seen    map[string]map[uint64]struct{}
	seenDay string

	closeMu   sync.RWMutex // Record holds it shared while it queues; Close closes the queue under it
	closed    bool
	closeOnce sync.Once
	popularCache
}

// Bucket names.
var (
	bDays   = []byte("days")   // day → portal → query → record
	bMonths = []byte("months") // month → portal → query → record
)

// Open opens (or creates) the log at path.
func Open(path string, opts Options) (*Log, error) {
	opts.SetDefaults()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("querylog: %s is in use by another process (a running 'fangtan serve'? ask its /api/stats)", path)
		}
		return nil, fmt.Errorf("querylog: %w", err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bDays, bMonths} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("querylog: %w", err)
	}
	l := &Log{opts: opts, db: db, queue: make(chan entry, opts.QueueSize),
		done: make(chan struct{}), flush: make(chan chan struct{}), seen: map[string]map[uint64]struct{}{}}
	go l.writer()
	return l, nil
}

// OpenReadOnly opens a log for reading only (fangtan stats).
func OpenReadOnly(path string) (*Log, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("querylog: %s is in use by a running 'fangtan serve': ask its GET /api/stats instead", path)
		}
		return nil, fmt.Errorf("querylog: %w", err)
	}
	opts := Options{}
	opts.SetDefaults()
	return &Log{opts: opts, db: db}, nil
}

// Normalize folds a query the way the log stores it: as the index folds
// text, whitespace runs as one space, at most MaxQueryRunes characters.
func Normalize(q string) string {
	q = strings.Join(strings.Fields(normalize.String(q)), " ")
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		q = string([]rune(q)[:MaxQueryRunes])
	}
	return q
}

// clientHash keys a client (its address) with the day's random key.
func (l *Log) clientHash(day, client string) uint64 {
	l.keyMu.Lock()
	if l.keyDay != day {
		l.keyDay, l.seed = day, maphash.MakeSeed()
	}
	seed := l.seed
	l.keyMu.Unlock()
	return maphash.String(seed, client)
}

// Record queues one search: the query as asked, the portal it came from,
// the client's address (hashed here, never stored) and the number of hits
// shown. It never blocks: when the queue is full the search is dropped
// and counted. An empty query is not recorded.
func (l *Log) Record(query, portal, client string, hits int) {
	if l == nil || l.queue == nil {
		return
	}
	q := Normalize(query)
	if q == "" {
		return
	}
	if portal == "" {
		portal = Direct
	}
	day := Day(l.opts.Now())
	e := entry{day: day, portal: portal, query: q, client: l.clientHash(day, client), hits: hits}
	l.closeMu.RLock()
	defer l.closeMu.RUnlock()
	if l.closed {
		return
	}
	select {
	case l.queue <- e:
		l.recorded.Add(1)
	default:
		l.dropped.Add(1)
	}
}

// Counters tells what became of the searches recorded.
type Counters struct {
	Recorded, Committed, Dropped, Overflow uint64
	Queued                                 int
}

// Counters returns the log's counters (for /metrics).
func (l *Log) Counters() Counters {
	if l == nil {
		return Counters{}
	}
	return Counters{Recorded: l.recorded.Load(), Committed: l.committed.Load(),
		Dropped: l.dropped.Load(), Overflow: l.overflow.Load(), Queued: len(l.queue)}
}

// Flush waits until every entry queued before the call is on disk.
func (l *Log) Flush() {
	if l == nil || l.queue == nil {
		return
	}
	ack := make(chan struct{})
	select {
	case l.flush <- ack:
		<-ack
	case <-l.done:
	}
}

// Close writes what is queued and closes the log.
func (l *Log) Close() error {
	if l == nil {
		return nil
	}
	if l.queue != nil {
		l.closeOnce.Do(func() {
			l.closeMu.Lock()
			l.closed = true
			close(l.queue)
			l.closeMu.Unlock()
		})
		<-l.done
	}
	return l.db.Close()
}

// writer commits the queue in batches until it is closed.
func (l *Log) writer() {
	defer close(l.done)
	batch := make([]entry, 0, l.opts.BatchSize)
	for {
		var ack chan struct{}
		select {
		case e, ok := <-l.queue:
			if !ok {
				return
			}
			batch = append(batch, e)
		case ack = <-l.flush:
		}
		// gather what else comes, up to a batch or for Linger
		if ack == nil {
			linger := time.NewTimer(l.opts.Linger)
		gather:
			for len(batch) < l.opts.BatchSize {
				select {
				case e, ok := <-l.queue:
					if !ok {
						break gather
					}
					batch = append(batch, e)
				case ack = <-l.flush:
					break gather
				case <-linger.C:
					break gather
				}
			}
			linger.Stop()
		}
		if ack != nil {
			// a flush waits for everything queued before it
			for len(l.queue) > 0 || len(batch) > 0 {
				for len(batch) < l.opts.BatchSize && len(l.queue) > 0 {
					batch = append(batch, <-l.queue)
				}
				l.commit(batch)
				batch = batch[:0]
			}
			close(ack)
			continue
		}
		l.commit(batch)
		batch = batch[:0]
	}
}

// record is the stored value of a (portal, query) pair: 12 bytes.
type record struct {
	count, clients, hits uint32
}

func decode(b []byte) record {
	if len(b) != 12 {
		return record{}
	}
	return record{binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:])}
}

func (r record) encode() []byte {
	b := make([]byte, 12)
	binary.BigEndian.PutUint32(b, r.count)
	binary.BigEndian.PutUint32(b[4:], r.clients)
	binary.BigEndian.PutUint32(b[8:], r.hits)
	return b
}

// countKey holds, in a day or month bucket, the number of its (portal,
// query) pairs; no portal is named so.
var countKey = []byte{0}

func getCount(b *bolt.Bucket) int {
	v := b.Get(countKey)
	if len(v) != 8 {
		return 0
	}
	return int(binary.BigEndian.Uint64(v))
}

func putCount(b *bolt.Bucket, n int) error {
	v := make([]byte, 8)
	binary.BigEndian.PutUint64(v, uint64(n))
	return b.Put(countKey, v)
}

// commit writes a batch in one transaction and rolls up old days when a
// new day begins.
func (l *Log) commit(batch []entry) {
	if len(batch) == 0 {
		return
	}
	newDay := false
	err := l.db.Update(func(tx *bolt.Tx) error {
		days := tx.Bucket(bDays)
		for _, e := range batch {
			if e.day != l.seenDay {
				if l.seenDay != "" && e.day > l.seenDay {
					newDay = true
				}
				if e.day > l.seenDay {
					l.seenDay = e.day
					clear(l.seen)
				}
			}
			db, err := days.CreateBucketIfNotExists([]byte(e.day))
			if err != nil {
				return err
			}
			pb := db.Bucket([]byte(e.portal))
			var old []byte
			if pb != nil {
				old = pb.Get([]byte(e.query))
			}
			if old == nil {
				if n := getCount(db); n >= l.opts.MaxPerDay {
					l.overflow.Add(1)
					continue
				} else if err := putCount(db, n+1); err != nil {
					return err
				}
			}
			if pb == nil {
				if pb, err = db.CreateBucket([]byte(e.portal)); err != nil {
					return err
				}
			}
			r := decode(old)
			r.count++
			r.hits = uint32(max(0, e.hits))
			if e.day == l.seenDay {
				key := e.portal + "\x00" + e.query
				set := l.seen[key]
				if set == nil {
					set = map[uint64]struct{}{}
					l.seen[key] = set
				}
				if len(set) < maxClientsSeen {
					set[e.client] = struct{}{}
				}
				// after a restart the day's earlier clients are unknown:
				// the larger count is kept, never a sum, so no client
				// counts twice
				r.clients = max(r.clients, uint32(len(set)))
			} else {
				r.clients = max(r.clients, 1)
			}
			if err := pb.Put([]byte(e.query), r.encode()); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		n := l.committed.Add(uint64(len(batch)))
		if l.opts.Committed != nil {
			l.opts.Committed(n)
		}
	}
	if newDay || l.committed.Load() == uint64(len(batch)) {
		l.rollUp()
	}
}

// periods counts the days and months the log holds.
func (l *Log) periods() (days, months int) {
	l.db.View(func(tx *bolt.Tx) error {
		tx.Bucket(bDays).ForEachBucket(func([]byte) error { days++; return nil })
		tx.Bucket(bMonths).ForEachBucket(func([]byte) error { months++; return nil })
		return nil
	})
	return days, months
}
