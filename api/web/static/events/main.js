// The events page: filters (kept in the URL) -> GraphQL queries -> map, timeline and list;
// the eventAdded subscription refreshes the view when an article brings a new event.

import { GraphQLClient } from "./client.js";
import { EventList } from "./list.js";
import { EventMap } from "./map.js";
import { EVENT_ADDED, EVENT_UPDATED, EVENTS, OPTIONS, TIMELINE } from "./queries.js";
import { emptyFilters, readURL, toEventFilter, writeURL } from "./state.js";
import { countryName, formatDay, h, learnTypeLabel, typeColor, typeKey, typeLabel } from "./style.js";
import { Timeline } from "./timeline.js";

const MAX_PAGES = 20; // 2,000 events: beyond that the page asks the reader to filter

const config = JSON.parse(document.getElementById("eventgraph-config").textContent);
const client = new GraphQLClient(config.endpoint);
const $ = (id) => document.getElementById(id);

let filters = readURL();
let events = [];
let total = 0;
let generation = 0;
let subscriptions = [];

const list = new EventList($("events"), {
  onSelect: (id) => select(id),
  onHover: (id) => map.select(id || list.selected),
});
const map = new EventMap($("map"), {
  onViewChange: (ids) => showInView(ids),
  onSelect: (id) => select(id),
});
const timeline = new Timeline($("timeline"), {
  onRange: ({ from, to }) => update({ from, to }),
});

function select(id) {
  list.select(id);
  map.select(id);
}

function showError(error) {
  const box = $("error");
  box.hidden = !error;
  box.textContent = error ? `Could not load events: ${error.message || error}` : "";
}

function showInView(ids) {
  const visible = events.filter((e) => ids.has(e.id));
  $("in-view-count").textContent = String(visible.length);
  const outside = map.events.length - visible.length;
  $("outside").hidden = outside <= 0;
  $("outside").textContent = `${outside} more outside the map: show all`;
  list.render(visible);
}

function summarize() {
  const killed = events.reduce((n, e) => n + (e.fatalities.best || 0), 0);
  const days = events.map((e) => e.date).sort();
  const parts = [`${total} event${total === 1 ? "" : "s"}`];
  const unplaced = events.filter((e) => !e.location || e.location.latitude == null || e.location.longitude == null).length;
  if (events.length < total) parts.push(`the newest ${events.length} loaded`);
  if (unplaced) parts.push(`${unplaced} without coordinates (not on the map)`);
  if (days.length) parts.push(`${formatDay(days[0])} – ${formatDay(days[days.length - 1])}`);
  parts.push(`${killed} killed`);
  $("summary").textContent = parts.join(" · ");
  const range = filters.from || filters.to;
  $("range").textContent = range
    ? `${filters.from ? formatDay(filters.from) : "…"} – ${filters.to ? formatDay(filters.to) : "…"}`
    : "drag across the bars to filter by date";
  $("clear-range").hidden = !range;
}

async function loadEvents(filter) {
  const nodes = [];
  let after = null;
  let count = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await client.request(EVENTS, { filter, after });
    nodes.push(...data.events.nodes);
    count = data.events.totalCount;
    if (!data.events.pageInfo.hasNextPage) break;
    after = data.events.pageInfo.endCursor;
  }
  return { nodes, count };
}

/** Load what the filters select; `fresh` ids (from the subscription) pulse on the map. */
async function refresh({ refit = false, fresh = [] } = {}) {
  const mine = ++generation;
  document.body.classList.add("loading");
  try {
    const [loaded, stats] = await Promise.all([
      loadEvents(toEventFilter(filters)),
      client.request(TIMELINE, { filter: toEventFilter(filters, { dates: false }) }),
    ]);
    if (mine !== generation) return; // a newer request won
    events = loaded.nodes;
    total = loaded.count;
    showError(null);
    for (const b of stats.days) learnTypeLabel(b.key[1]);
    timeline.setData(stats.days, { from: filters.from, to: filters.to });
    map.setEvents(events, { refit });
    if (fresh.length) map.flash(fresh);
    summarize();
  } catch (error) {
    if (mine === generation) showError(error);
  } finally {
    if (mine === generation) document.body.classList.remove("loading");
  }
}

// ---- filters ---------------------------------------------------------------------------------

function fillSelect(select, rows, current, label) {
  const first = select.options[0];
  const options = rows.map((row) => h("option", { value: row.value }, `${label(row)} (${row.count})`));
  if (current && !rows.some((row) => row.value === current)) options.unshift(h("option", { value: current }, label({ value: current })));
  select.replaceChildren(first, ...options);
  select.value = current;
}

