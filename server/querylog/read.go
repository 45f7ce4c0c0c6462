package querylog

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Query is a query of the log with what was counted of it.
type Query struct {
	Text    string `json:"text"`
	Count   int    `json:"count"`
	Hits    int    `json:"hits"`    // the number of hits the last time it was asked
	Clients int    `json:"clients"` // distinct clients on its busiest day
}

// totals adds up the (portal, query) records of the days and months in
// [from, to] (days as 20261201; months are taken whole when they overlap).
// portal "" means every portal.
func (l *Log) totals(portal, from, to string) (map[string]*Query, error) {
	if len(from) != 8 || len(to) != 8 {
		return nil, fmt.Errorf("querylog: want days as 20261201, got %q and %q", from, to)
	}
	out := map[string]*Query{}
	add := func(b *bolt.Bucket) {
		if b == nil {
			return
		}
		b.ForEach(func(k, v []byte) error {
			if v == nil {
				return nil // a bucket
			}
			r := decode(v)
			q := out[string(k)]
			if q == nil {
				q = &Query{Text: string(k)}
				out[string(k)] = q
			}
			q.Count += int(r.count)
			q.Hits = int(r.hits) // days and months are visited oldest first
			q.Clients = max(q.Clients, int(r.clients))
			return nil
		})
	}
	visit := func(period *bolt.Bucket) {
		if portal != "" {
			add(period.Bucket([]byte(portal)))
			return
		}
		period.ForEachBucket(func(k []byte) error {
			add(period.Bucket(k))
			return nil
		})
	}
	err := l.db.View(func(tx *bolt.Tx) error {
		months := tx.Bucket(bMonths)
		months.ForEachBucket(func(k []byte) error {
			if m := string(k); m >= from[:6] && m <= to[:6] {
				visit(months.Bucket(k))
			}
			return nil
		})
		days := tx.Bucket(bDays)
		c := days.Cursor()
		for k, _ := c.Seek([]byte(from)); k != nil && string(k) <= to; k, _ = c.Next() {
			if b := days.Bucket(k); b != nil {
				visit(b)
			}
		}
		return nil
	})
	return out, err
}

func sorted(m map[string]*Query, keep func(*Query) bool, n int) []Query {
	var list []Query
	for _, q := range m {
		if keep(q) {
			list = append(list, *q)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Text < list[j].Text
	})
	if len(list) > n {
		list = list[:n]
	}
	if list == nil {
		list = []Query{}
	}
	return list
}

// MinClients is how many distinct clients must have asked a query on one
// day before it is shown as popular: no one person's search is shown.
const MinClients = 3

// popularDays is the window of the popular searches.
const popularDays = 30

// popularTTL is how long a popular list is served from memory.
const popularTTL = time.Minute

// Popular returns up to n queries of a portal's last 30 days that found
// something and were asked by at least MinClients distinct clients on one
// day, most asked first. Lists are kept for a minute.
func (l *Log) Popular(portal string, n int) ([]Query, error) {
	now := l.opts.Now()
	key := portal + "\x00" + Day(now)
	l.popMu.Lock()
	if c, ok := l.popular[key]; ok && now.Sub(c.at) < popularTTL && len(c.list) >= n {
		l.popMu.Unlock()
		return trim(c.list, n), nil
	}
	l.popMu.Unlock()
	m, err := l.totals(portal, Day(now.AddDate(0, 0, -(popularDays-1))), Day(now))
	if err != nil {
		return nil, err
	}
	list := dropPrefixes(sorted(m, func(q *Query) bool { return q.Hits > 0 && q.Clients >= MinClients }, 4*maxPopular))
	list = list[:min(len(list), maxPopular)]
	l.popMu.Lock()
	if l.popular == nil || len(l.popular) > 1000 {
		l.popular = map[string]popularList{}
	}
	l.popular[key] = popularList{at: now, list: list}
	l.popMu.Unlock()
	return trim(list, n), nil
}

