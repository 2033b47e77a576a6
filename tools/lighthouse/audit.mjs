// Lighthouse (mobile, its default) on several pages in one Chromium, for tests/e2e/test_lighthouse.py
// and bench/lighthouse.py. Usage: node audit.mjs CATEGORIES URL...; CATEGORIES is a comma-separated
// list such as "accessibility,best-practices,seo". Prints one JSON object: for each URL, each
// category's score (0 to 1) and the audits that lost points, with Lighthouse's own titles.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const [categories, ...urls] = process.argv.slice(2);
// The machine reaches no network but package registries: Chromium's background services stay off.
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const report = {};
try {
  for (const url of urls) {
    const { lhr } = await lighthouse(url, {
      port: chrome.port, logLevel: 'error', onlyCategories: categories.split(','),
    });
    const lost = [];
    for (const category of Object.values(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          lost.push({ category: category.id, id: ref.id, title: audit.title, shown: audit.displayValue || '' });
        }
      }
    }
    report[url] = {
      scores: Object.fromEntries(Object.values(lhr.categories).map((c) => [c.id, c.score])),
      lost,
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
    };
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(report));
