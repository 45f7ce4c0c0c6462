// fangtan pages: progressive enhancement only. Every page works without this
// script; with it the search page searches as you type (debounced, stale
// requests cancelled), keeps the address bar in sync, and lets the keyboard
// walk the results; the article page marks the paragraph it was opened at.
(function () {
  "use strict";

  var narrow = window.matchMedia("(max-width: 760px)");

  // The filter panel is a <details>: open on wide screens, folded on phones
  // (the chips above the results show what is selected).
  function fitFacets(root, keepOpen) {
    var box = (root || document).querySelector(".facets-box");
    if (!box) return;
    var summary = box.querySelector("summary");
    if (narrow.matches) {
      box.open = !!keepOpen;
      summary.removeAttribute("tabindex");
    } else {
      box.open = true;
      summary.tabIndex = -1; // nothing to fold on a wide screen
    }
  }
  document.addEventListener("click", function (e) {
    var s = e.target.closest && e.target.closest(".facets-box > summary");
    if (s && !narrow.matches) e.preventDefault();
  });

  // ---- the article page: mark the paragraph named by the fragment ----

  function markTarget() {
    var old = document.querySelectorAll(".para.is-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("is-target");
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.classList.contains("para")) {
      el.classList.add("is-target");
    }
  }

  // ---- the search page ----

  function initSearch() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.elements.q;
    var live = document.getElementById("live");
    var timer = 0;
    var ctrl = null;
    var shown = location.pathname + location.search;

    fitFacets(document, false);
    narrow.addEventListener && narrow.addEventListener("change", function () { fitFacets(document, false); });

    function urlOf() {
      var parts = [];
      var fd = new FormData(form);
      fd.forEach(function (v, k) {
        v = String(v).trim();
        if (v) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
      });
      return "/" + (parts.length ? "?" + parts.join("&") : "");
    }

    function run() {
      var url = urlOf();
      if (url === shown) return;
      if (ctrl) ctrl.abort(); // a newer query wins; the stale answer is dropped
      ctrl = new AbortController();
      var mine = ctrl;
      var q = input.value.trim();
      document.documentElement.classList.add("is-loading");
      fetch(url, { headers: { "X-Fangtan-Partial": "1", "Accept": "text/html" }, signal: mine.signal, credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (mine !== ctrl) return;
          var tpl = document.createElement("template");
          tpl.innerHTML = html;
          var fresh = tpl.content.querySelector("#results");
          var cur = document.getElementById("results");
          if (!fresh || !cur) return;
          var box = cur.querySelector(".facets-box");
          var wasOpen = box && box.open;
          cur.replaceWith(fresh);
          fitFacets(fresh, wasOpen);
          shown = url;
          history.replaceState(null, "", url);
          document.title = (q ? q + " - " : "") + "访谈搜索";
          var stats = fresh.querySelector("#stats");
          var err = fresh.querySelector("[role=alert] h1");
          if (live) live.textContent = err ? err.textContent : stats ? stats.textContent : "";
        })
        .catch(function (e) {
          if (e && e.name === "AbortError") return;
          // the network failed: a normal submit still works
        })
        .then(function () {
          if (mine === ctrl) document.documentElement.classList.remove("is-loading");
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });

    // keyboard: ↓ from the box enters the results; ↑/↓ or j/k move; Enter
    // opens (a focused link); "/" returns to the box
    function links() {
      return Array.prototype.slice.call(document.querySelectorAll("#hits .hit-title a"));
    }
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      var t = e.target;
      var typing = t && t.matches && t.matches("input, textarea, select, [contenteditable]");
      var ls = links();
      var i = ls.indexOf(document.activeElement);
      var down = e.key === "ArrowDown" || (e.key === "j" && !typing);
      var up = e.key === "ArrowUp" || (e.key === "k" && !typing);
      if (e.key === "/" && !typing) {
        e.preventDefault();
        input.focus();
        input.select();
        return;
      }
      if (!ls.length || !(down || up)) return;
      // arrows only when in the box or on a result; j/k anywhere but fields
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && t !== input && i < 0) return;
      if (t === input && up) return;
      if (t === input && down) {
        clearTimeout(timer);
        run();
      }
      e.preventDefault();
      if (down) {
        ls[i < 0 ? 0 : Math.min(i + 1, ls.length - 1)].focus();
      } else if (i > 0) {
        ls[i - 1].focus();
      } else if (i === 0) {
        input.focus();
      } else {
        ls[0].focus();
      }
    });
    document.addEventListener("focusin", function (e) {
      var old = document.querySelectorAll(".hit.is-active");
      for (var k = 0; k < old.length; k++) old[k].classList.remove("is-active");
      var hit = e.target.closest && e.target.closest("#hits .hit");
      if (hit) hit.classList.add("is-active");
    });
  }

  function init() {
    initSearch();
    if (document.body.classList.contains("page-article")) {
      markTarget();
      window.addEventListener("hashchange", markTarget);
    }
    // the figures page folds its filters on phones as the search page does
    if (document.body.classList.contains("page-figures")) {
      fitFacets(document, false);
      narrow.addEventListener && narrow.addEventListener("change", function () { fitFacets(document, false); });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
