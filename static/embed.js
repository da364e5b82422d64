/*! Concurrency Lab embed helper. No dependencies; reads nothing from the host page but the
 * placeholders' data- attributes.
 *
 *   <div data-concurrency-lab data-preset="cpu-bound" data-model="threads" data-workers="4"></div>
 *   <script src="https://…/static/embed.js" async></script>
 *
 * Every data- attribute becomes a query setting of the embed (data-cpu-ms → cpu_ms), e.g.
 * scenario settings (preset, tasks, cpu-ms, io-ms, model, workers, cores, python, …) and the
 * embed's options: controls=none|compact|full, autoplay, speed, loop, theme=light|dark|auto,
 * height (fixed pixels; otherwise the frame follows its content), lesson + step.
 * Frames load only when they come near the viewport. The frame reports its height with
 * postMessage({type: "conclab:resize", height}); a message is accepted only from a frame this
 * script created (event.source).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("../", script ? script.src : location.href).href;
  var frames = [];

  function frameFor(el) {
    var q = new URLSearchParams();
    q.set("embed", "1");
    Object.keys(el.dataset).forEach(function (key) {
      if (key.indexOf("concurrencyLab") === 0) return; // the placeholder marker and our own flag
      var name = key.replace(/[A-Z]/g, function (c) { return "_" + c.toLowerCase(); });
      q.set(name, el.dataset[key]);
    });
    var iframe = document.createElement("iframe");
    iframe.src = base + "?" + q.toString();
    iframe.title = el.getAttribute("aria-label") || "Concurrency Lab simulation";
    iframe.setAttribute("loading", "lazy");
    iframe.width = "100%";
    var fixed = parseInt(el.dataset.height, 10);
    iframe.height = String(fixed >= 200 ? Math.min(fixed, 4000) : 480);
    iframe.style.border = "0";
    iframe.style.display = "block";
    iframe.style.width = "100%";
    frames.push({ iframe: iframe, fixed: fixed >= 200 });
    el.appendChild(iframe);
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "conclab:resize" || typeof data.height !== "number") return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.iframe.contentWindow === event.source && !f.fixed) {
        f.iframe.height = String(Math.max(150, Math.min(Math.round(data.height), 4000)));
      }
    }
  });

  function start() {
    var placeholders = document.querySelectorAll("[data-concurrency-lab]:not([data-concurrency-lab-ready])");
    var observer = "IntersectionObserver" in window
      ? new IntersectionObserver(function (entries) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting) {
              observer.unobserve(entry.target);
              frameFor(entry.target);
            }
          });
        }, { rootMargin: "300px" })
      : null;
    Array.prototype.forEach.call(placeholders, function (el) {
      el.setAttribute("data-concurrency-lab-ready", "");
      if (observer) observer.observe(el); else frameFor(el);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
