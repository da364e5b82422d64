// Pictures of a run in Debian's headless Chromium: the Share panel's downloads (animated and
// still SVG, PNG) and its Markdown, and SVG files made by `conclab --svg` shown through <img>:
// the animated one plays by itself, the still one does not move.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBrowser, openLab } from "./harness.js";
import { serveSite } from "./server.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

test("the Share panel saves the run as an animated SVG, a still SVG and a PNG, with Markdown", async () => {
  const { page, problems } = ctx;
  await openLab(page, "?preset=cpu-bound&model=threads&workers=4");
  await page.getByRole("button", { name: "Share" }).click();
  const saved = {};
  for (const [button, ext] of [["Download animated SVG", "svg"], ["Download still SVG", "svg"], ["Download PNG", "png"]]) {
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30000 }), page.getByRole("button", { name: button }).click()]);
    assert.equal(download.suggestedFilename(), `concurrency-lab-cpu-bound-threads.${ext}`);
    saved[button] = readFileSync(await download.path());
  }
  const animated = saved["Download animated SVG"].toString();
  const still = saved["Download still SVG"].toString();
  assert.match(animated, /^<svg[^>]*>\s*<title[^>]*>cpu-bound under threads/);
  assert.ok(animated.includes("@keyframes"), "the animated SVG plays by itself");
  assert.ok(!still.includes("@keyframes"), "the still SVG does not");
  assert.deepEqual([...saved["Download PNG"].subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG file");
  assert.match(await page.getByTestId("saving").textContent(), /Saved concurrency-lab-cpu-bound-threads\.png/);
  const markdown = await page.locator("#share-markdown").inputValue();
  assert.match(markdown, /^\[!\[.+\]\(concurrency-lab-cpu-bound-threads\.svg\)\]\(http.+preset=cpu-bound/);
  assert.deepEqual(problems.errors, []);
});

test("an animated SVG shown through <img> plays; the still one does not move", async () => {
  const folder = mkdtempSync(join(tmpdir(), "conclab-pictures-"));
  const args = ["run", "--preset", "cpu-bound", "--model", "threads", "--workers", "4", "--width", "600"];
  execFileSync(process.env.CONCLAB, [...args, "--svg", join(folder, "animated.svg")]);
  execFileSync(process.env.CONCLAB, [...args, "--still", "--svg", join(folder, "still.svg")]);
  writeFileSync(join(folder, "index.html"), '<!doctype html><img id="animated" src="animated.svg"><img id="still" src="still.svg">');
  const site = await serveSite(folder);
  const page = await ctx.context.newPage();
  try {
    await page.goto(site.url);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    const look = (id) => page.locator(`#${id}`).screenshot();
    const [a0, s0] = [await look("animated"), await look("still")];
    await page.waitForTimeout(1500);
    const [a1, s1] = [await look("animated"), await look("still")];
    assert.ok(!a0.equals(a1), "the animated picture changed over 1.5 s");
    assert.ok(s0.equals(s1), "the still picture did not");
  } finally {
    await page.close();
    await site.close();
  }
});
