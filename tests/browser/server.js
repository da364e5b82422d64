// A static host of the tests' own, for what ./lab test's plain server cannot show: the app under
// a sub-path, a second build deployed over the first, a host that compresses everything (even
// files that are gzipped already), and a host that goes away (offline). It logs each request.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm", ".gz": "application/gzip",
};

/**
 * Serves the folder `root` under `prefix` on a free loopback port. `compress`: gzip every answer,
 * and send `.gz` files as their own type with `Content-Encoding: gzip` (as a host with
 * Apache's `AddEncoding gzip .gz` does), so the browser undoes that gzip itself.
 * Answers { url, requests (paths asked for), sent(), deploy(folder), close() }.
 */
export async function serveSite(root, { prefix = "/", compress = false } = {}) {
  let folder = root;
  let closed;
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://host").pathname);
    requests.push(path);
    let file = path.startsWith(prefix) ? normalize(path.slice(prefix.length)) : null;
    if (file === null || file.startsWith("..")) return res.writeHead(404).end();
    if (file === "." || file.endsWith("/")) file = join(file, "index.html");
    let body;
    try { body = await readFile(join(folder, file)); } catch { return res.writeHead(404).end(); }
    const headers = { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" };
    if (compress && file.endsWith(".gz")) {
      headers["Content-Type"] = TYPES[extname(file.slice(0, -3))] ?? headers["Content-Type"];
      headers["Content-Encoding"] = "gzip";
    } else if (compress) {
      body = gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
    res.writeHead(200, headers).end(body);
  });
  const sockets = new Set();
  server.on("connection", (socket) => sockets.add(socket));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    requests,
    /** Bytes sent so far, headers included. */
    sent: () => [...sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0),
    /** Serves another folder from now on: a new build deployed. */
    deploy(next) { folder = next; },
    /** Stops answering, open connections included: the network is gone. */
    close() {
      closed ??= new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    },
  };
}
