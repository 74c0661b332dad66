// Stored hostile markup in a real browser: the events page and GraphiQL show it as text and run none of it.
// Driven by tests/hostile/test_rendering.py: Debian's chromium through playwright-core, outside requests blocked.
//
// Input: the environment variable EVENTGRAPH_RENDER_TEST, JSON:
//   { "baseUrl": "http://127.0.0.1:PORT", "chromium": "/usr/bin/chromium", "payloads": ["<script>…", …] }
// Output: one line per check on stdout ("ok - ..."); exit code 1 and the reason on stderr on failure.

import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { chromium } = createRequire(path.join(repo, "package.json"))("playwright-core");

const config = JSON.parse(process.env.EVENTGRAPH_RENDER_TEST || "{}");
const TIMEOUT = 60000;
const dialogs = []; // alert(), confirm(), prompt(): what the payloads call if they ever run
const pageErrors = [];

function ok(message) {
  console.log(`ok - ${message}`);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Elements a payload would have made, had it been parsed as markup instead of shown as text. */
async function injected(page) {
  return page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.scripts].filter((s) => /alert\(/.test(s.textContent)).length,
    handlers: [...document.querySelectorAll("*")].filter((n) => n.getAttribute("onerror")).length,
  }));
}

async function expectInert(page, where) {
  const found = await injected(page);
  assert(found.images === 0 && found.scripts === 0 && found.handlers === 0, `${where}: stored markup became elements ${JSON.stringify(found)}`);
  assert(dialogs.length === 0, `${where}: stored script ran: ${dialogs.join("; ")}`);
}

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

async function eventsPage(context) {
  const page = await newPage(context);
  await page.goto(`${config.baseUrl}/`);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector("#events .report blockquote");
  const text = await page.textContent("#events");
  for (const payload of config.payloads) {
    assert(text.includes(payload), `the events list does not show ${payload} as text: the test would prove nothing`);
  }
  const shown = await page.$$eval("#events .event", (nodes) => nodes.length);
  ok(`the events page shows the stored payloads as text in ${shown} events (headlines and evidence)`);
  await expectInert(page, "events page");
  ok("no payload became an element or ran on the events page");
}

async function graphiql(context) {
  const page = await newPage(context);
  await page.goto(`${config.baseUrl}/graphql`);
  await page.waitForSelector(".graphiql-container");
  const query = "{ articles(first: 20) { nodes { headline byline captions { text } } } events(first: 20) { nodes { reports { evidence } } } }";
  await page.$eval(".graphiql-query-editor .CodeMirror", (node, value) => node.CodeMirror.setValue(value), query);
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(() => /"headline"/.test(document.querySelector(".result-window")?.innerText || ""));
  const result = JSON.parse(await page.$eval(".result-window .CodeMirror", (node) => node.CodeMirror.getValue()));
  assert(!result.errors, `the query failed: ${JSON.stringify(result.errors)}`);
  const shown = await page.$eval(".result-window", (node) => node.innerText);
  const answered = JSON.stringify(result.data);
  for (const payload of config.payloads) {
    assert(answered.includes(JSON.stringify(payload).slice(1, -1)), `the API's answer lacks ${payload}: the test would prove nothing`);
    // CodeMirror draws only the lines in view: look for a piece of the payload without its quotes.
    assert(shown.includes(payload.slice(0, 12)), `GraphiQL's result pane does not show ${payload.slice(0, 12)} as text`);
  }
  ok("GraphiQL shows the stored payloads as text in its result pane");
  await expectInert(page, "GraphiQL");
  ok("no payload became an element or ran in GraphiQL");
}

async function main() {
  assert(config.baseUrl && config.payloads?.length, "EVENTGRAPH_RENDER_TEST must give baseUrl and payloads");
  const browser = await chromium.launch({
    executablePath: config.chromium || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      return new URL(url).hostname === "127.0.0.1" || url.startsWith("data:") ? route.continue() : route.abort("blockedbyclient");
    });
    await eventsPage(context);
    await graphiql(context);
    assert(pageErrors.length === 0, `uncaught errors in the pages: ${pageErrors.join("; ")}`);
    ok("no uncaught errors in the pages");
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack || error}`);
  process.exit(1);
});
