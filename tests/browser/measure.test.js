// "Measure your own program" in Debian's headless Chromium: the probe is there to download, and
// what it prints for a real function (run here with the machine's python3) loads into the Lab;
// nonsense is refused in words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { openBrowser, openLab, BASE_URL } from "./harness.js";

let ctx;
before(async () => { ctx = await openBrowser(); });
after(async () => { await ctx.browser.close(); });

const ROOT = new URL("../../", import.meta.url).pathname;

test("the probe's scenario for a real function loads into the Lab; nonsense is refused in words", async () => {
  const { page, problems } = ctx;
  const probe = await page.request.get(`${BASE_URL}/static/conclab_probe.py`);
  assert.equal(probe.status(), 200);
  assert.match(await probe.text(), /def measure/);
  // A real call: 20 ms asleep, then Python, then zlib.crc32 (C that releases the GIL).
  const json = execFileSync("python3", [`${ROOT}probe/conclab_probe.py`, `${ROOT}probe/tests/examples.py:mixed`,
    "--args-json", "[0.02]", "--runs", "1", "--json"], { env: { ...process.env, CONCLAB: process.env.CONCLAB } }).toString();
  const measured = JSON.parse(json).workload;

  await openLab(page, "?preset=cpu-bound");
  await page.getByText("Measure your own program").click();
  await page.getByLabel("Paste what it printed, and load it:").fill("{ this is not json");
  await page.getByRole("button", { name: "Load it" }).click();
  await page.waitForFunction(() => /^Not loaded: that is not a scenario file/.test(document.querySelector('[data-testid="probe-status"]')?.textContent ?? ""));

  await page.getByLabel("Paste what it printed, and load it:").fill(json);
  await page.getByRole("button", { name: "Load it" }).click();
  await page.waitForFunction(() => /^Loaded/.test(document.querySelector('[data-testid="probe-status"]')?.textContent ?? ""));
  await page.waitForFunction((io) => Number(document.querySelector("#ctl-io_ms")?.value) === io, measured.io_ms);
  assert.equal(Number(await page.locator("#ctl-cpu_ms").inputValue()), measured.cpu_ms);
  assert.equal(Number(await page.locator("#ctl-cext_ms").inputValue()), measured.cext_ms);
  await page.waitForSelector('[data-metric="speedup"]');
  assert.deepEqual(problems.errors, []);
});
