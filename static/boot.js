// Loads the WebAssembly app. A file of its own (not inline) so the page works under
// script-src 'self'. ./lab build renames the files it imports after their content.
import init from "../pkg/app.js";
import { startWasm } from "./wasm.js";

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

// Keeps a copy of the app for offline use and quick returns (../sw.js, at the root so that it
// controls the whole app). Registered once the app runs, so its downloads never delay the first
// results; a browser without service workers, or a host page that forbids them, just goes on.
function keepOffline() {
  if (!("serviceWorker" in navigator)) return;
  const returning = navigator.serviceWorker.controller;
  const register = () => navigator.serviceWorker.register(new URL("../sw.js", import.meta.url))
    // A return visit looks for a new build now rather than whenever the browser would, so that
    // a deployed update soon becomes the offline copy too. Offline there is nothing to find.
    .then((registration) => returning && registration.update().catch(() => {}))
    .catch((err) => console.warn("no offline copy: " + err));
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}

startWasm(init, new URL("../pkg/app_bg.wasm", import.meta.url))
  .then(reportHeight)
  .then(keepOffline)
  .catch((err) => {
    const app = document.getElementById("app");
    app.textContent = "";
    const p = document.createElement("p");
    p.className = "fatal";
    p.textContent = "Concurrency Lab could not start: " + err + ". Reload the page; if it persists, your browser may lack WebAssembly support.";
    app.appendChild(p);
  });
