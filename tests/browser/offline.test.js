// The service worker and the published files in Debian's headless Chromium, each against a
// host of the test's own (server.js): offline after one visit, a second build deployed, the app
// under a sub-path, a host that compresses everything, even the gzipped wasm, and a browser that
// cannot decompress it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareModels, launchChromium, newPage, metricNumber, shot } from "./harness.js";
import { serveSite } from "./server.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const DIST = join(ROOT, "dist");
const RESULTS = '[data-metric="speedup"]';
const HASHED = /\.[0-9a-f]{12}\./;
const GIL_LESSON = "The GIL: four threads, one interpreter";
const SECOND_GIL_LESSON = "The GIL: second build, one interpreter";

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser.close(); });

const traceHash = async (page) => (await page.getByTestId("trace-hash").textContent()).trim();
const nativeHash = (...args) => JSON.parse(execFileSync(process.env.CONCLAB, ["run", ...args, "--json"])).trace_hash;

/** A host of the test's own and a fresh browser context on it, both closed when the test ends. */
async function openSite(t, folder, options) {
  const site = await serveSite(folder, options);
  const opened = await newPage(browser, site.url);
  t.after(async () => { await opened.context.close(); await site.close(); });
  return { site, ...opened };
}

/** Waits until the service worker controls the page, with its copy of the app complete. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 30000 });
}

/** Opens the example post and waits until its three embeds show a simulation. */
async function examplePost(page, url) {
  await page.goto(`${url}static/blog-example.html`);
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 700); await page.waitForTimeout(200); }
  await page.waitForFunction(() => document.querySelectorAll("iframe").length === 3);
  const frames = page.frames().filter((f) => f.url().includes("embed=1"));
  assert.equal(frames.length, 3);
  for (const f of frames) await f.waitForSelector(`${RESULTS}, .predict`, { timeout: 20000 });
  return frames;
}

test("after one visit the Lab, compare, a lesson and the example post work offline", async (t) => {
  const { site, context, page, problems } = await openSite(t, DIST);
  await page.goto(`${site.url}?preset=cpu-bound&model=threads&workers=4`);
  await page.waitForSelector(RESULTS);
  const hash = await traceHash(page);
  await controlled(page);

  // A return visit asks the host for the page only: the app comes from the copy.
  site.requests.length = 0;
  await page.reload();
  await page.waitForSelector(RESULTS);
  assert.deepEqual(site.requests.filter((path) => HASHED.test(path)), [], "hashed files asked for again");

  await site.close();
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector(RESULTS);
  assert.equal(await traceHash(page), hash);
  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.waitForFunction(() => location.search.includes("model=processes"));
  assert.ok((await metricNumber(page, "speedup")) > 3, "processes use the cores");
  await compareModels(page);
  await shot(page, "offline-lab");

  // An old address of a lesson on the Lab's page: the service worker sends it to the lessons'
  // page, offline too.
  await page.goto(`${site.url}?view=lesson&lesson=the-gil&step=1`);
  assert.equal(new URL(page.url()).pathname, new URL("lessons.html", site.url).pathname);
  await page.getByRole("button", { name: "About 1× (no faster)" }).click();
  assert.match(await page.getByTestId("explanation").textContent(), /^Right\./);
  await examplePost(page, site.url);
  await shot(page, "offline-example-post");
  assert.deepEqual(problems.errors, []);
});

