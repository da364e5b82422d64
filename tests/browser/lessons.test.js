// The lesson player in Debian's headless Chromium: predict, solve, reload, progress kept.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, shot, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

test("a learner predicts, solves a challenge with a control, and finds the progress kept", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/?view=lessons`);
  await page.locator(".lesson-item").first().waitFor();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole("link", { name: "The GIL: four threads, one interpreter" }).click();
  await page.waitForSelector(".predict");
  assert.equal(await page.locator('[data-metric="speedup"]').count(), 0, "no spoilers before the prediction");
  await page.getByRole("button", { name: "About 1× (no faster)" }).click();
  assert.match(await page.getByTestId("explanation").textContent(), /^Right\./);
  assert.ok((await page.locator('[data-metric="speedup"]').count()) > 0, "the run shows after predicting");
  await shot(page, "lesson-predicted");

  await page.getByRole("link", { name: "Next →" }).click();
  await page.waitForSelector(".challenge");
  assert.equal(await page.getByTestId("solved").count(), 0, "the starting setup does not meet the goal");
  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.waitForSelector('[data-testid="solved"]');
  assert.match(await page.getByTestId("solved").textContent(), /Solved with 1 change/);
  await shot(page, "lesson-solved");

  await page.reload();
  await page.waitForSelector(".challenge");
  await page.getByRole("link", { name: "All lessons", exact: true }).click();
  const item = page.locator('[data-lesson="the-gil"]');
  await item.waitFor();
  assert.match(await item.textContent(), /✓ done/);
  await shot(page, "lesson-list-progress");
  assert.deepEqual(ctx.problems.errors, []);
});

test("a corrupt saved progress is dropped with a notice, not a crash", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/?view=lessons`);
  // Wait for the app itself: it mounts after the load event, and would read the entry first.
  await page.locator(".lesson-item").first().waitFor();
  await page.evaluate(() => localStorage.setItem("conclab.progress.v1", "{definitely not json"));
  await page.reload();
  const notice = page.locator(".notice");
  await notice.waitFor();
  assert.match(await notice.textContent(), /could not be read/);
  assert.ok((await page.locator(".lesson-item").count()) >= 14);
  assert.equal(await page.evaluate(() => localStorage.getItem("conclab.progress.v1")), null);
});

test("an unknown lesson in the address says so and links back", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/?view=lesson&lesson=no-such-lesson&step=99`);
  await page.getByText("There is no lesson called 'no-such-lesson'.").waitFor();
  await page.getByRole("link", { name: "All lessons" }).first().click();
  await page.locator(".lesson-item").first().waitFor();
});

test("every step of every lesson renders without an error", async () => {
  const { page, problems } = ctx;
  await page.goto(`${BASE_URL}/?view=lessons`);
  await page.locator(".lesson-item").first().waitFor();
  const ids = await page.locator("[data-lesson]").evaluateAll((els) => els.map((e) => e.dataset.lesson));
  assert.ok(ids.length >= 14, `${ids.length} lessons`);
  let steps = 0;
  for (const id of ids) {
    for (let step = 1; ; step++) {
      await page.goto(`${BASE_URL}/?view=lesson&lesson=${id}&step=${step}`);
      await page.locator(".lesson-text").waitFor();
      await page.locator('[data-metric="speedup"], .predict').first().waitFor();
      steps++;
      const crumb = await page.locator(".crumbs").textContent();
      const [, now, total] = crumb.match(/step (\d+) of (\d+)/);
      assert.equal(+now, step, `${id} step ${step}`);
      if (step >= +total) break;
    }
  }
  assert.ok(steps >= 28, `${steps} steps`);
  assert.deepEqual(problems.errors, []);
});
