// A first-time visitor's first minute in the Lab (issue #13), on the real page in Debian's
// headless Chromium: the first screen plays a run at desktop and phone widths, the timeline shows
// who holds the GIL and how many tasks are in flight, the cards follow the cursor, the
// recommendation is never slower than plain code, numbers are readable, the page passes axe-core,
// and every preset × model is photographed at both widths for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { openBrowser, openLab, metricNumber, ARTIFACTS, BASE_URL } from "./harness.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [[1400, 900], [375, 800]];

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

/** The page's accessibility violations, by axe-core (evaluated over the DevTools protocol, which
 * the page's script policy does not govern). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "best-practice"] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0].target.join(" ")} — ${v.help}`);
  });
}

test("the first screen plays a non-trivial run by itself, at 1400 and 375 px", async () => {
  const page = await ctx.context.newPage();
  for (const [width, height] of WIDTHS) {
    await page.setViewportSize({ width, height });
    await page.goto(`${BASE_URL}/`);
    await page.getByTestId("tour").waitFor();
    await page.getByRole("button", { name: "Pause" }).waitFor({ timeout: 20000 });
    const lanes = Number(await page.locator(".tl-plot").first().getAttribute("data-lanes"));
    assert.ok(lanes >= 4, `${lanes} lanes drawn`);
    const first = await page.getByTestId("clock").textContent();
    await page.waitForFunction((t) => document.querySelector('[data-testid="clock"]').textContent !== t, first);
    // The timeline is on the first screen, moving.
    const box = await page.locator(".tl-plot").first().boundingBox();
    assert.ok(box.y < height && box.y + Math.min(box.height, 200) <= height, `timeline in view at ${width} px (${box.y})`);
    await page.screenshot({ path: `${ARTIFACTS}first-screen-${width}.png` });
  }
  await page.close();
});

test("GIL holders differ, asyncio has ≥ 100 tasks in flight, and the cards follow the cursor", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=cpu-bound&model=threads&workers=4");
  const holders = await page.locator(".tl-plot svg").first().evaluate((svg) =>
    new Set([...svg.querySelectorAll("[class*=hd]")].map((e) => e.getAttribute("class").match(/hd\d+/)?.[0]).filter(Boolean)).size);
  assert.ok(holders >= 4, `${holders} GIL holders coloured apart`);

  // The figures say what they are about: the run's title names the workload, model and machine.
  assert.match(await page.getByTestId("run-title").textContent(), /cpu-bound under threads with 4 workers, \d+ cores · Python 3\.\d+/);

  await openLab(page, "?preset=io-bound&model=asyncio");
  const peak = Number(await page.getByTestId("in-flight").getAttribute("data-peak"));
  assert.ok(peak >= 100, `${peak} tasks in flight at once`);

  await openLab(page, "?preset=mixed&model=threads&workers=8");
  const cards = () => page.locator(".tiles").innerText();
  const final = await cards();
  assert.equal(await page.locator(".tiles").getAttribute("data-complete"), "true");
  await page.getByLabel("Scrub through the run").fill("400");
  await page.waitForSelector('.tiles[data-complete="false"]');
  const middle = await cards();
  assert.notEqual(middle, final, "the cards at mid-playback are not the final ones");
  assert.match(middle, /so far/);
});

test("the recommendation for big payloads is faster than sequential code", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=big-payload&model=processes");
  const rec = page.getByTestId("recommendation");
  await page.waitForFunction(() => /Recommended for this work/.test(document.querySelector('[data-testid="recommendation"]')?.textContent ?? ""), null, { timeout: 60000 });
  const text = await rec.textContent();
  const [, model, speedup] = text.match(/Recommended for this work: (\S+) \(([\d.]+)× here\)/);
  assert.ok(Number(speedup) >= 1, `${model} at ${speedup}×`);
  const native = JSON.parse(execFileSync(process.env.CONCLAB, ["compare", "--preset", "big-payload", "--json"]));
  const sequential = native.find((r) => r.model === "sequential");
  const chosen = native.find((r) => r.model === model);
  assert.ok(chosen.makespan_s <= sequential.makespan_s, `${model} no slower than sequential`);
});

test("every preset × model reads without raw long numbers or sideways scrolling, photographed at both widths", async () => {
  const page = await ctx.context.newPage();
  const presets = execFileSync(process.env.CONCLAB, ["presets"]).toString().split("\n")
    .filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/)[0]);
  const models = ["sequential", "threads", "processes", "asyncio", "asyncio+threads", "asyncio+processes", "interpreters"];
  assert.ok(presets.length >= 10, presets.join(" "));
  const raw = [];
  for (const [width, height] of WIDTHS) {
    await page.setViewportSize({ width, height });
    for (const preset of presets) {
      for (const model of models) {
        const python = model === "interpreters" ? "&python=3.14" : "";
        await openLab(page, `?preset=${preset}&model=${encodeURIComponent(model)}${python}`);
        // Every figure the page writes: cards, findings, timeline words; not the controls or the
        // trace's hash.
        const text = await page.evaluate(() => {
          const skip = document.querySelectorAll(".run-facts, .controls, script");
          skip.forEach((e) => e.setAttribute("data-skip", ""));
          const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
          let all = "";
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.parentElement.closest("[data-skip]")) all += n.textContent + " ";
          }
          return all;
        });
        for (const m of text.matchAll(/\d{7,}/g)) raw.push(`${preset} × ${model} at ${width}: ${m[0]}`);
        // Nothing (a long hint, a wide table) pushes the page sideways.
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth);
        if (sideways > width) raw.push(`${preset} × ${model} at ${width}: the page is ${sideways} px wide`);
        await page.screenshot({ path: `${ARTIFACTS}gallery-${width}-${preset}-${model.replace("+", "-")}.png`, fullPage: width > 400 });
      }
    }
  }
  assert.deepEqual(raw, []);
  await page.close();
});

test("axe-core finds nothing to fix in the Lab and a lesson, at both widths", async () => {
  const page = await ctx.context.newPage();
  const found = [];
  for (const [width, height] of WIDTHS) {
    await page.setViewportSize({ width, height });
    await openLab(page, "?preset=mixed&model=threads&workers=8");
    await page.waitForSelector(".bars .bar.best", { timeout: 60000 });
    found.push(...(await axeViolations(page)).map((v) => `Lab at ${width}: ${v}`));
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${BASE_URL}/?view=lesson&lesson=the-gil`);
    await page.locator(".choice").first().click();
    await page.getByRole("button", { name: "Skip to the result" }).click();
    await page.getByTestId("explanation").waitFor();
    found.push(...(await axeViolations(page)).map((v) => `lesson at ${width}: ${v}`));
  }
  assert.deepEqual(found, []);
  await page.close();
});
