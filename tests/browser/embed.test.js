// Embeds in Debian's headless Chromium: the example post's three frames, and the Share panel's
// snippets reproducing the same scenario in a fresh page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, openLab, shot, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

async function scrollThrough(page) {
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 700); await page.waitForTimeout(250); }
}

test("the example post's three embeds load lazily, render and size themselves", async () => {
  const { page, problems } = ctx;
  // A short window, so the last placeholder starts well below the fold (plus embed.js's margin).
  await page.setViewportSize({ width: 1280, height: 400 });
  await page.goto(`${BASE_URL}/static/blog-example.html`);
  await page.waitForSelector("iframe");
  assert.ok((await page.locator("iframe").count()) < 3, "frames far below the fold are not loaded yet");
  await scrollThrough(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => document.querySelectorAll("iframe").length === 3);
  const frames = page.frames().filter((f) => f.url().includes("embed=1"));
  assert.equal(frames.length, 3);
  for (const f of frames) {
    await f.waitForSelector('[data-metric="speedup"], .predict', { timeout: 20000 });
  }
  await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.height !== "480" && +f.height > 300));
  const heights = await page.locator("iframe").evaluateAll((els) => els.map((e) => +e.height));
  const contentHeights = await Promise.all(frames.map((f) => f.evaluate(() => document.documentElement.scrollHeight)));
  heights.forEach((h, i) => assert.ok(Math.abs(h - contentHeights[i]) <= 2, `frame ${i}: ${h} vs content ${contentHeights[i]}`));

  // Interact: switch the asyncio demo to threads, and its numbers follow.
  const aio = frames.find((f) => f.url().includes("model=asyncio"));
  const before = await aio.locator('[data-metric="speedup"]').textContent();
  await aio.getByLabel("Model", { exact: true }).selectOption("threads");
  await aio.waitForFunction((b) => document.querySelector('[data-metric="speedup"]').textContent !== b, before);
  await shot(page, "blog-example");
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.foreignRequests, []);
});

test("every Share snippet reproduces the same scenario in a fresh page", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=web-scraper&model=threads&workers=16&cores=2&seed=5");
  const hash = (await page.getByTestId("trace-hash").textContent()).trim();
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.locator("#share-link").inputValue();
  const iframe = await page.locator("#share-iframe").inputValue();
  const script = await page.locator("#share-script").inputValue();
  const embedHash = (frame) => frame.locator("[data-trace-hash]").getAttribute("data-trace-hash", { timeout: 20000 });
  assert.equal(await embedHash(page.frameLocator(".share-preview")), hash, "preview");
  await shot(page, "share-panel");

  const fresh = await ctx.context.newPage();
  await fresh.goto(link);
  await fresh.getByTestId("trace-hash").waitFor();
  assert.equal((await fresh.getByTestId("trace-hash").textContent()).trim(), hash, "permalink");

  // A synthetic page. It shares the app's origin because Chromium's local-network protection
  // keeps any page not itself on loopback from loading the test server's files.
  const host = `${BASE_URL}/fresh-page-for-test.html`;
  for (const [name, snippet] of [["iframe", iframe], ["script", script]]) {
    await fresh.route(host, (r) => r.fulfill({ contentType: "text/html",
      body: `<!doctype html><html><body><h1>A fresh page</h1>${snippet}</body></html>` }));
    await fresh.goto(host);
    assert.equal(await embedHash(fresh.frameLocator("iframe")), hash, name);
    await fresh.unroute(host);
  }
  await fresh.close();
});

test("an embed survives nonsense options and an unknown lesson", async () => {
  const { page, problems } = ctx;
  await page.goto(`${BASE_URL}/?embed=1&controls=sideways&speed=NaN&theme=plaid&height=-1&cores=-4&model=%00`);
  await page.waitForSelector('[data-metric="speedup"]');
  assert.ok((await page.locator(".notice").count()) >= 2, "bad settings are named");
  await page.goto(`${BASE_URL}/?embed=1&lesson=nope&step=-3`);
  await page.getByText("There is no lesson called 'nope'.").waitFor();
  await page.goto(`${BASE_URL}/?embed=1&theme=dark&controls=none&preset=numpy&model=threads`);
  await page.waitForSelector('[data-metric="speedup"]');
  assert.equal(await page.evaluate(() => document.documentElement.className), "embedded theme-dark");
  assert.equal(await page.locator("select").count(), 1, "controls=none leaves only the speed menu");
  await shot(page, "embed-dark");
  assert.deepEqual(problems.errors, []);
});
