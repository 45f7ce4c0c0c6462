package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/net/html"

	"fangtan/article"
	"fangtan/index/model"
)

// outcome is what a worker did with one address: the counts it adds to
// the summary, the state to keep, and the links it found.
type outcome struct {
	host   *host
	link   link
	result string // resultNew, resultChanged…, resultList; "" for a skipped or failed page
	kind   string // kindSkipped or kindFailed with reason
	reason string
	page   *pageState // nil: keep what the state holds
	done   bool       // off the pending list (false when interrupted)
	links  []link     // found on the page, admitted by the scope
	leaves bool       // the links may be leaves (the page is a list)
	arts   map[string]*indexed
	texts  map[string]string
	err    error // the index failed: the crawl stops
	// movedSeed is where a start address redirected to another host: its
	// folder joins the scope
	movedSeed *url.URL
	// landed is where a redirect on the same host ended: fetched already
	landed string
}

const (
	resultNew       = "new"
	resultChanged   = "changed"
	resultUnchanged = "unchanged"
	resultRemoved   = "removed"
	resultList      = "list"
)

// work fetches and handles one address. It runs on its own goroutine with
// the host to itself; the index is written here, the state by record.
func (c *Crawler) work(ctx context.Context, r *run, h *host, l link) *outcome {
	o := &outcome{host: h, link: l, done: true}
	u, _ := url.Parse(l.URL)
	if h.robots == nil {
		h.robots = c.fetchRobots(ctx, h, u.Scheme)
		for _, sm := range h.robots.sitemaps {
			if clean, err := article.CleanURL(sm, u); err == nil {
				o.links = append(o.links, link{URL: clean, Role: roleSitemap})
			}
		}
	}
	if ctx.Err() != nil {
		o.done = false
		return o
	}
	switch {
	case h.robots.blocked != "":
		return o.skip(h.robots.blocked)
	case !h.robots.allowed(u):
		return o.skip("disallowed by robots.txt")
	}
	prev, err := r.st.page(l.key())
	if err != nil {
		o.err = fmt.Errorf("reading the crawl state: %w", err)
		return o
	}
	cond := prev
	if prev != nil && prev.Kind != kindArticle && prev.Kind != kindList && prev.Kind != kindFeed {
		cond = nil
	}
	resp, err := c.get(ctx, h, l, cond)
	if resp != nil && resp.status == http.StatusNotModified && prev != nil && prev.Kind == kindArticle {
		// the copy must still be in the index (a rebuild may have dropped it)
		if has, herr := c.ix.Has(ctx, prev.ArticleID); herr != nil || !has {
			resp, err = c.get(ctx, h, l, nil)
		}
	}
	var skip *skipError
	var fe *fetchError
	var moved *movedError
	switch {
	case ctx.Err() != nil:
		o.done = false
		return o
	case errors.As(err, &skip):
		return o.skip(skip.reason)
	case errors.As(err, &moved):
		if l.Role == roleSeed {
			o.movedSeed = moved.to
		}
		// followed on its own host's turn: neither skipped nor fetched
		o.links = append(o.links, link{URL: moved.to.String(), Role: l.Role})
		o.leaves = l.Role != roleLeaf
		return o
	case errors.As(err, &fe):
		// a 5xx or a timeout keeps the indexed copy
		return o.fail(fe.reason)
	case err != nil:
		return o.fail(err.Error())
	}
	if resp.url.String() != l.URL {
		o.landed = resp.url.String()
	}
	page := &pageState{Status: resp.status, Checked: time.Now(),
		ETag: resp.header.Get("ETag"), LastModified: resp.header.Get("Last-Modified")}
	switch s := resp.status; {
	case s == http.StatusNotModified && prev == nil:
		return o.fail("HTTP 304 to a request that named no copy")
	case s == http.StatusNotModified && prev.Kind == kindArticle:
		if first := r.claim(prev.ArticleID, l.key()); first != l.key() {
			return o.skip("a copy of " + first)
		}
		return c.notModified(ctx, o, prev)
	case s == http.StatusNotModified:
		return c.notModified(ctx, o, prev)
	case s == http.StatusNotFound || s == http.StatusGone:
		return c.gone(ctx, r, o, prev, resp)
	case s >= 400 && l.Form != "" && l.Role == roleData:
		// some jpaas sites serve the dataproxy to GET only: ask again with
		// the form in the query
		get := link{URL: l.URL + "&" + l.Form, Role: roleData}
		o.links = append(o.links, get)
		o.leaves = true
		return o.skip(fmt.Sprintf("HTTP %d to a POST; asked again as a GET", s))
	case s >= 400:
		return o.fail(fmt.Sprintf("HTTP %d", s))
	case resp.body == nil:
		return o.skip("attachment (" + resp.contentType + ")")
	}
	return c.read(ctx, r, o, resp, prev, page)
}

