package figure

import "fangtan/article/region"

// isPlace reports whether s names a division (珠海, 惠阳区).
func isPlace(s string) bool { return len(region.Lookup(s)) > 0 }
