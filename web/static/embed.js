/*! <fangtan-search>: the fangtan search box for other sites.
 *
 *   <script src="https://HOST/embed.js" defer></script>
 *   <fangtan-search endpoint="https://HOST" city="惠州"></fangtan-search>
 *
 * Attributes: endpoint (default: where this script came from); province,
 * city, district, source (locked filters, comma-separated for several);
 * placeholder; size (results shown, 1–20); target (where results open);
 * link: a hit's title opens its original page when known, with a small
 * link to fangtan's article page beside it; link="local" opens fangtan's
 * article page always.
 * Theme: --fangtan-accent, --fangtan-font, --fangtan-text, --fangtan-muted,
 * --fangtan-bg, --fangtan-border, --fangtan-mark, --fangtan-radius,
 * --fangtan-max-height. Open Shadow DOM; no framework.
 * It sends the host of the page it is on as portal= (for the portal's
 * 热门搜索 and statistics; nothing about the reader), shows the correction
 * of a query it searched instead (已显示“制造业”的结果。仍然搜索：制造也),
 * pinyin completions, and 热门搜索 when focused and empty. */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("fangtan-search")) return;

  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var LOCKED = ["province", "city", "district", "source"];

  // PORTAL is the host of the page the reader is on, for the query log: the
  // page itself, or the page that frames /embed.
  var PORTAL = (function () {
    var host = location.hostname;
    try {
      if (window.top !== window && document.referrer) host = new URL(document.referrer).hostname;
    } catch (e) { /* no referrer: this page's host */ }
    return host;
  })();
  var uid = 0;

  var CSS =
    ":host{all:initial;display:block;position:relative;contain:layout style;" +
    "font-family:var(--fangtan-font,system-ui,-apple-system,\"Segoe UI\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif);" +
    "font-size:16px;line-height:1.6;color:var(--fangtan-text,#1f2328);text-align:left}" +
    ":host([hidden]){display:none}*{box-sizing:border-box}" +
    ".f{display:flex;align-items:center;gap:8px;background:var(--fangtan-bg,#fff);border:2px solid var(--fangtan-border,#8c959f);border-radius:var(--fangtan-radius,8px);padding:0 12px}" +
    ".f:focus-within{border-color:var(--fangtan-accent,#1a4fc4);box-shadow:0 0 0 3px color-mix(in srgb,var(--fangtan-accent,#1a4fc4) 25%,transparent)}" +
    "svg{flex:none;width:18px;height:18px;fill:none;stroke:var(--fangtan-muted,#57606a);stroke-width:2}" +
    "input{flex:1;min-width:0;font:inherit;color:inherit;background:transparent;border:0;outline:0;padding:10px 0;-webkit-appearance:none;appearance:none}" +
    "input::placeholder{color:var(--fangtan-muted,#57606a);opacity:1}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    ".p{position:absolute;left:0;right:0;top:calc(100% + 6px);z-index:2147483000;background:var(--fangtan-bg,#fff);border:1px solid var(--fangtan-border,#d0d7de);border-radius:var(--fangtan-radius,8px);box-shadow:0 8px 28px rgba(0,0,0,.16);overflow:hidden}" +
    ".p[hidden]{display:none}" +
    "ul{list-style:none;margin:0;padding:4px;max-height:var(--fangtan-max-height,420px);overflow:auto}" +
    "li{padding:8px 10px;border-radius:6px;cursor:pointer;border-left:3px solid transparent}" +
    "li[aria-selected=true]{background:color-mix(in srgb,var(--fangtan-accent,#1a4fc4) 9%,#fff);border-left-color:var(--fangtan-accent,#1a4fc4)}" +
    "li a{color:var(--fangtan-accent,#1a4fc4);font-weight:600;text-decoration:none;font-size:15px}" +
    "li a:hover{text-decoration:underline}" +
    ".m{display:block;color:var(--fangtan-muted,#57606a);font-size:12px;margin-top:1px}" +
    ".m a{font-size:12px;font-weight:400}" +
    ".s{display:block;font-size:14px;margin-top:3px;overflow-wrap:anywhere}" +
    "mark{background:var(--fangtan-mark,#ffe58a);color:inherit;padding:0 1px;border-radius:2px}" +
    ".st{margin:0;padding:8px 14px;font-size:13px;color:var(--fangtan-muted,#57606a)}" +
    ".st:empty{display:none}" +
    ".all{display:block;padding:9px 14px;border-top:1px solid var(--fangtan-border,#d0d7de);font-size:14px;color:var(--fangtan-accent,#1a4fc4);text-decoration:none}" +
    ".all:hover,.all:focus-visible{text-decoration:underline}" +
    ":focus-visible{outline:2px solid var(--fangtan-accent,#1a4fc4);outline-offset:2px}" +
    // forgiving search: the correction line and the rows of chips
    // (pinyin completions, 热门搜索)
    ".fg,.cr{margin:0;padding:8px 14px 0;font-size:14px}" +
    ".fg:empty,.cr:empty{display:none}" +
    ".fg b{font-weight:600}" +
    ".lk{font:inherit;color:var(--fangtan-accent,#1a4fc4);background:none;border:0;padding:0;cursor:pointer;text-decoration:underline;text-underline-offset:.18em}" +
    ".cr .lb{color:var(--fangtan-muted,#57606a);font-size:13px;margin-right:4px}" +
    ".cr .lk{margin-right:10px;text-decoration:none}" +
    ".cr .lk:hover{text-decoration:underline}" +
    "input:focus-visible{outline:0}"; // the field's ring shows the focus

  var sheet = null;
  function styleInto(root) {
    try {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
      root.adoptedStyleSheets = [sheet];
    } catch (e) { // older browsers: a <style> element
      var st = document.createElement("style");
      st.textContent = CSS;
      root.appendChild(st);
    }
  }

  function el(tag, attrs, parent) {
    var e = document.createElement(tag);
    for (var k in attrs) {
      if (k === "text") e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    if (parent) parent.appendChild(e);
    return e;
  }

  // The API's snippets are escaped text with <mark>; rebuild them from
  // text nodes and <mark> elements only, whatever the answer holds.
  function snippet(html, into) {
    var t = document.createElement("template");
    t.innerHTML = html;
    (function copy(from, to) {
      for (var n = from.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) to.appendChild(document.createTextNode(n.data));
        else if (n.nodeType === 1) copy(n, n.tagName === "MARK" ? to.appendChild(document.createElement("mark")) : to);
      }
    })(t.content, into);
  }

  class FangtanSearch extends HTMLElement {
    static get observedAttributes() { return ["placeholder"]; }
  }
  var P = FangtanSearch.prototype;

  P.connectedCallback = function () {
    if (this._r) return;
    var self = this;
    var id = "fts" + ++uid;
    var root = this.attachShadow({ mode: "open" });
    styleInto(root);
    var f = el("div", { "class": "f", part: "field" }, root);
    f.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="M20 20l-4-4"/></svg>';
    el("label", { "for": id + "i", "class": "sr", text: "搜索访谈" }, f);
    var input = el("input", {
      id: id + "i", type: "search", role: "combobox", autocomplete: "off", spellcheck: "false",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id + "l", maxlength: "256"
    }, f);
    var panel = el("div", { "class": "p", part: "panel", hidden: "" }, root);
    var fg = el("p", { "class": "fg", part: "correction" }, panel);
    var chips = el("p", { "class": "cr", part: "chips" }, panel);
    var status = el("p", { "class": "st", id: id + "s", "aria-live": "polite" }, panel);
    var list = el("ul", { id: id + "l", role: "listbox", "aria-label": "搜索结果" }, panel);
    var all = el("a", { "class": "all", part: "all" }, panel);
    this._r = { input: input, panel: panel, status: status, list: list, all: all, id: id, active: -1, items: [], timer: 0, ctrl: null, q: "",
      fg: fg, chips: chips, exact: false };
    this._placeholder();

    input.addEventListener("input", function () {
      self._r.exact = false; // a new query is forgiven again
      clearTimeout(self._r.timer);
      self._r.timer = setTimeout(function () { self._search(); }, 250);
    });
    input.addEventListener("keydown", function (e) { self._key(e); });
    input.addEventListener("focus", function () {
      if (!self._r.input.value.trim()) self._popular();
      else if (self._r.items.length || self._r.status.textContent) self._open(true);
    });
    list.addEventListener("mousemove", function (e) {
      var li = e.target.closest("li");
      if (li) self._move(+li.dataset.i, true);
    });
    // keep the focus in the box while a result is clicked
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var li = e.target.closest("li");
      if (li && !e.target.closest("a")) self._go(+li.dataset.i);
    });
    root.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !root.contains(e.relatedTarget)) self._open(false);
    });
  };

  P.attributeChangedCallback = function () { if (this._r) this._placeholder(); };

  P._placeholder = function () {
    this._r.input.placeholder = this.getAttribute("placeholder") || "搜索访谈";
  };

  P._endpoint = function () {
    var e = (this.getAttribute("endpoint") || "").trim().replace(/\/+$/, "");
    return e || ORIGIN;
  };

  // the locked filters and the query as URL parameters
  P._params = function (q) {
    var ps = new URLSearchParams();
    ps.set("q", q);
    for (var i = 0; i < LOCKED.length; i++) {
      var v = this.getAttribute(LOCKED[i]);
      if (v) v.split(",").forEach(function (x) { if ((x = x.trim())) ps.append(LOCKED[i], x); });
    }
    return ps;
  };

  P._open = function (on) {
    var r = this._r;
    r.panel.hidden = !on;
    r.input.setAttribute("aria-expanded", on && r.items.length ? "true" : "false");
    if (!on) this._move(-1);
  };

  P._search = function () {
    var self = this, r = this._r;
    var q = r.input.value.trim();
    if (q === r.q) return;
    r.q = q;
    if (r.ctrl) r.ctrl.abort();
    if (!q) { r.items = []; r.list.textContent = ""; r.status.textContent = ""; r.fg.textContent = ""; this._popular(); return; }
    var ctrl = r.ctrl = new AbortController();
    var size = Math.min(20, Math.max(1, parseInt(this.getAttribute("size"), 10) || 5));
    var ps = this._params(q);
    var end = this._endpoint();
    ps.set("size", size);
    ps.set("facets", "false");
    if (r.exact) ps.set("exact", "1");
    if (PORTAL) ps.set("portal", PORTAL); // the query log's portal
    fetch(end + "/api/search?" + ps, { signal: ctrl.signal, headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) throw new Error((body.error && body.error.message) || res.status);
          return body;
        });
      })
      .then(function (body) { if (ctrl === r.ctrl) self._show(q, body); })
      .catch(function (e) {
        if (e.name === "AbortError" || ctrl !== r.ctrl) return;
        r.items = [];
        r.list.textContent = "";
        r.status.textContent = "搜索暂时不可用，请稍后再试。";
        r.all.hidden = true;
        self._open(true);
      });
  };

  P._show = function (q, body) {
    var r = this._r, end = this._endpoint(), target = this.getAttribute("target");
    r.list.textContent = "";
    r.items = [];
    r.active = -1;
    var local = this.getAttribute("link") === "local";
    (body.hits || []).forEach(function (h, i) {
      var page = end + "/articles/" + encodeURIComponent(h.article_id) + "?q=" + encodeURIComponent(body.query || q) + "#p" + h.paragraph;
      // the original page when known (an http or https address only)
      var src = !local && /^https?:\/\//i.test(h.source_url || "") ? h.source_url : "";
      var url = src || page;
      var li = el("li", { id: r.id + "o" + i, role: "option", "aria-selected": "false" }, r.list);
      li.dataset.i = i;
      var a = el("a", { href: url, tabindex: "-1", text: h.title || "（无标题）" }, li);
      if (src) a.rel = "noopener";
      if (target) { a.target = target; a.rel = "noopener"; }
      // a reposted paragraph is shown once: say how many other sites copied it
      var meta = [h.city || h.province, h.date, h.source, h.speaker, h.reposts > 0 ? "另有 " + h.reposts + " 处转载" : ""].filter(Boolean).join(" · ");
      if (meta || src) {
        var m = el("span", { "class": "m", text: meta }, li);
        if (src) {
          if (meta) m.appendChild(document.createTextNode(" · "));
          var lp = el("a", { href: page, tabindex: "-1", "class": "lp", part: "local-link", text: "在访谈搜索中查看" }, m);
          if (target) { lp.target = target; lp.rel = "noopener"; }
        }
      }
      snippet(h.snippet || "", el("span", { "class": "s" }, li));
      r.items.push(url);
    });
    var n = body.total || 0;
    r.status.textContent = n ? "共找到 " + n + " 段" + (n > r.items.length ? "，显示前 " + r.items.length + " 段" : "") + "，可用上下方向键选择"
      : "没有找到相关结果，换个词试试。";
    this._forgive(q, body);
    r.all.hidden = !n;
    r.all.href = end + "/?" + this._params(q) + (r.exact ? "&exact=1" : "");
    r.all.textContent = "在访谈搜索中查看全部 " + n + " 段结果 →";
    if (target) { r.all.target = target; r.all.rel = "noopener"; }
    this._open(true);
  };

  // ---- forgiving search ----

  // _forgive shows the correction: 「已显示“制造业”的结果。仍然搜索：制造也」
  // when the hits are those of the correction, 「您是不是要找：制造业」 when
  // it is only offered; a Latin query also gets its pinyin completions.
  P._forgive = function (q, body) {
    var self = this, r = this._r;
    r.fg.textContent = "";
    if (body.rewritten_from) {
      r.fg.appendChild(document.createTextNode("已显示“"));
      el("b", { text: body.query }, r.fg);
      r.fg.appendChild(document.createTextNode("”的结果。仍然搜索："));
      this._link(r.fg, body.rewritten_from, "仍然搜索 " + body.rewritten_from, function () {
        r.exact = true;
        r.q = "";
        self._search();
      });
    } else if (body.did_you_mean) {
      r.fg.appendChild(document.createTextNode("您是不是要找："));
      this._link(r.fg, body.did_you_mean, "搜索 " + body.did_you_mean, function () { self._ask(body.did_you_mean); });
    }
    r.chips.textContent = "";
    if (/[A-Za-z]/.test(q)) this._completions(q);
  };

  // _link adds a link-like button that keeps the panel open.
  P._link = function (into, text, label, onclick) {
    var b = el("button", { type: "button", "class": "lk", text: text, "aria-label": label }, into);
    b.addEventListener("mousedown", function (e) { e.preventDefault(); });
    b.addEventListener("click", onclick);
    return b;
  };

  // _ask searches for text as if typed.
  P._ask = function (text) {
    var r = this._r;
    r.input.value = text;
    r.exact = false;
    r.input.focus();
    this._search();
  };

  // _chipRow fills the chips row: a label and one link per text.
  P._chipRow = function (label, texts) {
    var self = this, r = this._r;
    r.chips.textContent = "";
    if (!texts.length) return;
    el("span", { "class": "lb", text: label }, r.chips);
    texts.forEach(function (t) { self._link(r.chips, t, label + " " + t, function () { self._ask(t); }); });
  };

  // _popular shows 热门搜索, the portal's popular searches, in an empty box.
  P._popular = function () {
    var self = this, r = this._r;
    r.chips.textContent = "";
    r.all.hidden = true;
    var ps = new URLSearchParams({ n: "8" });
    if (PORTAL) ps.set("portal", PORTAL);
    fetch(this._endpoint() + "/api/popular?" + ps, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (res) { return res.ok ? res.json() : { queries: [] }; })
      .then(function (body) {
        if (r.input.value.trim()) return; // typing began meanwhile
        var texts = (body.queries || []).map(function (p) { return p.text; });
        self._chipRow("热门搜索：", texts);
        self._open(texts.length > 0 && r.input === self.shadowRoot.activeElement);
      })
      .catch(function () {});
  };

  // _completions asks /api/suggest for the completions of a Latin query
  // (pinyin: chun → 储能…).
  P._completions = function (q) {
    var self = this, r = this._r;
    fetch(this._endpoint() + "/api/suggest?" + new URLSearchParams({ q: q, size: "5" }), { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (res) { return res.ok ? res.json() : { suggestions: [] }; })
      .then(function (body) {
        if (r.q !== q) return;
        self._chipRow("拼音联想：", (body.suggestions || []).map(function (s) { return s.text; }));
      })
      .catch(function () {});
  };

  P._move = function (i, hover) {
    var r = this._r;
    var lis = r.list.children;
    if (r.active >= 0 && lis[r.active]) lis[r.active].setAttribute("aria-selected", "false");
    r.active = i;
    if (i >= 0 && lis[i]) {
      lis[i].setAttribute("aria-selected", "true");
      r.input.setAttribute("aria-activedescendant", lis[i].id);
      if (!hover) lis[i].scrollIntoView({ block: "nearest" });
    } else {
      r.input.removeAttribute("aria-activedescendant");
    }
  };

  P._go = function (i) {
    var url = i >= 0 ? this._r.items[i] : this._r.all.href;
    if (!url) return;
    var target = this.getAttribute("target");
    if (target && target !== "_self") window.open(url, target, "noopener");
    else location.assign(url);
  };

  P._key = function (e) {
    var r = this._r, n = r.items.length;
    switch (e.key) {
      case "ArrowDown":
      case "ArrowUp":
        e.preventDefault();
        if (r.panel.hidden) { clearTimeout(r.timer); this._search(); this._open(true); }
        if (!n) return;
        var d = e.key === "ArrowDown" ? 1 : -1;
        this._move(r.active < 0 ? (d > 0 ? 0 : n - 1) : (r.active + d + n) % n);
        return;
      case "Enter":
        if (e.isComposing) return;
        e.preventDefault();
        clearTimeout(r.timer);
        if (r.active >= 0) this._go(r.active);
        else if (r.input.value.trim()) {
          if (r.input.value.trim() !== r.q) this._search();
          else this._go(-1);
        }
        return;
      case "Escape":
        if (!r.panel.hidden) { e.preventDefault(); this._open(false); }
        else if (r.input.value) { e.preventDefault(); r.input.value = ""; this._search(); }
    }
  };

  customElements.define("fangtan-search", FangtanSearch);
})();
