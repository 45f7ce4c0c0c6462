package querylog

import (
	bolt "go.etcd.io/bbolt"
)

// rollUp folds the days older than KeepDays into their months and deletes
// the months older than KeepMonths. It runs when the log opens its first
// day and whenever a new day begins.
func (l *Log) rollUp() {
	now := l.opts.Now().In(china)
	oldestDay := Day(now.AddDate(0, 0, -(l.opts.KeepDays - 1)))
	oldestMonth := now.AddDate(0, -(l.opts.KeepMonths - 1), 0).Format("200601")
	l.db.Update(func(tx *bolt.Tx) error {
		days, months := tx.Bucket(bDays), tx.Bucket(bMonths)
		var old [][]byte
		days.ForEachBucket(func(k []byte) error {
			if string(k) < oldestDay {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		for _, day := range old {
			if err := l.fold(days.Bucket(day), months, string(day[:6])); err != nil {
				return err
			}
			if err := days.DeleteBucket(day); err != nil {
				return err
			}
		}
		var gone [][]byte
		months.ForEachBucket(func(k []byte) error {
			if string(k) < oldestMonth {
				gone = append(gone, append([]byte(nil), k...))
			}
			return nil
		})
		for _, m := range gone {
			if err := months.DeleteBucket(m); err != nil {
				return err
			}
		}
		return nil
	})
}

// fold adds a day's pairs into its month: counts add up, clients keep the
// largest day's count, hits the day's. A month holds at most MaxPerMonth
// pairs; past it, the day's new pairs are dropped.
func (l *Log) fold(day, months *bolt.Bucket, month string) error {
	mb, err := months.CreateBucketIfNotExists([]byte(month))
	if err != nil {
		return err
	}
	n := getCount(mb)
	return day.ForEachBucket(func(portal []byte) error {
		src := day.Bucket(portal)
		dst, err := mb.CreateBucketIfNotExists(portal)
		if err != nil {
			return err
		}
		return src.ForEach(func(q, v []byte) error {
			r := decode(v)
			old := dst.Get(q)
			if old == nil {
				if n >= l.opts.MaxPerMonth {
					return nil
				}
				n++
				if err := putCount(mb, n); err != nil {
					return err
				}
			}
			m := decode(old)
			m.count += r.count
			m.clients = max(m.clients, r.clients)
			m.hits = r.hits
			return dst.Put(q, m.encode())
		})
	})
}