func (o *outcome) skip(reason string) *outcome {
	o.kind, o.reason = kindSkipped, reason
	return o
}

func (o *outcome) fail(reason string) *outcome {
	o.kind, o.reason = kindFailed, reason
	return o
}

// notModified handles a 304: an article is unchanged; a list's links are
// followed again from the state.
func (c *Crawler) notModified(ctx context.Context, o *outcome, prev *pageState) *outcome {
	if prev.Kind == kindArticle {
		o.result = resultUnchanged
	} else {
		o.result = resultList
		o.links, o.leaves = append(o.links, prev.Links...), true
	}
	p := *prev
	p.Checked = time.Now()
	o.page = &p
	return o
}

// gone handles a 404 or 410: the article whose own address it is leaves
// the index; a copy's address (a print version, a redirect) going away
// leaves the article be.
func (c *Crawler) gone(ctx context.Context, r *run, o *outcome, prev *pageState, resp *response) *outcome {
	reason := fmt.Sprintf("HTTP %d", resp.status)
	if prev == nil || prev.ArticleID == "" {
		return o.fail(reason)
	}
	known := r.st.article(prev.ArticleID)
	if known == nil || known.URL != resp.url.String() && known.URL != o.link.URL {
		return o.fail(reason)
	}
	if err := c.ix.Delete(ctx, prev.ArticleID); err != nil && !isNotFound(err) {
		o.err = err
		return o
	}
	o.result = resultRemoved
	o.page = &pageState{Kind: kindGone, Status: resp.status, Checked: time.Now()}
	o.arts = map[string]*indexed{prev.ArticleID: nil}
	o.texts = map[string]string{known.Hash: ""}
	return o
}

// isNotFound reports whether the index said it has no such article.
func isNotFound(err error) bool {
	var e *model.Error
	return errors.As(err, &e) && e.Kind == model.NotFound
}

// read handles a page that answered 200: a sitemap or feed, a list, or an
// article.
func (c *Crawler) read(ctx context.Context, r *run, o *outcome, resp *response, prev, page *pageState) *outcome {
	body, base := resp.body, resp.url
	if kind := feedKind(body); kind != "" && !strings.Contains(resp.contentType, "html") {
		pages, sitemaps := feedLinks(body)
		role := o.link.Role
		if role != roleSitemap {
			role = roleLink
		}
		for _, s := range sitemaps {
			o.addLink(s, base, roleSitemap)
		}
		for _, p := range pages {
			o.addLink(p, base, role)
		}
		o.leaves = o.link.Role != roleSitemap
		return o.list(page, kindFeed)
	}
	if o.link.Role == roleData {
		hs := hrefPattern.FindAllStringSubmatch(string(body), -1)
		if d := readDatastore(string(body)); d != nil && len(d.records) > 0 {
			hs = nil
			for _, h := range d.records {
				hs = append(hs, []string{"", h})
			}
		}
		for _, h := range hs {
			o.addLink(html.UnescapeString(h[1]), base, roleLink)
		}
		if next, ok := nextDataGroup(o.link, len(hs)); ok {
			o.links = append(o.links, next)
		}
		o.leaves = true
		return o.list(page, kindList)
	}
	if !strings.Contains(resp.contentType, "html") && !sniffHTML(body) {
		return o.skip("not a web page (" + orUnknown(resp.contentType) + ")")
	}
	f := readPage(body)
	if f.base != "" {
		if bu, err := base.Parse(f.base); err == nil && (bu.Scheme == "http" || bu.Scheme == "https") {
			base = bu
		}
	}
	if f.refresh != "" && f.longestProse < articleProse {
		// a page that only sends the reader on (a site root's
		// <meta http-equiv=refresh>): followed like a redirect
		o.addLink(f.refresh, base, o.link.Role)
		o.leaves = o.link.Role != roleLeaf
		return o
	}
	inScope := o.link.Role != roleLeaf && o.link.Role != roleRevisit
	if f.isList(resp.url) {
		if inScope {
			for _, h := range f.links {
				o.addLink(h, base, roleLink)
			}
			for _, p := range f.scriptPages {
				o.addLink(p, base, roleLink)
			}
			if f.data != nil {
				for _, h := range f.data.records {
					o.addLink(h, base, roleLink)
				}
				o.links = append(o.links, f.data.dataproxyRequests(base)...)
			}
			o.leaves = true
		}
		return o.list(page, kindList)
	}
	if inScope {
		for _, h := range f.links {
			o.addLink(h, base, roleLink) // an article's links: inside the prefixes only
		}
	}
	return c.article(ctx, r, o, body, resp.url, f.links, prev, page)
}

