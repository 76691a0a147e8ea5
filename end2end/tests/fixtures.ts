import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page, type TestInfo } from "@playwright/test";

/** The WCAG 2.2 A and AA rules, as axe tags them. */
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    where: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
  }));
}

/**
 * Asserts that axe finds no WCAG 2.2 A/AA violation on the page as it stands. axe is a
 * script, so with JavaScript off it runs on a copy: the same address, with the same
 * cookies, in a page whose own scripts are never fetched, so it shows exactly what the
 * server rendered, as a browser without JavaScript shows it. A test that opens a page in
 * a context of its own says whether that context runs scripts.
 */
export async function expectAccessible(
  page: Page,
  testInfo: TestInfo,
  javaScriptEnabled = testInfo.project.use.javaScriptEnabled !== false,
) {
  if (javaScriptEnabled) {
    expect(await axeViolations(page), `axe on ${page.url()}`).toEqual([]);
    return;
  }
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser to open a copy of the page in");
  const context = await browser.newContext({ javaScriptEnabled: true });
  try {
    await context.addCookies(await page.context().cookies());
    const copy = await context.newPage();
    await copy.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
    await copy.goto(page.url());
    expect(await axeViolations(copy), `axe on ${page.url()} (JavaScript off)`).toEqual([]);
  } finally {
    await context.close();
  }
}

/**
 * Every test of the suite: when it ends, the page it ended on (in whatever state the
 * test left it: a conflict shown, a message, a form) must pass axe too.
 */
export const test = base.extend<{ accessibleAtTheEnd: void }>({
  accessibleAtTheEnd: [
    async ({ page }, use, testInfo) => {
      await use();
      if (testInfo.status === testInfo.expectedStatus && page.url().startsWith("http")) {
        await expectAccessible(page, testInfo);
      }
    },
    { auto: true },
  ],
});

export { expect };

/** A page as the server sent it, followed by the data it hydrates from, decoded: each
 * `__RESOLVED_RESOURCES[n] = "…"` is postcard in base64 (app/src/page_data.rs), whose
 * strings are their own UTF-8 bytes, so a name the page carries shows in either part. */
export function pageAndData(html: string): string {
  const data = [...html.matchAll(/__RESOLVED_RESOURCES\[\d+\] = "([^"]*)"/g)].map(([, encoded]) =>
    Buffer.from(encoded, "base64").toString("utf8"),
  );
  return [html, ...data].join("\n");
}
