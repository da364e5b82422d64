// A Web Worker running one of the app's wasm modules for the page's long or rarely needed work:
// `?module=app` (the Lab's own module, already downloaded) for comparisons, `?module=tools` for
// the Python program and pictures. Message in: a request as JSON; out: the answer as JSON
// (src/offload.rs).
const name = new URL(import.meta.url).searchParams.get("module") === "app" ? "app" : "tools";
const loaded = import(`../pkg/${name}.js`).then(async (m) => {
  await m.default();
  return m;
});
self.onmessage = async (event) => {
  const m = await loaded;
  self.postMessage(m.answer(String(event.data)));
};