// hrefPattern finds the links of a dataproxy answer that is not a
// well-formed datastore (records without the wrapper, HTML in CDATA).
var hrefPattern = regexp.MustCompile(`href\s*=\s*["']([^"'<>]+)["']`)

// addLink adds a link found on the page, resolved against base.
func (o *outcome) addLink(href string, base *url.URL, role role) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return
	}
	clean, err := article.CleanURL(href, base)
	if err != nil {
		return // mailto:, javascript:, tel: and the like
	}
	o.links = append(o.links, link{URL: clean, Role: role})
}

// list records a list page, sitemap or feed: its links, so a 304 next time
// can follow them again.
func (o *outcome) list(page *pageState, kind string) *outcome {
	page.Kind = kind
	page.Links = o.links
	keys := make([]string, len(o.links))
	for i, l := range o.links {
		keys[i] = l.key()
	}
	sort.Strings(keys)
	page.Hash = hashStrings(keys)
	o.page, o.result = page, resultList
	return o
}

// article parses and indexes an article page.
func (c *Crawler) article(ctx context.Context, r *run, o *outcome, body []byte, at *url.URL, hrefs []string, prev, page *pageState) *outcome {
	a, err := parsePage(body, at)
	// a page of the scope that holds no article is navigation: its links
	// are followed as a list's are
	o.leaves = o.link.Role != roleLeaf && o.link.Role != roleRevisit
	if err != nil {
		var ae *article.Error
		if errors.As(err, &ae) {
			return o.skip("no article found (" + ae.Reason + ")")
		}
		return o.skip("no article found")
	}
	if n := bodyRunes(a); n < minArticleRunes {
		return o.skip(fmt.Sprintf("no article found (fewer than %d characters of text)", minArticleRunes))
	}
	o.leaves = false
	first, later := pagesOf(at, hrefs)
	if first != nil {
		return o.skip("a later page of " + first.String())
	}
	a.ID = article.URLID(a.SourceURL)
	key := o.link.key()
	if len(later) > 0 {
		if err := c.joinPages(ctx, r, o.host, a, later, key); err != nil {
			return o.fail(err.Error())
		}
	}
	if first := r.claim(a.ID, key); first != key {
		return o.skip("a copy of " + first)
	}
	textHash := hashText(a)
	if id := r.st.get(bucketTexts, textHash); id != "" && id != a.ID {
		if other := r.st.article(id); other != nil {
			return o.skip("the same text as " + other.URL)
		}
	}
	known := r.st.article(a.ID)
	a.FetchedAt = time.Now().UTC().Format(time.RFC3339)
	if known != nil && known.Hash == textHash && known.FetchedAt != "" {
		a.FetchedAt = known.FetchedAt // the indexed version's: putting it again writes nothing
	}
	changed, err := c.ix.Put(ctx, a)
	if err != nil {
		o.err = fmt.Errorf("indexing %s: %w", at, err)
		return o
	}
	o.arts = map[string]*indexed{a.ID: {Hash: textHash, FetchedAt: a.FetchedAt, URL: a.SourceURL}}
	o.texts = map[string]string{textHash: a.ID}
	switch {
	case known == nil:
		o.result = resultNew
	case known.Hash == textHash && !changed:
		o.result = resultUnchanged
	default:
		o.result = resultChanged
	}
	if known != nil && known.Hash != textHash {
		o.texts[known.Hash] = ""
	}
	if prev != nil && prev.ArticleID != "" && prev.ArticleID != a.ID {
		// the page used to be its own article and now names another
		// canonical address: its old copy goes
		if old := r.st.article(prev.ArticleID); old != nil && old.URL == o.link.URL {
			if err := c.ix.Delete(ctx, prev.ArticleID); err != nil && !isNotFound(err) {
				o.err = err
				return o
			}
			o.arts[prev.ArticleID] = nil
			o.texts[old.Hash] = ""
		}
	}
	page.Kind, page.Hash, page.ArticleID, page.FetchedAt = kindArticle, textHash, a.ID, a.FetchedAt
	o.page = page
	return o
}

