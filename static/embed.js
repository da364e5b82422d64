/*! Concurrency Lab embed helper. No dependencies; reads nothing from the host page but its own
 * elements' attributes. Two ways to place a simulation:
 *
 *   <concurrency-lab preset="cpu-bound" model="threads" workers="4"></concurrency-lab>
 *   <div data-concurrency-lab data-preset="cpu-bound" data-model="threads" data-workers="4"></div>
 *   <script src="https://…/static/embed.js" async></script>
 *
 * Every attribute (data- attribute on a div) becomes a setting of the embed, with - read as _
 * (cpu-ms → cpu_ms): the scenario's settings (preset, tasks, cpu-ms, io-ms, model, workers,
 * cores, python, …) and the embed's options: controls=none|compact|full, autoplay, speed, loop,
 * theme=light|dark|auto, height (pixels), lesson + step.
 *
 * A placeholder takes its final height at once, before its frame loads (the frame loads only
 * when it comes near the viewport): the height for what it shows and the page's width, or the
 * writer's `height`. The frame never grows afterwards (the embed fits itself to it), so the
 * reader's text never moves.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("../", script ? script.src : location.href).href;
  // Frame heights by what the embed shows, [wide, narrow]; the same table as src/embed.rs.
  var HEIGHTS = {"none": [500, 600], "compact": [560, 660], "full": [820, 980], "lesson": [660, 800]};
  var WIDE = 560;
  // Attributes of the custom element that belong to the host page, not to the embed.
  var OWN = /^(class|id|style|title|slot|hidden|tabindex|role|aria-.*|data-concurrency-lab.*)$/;

  /** The embed's settings from an element's attributes: all of a <concurrency-lab>'s, the data-
   * ones of a placeholder. */
  function settingsOf(el) {
    var custom = el.localName === "concurrency-lab";
    var q = new URLSearchParams();
    q.set("embed", "1");
    Array.prototype.forEach.call(el.attributes, function (a) {
      if (OWN.test(a.name)) return;
      if (!custom && a.name.indexOf("data-") !== 0) return;
      q.set((custom ? a.name : a.name.slice(5)).replace(/-/g, "_"), a.value);
    });
    return q;
  }

  function heightFor(q, el) {
    var fixed = parseInt(q.get("height"), 10);
    if (fixed >= 200) return Math.min(fixed, 4000);
    var shows = q.has("lesson") ? "lesson" : q.get("controls");
    var row = HEIGHTS[shows] || HEIGHTS.compact;
    return row[el.getBoundingClientRect().width >= WIDE ? 0 : 1];
  }

  /** Reserves the element's height now; the frame comes later. */
  function reserve(el) {
    var q = settingsOf(el);
    el.style.display = "block"; // before measuring: a custom element is inline until then
    var height = heightFor(q, el);
    el.style.height = height + "px";
    return function load() {
      var iframe = document.createElement("iframe");
      // A lesson step is shown by the lessons' page, which preloads its own module.
      iframe.src = base + (q.has("lesson") ? "lessons.html" : "") + "?" + q.toString();
      iframe.title = el.getAttribute("aria-label") || el.getAttribute("title") || "Concurrency Lab simulation";
      iframe.height = String(height);
      iframe.style.border = "0";
      iframe.style.display = "block";
      iframe.style.width = "100%";
      iframe.style.height = height + "px";
      el.appendChild(iframe);
    };
  }

  var observer = "IntersectionObserver" in window
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            entry.target.__conclabLoad();
          }
        });
      }, { rootMargin: "300px" })
    : null;

  function place(el) {
    if (el.hasAttribute("data-concurrency-lab-ready")) return;
    el.setAttribute("data-concurrency-lab-ready", "");
    el.__conclabLoad = reserve(el);
    if (observer) observer.observe(el); else el.__conclabLoad();
  }

  if (window.customElements && !customElements.get("concurrency-lab")) {
    customElements.define("concurrency-lab", class extends HTMLElement {
      connectedCallback() { place(this); }
    });
  }

  function start() {
    document.querySelectorAll("[data-concurrency-lab]").forEach(place);
  }

  // Loaded in the page's head, the helper places each embed as the page is parsed, before it is
  // first drawn (a custom element at once, a placeholder at the next mutation record), so not
  // even the reservation moves the text; loaded later, it places them all at once.
  if (document.readyState === "loading") {
    var watcher = new MutationObserver(start);
    watcher.observe(document.documentElement, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () { watcher.disconnect(); start(); });
  } else {
    start();
  }
})();
