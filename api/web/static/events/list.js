// The list beside the map: the events in view, newest first, each with its actors and every
// outlet's report of it (headline, link, and the sentences that support the event).

import { countryName, formatDay, h, typeColor, typeLabel } from "./style.js";

const ROLE_LABELS = { PERPETRATOR: "By", TARGET: "Against", OTHER: "Also" };
const MAX_ITEMS = 200;

export class EventList {
  constructor(root, { onSelect, onHover }) {
    this.root = root;
    this.onSelect = onSelect;
    this.onHover = onHover;
    this.selected = null;
  }

  render(events) {
    const sorted = [...events].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    const items = sorted.slice(0, MAX_ITEMS).map((event) => this.item(event));
    if (!events.length) items.push(h("li", { class: "empty" }, "No events in view. Zoom out, drag the map, or loosen the filters."));
    if (sorted.length > MAX_ITEMS) items.push(h("li", { class: "empty" }, `… and ${sorted.length - MAX_ITEMS} more: zoom in or filter to see them.`));
    this.root.replaceChildren(...items);
    this.select(this.selected, { scroll: false });
  }

  item(event) {
    const best = event.fatalities.best;
    const deaths = best == null ? "fatalities unknown" : best === 0 ? "no deaths" : `${best} killed`;
    const range = event.fatalities.low != null && event.fatalities.high != null && event.fatalities.low !== event.fatalities.high
      ? ` (${event.fatalities.low}–${event.fatalities.high})` : "";
    const place = event.location
      ? [...new Set([event.location.name, event.location.admin1, countryName(event.location.countryCode || event.countryCode)].filter(Boolean))]
      : [countryName(event.countryCode)];
    const actors = groupActors(event.actors);
    return h("li", {
      class: "event",
      "data-id": event.id,
      onclick: () => this.onSelect(event.id),
      onmouseenter: () => this.onHover(event.id),
      onmouseleave: () => this.onHover(null),
    },
      h("div", { class: "event-head" },
        h("span", { class: "dot", style: { background: typeColor(event.eventType) } }),
        h("span", { class: "type" }, typeLabel(event.eventType)),
        h("time", { datetime: event.date }, formatDay(event.date) + (event.datePrecision && event.datePrecision !== "DAY" ? ` (${event.datePrecision.toLowerCase()})` : "")),
      ),
      h("p", { class: "event-summary" }, event.summary || event.subEventType),
      h("p", { class: "event-meta" },
        h("span", { class: "place" }, place.join(", ")),
        h("span", { class: best ? "deaths some" : "deaths" }, deaths + range),
        event.injuries ? h("span", { class: "injuries" }, `${event.injuries} injured`) : null,
      ),
      actors.length ? h("p", { class: "actors" }, actors.map(([role, names]) => h("span", {}, h("em", {}, ROLE_LABELS[role] || role), " ", names.join(", ")))) : null,
      h("ul", { class: "reports" }, event.reports.map((report) => this.report(report))),
    );
  }

  report(report) {
    const article = report.article;
    // Only web URLs become links: a javascript: URL in an href runs code (the server refuses them too).
    const headline = article.url && /^https?:\/\//i.test(article.url)
      ? h("a", { href: article.url, target: "_blank", rel: "noopener noreferrer" }, article.headline)
      : h("span", {}, article.headline);
    return h("li", { class: "report" },
      h("div", {}, h("span", { class: `source source-${article.source.key}` }, article.source.name), " ", headline),
      report.evidence.slice(0, 2).map((sentence) => h("blockquote", {}, sentence)),
    );
  }

  select(id, { scroll = true } = {}) {
    this.selected = id;
    for (const node of this.root.querySelectorAll(".event")) {
      const on = node.dataset.id === id;
      node.classList.toggle("selected", on);
      if (on && scroll) node.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }
}

function groupActors(actors) {
  const byRole = new Map();
  for (const { role, attribution, actor } of actors) {
    if (!byRole.has(role)) byRole.set(role, []);
    byRole.get(role).push(attribution && attribution !== "REPORTED" ? `${actor.name} (${attribution.toLowerCase()})` : actor.name);
  }
  return ["PERPETRATOR", "TARGET", "OTHER"].filter((r) => byRole.has(r)).map((r) => [r, byRole.get(r)]);
}
