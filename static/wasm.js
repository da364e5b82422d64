// Starts a wasm-bindgen module from its gzipped copy (NAME.wasm.gz, written by ./lab build), so
// the module is small on the wire whatever the host does: the browser decompresses it while it
// downloads and compiles it as it arrives. Shared by the page (boot.js) and the Web Worker.

// `init` is the module's init function, or a promise of it: the wasm download starts at once,
// in parallel with the module's JavaScript. Where DecompressionStream is missing (Safari before
// 16.4), or the .gz cannot be had, the plain NAME.wasm is used instead.
export async function startWasm(init, url) {
  if (typeof DecompressionStream !== "function") return (await init)({ module_or_path: url });
  const body = unzipped(url + ".gz");
  body.catch(() => {}); // a failure is handled where init reads it, below
  const start = await init;
  return start({ module_or_path: body }).catch((err) => {
    console.warn(`${url}.gz did not start (${err}); loading the uncompressed module`);
    return start({ module_or_path: url });
  });
}

// A Response of the module itself. A host may have decoded the gzip already (one that sends
// .gz files with Content-Encoding: gzip), so the first byte decides rather than the headers:
// gzip starts with 0x1f, wasm with 0x00.
async function unzipped(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.getReader();
  let first = await reader.read();
  while (!first.done && first.value.length === 0) first = await reader.read();
  const magic = first.done ? -1 : first.value[0];
  if (magic !== 0x1f && magic !== 0x00) throw new Error("not a gzip file nor a wasm module");
  const body = new ReadableStream({
    start(controller) { controller.enqueue(first.value); },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close(); else controller.enqueue(value);
    },
    cancel(reason) { return reader.cancel(reason); },
  });
  const wasm = magic === 0x1f ? body.pipeThrough(new DecompressionStream("gzip")) : body;
  return new Response(wasm, { headers: { "Content-Type": "application/wasm" } });
}
