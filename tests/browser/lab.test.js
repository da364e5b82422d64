// The Lab in Debian's headless Chromium: the claims a reader should be able to see for
// themselves, driven through the labelled controls as a person would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { openBrowser, openLab, compareModels, metric, metricNumber, shot, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

async function setNumber(page, label, value) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(String(value));
  await input.press("Tab");
}

test("CPU-bound threads gain nothing; processes use the cores; asyncio flies on I/O", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=io-bound");
  await page.getByLabel("Workload", { exact: true }).selectOption("cpu-bound");
  await page.getByLabel("Model", { exact: true }).selectOption("threads");
  await setNumber(page, "Workers", 4);
  await setNumber(page, "Cores", 4);
  await page.waitForFunction(() => location.search.includes("workers=4"));
  const threads = await metricNumber(page, "speedup");
  assert.ok(threads > 0.9 && threads < 1.1, `threads speedup ${threads}`);
  assert.ok((await metricNumber(page, "gil-wait")) > 50, "threads wait for the GIL");
  await shot(page, "lab-cpu-threads");

  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.waitForFunction(() => location.search.includes("model=processes"));
  const procs = await metricNumber(page, "speedup");
  assert.ok(procs > 3, `processes speedup ${procs}`);
  await shot(page, "lab-cpu-processes");

  await page.getByLabel("Workload", { exact: true }).selectOption("io-bound");
  await page.getByLabel("Model", { exact: true }).selectOption("asyncio");
  await page.waitForFunction(() => location.search.includes("model=asyncio"));
  const aio = await metricNumber(page, "speedup");
  assert.ok(aio > 20, `asyncio speedup ${aio}`);
  await shot(page, "lab-io-asyncio");
  assert.deepEqual(ctx.problems.errors, []);
  assert.deepEqual(ctx.problems.foreignRequests, []);
});

test("step back, play and scrub move only the cursor", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=cpu-bound&model=threads&workers=4");
  const clock = page.getByTestId("clock");
  const end = await clock.textContent();
  const before = await metric(page, "speedup");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  const stepped = await clock.textContent();
  assert.notEqual(stepped, end, "stepping back moves the clock");
  await page.getByLabel("Scrub through the run").fill("250");
  // A quarter of a 406 ms run; with GIL-bound threads no task has finished yet.
  await page.waitForFunction(() => document.querySelector('[data-testid="clock"]').textContent.startsWith("10"));
  const done = page.locator(".tile", { has: page.locator('[data-metric="makespan"]') });
  assert.match(await done.textContent(), /0 of 8 tasks done/);
  await shot(page, "lab-scrubbed");
  await page.keyboard.press(" ");
  await page.waitForFunction((e) => document.querySelector('[data-testid="clock"]').textContent === e, end, { timeout: 20000 });
  assert.equal(await metric(page, "speedup"), before, "playback never changes the result");
});

test("a permalink reloads to the same numbers, and back restores the previous scenario", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=mixed&model=asyncio%2Bprocesses&cores=8&seed=9");
  const numbers = async () => Promise.all(["speedup", "makespan", "throughput", "peak-memory"].map((m) => metric(page, m)));
  const first = await numbers();
  await page.reload();
  await page.waitForSelector('[data-metric="speedup"]');
  assert.deepEqual(await numbers(), first);
  await page.getByLabel("Model", { exact: true }).selectOption("threads");
  await page.waitForFunction(() => location.search.includes("model=threads"));
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("#ctl-model").value === "asyncio+processes");
  assert.deepEqual(await numbers(), first);
});

test("bad link settings are named in a dismissable notice and replaced by defaults", async () => {
  const { page } = ctx;
  await openLab(page, "?cores=0&model=warp-drive&tasks=12");
  const notices = page.locator(".notice");
  assert.equal(await notices.count(), 2);
  assert.match(await notices.first().textContent(), /cores/);
  await notices.first().getByRole("button", { name: "Dismiss" }).click();
  assert.equal(await notices.count(), 1);
  assert.equal(await page.locator("#ctl-tasks").inputValue(), "12");
  await shot(page, "lab-bad-link");
});

test("the browser's trace hash equals the native engine's", async () => {
  const { page } = ctx;
  const cases = [
    ["?preset=cpu-bound&model=threads&workers=4", ["--preset", "cpu-bound", "--model", "threads", "--workers", "4"]],
    ["?preset=web-scraper&model=asyncio&seed=3", ["--preset", "web-scraper", "--model", "asyncio", "--seed", "3"]],
    ["?preset=image-batch&model=processes&start_method=spawn&chunksize=8", ["--preset", "image-batch", "--model", "processes", "--start-method", "spawn", "--chunksize", "8"]],
  ];
  for (const [query, args] of cases) {
    await openLab(page, query);
    const wasm = (await page.getByTestId("trace-hash").textContent()).trim();
    const native = JSON.parse(execFileSync(process.env.CONCLAB, ["run", ...args, "--json"])).trace_hash;
    assert.equal(wasm, native, `${query}`);
  }
});

