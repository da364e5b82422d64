// Loads the WebAssembly app: the lessons' module for the lesson pages and lesson embeds, the
// Lab's for everything else (two modules, so each page downloads only its own). A file of its
// own (not inline) so the page works under script-src 'self'.
const q = new URLSearchParams(location.search);
const lessons = q.get("view") === "lessons" || q.get("view") === "lesson" || (q.has("embed") && q.has("lesson"));
const init = (mod) => mod.default();

// Inside an embed's iframe, tell the host page how tall the content is, so embed.js can size
// the frame. Message format: { type: "conclab:resize", height: <CSS pixels> }. The height is
// not sensitive, so any host may read it; the host checks that the message comes from its frame.
function reportHeight() {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "conclab:resize", height }, "*");
    }
  };
  new ResizeObserver(send).observe(document.body);
  send();
}

import(lessons ? "../pkg/lessons.js" : "../pkg/app.js")
  .then(init)
  .then(reportHeight)
  .catch((err) => {
    const app = document.getElementById("app");
    app.textContent = "";
    const p = document.createElement("p");
    p.className = "fatal";
    p.textContent = "Concurrency Lab could not start: " + err + ". Reload the page; if it persists, your browser may lack WebAssembly support.";
    app.appendChild(p);
  });
