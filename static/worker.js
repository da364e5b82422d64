// A module worker running the same wasm as the page, for long computations (compare + sweep).
// Message in: a scenario as JSON. Message out: {"Ok": comparison} or {"Err": message} as JSON.
import init, { compare_json } from "../pkg/app.js";

const ready = init();
self.onmessage = async (event) => {
  await ready;
  self.postMessage(compare_json(String(event.data)));
};