test("the page loads from its own origin only", async () => {
  assert.ok(BASE_URL.startsWith("http://127.0.0.1"));
  assert.deepEqual(ctx.problems.foreignRequests, []);
});

test("task groups from a link show the convoy per group, and 3.14t removes it", async () => {
  const { page } = ctx;
  await openLab(page, "?groups=requests%3A1%3A200%3A1%3A0%3A0%3Bcrunch%3A1%3A1%3A0%3A3000%3A0&model=threads&workers=2");
  const p50 = () => page.locator('[data-group="requests"] [data-testid="group-p50"]').textContent();
  assert.equal(await p50(), "6.03 ms");
  assert.equal(await page.locator("#ctl-groups").inputValue(), "requests:1:200:1:0:0;crunch:1:1:0:3000:0");
  await shot(page, "lab-groups-convoy");
  await page.getByLabel("Python", { exact: true }).selectOption("3.14t");
  await page.waitForFunction(() => location.search.includes("python=3.14t"));
  assert.equal(await p50(), "1.03 ms");
});

test("the Lab reads from a 360 px phone to a 4K screen without sideways page scrolling", async () => {
  const phone = await ctx.context.newPage();
  for (const [width, height] of [[360, 740], [3840, 2160]]) {
    await phone.setViewportSize({ width, height });
    await openLab(phone, "?preset=cpu-bound&model=threads&workers=4");
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), width, `page width at ${width} px`);
    const label = await phone.locator(".lane-label").first().boundingBox();
    assert.ok(label.height >= 6, `lane labels stay legible at ${width} px (${label.height})`);
    // In Compare, a model's name and its figures (or why it cannot run) never overlap.
    await compareModels(phone);
    await phone.waitForSelector(".bars .bar.unavailable");
    const overlaps = await phone.locator(".bars .bar").evaluateAll((bars) => bars.filter((bar) => {
      // The text's own extent: a squeezed box may be narrower than the words it shows.
      const [a, b] = [".bar-name", ".bar-value"].map((c) => {
        const range = document.createRange();
        range.selectNodeContents(bar.querySelector(c));
        return range.getBoundingClientRect();
      });
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }).map((bar) => bar.dataset.model));
    assert.deepEqual(overlaps, [], `names over figures at ${width} px`);
    if (width < 760) {
      // The settings come after the run on a phone; a link after the figures leads to them.
      await phone.getByRole("link", { name: "Change the setup ↓" }).click();
      await phone.waitForFunction(() => {
        const r = document.querySelector("#setup").getBoundingClientRect();
        return r.top >= -1 && r.top < innerHeight / 2;
      });
    } else {
      assert.equal(await phone.getByRole("link", { name: "Change the setup ↓" }).isVisible(), false);
    }
    await shot(phone, `lab-${width}px`);
  }
  await phone.close();
});

test("the program's marked lines follow the cursor", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=mixed&model=threads&workers=4");
  await page.getByText("The same program in Python").click();
  await page.locator(".program li").first().waitFor();
  const marked = () => page.locator(".program li.marked").evaluateAll((els) => els.map((e) => `${e.dataset.line}: ${e.querySelector(".line-mark").textContent}`));
  await page.getByLabel("Scrub through the run").fill("100");
  await page.waitForFunction(() => document.querySelectorAll(".program li.marked").length > 0);
  const early = await marked();
  assert.ok(early.some((m) => /Thread 1 and 3 more: waiting for I\/O/.test(m)), early.join("; "));
  await page.getByLabel("Scrub through the run").fill("600");
  await page.waitForFunction((e) => JSON.stringify([...document.querySelectorAll(".program li.marked")].map((x) => `${x.dataset.line}: ${x.querySelector(".line-mark").textContent}`)) !== JSON.stringify(e), early);
  const later = await marked();
  assert.ok(later.some((m) => /running Python/.test(m)), later.join("; "));
  await shot(page, "lab-program-marks");
});

test("a pinned run and the new one share a time axis, and B's caption says what changed", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=cpu-bound&model=threads&workers=4");
  await page.getByRole("button", { name: "Pin this run as A" }).click();
  await page.getByLabel("Model", { exact: true }).selectOption("processes");
  await page.waitForFunction(() => document.querySelectorAll(".tl-caption").length === 2);
  const captions = await page.locator(".tl-caption").allTextContents();
  assert.match(captions[0], /^A \(pinned\): threads/);
  assert.match(captions[1], /^B: processes.*\(changed: Model\)/);
  await page.getByRole("button", { name: "Unpin A" }).click();
  assert.equal(await page.locator(".tl-caption").count(), 0);
});