// maxArticlePages bounds the pages of one paged article read.
const maxArticlePages = 30

// joinPages reads the later pages of a paged article on the host's turn and
// appends their paragraphs to a; each page's address is claimed for a, so
// a later page reached by another link is not indexed on its own.
func (c *Crawler) joinPages(ctx context.Context, r *run, h *host, a *article.Article, later []*url.URL, key string) error {
	have := map[string]bool{a.Title: true}
	for _, p := range a.Paragraphs {
		have[p.Text] = true
	}
	for _, u := range later {
		if !h.robots.allowed(u) {
			continue
		}
		resp, err := c.get(ctx, h, link{URL: u.String()}, nil)
		if err != nil {
			return fmt.Errorf("page %d of the article: %v", pageNo(u), err)
		}
		if resp.status != http.StatusOK || resp.body == nil {
			return fmt.Errorf("page %d of the article: HTTP %d", pageNo(u), resp.status)
		}
		next, err := parsePage(resp.body, resp.url)
		if err != nil {
			continue
		}
		for _, p := range next.Paragraphs {
			if have[p.Text] || p.Kind == article.Credit {
				continue // the headline, source line and chrome every page repeats
			}
			have[p.Text] = true
			p.N = len(a.Paragraphs) + 1
			a.Paragraphs = append(a.Paragraphs, p)
		}
		if clean, err := article.CleanURL(u.String(), nil); err == nil {
			r.claim(article.URLID(clean), key)
		}
	}
	return nil
}

// minArticleRunes is the least text (Chinese characters and letters of
// body paragraphs) a page must hold to be indexed as an article: a
// calendar, a login form or a page under construction has a headline and
// furniture, and the parser may still make an article of them.
const minArticleRunes = 40

func bodyRunes(a *article.Article) int {
	n := 0
	for _, p := range a.Paragraphs {
		if p.Kind != article.Body {
			continue
		}
		for _, r := range p.Text {
			if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) {
				n++
			}
		}
	}
	return n
}

// claim records that key gave article id in this run and returns the first
// address that did.
func (r *run) claim(id, key string) string {
	r.writtenMu.Lock()
	defer r.writtenMu.Unlock()
	if first, ok := r.written[id]; ok {
		return first
	}
	r.written[id] = key
	return key
}

// parsePage parses an article page fetched from at.
func parsePage(body []byte, at *url.URL) (*article.Article, error) {
	return article.ParsePage(body, at.String())
}

// record applies a worker's outcome: the summary, the links to queue and
// one durable state update. It runs on the loop's goroutine.
func (r *run) record(ctx context.Context, o *outcome) error {
	if o.err != nil {
		return o.err
	}
	up := &update{url: o.link.key(), page: o.page, done: o.done, articles: o.arts, texts: o.texts}
	if o.done {
		r.sum.Fetched += boolInt(o.page != nil)
	}
	switch o.result {
	case resultNew:
		r.sum.New++
	case resultChanged:
		r.sum.Changed++
	case resultUnchanged:
		r.sum.Unchanged++
	case resultRemoved:
		r.sum.Removed++
	case resultList:
		r.sum.Lists++
	}
	if o.kind != "" {
		r.sum.note(o.kind, o.reason, o.link.URL)
		if o.page == nil && o.done {
			up.page = &pageState{Kind: o.kind, Reason: o.reason, Checked: time.Now()}
			if prev, _ := r.st.page(up.url); prev != nil && prev.Kind == kindArticle {
				up.page = nil // a failure keeps what is known of an indexed page
			}
		}
	}
	if o.movedSeed != nil {
		r.c.scope.addSeed(o.movedSeed)
	}
	if o.landed != "" {
		r.seen[xxhash.Sum64String(o.landed)] = struct{}{} // /zcjd → /zcjd/: not again by a link
	}
	from := o.link
	if !o.leaves {
		from.Role = roleLeaf // a page that is not a list offers no leaves
	}
	for _, l := range o.links {
		if l.Role == roleSitemap {
			u, err := url.Parse(l.URL)
			if err != nil || !r.c.scope.onHost(u) {
				continue
			}
			if r.enqueue(l, nil) {
				up.pending = append(up.pending, l)
			}
			continue
		}
		if r.enqueue(l, &from) {
			up.pending = append(up.pending, l)
		}
	}
	if !o.done && len(up.pending) == 0 && up.page == nil {
		return nil
	}
	if err := r.st.apply(up); err != nil {
		return fmt.Errorf("writing the crawl state: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
