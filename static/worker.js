// A Web Worker running one of the app's wasm modules for the page's long or rarely needed work:
// `?module=app` (the Lab's own module, already downloaded) for comparisons, `?module=tools` for
// the Python program and pictures. Message in: a request as JSON; out: the answer as JSON
// (src/offload.rs). ./lab build renames the files it names after their content, so each is
// written out in full.
import { startWasm } from "./wasm.js";

const app = new URL(import.meta.url).searchParams.get("module") === "app";
const [js, wasm] = app
  ? [import("../pkg/app.js"), new URL("../pkg/app_bg.wasm", import.meta.url)]
  : [import("../pkg/tools.js"), new URL("../pkg/tools_bg.wasm", import.meta.url)];
const loaded = startWasm(js.then((m) => m.default), wasm).then(() => js);
self.onmessage = async (event) => {
  const m = await loaded;
  self.postMessage(m.answer(String(event.data)));
};
