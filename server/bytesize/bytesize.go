// Package bytesize reads and writes sizes in bytes the way fangtan's flags
// take them: "8388608", "512KiB", "8MiB", "1GiB"; KB/MB/GB and K/M/G are
// read as the same binary units, and B as bytes; any case, spaces allowed
// before the unit. It imports nothing of fangtan, so the load generator
// shares it with the server.
package bytesize

import (
	"fmt"
	"strconv"
	"strings"
)

var units = []struct {
	suffix string
	mult   int64
}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}

// Parse reads a size of zero or more bytes.
func Parse(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("invalid size %q (want e.g. 8MiB)", s)
	}
	return n * mult, nil
}

// Format writes n in the largest binary unit that divides it.
func Format(n int64) string {
	switch {
	case n > 0 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n > 0 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n > 0 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10)
}

// Flag is a size flag (flag.Value); Positive refuses 0.
type Flag struct {
	N        *int64
	Positive bool
}

func (f Flag) String() string {
	if f.N == nil {
		return "0"
	}
	return Format(*f.N)
}

func (f Flag) Set(s string) error {
	n, err := Parse(s)
	if err == nil && f.Positive && n == 0 {
		err = fmt.Errorf("invalid size %q: must be more than 0", s)
	}
	if err != nil {
		return err
	}
	*f.N = n
	return nil
}