// dropPrefixes drops a query that is the beginning of another popular
// query asked at least half as often: what a search box sent while its
// reader was still typing (储 on the way to 储能).
func dropPrefixes(list []Query) []Query {
	out := list[:0:0]
	for _, q := range list {
		typing := false
		for _, o := range list {
			if len(o.Text) > len(q.Text) && strings.HasPrefix(o.Text, q.Text) && 2*o.Count >= q.Count {
				typing = true
				break
			}
		}
		if !typing {
			out = append(out, q)
		}
	}
	return out
}

// maxPopular is the longest popular list kept.
const maxPopular = 50

type popularList struct {
	at   time.Time
	list []Query
}

type popularCache struct {
	popMu   sync.Mutex
	popular map[string]popularList
}

func trim(list []Query, n int) []Query {
	out := make([]Query, 0, min(n, len(list)))
	for _, q := range list[:min(n, len(list))] {
		out = append(out, Query{Text: q.Text, Count: q.Count})
	}
	return out
}

// Report is what a portal's readers looked for in a period.
type Report struct {
	Top  []Query `json:"top"`  // the most asked queries, with their hits
	Zero []Query `json:"zero"` // the most asked queries that found nothing
}

// Stats reports the top and the zero-result queries of a portal ("" for
// all) from day to day (inclusive, as 20261201), n of each.
func (l *Log) Stats(portal, from, to string, n int) (*Report, error) {
	m, err := l.totals(portal, from, to)
	if err != nil {
		return nil, err
	}
	return &Report{
		Top:  sorted(m, func(*Query) bool { return true }, n),
		Zero: sorted(m, func(q *Query) bool { return q.Hits == 0 }, n),
	}, nil
}

// Portals lists the portals of a period, most searches first.
func (l *Log) Portals(from, to string) ([]Query, error) {
	counts := map[string]*Query{}
	err := l.db.View(func(tx *bolt.Tx) error {
		days := tx.Bucket(bDays)
		c := days.Cursor()
		for k, _ := c.Seek([]byte(from)); k != nil && string(k) <= to; k, _ = c.Next() {
			day := days.Bucket(k)
			if day == nil {
				continue
			}
			day.ForEachBucket(func(p []byte) error {
				q := counts[string(p)]
				if q == nil {
					q = &Query{Text: string(p)}
					counts[string(p)] = q
				}
				day.Bucket(p).ForEach(func(_, v []byte) error {
					q.Count += int(decode(v).count)
					return nil
				})
				return nil
			})
		}
		return nil
	})
	return sorted(counts, func(*Query) bool { return true }, 1000), err
}

// PeriodDays is the default length of a period: the 30 days up to today.
const PeriodDays = 30

// PeriodError names the bound of a period that is wrong.
type PeriodError struct {
	Param string // "from" or "to"
	Msg   string
}

func (e *PeriodError) Error() string { return e.Param + ": " + e.Msg }

// Period turns the bounds of a period (YYYY-MM-DD, either may be empty)
// into the log's days: by default the PeriodDays up to today, or up to to.
func Period(from, to string, now time.Time) (string, string, error) {
	parse := func(name, v string) (time.Time, error) {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil || len(v) != len(time.DateOnly) {
			return t, &PeriodError{name, fmt.Sprintf("must be a date as YYYY-MM-DD, got %q", v)}
		}
		return t, nil
	}
	t := Day(now)
	end := now.In(china)
	if to != "" {
		e, err := parse("to", to)
		if err != nil {
			return "", "", err
		}
		end, t = e, e.Format("20060102")
	}
	f := Day(end.AddDate(0, 0, -(PeriodDays - 1)))
	if to != "" {
		f = end.AddDate(0, 0, -(PeriodDays - 1)).Format("20060102")
	}
	if from != "" {
		s, err := parse("from", from)
		if err != nil {
			return "", "", err
		}
		f = s.Format("20060102")
	}
	if f > t {
		return "", "", &PeriodError{"from", fmt.Sprintf("%s is after the end of the period", from)}
	}
	return f, t, nil
}
