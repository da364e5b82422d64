// Links that keep their settings: the app's own addresses (including the one that once lost
// its model), `+` written raw or escaped, back/forward, and every lesson step's "Open in the
// Lab" all read back exactly, with no notice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, openLab, metric, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

test("the interpreters link the app writes reads back, in either key order, and survives reload and back", async () => {
  const { page } = ctx;
  for (const query of ["?model=interpreters&python=3.14", "?python=3.14&model=interpreters"]) {
    await openLab(page, `${query}&preset=cpu-bound`);
    assert.equal(await page.locator(".notice").count(), 0, `${query}: no notice`);
    assert.equal(await page.locator("#ctl-model").inputValue(), "interpreters");
  }
  const speedup = await metric(page, "speedup");
  await page.reload();
  await page.waitForSelector('[data-metric="speedup"]');
  assert.equal(await page.locator("#ctl-model").inputValue(), "interpreters");
  assert.equal(await metric(page, "speedup"), speedup);
  await page.getByLabel("Model", { exact: true }).selectOption("threads");
  await page.waitForFunction(() => location.search.includes("model=threads"));
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#ctl-model").value === "interpreters");
  assert.equal(await page.locator(".notice").count(), 0);
  await page.goForward();
  await page.waitForFunction(() => document.querySelector("#ctl-model").value === "threads");
});

test("a + in a model name works written raw or as %2B", async () => {
  const { page } = ctx;
  for (const query of ["?model=asyncio+threads", "?model=asyncio%2Bthreads"]) {
    await openLab(page, query);
    assert.equal(await page.locator(".notice").count(), 0, query);
    assert.equal(await page.locator("#ctl-model").inputValue(), "asyncio+threads", query);
  }
});

test("every lesson step's Open in the Lab reads back as the step's own settings", async () => {
  const { page, problems } = ctx;
  // An address of the Lab's page that asks for the lessons goes on to the lessons' page.
  await page.goto(`${BASE_URL}/?view=lessons`);
  await page.locator(".lesson-item").first().waitFor();
  assert.equal(new URL(page.url()).pathname, "/lessons.html");
  assert.equal(new URL(page.url()).search, "?view=lessons");
  const ids = await page.locator("[data-lesson]").evaluateAll((els) => els.map((e) => e.dataset.lesson));
  let checked = 0;
  for (const id of ids) {
    let total = 1;
    for (let step = 1; step <= total; step++) {
      await page.goto(`${BASE_URL}/?view=lesson&lesson=${id}&step=${step}`);
      const open = page.getByRole("link", { name: "Open in the Lab" });
      await open.waitFor();
      total = +(await page.locator(".crumbs").textContent()).match(/step \d+ of (\d+)/)[1];
      const href = await open.getAttribute("href");
      const lab = new URL(href, page.url());
      await page.goto(lab.href);
      await page.waitForSelector('[data-metric="speedup"], [data-testid="running"]');
      // The Lab writes back what it read: the same address means the same settings.
      assert.equal(await page.locator(".notice").count(), 0, `${id} step ${step}: ${href}`);
      assert.equal(await page.evaluate(() => location.pathname + location.search), lab.pathname + lab.search, `${id} step ${step}`);
      checked++;
    }
  }
  assert.ok(checked >= 28, `${checked} steps`);
  assert.deepEqual(problems.errors, []);
});