test("the evidence panel puts real CPython's measurement beside the simulator's, and the evidence page lists every row", async () => {
  const { page } = ctx;
  const evidence = JSON.parse(execFileSync(process.env.CONCLAB, ["validation", "--json"]).toString());
  const row = evidence.rows.find((r) => r.source === "preset" && r.preset === "io-bound" && r.model === "asyncio");
  assert.ok(row, "io-bound under asyncio was measured");
  await openLab(page, "?preset=io-bound&model=asyncio");
  await page.getByText("How close is this to real Python?").click();
  const current = page.getByTestId("evidence").locator("tr.current");
  await current.waitFor({ timeout: 30000 });
  const cells = await current.locator("td").allTextContents();
  const [measured, simulated] = cells.map((c) => parseFloat(c));
  assert.ok(Math.abs(measured / row.measured - 1) < 0.01, `measured ${cells[0]} vs ${row.measured}`);
  assert.ok(Math.abs(simulated / row.predicted_now - 1) < 0.01, `simulated ${cells[1]} vs ${row.predicted_now}`);
  // The page with every row loads on its own, under the same Content-Security-Policy.
  const errors = [];
  const other = await ctx.context.newPage();
  other.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await other.goto(`${BASE_URL}/evidence.html`);
  assert.equal(await other.locator("tbody tr").count(), evidence.rows.length);
  assert.deepEqual(errors, []);
  await other.close();
});

test("a lane waiting for a lock the program takes names the lock, in its group's order", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=deadlock&model=threads");
  await page.locator(".tl-plot").first().focus();
  // Down to Thread 2, then along it: it waits for the GIL, runs, then waits for a lock.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const seen = [];
  for (let i = 0; i < 5; i++) {
    seen.push(await page.locator(".tl-detail").first().textContent());
    await page.keyboard.press("ArrowRight");
  }
  assert.ok(seen.some((t) => /waiting for a lock \((accounts, then log|log, then accounts)\)/.test(t)), seen.join(" | "));
  // The sweep says why its line has no points where the threads deadlock.
  await compareModels(page);
  await page.getByText(/threads: no point at \d+ of 32 worker counts: they deadlock\./).waitFor({ timeout: 60000 });
});

test("task groups are edited one field at a time: taking the locks in one order ends the deadlock", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=deadlock&model=threads");
  assert.equal(await page.locator('[data-metric="speedup"]').textContent(), "none");
  // Group 2 (audit) takes log then accounts; give it the transfers' order.
  const locks = page.locator("#group1-lock");
  assert.equal(await locks.inputValue(), "log,accounts");
  await locks.fill("accounts,log");
  await locks.press("Enter");
  await page.waitForFunction(() => new URLSearchParams(location.search).get("groups")?.includes("accounts,log:20") && !location.search.includes("log,accounts"));
  await page.waitForFunction(() => document.querySelector('[data-metric="speedup"]')?.textContent.endsWith("×"));
  // A field the engine refuses is named, and the form shows the value in force again.
  const tasks = page.locator("#group0-tasks");
  await tasks.fill("0");
  await tasks.press("Enter");
  await page.locator(".notice").filter({ hasText: "groups[0].tasks" }).waitFor();
  assert.equal(await page.locator("#group0-tasks").inputValue(), "4");
  // Groups are added and removed as a whole.
  await page.getByRole("button", { name: "Add a group" }).click();
  await page.locator("#group2-name").waitFor();
  await page.getByRole("button", { name: "Remove group 3" }).click();
  await page.waitForFunction(() => !document.querySelector("#group2-name"));
  await shot(page, "lab-groups-editor");
});

test("a pipeline's queue is drawn under the lanes and read out, full while the reader waits on it", async () => {
  const { page } = ctx;
  await openLab(page, "?preset=pipeline&model=threads");
  await page.locator(".tl-plot text", { hasText: "Queue jobs" }).first().waitFor();
  assert.ok((await page.locator(".tl-plot path.queue-depth").count()) > 0, "the depth band is drawn");
  await page.locator(".legend li", { hasText: "waiting on a queue" }).first().waitFor();
  // At the end every item has gone through; halfway, the two uploaders lag and the queue is full.
  assert.match(await page.getByTestId("queue-depth").first().textContent(), /Queue jobs now: 0 of 10 items/);
  await page.getByLabel("Scrub through the run").fill("500");
  await page.waitForFunction(() => /Queue jobs now: (9|10) of 10 items/.test(document.querySelector('[data-testid="queue-depth"]').textContent));
  assert.deepEqual(ctx.problems.errors, []);
});
