// The browser test, driven by tests/web/test_browser.py: Debian's chromium through playwright-core
// (no browser download), with every request that is not for 127.0.0.1 blocked and reported.
//
// Input: the environment variable EVENTGRAPH_BROWSER_TEST, JSON:
//   { "baseUrl": "http://127.0.0.1:PORT", "apiKey": "...", "screenshots": "DIR",
//     "chromium": "/usr/bin/chromium" }
// Output: one line per check on stdout ("ok - ..."); exit code 1 and the reason on stderr on failure.

import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { chromium } = createRequire(path.join(repo, "package.json"))("playwright-core");

const config = JSON.parse(process.env.EVENTGRAPH_BROWSER_TEST || "{}");
const base = config.baseUrl;
const TIMEOUT = 60000; // waits end as soon as the page is ready; the margin is for a loaded CI machine
const blocked = [];
const pageErrors = [];

function ok(message) {
  console.log(`ok - ${message}`);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function sameIds(actual, expected, what) {
  const a = [...actual].sort();
  const e = [...expected].sort();
  assert(JSON.stringify(a) === JSON.stringify(e), `${what}: the page shows ${a.length} [${a.join(", ")}], the API has ${e.length} [${e.join(", ")}]`);
}

/** The API's answer, asked from Node: what the page must agree with. */
async function api(query, variables = {}, headers = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`API error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The API's events for `filter` that have coordinates: the ones the map must show. */
async function mappedEvents(filter = null) {
  const events = [];
  let after = null;
  for (;;) {
    const data = await api(
      "query($filter: EventFilter, $after: String) { events(filter: $filter, first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id eventType fatalities { best } location { latitude longitude } } } }",
      { filter, after },
    );
    for (const node of data.events.nodes) {
      if (node.location && node.location.latitude != null && node.location.longitude != null) events.push(node);
    }
    if (!data.events.pageInfo.hasNextPage) return events;
    after = data.events.pageInfo.endCursor;
  }
}

async function mappedIds(filter = null) {
  return (await mappedEvents(filter)).map((e) => e.id);
}

/** Circle size follows fatalities and colour follows type, compared marker by marker with the API. */
async function checkMarkerStyle(page) {
  const drawn = new Map((await page.$$eval("#map circle.marker", (nodes) => nodes.map((n) => [n.dataset.id, { r: Number(n.getAttribute("r")), fill: n.getAttribute("fill") }]))));
  const events = (await mappedEvents()).map((e) => ({ ...e, ...drawn.get(e.id) }));
  const known = events.filter((e) => e.fatalities.best != null);
  assert(new Set(known.map((e) => e.fatalities.best)).size >= 2 && new Set(events.map((e) => e.eventType)).size >= 2,
    "the seeded events have at least two fatality counts and two types, so size and colour can be told apart");
  for (const a of known) {
    for (const b of known) {
      if (a.fatalities.best < b.fatalities.best) assert(a.r < b.r, `${b.fatalities.best} killed (r ${b.r}) is not drawn larger than ${a.fatalities.best} (r ${a.r})`);
      if (a.fatalities.best === b.fatalities.best) assert(a.r === b.r, `${a.fatalities.best} killed drawn with radii ${a.r} and ${b.r}`);
    }
  }
  for (const a of events) {
    for (const b of events) {
      assert((a.eventType === b.eventType) === (a.fill === b.fill), `types ${a.eventType} and ${b.eventType} drawn in ${a.fill} and ${b.fill}`);
    }
  }
  const sizes = [...new Set(known.map((e) => e.fatalities.best))].sort((x, y) => x - y).join(", ");
  const colours = [...new Set(events.map((e) => `${e.eventType} ${e.fill}`))].join(", ");
  ok(`circles grow with fatalities (${sizes}) and take one colour per type (${colours})`);
}

/** Wait for something only Node sees (WebSocket frames), with the pages' timeout. */
async function until(condition, message) {
  const deadline = Date.now() + TIMEOUT;
  while (!condition()) {
    assert(Date.now() < deadline, message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function markerIds(page) {
  return page.$$eval("#map circle.marker", (nodes) => nodes.map((n) => n.dataset.id));
}

/** Wait until the map shows exactly the API's events for `filter`. */
async function expectMarkers(page, filter, what) {
  const expected = await mappedIds(filter);
  try {
    await page.waitForFunction(
      (want) => {
        if (document.body.classList.contains("loading")) return false;
        const have = [...document.querySelectorAll("#map circle.marker")].map((n) => n.dataset.id).sort();
        return JSON.stringify(have) === JSON.stringify(want);
      },
      [...expected].sort(),
      { timeout: TIMEOUT },
    );
  } catch {
    sameIds(await markerIds(page), expected, what);
  }
  return expected;
}

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** GraphiQL's editors are CodeMirror 5: set their text through the editor, as typing would. */
async function setEditor(page, selector, text) {
  await page.$eval(selector, (node, value) => node.CodeMirror.setValue(value), text);
}

async function resultText(page) {
  return page.$eval(".result-window", (node) => (node.querySelector(".CodeMirror") ? node.querySelector(".CodeMirror").CodeMirror.getValue() : node.innerText));
}

async function graphiql(context) {
  const page = await newPage(context);
  await page.goto(`${base}/graphql`);
  await page.waitForSelector(".graphiql-container");
  const tabs = await page.$$eval(".graphiql-tab", (nodes) => nodes.map((n) => n.innerText.trim()));
  assert(tabs.length >= 5 && tabs[0].startsWith("RecentEvents"), `example tabs: ${JSON.stringify(tabs)}`);
  assert(tabs.some((t) => t.startsWith("LiveEvents")) && tabs.some((t) => t.startsWith("IngestArticle")), `subscription and mutation tabs: ${JSON.stringify(tabs)}`);
  ok(`GraphiQL loads offline with ${tabs.length} example tabs: ${tabs.join(", ")}`);

  await page.click('button[aria-label="Show GraphiQL Explorer"]');
  await page.waitForSelector(".graphiql-explorer-root");
  await page.waitForSelector(".graphiql-explorer-root >> text=events");
  ok("the explorer plugin opens and lists the schema's fields");

  const expected = (await api("{ events(first: 1) { totalCount } }")).events.totalCount;
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(() => /"totalCount"/.test(document.querySelector(".result-window")?.innerText || ""));
  const result = JSON.parse(await resultText(page));
  assert(!result.errors, `RecentEvents failed: ${JSON.stringify(result.errors)}`);
  assert(result.data.events.totalCount === expected, `GraphiQL shows totalCount ${result.data.events.totalCount}, the API says ${expected}`);
  assert(result.data.events.nodes.length === Math.min(10, expected), "GraphiQL shows the first page of events");
  ok(`GraphiQL runs RecentEvents and shows the result (totalCount ${expected})`);
  await page.mouse.move(0, 0);
  // CodeMirror draws the result's fold arrows some 600 ms after the text: wait, so every screenshot is alike.
  await page.waitForSelector(".result-window .CodeMirror-foldgutter-open");
  await page.setViewportSize({ width: 1600, height: 900 }); // room for every example tab beside the explorer
  await page.screenshot({ path: path.join(config.screenshots, "graphiql.png") });
  await page.setViewportSize({ width: 1440, height: 900 });
  ok("saved graphiql.png");
  return page;
}

async function eventsPage(context) {
  const page = await newPage(context);
  await page.goto(`${base}/`);
  await page.waitForSelector("body[data-ready=true]");
  const all = await expectMarkers(page, null, "markers for the seeded events");
  assert(all.length > 0, "the seeded database has events with coordinates");
  ok(`the map shows one marker per seeded event (${all.length})`);
  await checkMarkerStyle(page);
  const land = await page.$$eval("#map .world path.land", (nodes) => nodes.length);
  assert(land > 100 && (await page.$("#map .world path.borders")), `the map draws the world's countries and borders: ${land} countries`);
  ok(`the map draws ${land} countries and their borders from world-atlas, with no tile server`);

  await page.waitForFunction(() => Number(document.getElementById("in-view-count").textContent) > 0);
  const shown = Number(await page.textContent("#in-view-count"));
  assert((await page.$$eval("#events .event", (nodes) => nodes.length)) === shown, "the list holds the events in view");
  const reports = await page.$$eval("#events .report", (nodes) => nodes.length);
  const sources = await page.$$eval("#events .report .source", (nodes) => [...new Set(nodes.map((n) => n.textContent))]);
  const evidence = await page.$$eval("#events .report blockquote", (nodes) => nodes.length);
  assert(reports > 0 && sources.length > 0 && evidence > 0, `the list shows reports (${reports}), sources (${sources}) and evidence (${evidence})`);
  ok(`the list shows the ${shown} events in view with sources (${sources.join(", ")}) and ${evidence} evidence quotes`);
  await page.waitForSelector(".country-labels text");
  await page.screenshot({ path: path.join(config.screenshots, "events.png") });
  ok("saved events.png");

  // Source filter: the select, the URL, and a reload that keeps it.
  const options = await page.$$eval("#filter-source option", (nodes) => nodes.map((n) => n.value).filter(Boolean));
  assert(options.length > 0, "the source filter lists the sources");
  let source = options[0];
  let narrowest = Infinity;
  for (const key of options) {
    const ids = await mappedIds({ sources: [key] });
    if (ids.length > 0 && ids.length < narrowest) [source, narrowest] = [key, ids.length];
  }
  await page.selectOption("#filter-source", source);
  const bySource = await expectMarkers(page, { sources: [source] }, `markers for source ${source}`);
  assert(new URL(page.url()).searchParams.get("source") === source, `the URL keeps the source filter: ${page.url()}`);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await expectMarkers(page, { sources: [source] }, "markers after a reload of the filtered URL");
  assert((await page.inputValue("#filter-source")) === source, "the reloaded page shows the source filter");
  ok(`filtering by source ${source} shows its ${bySource.length} of ${all.length} events, and the URL keeps it across a reload`);

  // Type chips.
  await page.click("#reset");
  await expectMarkers(page, null, "markers after reset");
  const types = await page.$$eval("#types .chip", (nodes) => nodes.map((n) => n.dataset.type));
  assert(types.length > 0, "the type filter lists the event types");
  await page.click(`#types .chip[data-type="${types[0]}"]`);
  const byType = await expectMarkers(page, { eventTypes: [types[0]] }, `markers of type ${types[0]}`);
  assert(new URL(page.url()).searchParams.get("type") === types[0], `the URL keeps the type filter: ${page.url()}`);
  ok(`filtering by type ${types[0]} shows ${byType.length} events`);
  await page.click("#reset");
  await expectMarkers(page, null, "markers after reset");

  // Actor and country selects.
  const actors = await page.$$eval("#filter-actor option", (nodes) => nodes.map((n) => n.value).filter(Boolean));
  assert(actors.length > 0, "the actor filter lists actors");
  await page.selectOption("#filter-actor", actors[0]);
  const byActor = await expectMarkers(page, { actorName: actors[0] }, `markers of actor ${actors[0]}`);
  assert(new URL(page.url()).searchParams.get("actor") === actors[0], `the URL keeps the actor filter: ${page.url()}`);
  ok(`filtering by actor ${actors[0]} shows ${byActor.length} events`);
  const countries = await page.$$eval("#filter-country option", (nodes) => nodes.map((n) => n.value).filter(Boolean));
  assert(countries.length > 0, "the country filter lists countries");
  await page.selectOption("#filter-country", countries[0]);
  const both = await expectMarkers(page, { actorName: actors[0], countries: [countries[0]] }, "markers of actor and country");
  const kept = new URL(page.url()).searchParams;
  assert(kept.get("actor") === actors[0] && kept.get("country") === countries[0], `the URL keeps the actor and country filters: ${page.url()}`);
  ok(`actor and country filters combine (${countries[0]}: ${both.length} events) and the URL keeps both`);
  await page.click("#reset");
  await expectMarkers(page, null, "markers after reset");

  // Timeline: drag across the first half of the chart.
  const chart = await page.$("#timeline-svg");
  const box = await chart.boundingBox();
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => new URL(location.href).searchParams.has("from"));
  const params = new URL(page.url()).searchParams;
  const range = { dateFrom: params.get("from"), dateTo: params.get("to") };
  const inRange = await expectMarkers(page, range, `markers from ${range.dateFrom} to ${range.dateTo}`);
  ok(`dragging the timeline filters the map to ${range.dateFrom} – ${range.dateTo} (${inRange.length} events)`);
  await page.click("#clear-range");
  await expectMarkers(page, null, "markers after clearing the dates");

  // The map's view drives the list: zooming in far on one marker leaves fewer events in view.
  const first = await page.$("#map circle.marker");
  const spot = await first.boundingBox();
  for (let i = 0; i < 6; i++) {
    await page.mouse.move(spot.x + spot.width / 2, spot.y + spot.height / 2);
    await page.mouse.wheel(0, -400);
  }
  // The wheel events are handled after mouse.wheel returns, and the list follows 60 ms after the
  // map: wait until the map has stood still for a poll and the list names exactly its visible markers.
  let view = null;
  try {
    await page.waitForFunction(() => {
      const svg = document.querySelector("#map svg").getBoundingClientRect();
      const transform = document.querySelector("#map .world").getAttribute("transform");
      const still = window.__lastTransform === transform;
      window.__lastTransform = transform;
      const visible = [...document.querySelectorAll("#map circle.marker")]
        .filter((c) => { const [x, y] = [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]; return x >= 0 && y >= 0 && x <= svg.width && y <= svg.height; })
        .map((c) => c.dataset.id).sort();
      const listed = [...document.querySelectorAll("#events .event")].map((n) => n.dataset.id).sort();
      const count = Number(document.getElementById("in-view-count").textContent);
      return still && JSON.stringify(visible) === JSON.stringify(listed) && count === listed.length && { visible, total: document.querySelectorAll("#map circle.marker").length };
    }, null, { polling: 250 }).then(async (handle) => { view = await handle.jsonValue(); });
  } catch {
    const listed = await page.$$eval("#events .event", (nodes) => nodes.map((n) => n.dataset.id));
    throw new Error(`the list does not follow the map's view: it lists [${listed}], in-view count ${await page.textContent("#in-view-count")}`);
  }
  assert(view.visible.length >= 1 && view.visible.length < view.total, `zooming in on one marker leaves ${view.visible.length} of ${view.total} markers in view`);
  ok(`zooming in leaves ${view.visible.length} of ${all.length} events in view, and the list shows exactly those`);
  await page.click('[data-zoom="fit"]');
  return { page, all };
}

