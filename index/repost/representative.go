package repost

import (
	"net/url"
	"slices"
	"strings"
)

// Copy is what decides which copy of a group is shown.
type Copy struct {
	ID        string
	Date      string // YYYY-MM-DD, or "" when the page states none
	Source    string // the publisher the page names (来源)
	Site      string
	SourceURL string
}

// before reports whether a comes before b in a group's order (Order):
// the earliest dated (undated copies last); among equal dates the
// publisher closest to the source — a bureau's or a government's own site,
// then a paper, a news agency or a broadcaster, then any other site,
// aggregators and mirrors last; then the smallest ID, so the order never
// depends on the order copies came in. The first is the representative,
// the copy a group is shown by.
func before(a, b Copy) bool {
	switch {
	case a.Date != b.Date && (a.Date == "" || b.Date == ""):
		return b.Date == ""
	case a.Date != b.Date:
		return a.Date < b.Date
	}
	if ra, rb := PublisherRank(a), PublisherRank(b); ra != rb {
		return ra < rb
	}
	return a.ID < b.ID
}

// Publisher ranks, closest to the source first.
const (
	RankGovernment = iota // a bureau's or a government's own site
	RankPress             // a paper, a news agency, a broadcaster
	RankOther
	RankMirror // an aggregator, a portal's news channel, a mobile or big5 mirror
)

var (
	governmentWords = []string{"局", "政府", "委员会", "厅", "办公室", "工业和信息化部", "发展和改革"}
	pressWords      = []string{"日报", "晚报", "报社", "时报", "商报", "新闻网", "新华社", "新华网", "人民网", "央视", "电视台", "广播", "融媒体", "报"}
	mirrorWords     = []string{"头条", "搜狐", "网易", "新浪", "腾讯", "凤凰", "百家号", "一点资讯", "微信", "公众号", "转载", "聚合"}
	mirrorHosts     = []string{"m.", "wap.", "big5.", "mirror", "weixin", "mp.", "toutiao", "sohu", "163.com", "sina", "qq.com", "ifeng", "baijiahao"}
)

// PublisherRank places a copy's publisher among the ranks above, from its
// source line, site name and address.
func PublisherRank(c Copy) int {
	host := ""
	if u, err := url.Parse(c.SourceURL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	name := c.Source + " " + c.Site
	switch {
	case containsAny(name, mirrorWords) || hostHas(host, mirrorHosts):
		return RankMirror
	case strings.HasSuffix(host, ".gov.cn") || containsAny(name, governmentWords) && !containsAny(name, pressWords):
		return RankGovernment
	case containsAny(name, pressWords):
		return RankPress
	}
	return RankOther
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// hostHas reports whether host starts with a part ending in a dot (m.,
// big5.) or contains another part anywhere.
func hostHas(host string, parts []string) bool {
	for _, p := range parts {
		if strings.HasSuffix(p, ".") && strings.HasPrefix(host, p) || !strings.HasSuffix(p, ".") && strings.Contains(host, p) {
			return true
		}
	}
	return false
}

// Order sorts copies in their group's order (before): the representative
// first.
func Order(cs []Copy) {
	slices.SortFunc(cs, func(a, b Copy) int {
		switch {
		case before(a, b):
			return -1
		case before(b, a):
			return 1
		}
		return 0
	})
}
