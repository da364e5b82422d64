// The strict Content-Security-Policy holds everywhere: the Lab, a lesson, an embed and the
// example post run with no violation and no request outside their own origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { compareModels, openBrowser, BASE_URL } from "./harness.js";

let ctx;
before(async () => {
  ctx = await openBrowser();
  await ctx.context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});
after(async () => { await ctx.browser.close(); });

test("the policy is strict: no eval, no inline script or style", async () => {
  const { page } = ctx;
  await page.goto(`${BASE_URL}/`);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /style-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
});

test("the Lab, a lesson, an embed and the example post run under it", async () => {
  const { page, problems } = ctx;
  const visits = [
    ["/?preset=mixed&model=asyncio%2Bprocesses", '[data-metric="speedup"]'],
    ["/?view=lesson&lesson=the-gil&step=1", ".predict"],
    ["/?embed=1&preset=numpy&model=threads&autoplay=1", '[data-metric="speedup"]'],
    ["/static/blog-example.html", "iframe"],
  ];
  for (const [path, ready] of visits) {
    await page.goto(`${BASE_URL}${path}`);
    await page.waitForSelector(ready);
    if (path.includes("lesson")) await page.getByRole("button", { name: "About 1× (no faster)" }).click();
    if (path.includes("blog")) {
      for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 700); await page.waitForTimeout(200); }
      await page.waitForFunction(() => document.querySelectorAll("iframe").length === 3);
      for (const f of page.frames().filter((f) => f.url().includes("embed=1"))) {
        await f.waitForSelector('[data-metric="speedup"], .predict');
        assert.deepEqual(await f.evaluate(() => window.__violations), [], `${f.url()}`);
      }
    }
    if (path === visits[0][0]) {
      await compareModels(page);
    }
    assert.deepEqual(await page.evaluate(() => window.__violations), [], path);
  }
  assert.deepEqual(problems.foreignRequests, []);
  assert.deepEqual(problems.errors, []);
});
