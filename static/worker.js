// The Web Worker: runs the tools wasm (src/bin/tools.rs) for the page's long or rarely needed
// work — comparisons, the Python program, pictures — so the page never stalls and its own wasm
// stays small. Message in: a request's bytes; out: the answer's bytes (postcard, src/offload.rs).
// ./lab build renames the files it names after their content, so each is written out in full.
import init, { answer } from "../pkg/tools.js";
import { startWasm } from "./wasm.js";

const ready = startWasm(init, new URL("../pkg/tools_bg.wasm", import.meta.url));
self.onmessage = async (event) => {
  await ready;
  self.postMessage(answer(new Uint8Array(event.data)));
};