async function live(context, ide, events) {
  await events.page.waitForSelector('#live[data-state="on"]');
  ok("the events page is subscribed to eventAdded");

  // GraphiQL's own socket: what it sends and receives, to prove the subscription is on graphql-transport-ws.
  const frames = { subscribe: null, next: [] };
  ide.on("websocket", (ws) => {
    if (new URL(ws.url()).pathname !== "/graphql") return;
    ws.on("framesent", ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type === "subscribe" && /subscription\s+LiveEvents/.test(message.payload.query)) frames.subscribe = message;
    });
    ws.on("framereceived", ({ payload }) => {
      const message = JSON.parse(String(payload));
      if (message.type === "next" && frames.subscribe && message.id === frames.subscribe.id) frames.next.push(message.payload);
    });
  });

  // GraphiQL: switch to the LiveEvents tab and run it at once, in one task, as Ctrl-Enter right
  // after a tab switch would: GraphiQL itself parses the new tab only 100 ms later, and
  // graphiql.js must not send the subscription with the previous tab's operation (over HTTP).
  await ide.evaluate(() => {
    const tab = [...document.querySelectorAll(".graphiql-tab-button")].find((b) => b.textContent.trim() === "LiveEvents");
    tab.click();
    document.querySelector(".graphiql-execute-button").click();
  });
  // "Stop" alone is not proof: the button also says it while a query runs over HTTP.
  try {
    await ide.waitForFunction(() => document.querySelector(".graphiql-tab-active")?.textContent.includes("LiveEvents")
      && document.querySelector(".graphiql-execute-button")?.getAttribute("aria-label") === "Stop query (Ctrl-Enter)");
    await until(() => frames.subscribe, "no subscribe message on GraphiQL's socket");
  } catch (error) {
    const label = await ide.getAttribute(".graphiql-execute-button", "aria-label");
    throw new Error(`GraphiQL's LiveEvents subscription is not running (${error.message}): the button says "${label}", the result "${(await resultText(ide)).slice(0, 300)}"`);
  }
  ok("GraphiQL runs the LiveEvents subscription over graphql-transport-ws, even when run right after the tab switch");

  // Another GraphiQL page: the IngestArticle example, with the API key in the headers editor.
  const writer = await newPage(context);
  await writer.goto(`${base}/graphql`);
  await writer.waitForSelector(".graphiql-container");
  await writer.click('.graphiql-tab:has-text("IngestArticle")');
  await writer.click('button:has-text("Headers")');
  await setEditor(writer, ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror", JSON.stringify({ Authorization: `Bearer ${config.apiKey}` }));
  await writer.click(".graphiql-execute-button");
  await writer.waitForFunction(() => /"ingestArticle"|"errors"/.test(document.querySelector(".result-window")?.innerText || ""));
  const result = JSON.parse(await resultText(writer));
  assert(!result.errors, `IngestArticle failed: ${JSON.stringify(result.errors)}`);
  const payload = result.data.ingestArticle;
  assert(payload.eventsCreated >= 1, `the example article adds a new event: ${JSON.stringify(payload)}`);
  const created = payload.events.map((e) => e.id).filter((id) => !events.all.includes(id));
  assert(created.length === payload.eventsCreated, `the new events are new IDs: ${JSON.stringify(payload.events)}`);
  ok(`GraphiQL ingests the IngestArticle example with an API key: ${payload.eventsCreated} new event(s) ${created.join(", ")}`);

  const after = await expectMarkers(events.page, null, "markers after the ingest");
  assert(after.length === events.all.length + created.length, `one new marker per new event: ${events.all.length} -> ${after.length}`);
  for (const id of created) await events.page.waitForSelector(`#map circle.marker[data-id="${id}"]`);
  ok(`the events page shows the new event live, without a reload (${events.all.length} -> ${after.length} markers)`);

  const received = () => frames.next.map((payload) => payload.data && payload.data.eventAdded && payload.data.eventAdded.id);
  await until(() => created.every((id) => received().includes(id)), `GraphiQL's socket received eventAdded for [${received()}], not all of [${created}]`);
  await ide.waitForFunction((ids) => ids.every((id) => (document.querySelector(".result-window")?.innerText || "").includes(id)), created);
  ok(`GraphiQL's LiveEvents subscription received the new event over graphql-transport-ws and shows it (${created.join(", ")})`);
}

