// The timeline: events per day, stacked by type. Dragging across it selects a date range,
// which filters the map and the list; a click without a drag clears it.

import { formatDay, svg, typeColor, typeKey, typeLabel } from "./style.js";

const DAY_MS = 86400000;
const MARGIN = { left: 34, right: 14, top: 8, bottom: 20 };

const toDay = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
const toISO = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export class Timeline {
  constructor(root, { onRange }) {
    this.root = root;
    this.el = root.querySelector("svg");
    this.onRange = onRange;
    this.buckets = [];
    this.range = { from: "", to: "" };
    this.bindInteractions();
    new ResizeObserver(() => this.draw()).observe(this.el);
  }

  setData(stats, range) {
    // stats: eventStats(groupBy: [DAY, EVENT_TYPE]) buckets; keys are [day, stored type].
    this.buckets = stats.filter((b) => b.key[0]).map((b) => ({ day: toDay(b.key[0]), type: typeKey(b.key[1]), count: b.count, fatalities: b.fatalities }));
    this.range = range;
    this.draw();
  }

  setRange(range) {
    this.range = range;
    this.draw();
  }

  domain() {
    if (!this.buckets.length) {
      const today = Math.floor(Date.now() / DAY_MS);
      return [today - 30, today + 1];
    }
    let lo = Math.min(...this.buckets.map((b) => b.day));
    let hi = Math.max(...this.buckets.map((b) => b.day)) + 1;
    // Keep at least two weeks on screen, so a single day is a bar and not the whole chart.
    const extra = Math.max(0, 14 - (hi - lo));
    lo -= Math.ceil(extra / 2) + 1;
    hi += Math.floor(extra / 2) + 1;
    return [lo, hi];
  }

  draw() {
    const { width, height } = this.el.getBoundingClientRect();
    if (width < 10) return;
    this.width = width;
    this.height = height;
    this.el.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.el.replaceChildren();
    const [lo, hi] = this.domain();
    this.lo = lo;
    this.hi = hi;
    const innerW = width - MARGIN.left - MARGIN.right;
    const innerH = height - MARGIN.top - MARGIN.bottom;
    this.x = (day) => MARGIN.left + ((day - lo) / (hi - lo)) * innerW;
    this.dayAt = (px) => Math.floor(lo + ((px - MARGIN.left) / innerW) * (hi - lo));

    const totals = new Map();
    for (const b of this.buckets) totals.set(b.day, (totals.get(b.day) || 0) + b.count);
    const max = Math.max(1, ...totals.values());
    const y = (n) => (n / max) * innerH;
    const barW = Math.max(2, innerW / (hi - lo) - 1);
    const from = this.range.from ? toDay(this.range.from) : -Infinity;
    const to = this.range.to ? toDay(this.range.to) : Infinity;

    // Axis: a baseline, the max count, and the first of each month (or year when months crowd).
    const base = MARGIN.top + innerH;
    this.el.appendChild(svg("line", { class: "axis", x1: MARGIN.left, x2: width - MARGIN.right, y1: base, y2: base }));
    this.el.appendChild(svg("text", { class: "tick", x: MARGIN.left - 6, y: MARGIN.top + 8, "text-anchor": "end" })).textContent = String(max);
    this.el.appendChild(svg("text", { class: "tick", x: MARGIN.left - 6, y: base, "text-anchor": "end" })).textContent = "0";
    const months = [];
    const start = new Date(lo * DAY_MS);
    for (let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)); d.getTime() / DAY_MS <= hi; d.setUTCMonth(d.getUTCMonth() + 1)) {
      if (d.getTime() / DAY_MS >= lo) months.push(new Date(d));
    }
    const every = Math.max(1, Math.ceil((months.length * 64) / innerW));
    months.forEach((m, i) => {
      if (i % every) return;
      const px = this.x(m.getTime() / DAY_MS);
      this.el.appendChild(svg("line", { class: "tick-line", x1: px, x2: px, y1: base, y2: base + 4 }));
      const label = m.toLocaleDateString("en-GB", { month: "short", year: every >= 12 ? "numeric" : m.getUTCMonth() === 0 || i === 0 ? "numeric" : undefined, timeZone: "UTC" });
      this.el.appendChild(svg("text", { class: "tick", x: px + 3, y: base + 15 })).textContent = label;
    });

    // Bars: one stack per day.
    const byDay = new Map();
    for (const b of this.buckets) {
      if (!byDay.has(b.day)) byDay.set(b.day, []);
      byDay.get(b.day).push(b);
    }
    const bars = this.el.appendChild(svg("g", { class: "bars" }));
    for (const [day, parts] of byDay) {
      let top = base;
      const outside = day < from || day > to;
      const g = bars.appendChild(svg("g", { class: outside ? "day outside" : "day", "data-day": toISO(day) }));
      const title = [formatDay(toISO(day))];
      for (const part of parts.sort((a, b) => a.type.localeCompare(b.type))) {
        const h = Math.max(1.5, y(part.count));
        top -= h;
        g.appendChild(svg("rect", { x: this.x(day) + 0.5, y: top, width: barW, height: h, fill: typeColor(part.type) }));
        title.push(`${part.count} × ${typeLabel(part.type)}`);
      }
      g.appendChild(svg("title")).textContent = title.join("\n");
    }

    if (this.range.from || this.range.to) {
      const x0 = this.x(Math.max(lo, this.range.from ? toDay(this.range.from) : lo));
      const x1 = this.x(Math.min(hi, this.range.to ? toDay(this.range.to) + 1 : hi));
      this.el.appendChild(svg("rect", { class: "selection", x: x0, y: MARGIN.top - 4, width: Math.max(2, x1 - x0), height: innerH + 4 }));
    }
    this.brush = this.el.appendChild(svg("rect", { class: "brush", y: MARGIN.top - 4, height: innerH + 4, width: 0 }));
  }

  bindInteractions() {
    let start = null;
    const px = (e) => e.clientX - this.el.getBoundingClientRect().left;
    this.el.addEventListener("pointerdown", (e) => {
      start = px(e);
      this.el.setPointerCapture(e.pointerId);
    });
    this.el.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const now = px(e);
      this.brush.setAttribute("x", Math.min(start, now));
      this.brush.setAttribute("width", Math.abs(now - start));
    });
    this.el.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const end = px(e);
      const [a, b] = [Math.min(start, end), Math.max(start, end)];
      start = null;
      this.brush.setAttribute("width", 0);
      if (b - a < 4) {
        if (this.range.from || this.range.to) this.onRange({ from: "", to: "" });
        return;
      }
      const from = Math.max(this.lo, this.dayAt(a));
      const to = Math.min(this.hi - 1, this.dayAt(b));
      this.onRange({ from: toISO(from), to: toISO(to) });
    });
  }
}
