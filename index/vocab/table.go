package vocab

// table is an open-addressing hash table from a phrase's 64-bit hash to
// its count: one probe of two flat arrays per phrase counted, where a Go
// map takes a lookup and an assignment.
type table struct {
	keys []uint64 // 0: empty
	vals []uint32
	n    int
}

func newTable() *table { return &table{keys: make([]uint64, 1<<12), vals: make([]uint32, 1<<12)} }

// inc adds one to h's count and returns the new count.
func (t *table) inc(h uint64) uint32 {
	if h == 0 {
		h = 1
	}
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := (h * 0x9E3779B97F4A7C15) >> 20 & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case h:
			t.vals[i]++
			return t.vals[i]
		case 0:
			t.keys[i], t.vals[i] = h, 1
			t.n++
			return 1
		}
	}
}

// add adds n to h's count.
func (t *table) add(h uint64, n uint32) uint32 {
	v := t.inc(h)
	if n > 1 {
		v += n - 1
		t.set(h, v)
	}
	return v
}

func (t *table) slot(h uint64) int {
	if h == 0 {
		h = 1
	}
	mask := uint64(len(t.keys) - 1)
	for i := (h * 0x9E3779B97F4A7C15) >> 20 & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case h:
			return int(i)
		case 0:
			return -1
		}
	}
}

func (t *table) get(h uint64) uint32 {
	if i := t.slot(h); i >= 0 {
		return t.vals[i]
	}
	return 0
}

func (t *table) set(h uint64, v uint32) {
	if i := t.slot(h); i >= 0 {
		t.vals[i] = v
	}
}

func (t *table) grow() {
	old, oldVals := t.keys, t.vals
	t.keys, t.vals, t.n = make([]uint64, 2*len(old)), make([]uint32, 2*len(old)), 0
	for i, k := range old {
		if k != 0 {
			t.put(k, oldVals[i])
		}
	}
}

// put inserts a key known to be absent.
func (t *table) put(h uint64, v uint32) {
	mask := uint64(len(t.keys) - 1)
	for i := (h * 0x9E3779B97F4A7C15) >> 20 & mask; ; i = (i + 1) & mask {
		if t.keys[i] == 0 {
			t.keys[i], t.vals[i] = h, v
			t.n++
			return
		}
	}
}

// keep rebuilds the table with only the entries keep accepts.
func (t *table) keep(keep func(h uint64, v uint32) bool) {
	old, oldVals := t.keys, t.vals
	t.keys, t.vals, t.n = make([]uint64, len(old)), make([]uint32, len(old)), 0
	for i, k := range old {
		if k != 0 && keep(k, oldVals[i]) {
			t.put(k, oldVals[i])
		}
	}
}
