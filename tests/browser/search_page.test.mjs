// The search page in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Starts `plan-search serve` on a free loopback port over the corpus index.
//   node search_page.test.mjs --server build/plan-search --index build/test-data/index
// Exit 0 pass, 1 fail, 77 skipped (node modules or chromium missing; PLAN_REQUIRE_BROWSER=1
// turns a skip into a failure, as in CI).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const serverBin = arg('server', path.join(here, '../../build/plan-search'));
const indexDir = arg('index', path.join(here, '../../build/test-data/index'));
const artifacts = arg('artifacts', path.join(here, 'artifacts'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function skip(why) {
  const required = process.env.PLAN_REQUIRE_BROWSER === '1';
  console.error(`browser test ${required ? 'FAILED' : 'SKIPPED'}: ${why}`);
  console.error('  install with: scripts/install-deps.sh --browser && (cd tests/browser && npm ci)');
  process.exit(required ? 1 : 77);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  skip(`playwright-core is not installed in tests/browser/node_modules (${e.code || e.message})`);
}
if (!existsSync(chromiumPath)) skip(`no chromium at ${chromiumPath} (apt package chromium)`);
if (!existsSync(serverBin)) skip(`no server binary at ${serverBin}`);

// ---- the server ----
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(serverBin, ['serve', '--index', indexDir, '--port', '0', '--threads', '4'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let log = '';
    child.stderr.on('data', (d) => { log += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve({ child, base: m[1], log: () => log });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out} ${log}`)));
    setTimeout(() => reject(new Error(`server did not start: ${out} ${log}`)), 60000);
  });
}

async function waitHealthy(base) {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) return;
    } catch (e) { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('/healthz never answered 200');
}

const server = await startServer();
await waitHealthy(server.base);
mkdirSync(artifacts, { recursive: true });
const profile = mkdtempSync(path.join(tmpdir(), 'plan-search-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  locale: 'ja-JP',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('dialog', async (d) => { problems.push(`a dialog opened: ${d.message()}`); await d.dismiss(); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
// Nothing may leave loopback (no CDN, no font service).
page.on('request', (r) => { if (!r.url().startsWith(server.base)) problems.push(`external request: ${r.url()}`); });

const statusText = () => page.locator('#status').innerText();
const waitStatus = (re) => page.waitForFunction(
  (src) => new RegExp(src).test(document.getElementById('status').textContent), re.source, { timeout: 30000 });
const names = () => page.locator('#hits > li h2').allInnerTexts();
const countOf = async (label) => Number(await label.locator('.count').innerText());
const step = (s) => console.log(`- ${s}`);

let failed = null;
try {
  await page.goto(`${server.base}/`);
  await waitStatus(/すべての事業: \d+件中/);

  step('type こそだて (hiragana) and see 子育て projects');
  await page.getByLabel('キーワード').fill('こそだて');
  await page.keyboard.press('Enter');
  await waitStatus(/「こそだて」の検索結果: 約?\d+件中 1〜/);
  const total = Number((await statusText()).match(/(\d+)件中/)[1]);
  assert.ok(total >= 5, `expected several 子育て projects, got ${total}`);
  const firstNames = await names();
  const snippets = await page.locator('#hits .snippet').allInnerTexts();
  assert.ok(firstNames.length === Math.min(10, total));
  assert.ok(firstNames.slice(0, 3).every((n, i) => (n + snippets[i]).includes('子育て')),
    `top results should be about 子育て: ${firstNames.slice(0, 3)}`);
  assert.ok(await page.locator('#hits mark').count() > 0, 'matches are highlighted');
  assert.match(page.url(), /\?q=%E3%81%93%E3%81%9D%E3%81%A0%E3%81%A6$/);
  assert.match(await page.locator('#hits .source').first().innerText(), /出典: .+ \d+行目/);

  step('tick a department facet with the keyboard: the list and the counts change');
  const cityCounts = async () => Object.fromEntries(await Promise.all(
    (await page.locator('.facet-city label').all()).map(async (l) => [await l.locator('.value').innerText(), await countOf(l)])));
  const citiesBefore = await cityCounts();
  const dept = page.locator('.facet-dept li').first();
  const deptName = await dept.locator('.value').innerText();
  const deptCount = await countOf(dept.locator('label'));
  assert.ok(deptCount < total, 'the first department holds only part of the results');
  await dept.locator('input').focus();
  await page.keyboard.press('Space');
  await waitStatus(new RegExp(`: 約?${deptCount}件中 1〜`));
  assert.match(decodeURIComponent(page.url()), new RegExp(`dept=${deptName}`));
  const deptTexts = await page.locator('#hits .depts').allInnerTexts();
  assert.ok(deptTexts.length > 0 && deptTexts.every((t) => t.includes(deptName)),
    `every result is of ${deptName}: ${deptTexts}`);
  const citiesAfter = await cityCounts();
  assert.notDeepEqual(citiesAfter, citiesBefore, 'city counts follow the department filter');
  assert.equal(Object.values(citiesAfter).reduce((a, b) => a + b, 0), deptCount);
  assert.ok(await dept.locator('input').isChecked());

  step('open the related projects of the first result');
  await page.goto(`${server.base}/?q=${encodeURIComponent('移住')}`);
  await waitStatus(/「移住」の検索結果/);
  const firstHit = page.locator('#hits > li').first();
  const ownCity = await firstHit.locator('.meta .city').innerText();
  await firstHit.getByRole('button', { name: '他の市の関連事業' }).click();
  await firstHit.locator('.related-list li').first().waitFor({ timeout: 30000 });
  const relatedCities = await firstHit.locator('.related-list .city').allInnerTexts();
  assert.ok(relatedCities.length > 0 && relatedCities.every((c) => c !== ownCity),
    `related projects come from other cities than ${ownCity}: ${relatedCities}`);
  assert.equal(await firstHit.getByRole('button', { name: '他の市の関連事業' }).getAttribute('aria-expanded'), 'true');
  step('each related project shows its reasons: the channel and what it shared');
  const items = await firstHit.locator('.related-list > li').all();
  for (const item of items) {
    const reasons = await item.locator('.reasons .reason').allInnerTexts();
    assert.ok(reasons.length > 0, `a related project without reasons: ${await item.innerText()}`);
    for (const reason of reasons) {
      assert.match(reason, /^(共通の語|名前が類似|内容が類似|同じ施策の見出し|担当課の分野):/, `unknown reason ${reason}`);
    }
  }
  // 移住 projects share the word 移住: the first related project names it as a shared word or text.
  const firstReasons = (await firstHit.locator('.related-list > li').first().locator('.reasons').innerText());
  assert.match(firstReasons, /移住/, `the reasons of the first related project name 移住: ${firstReasons}`);
  // The page shows what the API says.
  const firstId = (await firstHit.locator('h2.name').getAttribute('id')).replace(/^hit-/, '');
  const api = await (await fetch(`${server.base}/api/projects/${encodeURIComponent(firstId)}/related?limit=5`)).json();
  assert.equal(items.length, api.results.length);
  assert.equal(await items[0].locator('.reason').count(), api.results[0].reasons.length);
  await page.screenshot({ path: path.join(artifacts, 'search-related.png'), fullPage: false });

  step('須坂市 施策 records show their indicators (name, current, target)');
  let withIndicators = null;
  for (let offset = 0; offset < 1000 && !withIndicators; offset += 100) {
    const r = await (await fetch(`${server.base}/api/search?city=${encodeURIComponent('須坂市')}&limit=100&offset=${offset}&facets=false`)).json();
    withIndicators = r.results.find((h) => h.indicators.length > 0);
    if (r.results.length < 100) break;
  }
  if (withIndicators) {
    await page.goto(`${server.base}/?q=${encodeURIComponent(`"${withIndicators.name}"`)}&city=${encodeURIComponent('須坂市')}`);
    await waitStatus(/検索結果/);
    const table = page.locator('#hits table.indicators').first();
    await table.waitFor({ timeout: 30000 });
    assert.match(await table.locator('thead').innerText(), /指標名\s+現状値\s+目標値/);
    assert.ok((await table.locator('tbody').innerText()).includes(withIndicators.indicators[0].name));
  } else {
    console.log('  (no 須坂市 record of this index carries indicators: the table is not exercised)');
  }
  step('a sentence is widened by the words its best projects share, and the page says which');
  const sentence = '災害のときの避難について知りたい';
  await page.goto(`${server.base}/?q=${encodeURIComponent(sentence)}`);
  await waitStatus(/検索結果: 約?\d+件中/);
  const sentenceApi = await (await fetch(`${server.base}/api/search?q=${encodeURIComponent(sentence)}&facets=false`)).json();
  assert.equal(sentenceApi.relaxation, 'or');
  assert.ok(sentenceApi.expanded.length > 0, 'a relaxed sentence query is widened by feedback');
  const noticeText = await page.locator('#notice').innerText();
  assert.ok(noticeText.includes(sentenceApi.expanded[0]), `the notice names the added words: ${noticeText}`);

  step('back and forward restore the searches');
  await page.goto(`${server.base}/?q=${encodeURIComponent('移住')}`);
  await waitStatus(/「移住」の検索結果/);
  await page.goto(`${server.base}/?q=${encodeURIComponent('広報')}&city=${encodeURIComponent('須坂市')}`);
  await waitStatus(/「広報」の検索結果/);
  await page.goBack();
  await waitStatus(/「移住」の検索結果/);
  await page.goForward();
  await waitStatus(/「広報」の検索結果/);

  step('paging keeps the query and moves on');
  await page.goto(`${server.base}/?q=${encodeURIComponent('支援')}`);
  await waitStatus(/「支援」の検索結果: 約?\d+件中 1〜10件目/);
  await page.getByRole('link', { name: '次のページ' }).click();
  await waitStatus(/件中 11〜20件目/);
  assert.match(page.url(), /page=2/);

  step('a query with markup is shown as text and runs nothing');
  await page.goto(`${server.base}/?q=${encodeURIComponent('<script>alert(1)</script><img src=x onerror=alert(2)>')}`);
  await waitStatus(/検索結果/);
  assert.ok((await statusText()).includes('<script>alert(1)</script><img src=x onerror=alert(2)>'));
  assert.equal(await page.locator('#results script, #results img, #hits *:not(mark) > script').count(), 0);
  assert.equal(await page.getByLabel('キーワード').inputValue(), '<script>alert(1)</script><img src=x onerror=alert(2)>');

  step('phone width: one column, facets folded');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.base}/?q=${encodeURIComponent('子育て')}`);
  await waitStatus(/「子育て」の検索結果/);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `no horizontal scrolling at phone width: ${widths}`);
  await page.screenshot({ path: path.join(artifacts, 'search-phone.png'), fullPage: false });

  step('desktop screenshot of こそだて');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.base}/?q=${encodeURIComponent('こそだて')}`);
  await waitStatus(/「こそだて」の検索結果/);
  await page.screenshot({ path: path.join(artifacts, 'search-results.png'), fullPage: false });

  assert.deepEqual(problems, []);
} catch (e) {
  failed = e;
  await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
}
await context.close();
server.child.kill('SIGTERM');
rmSync(profile, { recursive: true, force: true });
if (failed) {
  console.error(`browser test FAILED: ${failed.stack || failed}`);
  if (problems.length) console.error(problems.join('\n'));
  console.error(`server log (tail):\n${server.log().split('\n').slice(-15).join('\n')}`);
  process.exit(1);
}
console.log(`browser test passed; screenshots in ${artifacts}`);
process.exit(0);
