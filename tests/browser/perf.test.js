// Performance in Debian's headless Chromium, printed as figures (not asserted as timings,
// except the main-thread budget while the worker computes, which is the point of the worker).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

const figure = (name, value) => console.log(`figure: ${name}: ${value}`);

test("first paint, and the 10 000-connection scenario's time to result", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-metric="speedup"]');
  const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1);
  const ready = await page.evaluate(() => performance.now());
  figure("first contentful paint (ms)", paint.toFixed(0));
  figure("default Lab ready with results (ms)", ready.toFixed(0));
  assert.ok(paint > 0);

  await page.goto(`${BASE_URL}/?preset=chat-server&model=asyncio`);
  await page.waitForSelector('[data-metric="speedup"]');
  figure("chat-server (10 000 asyncio tasks) page ready with results (ms)", (await page.evaluate(() => performance.now())).toFixed(0));
});

test("compare + 32-worker sweep run in a worker without blocking the page", async () => {
  const page = await ctx.context.newPage();
  // The Lab compares every model by itself once the run is ready: watch from the start.
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => [e.startTime, e.duration])))
      .observe({ type: "longtask", buffered: true });
  });
  await page.goto(`${BASE_URL}/?preset=image-batch&model=processes`);
  await page.waitForSelector('[data-metric="speedup"]');
  const ready = await page.evaluate(() => performance.now());
  await page.waitForSelector(".bars .bar.best", { timeout: 60000 });
  const took = (await page.evaluate(() => performance.now())) - ready;
  await page.waitForTimeout(200);
  // Only what happened while the comparison ran counts (not the page's own start).
  const worst = await page.evaluate((t) => Math.max(0, ...window.__long.filter(([at]) => at >= t).map(([, d]) => d)), ready);
  figure("compare (6 models) + sweep (32 worker counts) of 1 000 tasks in the worker, after the first results (ms)", took.toFixed(0));
  figure("worst main-thread long task meanwhile (ms, 0 = none over 50)", worst.toFixed(0));
  assert.ok(worst <= 50, `a main-thread task took ${worst} ms`);
  assert.ok((await page.locator(".bar.best").count()) === 1, "the best model is marked");
  assert.ok((await page.locator(".sweep polyline").count()) >= 1, "the sweep is drawn");
  await page.close();
});

test("playback of a 64-lane run keeps up with the display", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/?preset=io-bound&model=threads&workers=64&cores=8`);
  await page.waitForSelector('[data-metric="speedup"]');
  assert.match(await page.locator(".tl-detail").last().textContent(), /more lanes not drawn/);
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 150) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.getByRole("button", { name: "Play" }).click();
  await page.waitForFunction(() => window.__frames.length >= 150, null, { timeout: 30000 });
  const frames = await page.evaluate(() => window.__frames.slice(5).sort((a, b) => a - b));
  const median = frames[Math.floor(frames.length / 2)];
  figure("playback frame time, 64 lanes: median (ms)", median.toFixed(1));
  figure("playback frame time, 64 lanes: worst (ms)", frames[frames.length - 1].toFixed(1));
});

test("a very large run is simulated in slices with progress, and the page stays responsive", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-metric="speedup"]');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
  });
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="running"]');
      if (el) window.__progress.push(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const t0 = Date.now();
  await page.evaluate(() => { history.pushState(null, "", "?tasks=100000&io_ms=10&cpu_ms=0.05&model=asyncio"); dispatchEvent(new PopStateEvent("popstate")); });
  await page.waitForFunction(() => document.querySelector('[data-metric="speedup"]') && window.__progress.length > 0, null, { timeout: 60000 });
  const took = Date.now() - t0;
  const progress = await page.evaluate(() => window.__progress);
  const long = await page.evaluate(() => window.__long.slice().sort((a, b) => b - a));
  figure("100 000-task asyncio run in slices (ms)", took);
  figure("progress updates shown meanwhile", progress.length);
  figure("its longest main-thread task (ms)", (long[0] ?? 0).toFixed(0));
  assert.match(progress[0], /Simulating… [\d,]+ events/);
  assert.ok(progress.length >= 3, `progress shown ${progress.length} times`);
  assert.equal(await page.locator('[data-metric="makespan"]').count(), 1);
  // The run went in slices of about 30 ms: of the tasks over 50 ms, only those that end it
  // (the trace and its metrics assembled, the results drawn) remain, and none is the whole run.
  figure("its main-thread tasks over 50 ms", long.length);
  assert.ok(long.length <= 3, `${long.length} tasks over 50 ms: ${long.join(", ")}`);
  assert.ok((long[0] ?? 0) < took / 2, `longest task ${long[0]} ms of ${took} ms`);
});

/** Records main-thread tasks longer than 50 ms from now on, in `window.__long`. */
async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
  });
}

/** Opens the Lab on `query` as a link followed in the page would. */
async function follow(page, query) {
  await page.evaluate((q) => { history.pushState(null, "", q); dispatchEvent(new PopStateEvent("popstate")); }, query);
}

test("a large run can be cancelled mid-way, and run again", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-metric="speedup"]');
  await follow(page, "?preset=chat-server&tasks=1000000&model=asyncio");
  await page.waitForFunction(() => /Simulating… [\d,]{7,} events/.test(document.querySelector('[data-testid="running"]')?.textContent ?? ""), null, { timeout: 60000 });
  await page.getByTestId("cancel").click();
  const stopped = page.getByTestId("stopped");
  await stopped.waitFor();
  assert.match(await stopped.textContent(), /Stopped after [\d,]+ events/);
  // No slice runs after the cancel: the page is idle, and no result appears.
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('[data-metric="speedup"]').count(), 0);
  await page.getByRole("button", { name: "Run again" }).click();
  await page.getByTestId("running").waitFor();
  await page.getByTestId("cancel").click();
});

test("a million asyncio connections are simulated in the page, which stays responsive", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-metric="speedup"]');
  await watchLongTasks(page);
  const t0 = Date.now();
  await follow(page, "?preset=chat-server&tasks=1000000&model=asyncio");
  await page.waitForSelector('[data-metric="speedup"]', { timeout: 180000 });
  const took = Date.now() - t0;
  const long = await page.evaluate(() => window.__long.slice().sort((a, b) => b - a));
  figure("1 000 000-connection asyncio run in the page, to its figures (ms)", took);
  figure("its main-thread tasks over 50 ms", long.length);
  figure("its longest main-thread task (ms)", (long[0] ?? 0).toFixed(0));
  assert.match(await page.getByTestId("trace-hash").textContent(), /^[0-9a-f]{16}$/);
});