function renderTypes(types) {
  const box = $("types");
  const known = new Map(types.map((t) => [typeKey(t.key), t.count]));
  for (const key of filters.types) if (!known.has(key)) known.set(key, 0);
  box.replaceChildren(...[...known].map(([key, count]) => {
    const on = filters.types.includes(key);
    return h("button", {
      type: "button",
      class: on ? "chip on" : "chip",
      "data-type": key,
      "aria-pressed": on ? "true" : "false",
      style: { "--chip": typeColor(key) },
      onclick: () => {
        const next = on ? filters.types.filter((t) => t !== key) : [...filters.types, key];
        update({ types: next });
      },
    }, h("span", { class: "dot" }), typeLabel(key), h("span", { class: "count" }, String(count)));
  }));
  box.classList.toggle("filtering", filters.types.length > 0);
}

let options = null;

async function loadOptions() {
  const data = await client.request(OPTIONS);
  // eventStats keys are lists (one value per groupBy dimension): these group by one.
  const flat = (rows) => rows.map((row) => ({ key: row.key[0], count: row.count })).filter((row) => row.key);
  options = { sources: data.sources, types: flat(data.types), actors: flat(data.actors), countries: flat(data.countries), bySource: flat(data.bySource) };
  for (const t of options.types) learnTypeLabel(t.key);
  renderOptions();
}

function renderOptions() {
  if (!options) return;
  const names = new Map(options.sources.map((s) => [s.key, s.name]));
  renderTypes(options.types);
  fillSelect($("filter-actor"), options.actors.map((a) => ({ value: a.key, count: a.count })), filters.actor, (r) => r.value);
  fillSelect($("filter-country"), options.countries.map((c) => ({ value: c.key, count: c.count })), filters.country, (r) => countryName(r.value));
  const perSource = new Map(options.bySource.map((b) => [b.key, b.count]));
  fillSelect($("filter-source"), options.sources.map((s) => ({ value: s.key, count: perSource.get(s.key) || 0 })), filters.source, (r) => names.get(r.value) || r.value);
}

function update(change) {
  const before = JSON.stringify(toEventFilter(filters, { dates: false }));
  filters = { ...filters, ...change };
  writeURL(filters);
  renderOptions();
  const placesChanged = before !== JSON.stringify(toEventFilter(filters, { dates: false }));
  refresh({ refit: placesChanged });
  if (placesChanged) subscribe();
}

for (const name of ["actor", "country", "source"]) {
  $(`filter-${name}`).addEventListener("change", (e) => update({ [name]: e.target.value }));
}
$("reset").addEventListener("click", () => update(emptyFilters()));
$("outside").addEventListener("click", () => map.fit({ all: true }));
$("clear-range").addEventListener("click", () => update({ from: "", to: "" }));
$("filters").addEventListener("submit", (e) => e.preventDefault());
window.addEventListener("popstate", () => {
  filters = readURL();
  renderOptions();
  refresh({ refit: true });
});

// ---- live updates ----------------------------------------------------------------------------

function setLive(state, title) {
  const badge = $("live");
  badge.dataset.state = state;
  if (title) badge.title = title;
}

client.onStatus((state) => {
  if (state === "connected") setLive("on", "Live: new events appear as articles are ingested");
  else if (state === "closed" && $("live").dataset.state !== "off") setLive("connecting", "Reconnecting…");
});

// One article brings several events at once: gather them into one refresh.
const pending = { fresh: new Set(), timer: null };

function refreshSoon(fresh = []) {
  for (const id of fresh) pending.fresh.add(id);
  clearTimeout(pending.timer);
  pending.timer = setTimeout(() => {
    const ids = [...pending.fresh];
    pending.fresh.clear();
    refresh({ fresh: ids });
    if (ids.length) loadOptions().catch(() => {});
  }, 150);
}

function subscribe() {
  for (const dispose of subscriptions) dispose();
  const variables = { filter: toEventFilter(filters, { dates: false }) };
  const failed = (error) => {
    const detail = Array.isArray(error) ? error.map((e) => e.message).join("; ") : error && error.reason ? error.reason : "connection failed";
    setLive("off", `Live updates unavailable: ${detail}`);
  };
  const sink = (field, onEvent) => ({
    next: (message) => {
      if (message.errors) return failed(message.errors);
      const event = message.data && message.data[field];
      if (event) onEvent(event);
    },
    error: failed,
    complete: () => {},
  });
  subscriptions = [
    // A new event pulses on the map; the filter options gain its actors and places.
    client.subscribe(EVENT_ADDED, variables, sink("eventAdded", (event) => refreshSoon([event.id]))),
    // A known event changed (a new report, a correction): redraw with its new state.
    client.subscribe(EVENT_UPDATED, variables, sink("eventUpdated", () => refreshSoon())),
  ];
}

// ---- start -----------------------------------------------------------------------------------

async function start() {
  const world = fetch(config.borders).then((r) => {
    if (!r.ok) throw new Error(`borders: ${r.status}`);
    return r.json();
  });
  await Promise.all([
    loadOptions().catch(showError),
    refresh({ refit: true }),
    world.then((topology) => map.setWorld(topology)).catch(showError),
  ]);
  document.body.dataset.ready = "true";
  subscribe();
}

start();
