// Loads the WebAssembly app. A file of its own (not inline) so the page works under
// script-src 'self'.
import init from "../pkg/app.js";

init().catch((err) => {
  const app = document.getElementById("app");
  app.textContent = "";
  const p = document.createElement("p");
  p.className = "fatal";
  p.textContent = "Concurrency Lab could not start: " + err + ". Reload the page; if it persists, your browser may lack WebAssembly support.";
  app.appendChild(p);
});
