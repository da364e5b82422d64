import { launchChromium } from "./harness.js";
const b = await launchChromium();
const base = process.env.BASE_URL ?? "http://127.0.0.1:8099";
const pages = (process.argv[2] ?? "lab:/,lessons:/lessons.html,lesson:/lessons.html?view=lesson&lesson=the-gil&step=1").split(",");
for (const [w, h, scheme] of [[1400, 900, "light"], [375, 800, "light"], [375, 800, "dark"]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
  const p = await ctx.newPage();
  for (const item of pages) {
    const [name, path] = [item.slice(0, item.indexOf(":")), item.slice(item.indexOf(":") + 1)];
    await p.goto(base + path);
    await p.waitForTimeout(1500);
    await p.screenshot({ path: `/tmp/shots/${name}-${w}-${scheme}.png`, fullPage: false });
  }
  await ctx.close();
}
await b.close();
