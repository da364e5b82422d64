// Embeds in Debian's headless Chromium: the example post's three frames (lazy, reserved before
// they load, never moving the text), and every Share snippet reproducing the same scenario whole
// in a page of another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBrowser, openLab, shot, ARTIFACTS, BASE_URL } from "./harness.js";
import { serveSite } from "./server.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

async function scrollThrough(page) {
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 700); await page.waitForTimeout(250); }
}

/** Counts layout shifts not caused by input (the browser's `layout-shift` entries), from the
 * page's first moment: call before `goto`. */
async function watchShifts(page) {
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  return () => page.evaluate(() => window.__shift);
}

/** Whether a frame shows its whole figure: the timeline needs no scrolling inside, and the
 * caption is within the frame. */
async function wholeFigure(frame) {
  return frame.evaluate(() => {
    const plot = document.querySelector(".tl-plot");
    const foot = document.querySelector(".embed-foot");
    return { timeline: plot.scrollHeight <= plot.clientHeight + 1, caption: foot.getBoundingClientRect().bottom <= innerHeight + 1 };
  });
}

for (const [width, height] of [[1200, 900], [375, 800]]) {
  test(`the example post at ${width} px: embeds load lazily, take their height at once, never move the text`, async () => {
    const { browser, problems } = ctx;
    const page = await browser.newPage({ viewport: { width, height: 400 } });
    const shifts = await watchShifts(page);
    // A short window first, so the last placeholder starts well below the fold.
    await page.goto(`${BASE_URL}/static/blog-example.html`);
    await page.waitForSelector("iframe");
    assert.ok((await page.locator("iframe").count()) < 3, "frames far below the fold are not loaded yet");
    const reserved = await page.locator("[data-concurrency-lab], concurrency-lab").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    assert.ok(reserved.every((h) => h >= 400), `every placeholder has its height before its frame: ${reserved}`);
    await page.setViewportSize({ width, height });
    await scrollThrough(page);
    await page.waitForFunction(() => document.querySelectorAll("iframe").length === 3);
    const frames = page.frames().filter((f) => f.url().includes("embed=1"));
    for (const f of frames) await f.waitForSelector('[data-metric="speedup"], .predict', { timeout: 20000 });
    const after = await page.locator("[data-concurrency-lab], concurrency-lab").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    assert.deepEqual(after, reserved, "no frame grew once loaded");
    for (const f of frames.filter((f) => !f.url().includes("lesson="))) {
      assert.deepEqual(await wholeFigure(f), { timeline: true, caption: true }, f.url());
      assert.equal(await f.locator("text=/trace|events simulated/").count(), 0, "no debugging text");
    }

    // Used: the custom element's asyncio demo switched to threads; its numbers follow, nothing moves.
    const aio = frames.find((f) => f.url().includes("model=asyncio"));
    const before = await aio.locator('[data-metric="speedup"]').textContent();
    await aio.getByLabel("Model", { exact: true }).selectOption("threads");
    await aio.waitForFunction((b) => document.querySelector('[data-metric="speedup"]').textContent !== b, before);
    await page.waitForTimeout(500);
    const shift = await shifts();
    console.log(`figure: example post at ${width} px, cumulative layout shift while loading and used: ${shift.toFixed(4)}`);
    assert.ok(shift < 0.05, `layout shift ${shift}`);
    await page.screenshot({ path: `${ARTIFACTS}blog-example-${width}.png`, fullPage: true });
    await page.close();
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.foreignRequests, []);
  });
}

test("every Share snippet, pasted into a page of another origin, shows the same run whole", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=web-scraper&model=threads&workers=16&cores=2&seed=5");
  const hash = (await page.getByTestId("trace-hash").textContent()).trim();
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.locator("#share-link").inputValue();
  const embedHash = (frame) => frame.locator("[data-trace-hash]").getAttribute("data-trace-hash", { timeout: 20000 });
  assert.equal(await embedHash(page.frameLocator(".share-preview")), hash, "preview");
  await shot(page, "share-panel");

  const fresh = await ctx.context.newPage();
  await fresh.goto(link);
  await fresh.getByTestId("trace-hash").waitFor();
  assert.equal((await fresh.getByTestId("trace-hash").textContent()).trim(), hash, "permalink");

  // A page of someone else's, on another port of this machine (so another origin).
  const folder = mkdtempSync(join(tmpdir(), "conclab-host-"));
  const host = await serveSite(folder);
  try {
    for (const shows of ["none", "compact", "full"]) {
      await page.locator("#share-shows").selectOption(shows);
      for (const id of ["share-iframe", "share-script", "share-element"]) {
        const snippet = await page.locator(`#${id}`).inputValue();
        writeFileSync(join(folder, "post.html"), `<!doctype html><html><head><meta name="viewport" content="width=device-width"></head><body><h1>A fresh page</h1>${snippet}<p>After.</p></body></html>`);
        for (const width of [1200, 375]) {
          await fresh.setViewportSize({ width, height: 900 });
          await fresh.goto(`${host.url}post.html`);
          const handle = await fresh.waitForSelector("iframe");
          const content = await handle.contentFrame();
          await content.waitForSelector("[data-trace-hash]", { timeout: 20000 });
          assert.equal(await content.getAttribute("[data-trace-hash]", "data-trace-hash"), hash, `${id} ${shows}`);
          const whole = await wholeFigure(content);
          assert.deepEqual(whole, { timeline: true, caption: true }, `${id}, ${shows}, ${width} px`);
          if (shows === "compact") await fresh.screenshot({ path: `${ARTIFACTS}snippet-${id}-${width}.png`, fullPage: true });
        }
      }
    }
  } finally {
    await host.close();
    await fresh.close();
  }
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
