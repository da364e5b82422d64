// The lesson player in Debian's headless Chromium: predict, solve, reload, progress kept.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openBrowser, shot, ARTIFACTS, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

/** Opens `lesson` at step 1 with no saved progress. */
async function fresh(page, lesson, step = 1) {
  await page.goto(`${BASE_URL}/?view=lessons`);
  await page.locator(".lesson-item").first().waitFor();
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${BASE_URL}/?view=lesson&lesson=${lesson}&step=${step}`);
  await page.locator(".lesson-text").waitFor();
}

const saved = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("conclab.progress.v1") ?? "{}"));

test("a prediction's verdict waits until the run has played to its end", async () => {
  const { page } = ctx;
  await fresh(page, "the-gil");
  assert.equal(await page.locator('[data-metric="speedup"]').count(), 0, "no figures before the prediction");
  await page.getByRole("button", { name: "About 1× (no faster)" }).click();
  await page.locator(".lesson-sim .timeline").waitFor();
  assert.equal(await page.getByTestId("explanation").count(), 0, "no verdict while the run plays");
  assert.match(await page.locator(".watching").textContent(), /answer shows when it ends/);
  await shot(page, "lesson-watching");
  // The run plays to its end by itself, and then the verdict shows.
  await page.getByTestId("explanation").waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId("explanation").textContent(), /^Right\./);
  assert.match(await page.locator(".clock").textContent(), /^(.+) \/ \1$/, "the cursor is at the end");
  assert.deepEqual((await saved(page)).lessons["the-gil"].done, [0]);
  await shot(page, "lesson-predicted");
});

test("skipping ahead reveals the verdict at once; highlights outline lanes and move the cursor", async () => {
  const { page } = ctx;
  await fresh(page, "convoy-effect", 2);
  await page.locator(".choice").first().click();
  await page.getByRole("button", { name: "Skip to the result" }).click();
  await page.getByTestId("explanation").waitFor();
  // "at 6.3 ms" in the explanation moves the cursor there.
  await page.getByRole("link", { name: "at 6.3 ms" }).click();
  await page.waitForFunction(() => document.querySelector(".clock").textContent.startsWith("6.3"));
  assert.equal(await page.getByRole("button", { name: "Play" }).count(), 1, "paused there");
  await fresh(page, "the-gil");
  await page.getByRole("button", { name: "About 2×" }).click();
  await page.getByRole("button", { name: "Skip to the result" }).click();
  assert.match(await page.getByTestId("explanation").textContent(), /^Not quite\./);
  assert.equal(await page.locator(".lane-mark").count(), 0);
  await page.getByRole("link", { name: "the GIL lane" }).hover();
  assert.equal(await page.locator(".lane-mark").count(), 1, "the GIL lane is outlined");
  await page.getByRole("link", { name: "The thread lanes" }).hover();
  assert.equal(await page.locator(".lane-mark").count(), 5, "every thread lane is outlined (the main thread's too)");
});

test("a one-control challenge scores one change, undo and reset work, and the next lesson follows", async () => {
  const { page } = ctx;
  await fresh(page, "the-gil", 2);
  await page.locator(".challenge").waitFor();
  assert.equal(await page.getByTestId("solved").count(), 0, "the starting setup does not meet the goal");
  assert.match(await page.locator(".unmet").textContent(), /speedup at least 3\.00×/, "feedback in the results' units");
  // The step shows its own controls; the rest wait behind "More settings".
  assert.ok(await page.getByLabel("Switch interval ms").isVisible());
  assert.equal(await page.getByLabel("Seed").isVisible(), false);
  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.getByTestId("solved").waitFor();
  assert.match(await page.getByTestId("solved").textContent(), /You changed 1 setting; par is 1/);
  assert.deepEqual((await saved(page)).lessons["the-gil"].best, { 1: 1 });
  await shot(page, "lesson-solved");

  await page.getByRole("button", { name: "Undo" }).click();
  await page.waitForFunction(() => document.querySelector("#ctl-model").value === "threads");
  assert.equal(await page.getByTestId("solved").count(), 0);
  await page.getByLabel("Switch interval ms").fill("1");
  await page.getByLabel("Switch interval ms").press("Enter");
  await page.getByRole("button", { name: "Reset this step" }).click();
  await page.waitForFunction(() => document.querySelector("#ctl-switch_interval_ms").value === "5");

  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.getByRole("link", { name: /^Next lesson: / }).first().click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get("lesson") !== "the-gil");
  await page.locator(".lesson-text").waitFor();
  assert.match(await page.locator(".crumbs").textContent(), /step 1 of/);

  await page.reload();
  await page.getByRole("link", { name: "All lessons", exact: true }).click();
  const item = page.locator('[data-lesson="the-gil"]');
  await item.waitFor();
  assert.match(await item.textContent(), /1\/2/, "the solved step counts, the unanswered one not");
  assert.equal(await page.locator(".lesson-list a.button.primary").textContent(), "Continue: “Waiting or calculating?” →");
  await shot(page, "lesson-list-progress");
  assert.deepEqual(ctx.problems.errors, []);
});

test("what a learner types survives a playing run", async () => {
  const { page } = ctx;
  await fresh(page, "the-gil", 2);
  await page.locator(".challenge").waitFor();
  await page.getByRole("button", { name: "Start" }).click();
  if (await page.getByRole("button", { name: "Play" }).count()) await page.getByRole("button", { name: "Play" }).click();
  assert.equal(await page.getByRole("button", { name: "Pause" }).count(), 1, "playing");
  const field = page.getByLabel("Switch interval ms");
  await field.fill("");
  await field.pressSequentially("0.25", { delay: 150 });
  assert.equal(await field.inputValue(), "0.25", "not reset by the animation");
  await field.press("Enter");
  // Committed: the step now differs from its start, so it can be undone and reset.
  await page.waitForFunction(() => [...document.querySelectorAll(".lesson-setup button")].every((b) => !b.disabled));
  assert.equal(await field.inputValue(), "0.25");
});

test("a task group's field typed into while the run plays keeps what is typed, and solves the step", async () => {
  const { page } = ctx;
  await fresh(page, "two-locks-opposite-order", 2);
  await page.locator(".challenge").waitFor();
  await page.getByRole("button", { name: "Start" }).click();
  if (await page.getByRole("button", { name: "Play" }).count()) await page.getByRole("button", { name: "Play" }).click();
  const locks = page.locator("#group1-lock");
  await locks.fill("");
  await locks.pressSequentially("accounts,log", { delay: 60 });
  assert.equal(await locks.inputValue(), "accounts,log", "not reset by the animation");
  await locks.press("Enter");
  await page.getByTestId("solved").waitFor();
  assert.equal(await locks.inputValue(), "accounts,log");
});

test("showing the solution does not count the step as solved", async () => {
  const { page } = ctx;
  await fresh(page, "the-gil", 2);
  await page.locator(".challenge").waitFor();
  await page.getByRole("button", { name: "Show the solution" }).click();
  await page.getByTestId("solution-shown").waitFor();
  assert.equal(await page.getByTestId("solved").count(), 0);
  assert.equal((await saved(page)).lessons?.["the-gil"], undefined, "nothing recorded");
  // Reset, then solving it oneself counts.
  await page.getByRole("button", { name: "Reset this step" }).click();
  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.getByTestId("solved").waitFor();
});

test("on a phone the run plays in view once the prediction is answered", async () => {
  const { browser } = ctx;
  const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
  await phone.goto(`${BASE_URL}/?view=lesson&lesson=threads-when-waiting`);
  await phone.locator(".choice").first().waitFor();
  await phone.locator(".choice").nth(1).click();
  const figure = phone.locator(".lesson-sim .timeline");
  await figure.waitFor();
  // Smooth scrolling takes a moment.
  await phone.waitForFunction(() => {
    const r = document.querySelector(".lesson-sim .timeline").getBoundingClientRect();
    // (A pixel's tolerance: layout lands on fractions of one.)
    return r.top >= -1 && r.bottom <= innerHeight + 1;
  }, null, { timeout: 5000 });
  assert.equal(await phone.getByRole("button", { name: "Pause" }).count(), 1, "it is playing");
  await phone.screenshot({ path: `${ARTIFACTS}lesson-phone-playing.png` });
  await phone.close();
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

test("every step of every lesson renders without an error or sideways scrolling on a phone", async () => {
  const { page, problems } = ctx;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  const wide = [];
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
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 375) wide.push(`${id} step ${step}: ${width} px`);
      const crumb = await page.locator(".crumbs").textContent();
      const [, now, total] = crumb.match(/step (\d+) of (\d+)/);
      assert.equal(+now, step, `${id} step ${step}`);
      if (step >= +total) break;
    }
  }
  await page.setViewportSize(size);
  assert.ok(steps >= 28, `${steps} steps`);
  assert.deepEqual(wide, []);
  assert.deepEqual(problems.errors, []);
});
