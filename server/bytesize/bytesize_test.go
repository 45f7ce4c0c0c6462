package bytesize

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]int64{
		"8388608": 8 << 20, "8MiB": 8 << 20, "8mib": 8 << 20, "512KiB": 512 << 10, "512 KB": 512 << 10,
		"1GiB": 1 << 30, "1G": 1 << 30, "2M": 2 << 20, "3k": 3 << 10, "100B": 100, "0": 0, " 0MiB ": 0,
	} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1.5MiB", "MiB", "8TiB", "99999999999GiB"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
	var n int64
	if err := (Flag{N: &n, Positive: true}).Set("0"); err == nil {
		t.Error("a positive flag took 0")
	}
	if err := (Flag{N: &n}).Set("0"); err != nil || n != 0 {
		t.Errorf("a flag refused 0: %v", err)
	}
	if err := (Flag{N: &n}).Set("512KiB"); err != nil || Format(n) != "512KiB" {
		t.Errorf("round trip: %d %v", n, err)
	}
}
