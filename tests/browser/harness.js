// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, never a
// downloaded browser. BASE_URL is the server started by ./lab test.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080";
export const ARTIFACTS = new URL("./artifacts/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launches Debian's headless Chromium. */
export function launchChromium() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
}

/** A page in a new context (its own cache and service workers) of `browser`, recording console
 * errors and requests outside `site` (a URL prefix). `options` are the context's. */
export async function newPage(browser, site = BASE_URL, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = { errors: [], foreignRequests: [] };
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") problems.errors.push(m.text()); });
  page.on("request", (r) => {
    if (!r.url().startsWith(site) && !r.url().startsWith("data:")) problems.foreignRequests.push(r.url());
  });
  return { context, page, problems };
}

/** Launches Chromium and opens a page that records console errors and off-origin requests. */
export async function openBrowser() {
  const browser = await launchChromium();
  return { browser, ...(await newPage(browser)) };
}

/** Opens the app at `query` and waits until the first run's metrics are shown. */
export async function openLab(page, query = "") {
  await page.goto(`${BASE_URL}/${query}`);
  await page.waitForSelector('[data-metric="speedup"]', { timeout: 20000 });
}

/** Waits for the comparison of every model, which the Lab asks for by itself once a run is
 * ready; the button asks again if the comparison has not started. */
export async function compareModels(page, timeout = 60000) {
  await page.getByRole("button", { name: "Compare every model on this work" }).click({ timeout: 1000 }).catch(() => {});
  await page.waitForSelector(".bars .bar.best", { timeout });
}

/** The text of a `data-metric` element. */
export async function metric(page, name) {
  return (await page.locator(`[data-metric="${name}"]`).first().textContent()).trim();
}

/** A metric as a number (strips units such as ×, %, s, MB). */
export async function metricNumber(page, name) {
  const text = await metric(page, name);
  const n = parseFloat(text.replace(/[^0-9.eE+-]/g, ""));
  if (Number.isNaN(n)) throw new Error(`metric ${name} is not a number: '${text}'`);
  return n;
}

/** Saves a screenshot under tests/browser/artifacts/. */
export async function shot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