test("a second build deployed over the first is what the page shows after one reload", async (t) => {
  // The second build: the same staged site with a changed stylesheet and lesson title, published
  // by the same step as ./lab build.
  const tmp = mkdtempSync(join(tmpdir(), "conclab-update-"));
  cpSync(join(ROOT, "target/site"), join(tmp, "site"), { recursive: true });
  appendFileSync(join(tmp, "site/static/style.css"), "\n:root{--build:second}\n");
  // The lessons file is binary with each text's length before it: the title is changed for one
  // of the same length.
  const lessons = join(tmp, "site/lessons.bin");
  const bytes = readFileSync(lessons);
  assert.equal(SECOND_GIL_LESSON.length, GIL_LESSON.length);
  bytes.write(SECOND_GIL_LESSON, bytes.indexOf(GIL_LESSON));
  writeFileSync(lessons, bytes);
  execFileSync("python3", [join(ROOT, "tools/publish.py"), join(tmp, "site"), join(tmp, "dist")]);

  const { site, context, page, problems } = await openSite(t, DIST);
  const gilLesson = () => page.locator('[data-lesson="the-gil"]').textContent();
  const build = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--build").trim());
  await page.goto(`${site.url}?view=lessons`);
  await page.locator('[data-lesson="the-gil"]').waitFor();
  await controlled(page);
  assert.doesNotMatch(await gilLesson(), /second build/);

  site.deploy(join(tmp, "dist"));
  await page.reload();
  await page.locator('[data-lesson="the-gil"]').waitFor();
  assert.match(await gilLesson(), /second build/, "the lessons are the new build's");
  assert.equal(await build(), "second", "the stylesheet is the new build's");

  // The new build's worker takes over and drops the old copy; offline, the page is still new.
  const version = readFileSync(join(tmp, "dist/sw.js"), "utf8").match(/"version": "(\w+)"/)[1];
  for (let waited = 0; ; waited += 100) {
    const kept = await page.evaluate(() => caches.keys());
    if (kept.length === 1 && kept[0].endsWith(version)) break;
    assert.ok(waited < 30000, `the copies kept are still ${kept}`);
    await page.waitForTimeout(100);
  }
  await site.close();
  await context.setOffline(true);
  await page.reload();
  await page.locator('[data-lesson="the-gil"]').waitFor();
  assert.match(await gilLesson(), /second build/);
  assert.equal(await build(), "second");
  assert.deepEqual(problems.errors, []);
});

test("under a sub-path the Lab, compare, the lessons, the embeds and the offline copy work", async (t) => {
  const { site, page, problems } = await openSite(t, DIST, { prefix: "/concurrency-lab/" });
  await page.goto(`${site.url}?preset=web-scraper&model=asyncio&seed=3`);
  await page.waitForSelector(RESULTS);
  assert.equal(await traceHash(page), nativeHash("--preset", "web-scraper", "--model", "asyncio", "--seed", "3"));
  await compareModels(page);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope), site.url);
  await page.goto(`${site.url}?view=lessons`);
  await page.locator(".lesson-item").first().waitFor();
  assert.ok((await page.locator(".lesson-item").count()) >= 14);
  const frames = await examplePost(page, site.url);
  assert.ok(frames.every((f) => f.url().startsWith(site.url)), "embeds load from the sub-path");
  await shot(page, "sub-path-example-post");
  assert.deepEqual(site.requests.filter((path) => !path.startsWith("/concurrency-lab/")), []);
  await site.close();
  await page.goto(`${site.url}?view=lesson&lesson=the-gil&step=1`);
  await page.waitForSelector(".predict");
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.foreignRequests, []);
});

test("a host that compresses everything, the gzipped wasm too, serves the same app", async (t) => {
  const { site, context, page, problems } = await openSite(t, DIST, { compress: true });
  const warnings = [];
  page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map();
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  let bytes = 0;
  let wasmBytes = 0;
  cdp.on("Network.loadingFinished", (e) => {
    bytes += e.encodedDataLength;
    if (urls.get(e.requestId)?.endsWith(".wasm.gz")) wasmBytes += e.encodedDataLength;
  });
  await page.goto(`${site.url}?preset=cpu-bound&model=threads&workers=4`);
  await page.waitForSelector(RESULTS);
  assert.equal(await traceHash(page), nativeHash("--preset", "cpu-bound", "--model", "threads", "--workers", "4"));
  console.log(`figure: / from a host that gzips everything: bytes over the network: ${bytes}`);
  const gz = readdirSync(join(DIST, "pkg")).find((f) => /^app_bg\..*\.wasm\.gz$/.test(f));
  const gzBytes = statSync(join(DIST, "pkg", gz)).size;
  assert.ok(wasmBytes < gzBytes + 1000, `the wasm took ${wasmBytes} B for a ${gzBytes} B file`);
  await compareModels(page);
  assert.deepEqual(warnings.filter((w) => w.includes("did not start")), [], "the gzipped wasm started as it is");
  assert.deepEqual(problems.errors, []);
});

test("a browser without DecompressionStream loads the plain wasm instead", async (t) => {
  const { site, context, page, problems } = await openSite(t, DIST);
  await context.addInitScript(() => { delete window.DecompressionStream; });
  await page.goto(`${site.url}?preset=cpu-bound&model=threads&workers=4`);
  await page.waitForSelector(RESULTS);
  assert.equal(await traceHash(page), nativeHash("--preset", "cpu-bound", "--model", "threads", "--workers", "4"));
  assert.ok(site.requests.some((path) => /\/app_bg\.\w+\.wasm$/.test(path)), "the plain module was asked for");
  assert.deepEqual(problems.errors, []);
});
