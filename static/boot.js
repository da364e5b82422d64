// Loads the WebAssembly app. A file of its own (not inline) so the page works under
// script-src 'self'.
import init from "../pkg/app.js";

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

init()
  .then(reportHeight)
  .catch((err) => {
    const app = document.getElementById("app");
    app.textContent = "";
    const p = document.createElement("p");
    p.className = "fatal";
    p.textContent = "Concurrency Lab could not start: " + err + ". Reload the page; if it persists, your browser may lack WebAssembly support.";
    app.appendChild(p);
  });
