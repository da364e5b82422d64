// Loads the WebAssembly app. Two pages, each with its own module so each downloads only what it
// needs: lessons.html (the lesson list and player, and lesson embeds) and index.html (the Lab
// and everything else). Each page names its module in preload hints, so the module downloads
// from the page's first bytes; an address meant for the other page (an old link to
// `?view=lesson…`, say) is sent there at once, before more of the wrong module arrives. A file
// of its own (not inline) so the page works under script-src 'self'. ./lab build renames the
// files it names after their content, so each is written out in full.
import { startWasm } from "./wasm.js";

const q = new URLSearchParams(location.search);
const here = document.querySelector('meta[name="conclab-page"]')?.content === "lessons" ? "lessons" : "lab";
const view = q.get("view");
const embedded = q.has("embed");
// The lessons page is the lessons unless the address asks for a scenario embed or another view;
// the Lab's page is the Lab unless it asks for the lessons (../sw.js applies this rule too, to
// send such an address on before the Lab's page loads at all).
const wanted = (embedded ? q.has("lesson") : view === "lessons" || view === "lesson" || (here === "lessons" && view === null))
  ? "lessons" : "lab";
const elsewhere = wanted !== here;
if (elsewhere) location.replace(new URL(wanted === "lessons" ? "../lessons.html" : "../", import.meta.url).href + location.search + location.hash);
const [js, wasm] = wanted === "lessons"
  ? [() => import("../pkg/lessons.js"), new URL("../pkg/lessons_bg.wasm", import.meta.url)]
  : [() => import("../pkg/app.js"), new URL("../pkg/app_bg.wasm", import.meta.url)];

// Keeps a copy of the app for offline use and quick returns (../sw.js, at the root so that it
// controls the whole app). Registered once the page shows its first content (its first results,
// the lesson list or a lesson's text), so that installing it — every file of the app
// downloaded, on a phone's link and CPU — never delays them; a browser without service workers,
// or a host page that forbids them, just goes on.
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

// Calls `then` a task after the app first shows more than a loading line.
function afterFirstContent(then) {
  const app = document.getElementById("app");
  const shown = () => app.childElementCount > 0 && !app.querySelector(".loading");
  const later = () => requestAnimationFrame(() => setTimeout(then, 0));
  if (shown()) return later();
  const observer = new MutationObserver(() => {
    if (shown()) { observer.disconnect(); later(); }
  });
  observer.observe(app, { childList: true, subtree: true });
}

// The module's JavaScript and its wasm download in parallel (on their way already, from the
// page's hints).
if (!elsewhere) startWasm(js().then((m) => m.default), wasm)
  .then(() => afterFirstContent(keepOffline))
  .catch((err) => {
    const app = document.getElementById("app");
    app.textContent = "";
    const p = document.createElement("p");
    p.className = "fatal";
    p.textContent = "Concurrency Lab could not start: " + err + ". Reload the page; if it persists, your browser may lack WebAssembly support.";
    app.appendChild(p);
  });
