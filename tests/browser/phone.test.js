// Issue #19's profile: a mid-range phone on fast 3G (CPU 4× slower, 1.6 Mbit/s down, 150 ms
// round trips; Chromium's own emulation) against a static host that compresses nothing
// (server.js, which also counts the bytes it sends). Printed as figures: the bytes that cross
// the network and the time until results are on screen, first visit and return. The bytes are
// asserted (they do not depend on the machine); the times are figures, as every timing in this
// project (targets: 2 s for /, 2.5 s for the chat server), since the machine is shared.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium, newPage } from "./harness.js";
import { serveSite } from "./server.js";

const PHONE = { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const FAST_3G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };
const BYTES_TARGET = 300000;
const RUNS = 3;

let browser;
let site;
before(async () => {
  browser = await launchChromium();
  site = await serveSite(new URL("../../dist/", import.meta.url).pathname);
});
after(async () => { await browser.close(); await site.close(); });

const figure = (name, value) => console.log(`figure: ${name}: ${value}`);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A phone page, throttled, that counts the bytes of its own requests (not its service
 * worker's) and marks when the first results are painted (`__resultsAt`, ms since navigation). */
async function phonePage() {
  const { context, page, problems } = await newPage(browser, site.url, PHONE);
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-metric="speedup"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        window.__resultsAt = performance.now();
        console.debug(`conclab-results ${window.__resultsAt}`);
      });
    }).observe(document, { subtree: true, childList: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", FAST_3G);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const network = { bytes: 0 };
  const fromWorker = new Set();
  cdp.on("Network.responseReceived", (e) => { if (e.response.fromServiceWorker) fromWorker.add(e.requestId); });
  cdp.on("Network.loadingFinished", (e) => { if (!fromWorker.has(e.requestId)) network.bytes += e.encodedDataLength; });
  return { context, page, problems, network };
}

/** Loads `path`; answers the time until results and the bytes the page's own requests took.
 * The page says when its results are painted on its console, so the test runs no script in it
 * while it loads (polling from here would put Playwright's own scripts on a 4×-slowed main
 * thread, before the page's first requests leave). */
async function visit(phone, path) {
  const before = phone.network.bytes;
  const painted = phone.page.waitForEvent("console", { predicate: (m) => m.text().startsWith("conclab-results "), timeout: 60000 });
  await phone.page.goto(`${site.url}${path.slice(1)}`, { waitUntil: "commit" });
  const ms = Number((await painted).text().split(" ")[1]);
  // The browser reports each request's end on its own channel: let those of the requests made
  // before the results reach the count (the page's later ones, the Web Worker's, are not
  // the page's own and do not count).
  await phone.page.waitForTimeout(300);
  return { ms, bytes: phone.network.bytes - before };
}

/** Waits until the host has been asked for `path` since request number `since`. */
async function asked(phone, path, since) {
  while (!site.requests.slice(since).includes(path)) await phone.page.waitForTimeout(50);
}

for (const [name, path, target] of [["/", "/", 2000], ["the chat server", "/?preset=chat-server&model=asyncio", 2500]]) {
  test(`${name} on a fast-3G phone: bytes and time until results, first visit and return`, async () => {
    const first = [];
    let phone;
    let sent;
    for (let run = 0; run < RUNS; run++) {
      if (phone) await phone.context.close();
      phone = await phonePage(); // a new context each time: nothing cached, no service worker
      sent = site.sent();
      first.push(await visit(phone, path));
    }
    const bytes = first[0].bytes;
    figure(`${name}, first visit: bytes over the network until results (target ≤ ${BYTES_TARGET})`, bytes);
    figure(`${name}, first visit: results on screen (ms, median of ${RUNS}; target ≤ ${target})`,
      `${median(first.map((v) => v.ms)).toFixed(0)} (runs: ${first.map((v) => v.ms.toFixed(0)).join(", ")})`);
    assert.ok(bytes <= BYTES_TARGET, `${bytes} B crossed the network`);
    assert.ok(first.every((v) => v.bytes === bytes), "every first visit sends the same files");

    // Then the service worker keeps a copy of the whole app (the worker's wasm and the lessons
    // included), after the results: what the host sent in all, the copy included.
    await phone.page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 30000 });
    figure(`${name}, first visit: bytes sent by the host in all, the offline copy included`, site.sent() - sent);

    // A return visit: the page from the host, the app from the copy, and the browser's check
    // for a new build (sw.js).
    sent = site.sent();
    const since = site.requests.length;
    const again = await visit(phone, path);
    await asked(phone, "/sw.js", since);
    figure(`${name}, return visit: bytes sent by the host`, `${site.sent() - sent} (files: ${site.requests.slice(since).join(" ")})`);
    figure(`${name}, return visit: results on screen (ms)`, again.ms.toFixed(0));
    assert.ok(site.requests.slice(since).every((p) => !p.includes("/pkg/")), "a return visit downloads the app again");
    assert.deepEqual(phone.problems.errors, []);
    await phone.context.close();
  });
}
