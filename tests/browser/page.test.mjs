// zhkg serve's page in a real browser: Debian's Chromium, headless, driven by playwright-core.
// Extracts an article written for the test into a fresh store, starts `zhkg serve` on a free
// loopback port, picks and types queries on the page, and checks what the table and the error box
// show, and queries the endpoint from a page of another origin (CORS, as YASGUI does). Saves a
// screenshot (out/serve-page.png, or $SCREENSHOT) to look at.
//
//   cargo build --release && (cd tests/browser && npm ci && npm test)
//
// $ZHKG_BIN names another binary; $CHROMIUM another browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.ZHKG_BIN || join(here, "..", "..", "target", "release", "zhkg");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const screenshot = process.env.SCREENSHOT || join(here, "out", "serve-page.png");

// A city bureau's commendation meeting (names invented for the test).
const ARTICLE = `# title: 临澜市公安局召开年度表彰大会
# date: 2024-12-20
12月20日，临澜市公安局召开年度表彰大会。临澜市副市长、市公安局党委书记、局长梁砚舟出席会议并讲话。
临澜市公安局党委委员、副局长祁念慈主持会议。
会上，临澜市公安局刑侦支队支队长欧阳启帆介绍了“云帆”合成作战平台的建设情况。
临澜市公安局北港派出所所长尹照川、南湖派出所教导员岳星禾分别作交流发言。
临澜市公安局交警支队民警褚清越荣获全省优秀人民警察称号。
`;

let dir, base, context, page;
const servers = [];

/** Starts `zhkg serve` (with `extra` arguments) and resolves with its base URL once it says where
 * it listens. */
function serve(store, extra = []) {
  const server = spawn(bin, ["serve", "--store", store, "--bind", "127.0.0.1:0", "--timeout", "10", ...extra], { stdio: ["ignore", "ignore", "pipe"] });
  servers.push(server);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stderr });
    lines.on("line", (line) => {
      const m = line.match(/^zhkg: endpoint {2}(http:\/\/\S+)\/sparql$/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`zhkg serve exited (${code}) before listening`)));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "zhkg-browser-"));
  const article = join(dir, "commendation.txt");
  writeFileSync(article, ARTICLE);
  execFileSync(bin, ["extract", "--store", join(dir, "store"), article], { stdio: ["ignore", "ignore", "inherit"] });
  base = await serve(join(dir, "store"));
  context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: browserPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1100, height: 760 },
    deviceScaleFactor: 1,
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(base + "/");
});

after(async () => {
  await context?.close();
  for (const server of servers) server.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the page opens with people.rq and its Run button lists the article's people", async () => {
  await page.waitForFunction(() => document.querySelector("#query").value.includes("kg:ResolvedPerson"));
  assert.equal(await page.locator("#examples").inputValue(), "people.rq");
  await page.click("#run");
  const table = page.locator("#result table");
  await table.waitFor();
  const names = await table.locator("tbody tr td:nth-child(2)").allTextContents();
  assert.ok(names.includes("梁砚舟"), names.join(" "));
  assert.ok(names.includes("欧阳启帆"), names.join(" "));
  assert.match(await page.locator("#status").textContent(), /^\d+ rows · \d+ ms$/);
});

test("a query chosen from the list runs, its table shows posts in Chinese; screenshot", async () => {
  await page.selectOption("#examples", "posts.rq");
  assert.match(await page.locator("#query").inputValue(), /org:Membership|kg:postTitle/);
  await page.click("#run");
  // the answer of this run: the earlier table is gone at the click, and posts.rq has a post column
  await page.locator("#result th", { hasText: /^post$/ }).waitFor();
  const cell = page.locator("#result table td", { hasText: "尹照川" });
  await cell.first().waitFor();
  const rows = await page.locator("#result tbody tr").count();
  assert.ok(rows >= 5, `${rows} rows`);
  assert.match(await page.locator("#status").textContent(), new RegExp(`^${rows} rows · \\d+ ms$`));
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
});

test("a query typed with a mistake shows the endpoint's message with its line", async () => {
  await page.fill("#query", "SELECT ?name WHERE {\n  ?p foaf:name ?name\n");
  await page.keyboard.press("Control+Enter");
  const error = page.locator("#error");
  await error.waitFor({ state: "visible" });
  const text = await error.textContent();
  assert.match(text, /^400 /);
  assert.match(text, /SPARQL syntax error at line \d+, column \d+/);
  assert.equal(await page.locator("#result").innerHTML(), "");
});

/** In `page`, POSTs a query to `endpoint` as a SPARQL client on another origin does (YASGUI):
 * `application/sparql-query`, which the browser preflights. The names answered, or the error. */
async function fetchNames(page, endpoint) {
  return page.evaluate(async (endpoint) => {
    try {
      const r = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
        body: "SELECT ?name WHERE { ?p a kg:ResolvedPerson ; foaf:name ?name } ORDER BY ?name",
      });
      const json = await r.json();
      return { status: r.status, names: json.results.bindings.map((b) => b.name.value) };
    } catch (e) {
      return { error: String(e) };
    }
  }, endpoint);
}

test("a page of another origin queries the endpoint (CORS), and only the origin allowed when one is named", async () => {
  // http://localhost:PORT is another origin than http://127.0.0.1:PORT, both on this machine
  const other = await context.newPage();
  try {
    await other.goto(base.replace("127.0.0.1", "localhost") + "/");
    const open = await fetchNames(other, base + "/sparql");
    assert.equal(open.status, 200, JSON.stringify(open));
    assert.ok(open.names.includes("梁砚舟"), JSON.stringify(open));
    // a second server that lets only the page's first origin (127.0.0.1) read it
    const narrow = await serve(join(dir, "store"), ["--allow-origin", base]);
    const refused = await fetchNames(other, narrow + "/sparql");
    assert.ok(refused.error, `the browser let another origin read it: ${JSON.stringify(refused)}`);
    await other.goto(base + "/");
    const allowed = await fetchNames(other, narrow + "/sparql");
    assert.equal(allowed.status, 200, JSON.stringify(allowed));
    assert.deepEqual(allowed.names, open.names);
  } finally {
    await other.close();
  }
});