async function main() {
  assert(base, "EVENTGRAPH_BROWSER_TEST must give baseUrl");
  mkdirSync(config.screenshots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: config.chromium || "/usr/bin/chromium",
    headless: true,
    // Root in a container: chromium's sandbox needs user namespaces it may not have.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--font-render-hinting=none"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: "en-GB", timezoneId: "UTC" });
    const local = (url) => ["127.0.0.1"].includes(new URL(url).hostname);
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (local(url) || url.startsWith("data:")) return route.continue();
      blocked.push(url);
      return route.abort("blockedbyclient");
    });
    await context.routeWebSocket(/.*/, (ws) => {
      if (local(ws.url())) return ws.connectToServer();
      blocked.push(ws.url());
      return ws.close();
    });
    const ide = await graphiql(context);
    const events = await eventsPage(context);
    await live(context, ide, events);
    assert(blocked.length === 0, `the pages asked for outside addresses: ${blocked.join(", ")}`);
    ok("no request left 127.0.0.1");
    assert(pageErrors.length === 0, `uncaught errors in the pages: ${pageErrors.join("; ")}`);
    ok("no uncaught errors in the pages");
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`FAIL: ${error.stack || error}`);
  if (blocked.length) console.error(`blocked requests: ${blocked.join(", ")}`);
  if (pageErrors.length) console.error(`page errors: ${pageErrors.join("; ")}`);
  process.exit(1);
});
