// The map: country borders from world-atlas (TopoJSON, served by this server) under one SVG circle
// per event, sized by fatalities and coloured by type. Drag pans, the wheel zooms; the events
// inside the visible area are reported to the page, which lists them.

import { countryName, formatDay, radius, svg, typeColor, typeLabel } from "./style.js";

const MIN_SPAN_DEGREES = 12; // a single base should still show its country and neighbours
const MAX_ZOOM = 64;
const MIN_ZOOM = 0.5;

export class EventMap {
  constructor(root, { onViewChange, onSelect }) {
    this.root = root;
    this.el = root.querySelector("svg");
    this.tooltip = root.querySelector(".tooltip");
    this.onViewChange = onViewChange;
    this.onSelect = onSelect;
    this.projection = window.d3.geoMercator();
    this.path = window.d3.geoPath(this.projection);
    this.transform = { k: 1, x: 0, y: 0 };
    this.events = [];
    this.countries = [];
    this.selected = null;
    this.fresh = new Set();
    this.size = { width: 0, height: 0 };

    this.sea = this.el.appendChild(svg("rect", { class: "sea" }));
    this.world = this.el.appendChild(svg("g", { class: "world" }));
    this.countryLabels = this.el.appendChild(svg("g", { class: "country-labels" }));
    this.markers = this.el.appendChild(svg("g", { class: "markers" }));
    this.placeLabels = this.el.appendChild(svg("g", { class: "place-labels" }));
    this.sizeLegend = this.el.appendChild(svg("g", { class: "size-legend" }));

    this.bindInteractions();
    new ResizeObserver(() => this.resize()).observe(this.root);
    this.resize();
  }

  // ---- data -------------------------------------------------------------------------------

  setWorld(topology) {
    const { feature, mesh } = window.topojson;
    this.countries = feature(topology, topology.objects.countries).features.map((f) => ({
      feature: f,
      name: f.properties.name,
      bounds: window.d3.geoBounds(f),
    }));
    this.borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
    this.coast = mesh(topology, topology.objects.countries, (a, b) => a === b);
    this.drawWorld();
  }

  setEvents(events, { refit = false } = {}) {
    this.events = events.filter((e) => e.location && e.location.latitude != null && e.location.longitude != null);
    if (refit || !this.fitted) this.fit();
    else this.drawMarkers();
  }

  select(id) {
    this.selected = id;
    for (const node of this.markers.children) node.classList.toggle("selected", node.dataset.id === id);
    const marker = this.markers.querySelector(`[data-id="${CSS.escape(id || "")}"]`);
    if (marker) this.markers.appendChild(marker); // on top of its neighbours
  }

  flash(ids) {
    for (const id of ids) this.fresh.add(id);
    this.drawMarkers();
    setTimeout(() => {
      for (const id of ids) this.fresh.delete(id);
      for (const node of this.markers.querySelectorAll(".fresh")) if (!this.fresh.has(node.dataset.id)) node.classList.remove("fresh");
    }, 6000);
  }

  // ---- geometry ----------------------------------------------------------------------------

  resize() {
    const { width, height } = this.root.getBoundingClientRect();
    if (width < 10 || height < 10) return;
    if (Math.abs(width - this.size.width) < 1 && Math.abs(height - this.size.height) < 1) return;
    this.size = { width, height };
    this.el.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.sea.setAttribute("width", width);
    this.sea.setAttribute("height", height);
    this.fit();
  }

  /**
   * Frame the events and reset the zoom. By default the frame is where most events are, so a few
   * far-away ones do not shrink the main cluster to a dot; `all` frames every event.
   */
  fit({ all = false } = {}) {
    const { width, height } = this.size;
    if (!width) return;
    const points = this.events.map((e) => [e.location.longitude, e.location.latitude]);
    let [west, south, east, north] = [-170, -58, 180, 78];
    if (points.length) {
      [west, south, east, north] = all ? bounds(points) : focus(points);
      const padLon = Math.max(MIN_SPAN_DEGREES - (east - west), 0) / 2 + (east - west) * 0.15;
      const padLat = Math.max(MIN_SPAN_DEGREES * 0.75 - (north - south), 0) / 2 + (north - south) * 0.15;
      [west, east] = [west - padLon, east + padLon];
      [south, north] = [Math.max(-80, south - padLat), Math.min(84, north + padLat)];
    }
    const margin = 24;
    this.projection.fitExtent(
      [[margin, margin], [width - margin, height - margin - 40]],
      { type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]] },
    );
    this.transform = { k: 1, x: 0, y: 0 };
    this.fitted = true;
    this.drawWorld();
    this.drawMarkers();
  }

  drawWorld() {
    if (!this.size.width || !this.countries.length) return;
    this.world.replaceChildren();
    const graticule = window.d3.geoGraticule().step([5, 5]);
    this.world.appendChild(svg("path", { class: "graticule", d: this.path(graticule()) }));
    const hit = this.countriesWithEvents();
    for (const country of this.countries) {
      const d = this.path(country.feature);
      if (!d) continue;
      const node = svg("path", { class: hit.has(country) ? "land has-events" : "land", d });
      node.appendChild(svg("title")).textContent = country.name;
      this.world.appendChild(node);
      const [cx, cy] = this.path.centroid(country.feature);
      country.anchor = Number.isFinite(cx) ? [cx, cy] : null;
      country.area = this.path.area(country.feature);
    }
    this.world.appendChild(svg("path", { class: "borders", d: this.path(this.borders) }));
    this.world.appendChild(svg("path", { class: "coast", d: this.path(this.coast) }));
    this.applyTransform();
  }

  countriesWithEvents() {
    const hit = new Set();
    for (const event of this.events) {
      const point = [event.location.longitude, event.location.latitude];
      for (const country of this.countries) {
        const [[w, s], [e, n]] = country.bounds;
        const inBox = point[1] >= s && point[1] <= n && (w <= e ? point[0] >= w && point[0] <= e : point[0] >= w || point[0] <= e);
        if (inBox && window.d3.geoContains(country.feature, point)) {
          hit.add(country);
          break;
        }
      }
    }
    return hit;
  }

  drawMarkers() {
    if (!this.size.width) return;
    this.markers.replaceChildren();
    // Biggest first, so small circles stay clickable on top of large ones.
    const ordered = [...this.events].sort((a, b) => (b.fatalities.best ?? -1) - (a.fatalities.best ?? -1));
    const stacked = new Map();
    for (const event of ordered) {
      const base = this.projection([event.location.longitude, event.location.latitude]);
      if (!base) continue;
      // Events at the same place fan out on a small spiral (in pixels) instead of hiding each other.
      const key = `${base[0].toFixed(1)},${base[1].toFixed(1)}`;
      const index = stacked.get(key) || 0;
      stacked.set(key, index + 1);
      const angle = index * 2.4;
      const offset = index ? 7 * Math.sqrt(index) : 0;
      const best = event.fatalities.best;
      const circle = svg("circle", {
        class: "marker" + (best == null ? " unknown" : "") + (this.fresh.has(event.id) ? " fresh" : "") + (event.id === this.selected ? " selected" : ""),
        r: radius(best).toFixed(1),
        fill: typeColor(event.eventType),
        "data-id": event.id,
        "data-type": event.eventType || "",
        tabindex: "0",
      });
      circle.base = base;
      circle.offset = [Math.cos(angle) * offset, Math.sin(angle) * offset];
      circle.event = event;
      circle.setAttribute("aria-label", `${typeLabel(event.eventType)}, ${event.location.name}, ${formatDay(event.date)}`);
      this.markers.appendChild(circle);
    }
    this.drawSizeLegend();
    this.applyTransform();
  }

  drawSizeLegend() {
    this.sizeLegend.replaceChildren();
    const steps = [1, 10, 50];
    let x = 14;
    const y = this.size.height - 16;
    this.sizeLegend.appendChild(svg("rect", { class: "legend-bg", x: 4, y: y - 40, width: 186, height: 50, rx: 6 }));
    this.sizeLegend.appendChild(svg("text", { x: 12, y: y - 26, class: "legend-title" })).textContent = "Fatalities";
    for (const n of steps) {
      const r = radius(n);
      this.sizeLegend.appendChild(svg("circle", { cx: x + r, cy: y - r + 2, r, class: "legend-circle" }));
      this.sizeLegend.appendChild(svg("text", { x: x + 2 * r + 4, y: y, class: "legend-text" })).textContent = String(n);
      x += 2 * r + 24;
    }
  }

  applyTransform() {
    const { k, x, y } = this.transform;
    this.world.setAttribute("transform", `translate(${x},${y}) scale(${k})`);
    for (const circle of this.markers.children) {
      const sx = circle.base[0] * k + x + circle.offset[0];
      const sy = circle.base[1] * k + y + circle.offset[1];
      circle.setAttribute("cx", sx.toFixed(1));
      circle.setAttribute("cy", sy.toFixed(1));
      circle.screen = [sx, sy];
    }
    const taken = this.drawPlaceLabels();
    this.drawCountryLabels(taken);
    this.reportView();
  }

  toScreen([px, py]) {
    const { k, x, y } = this.transform;
    return [px * k + x, py * k + y];
  }

  inView([sx, sy], margin = 0) {
    return sx >= -margin && sy >= -margin && sx <= this.size.width + margin && sy <= this.size.height + margin;
  }

  drawCountryLabels(taken) {
    this.countryLabels.replaceChildren();
    const k2 = this.transform.k ** 2;
    const placed = [...taken];
    const big = this.countries.filter((c) => c.anchor && c.area * k2 > 3500).sort((a, b) => b.area - a.area);
    for (const country of big) {
      const [sx, sy] = this.toScreen(country.anchor);
      if (!this.inView([sx, sy], -20)) continue;
      const box = [sx - country.name.length * 3.6, sy - 8, sx + country.name.length * 3.6, sy + 8];
      if (placed.some((b) => overlaps(b, box))) continue;
      placed.push(box);
      this.countryLabels.appendChild(svg("text", { x: sx.toFixed(1), y: sy.toFixed(1) })).textContent = country.name;
    }
  }

  drawPlaceLabels() {
    this.placeLabels.replaceChildren();
    const places = new Map();
    for (const circle of this.markers.children) {
      if (!this.inView(circle.screen)) continue;
      const name = circle.event.location.name;
      const entry = places.get(name) || { name, count: 0, weight: 0, x: -Infinity, y: circle.screen[1], r: 0 };
      entry.count += 1;
      entry.weight += 1 + (circle.event.fatalities.best || 0);
      const r = Number(circle.getAttribute("r"));
      if (circle.screen[0] + r > entry.x + entry.r) Object.assign(entry, { x: circle.screen[0], y: circle.screen[1], r });
      places.set(name, entry);
    }
    // Markers count as taken space, so labels do not cover circles.
    const placed = [...this.markers.children].filter((c) => this.inView(c.screen)).map((c) => {
      const r = Number(c.getAttribute("r"));
      return [c.screen[0] - r, c.screen[1] - r, c.screen[0] + r, c.screen[1] + r];
    });
    const markerBoxes = placed.length;
    for (const place of [...places.values()].sort((a, b) => b.weight - a.weight).slice(0, 14)) {
      const x = place.x + place.r + 5;
      const box = [x, place.y - 9, x + place.name.length * 6.6, place.y + 7];
      if (placed.slice(markerBoxes).some((b) => overlaps(b, box))) continue;
      placed.push(box);
      this.placeLabels.appendChild(svg("text", { x: x.toFixed(1), y: (place.y + 4).toFixed(1) })).textContent = place.name;
    }
    return placed;
  }

  reportView() {
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => {
      const ids = new Set();
      for (const circle of this.markers.children) if (this.inView(circle.screen)) ids.add(circle.dataset.id);
      this.onViewChange(ids);
    }, 60);
  }

  // ---- interaction -------------------------------------------------------------------------

  zoomAt(factor, [px, py]) {
    const { k, x, y } = this.transform;
    const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k * factor));
    const ratio = next / k;
    this.transform = { k: next, x: px - (px - x) * ratio, y: py - (py - y) * ratio };
    this.applyTransform();
  }

  bindInteractions() {
    const point = (e) => {
      const box = this.el.getBoundingClientRect();
      return [e.clientX - box.left, e.clientY - box.top];
    };
    this.el.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoomAt(Math.exp(-e.deltaY * 0.0015), point(e));
    }, { passive: false });
    this.el.addEventListener("dblclick", (e) => this.zoomAt(2, point(e)));

    let drag = null;
    this.el.addEventListener("pointerdown", (e) => {
      if (e.target.classList.contains("marker")) return;
      drag = { start: point(e), origin: { ...this.transform }, moved: false };
      this.el.setPointerCapture(e.pointerId);
    });
    this.el.addEventListener("pointermove", (e) => {
      if (drag) {
        const [px, py] = point(e);
        const dx = px - drag.start[0];
        const dy = py - drag.start[1];
        drag.moved = drag.moved || Math.hypot(dx, dy) > 3;
        this.transform = { ...drag.origin, x: drag.origin.x + dx, y: drag.origin.y + dy };
        this.root.classList.add("panning");
        this.hideTooltip();
        this.applyTransform();
        return;
      }
      if (e.target.classList.contains("marker")) this.showTooltip(e.target);
      else this.hideTooltip();
    });
    const end = () => {
      drag = null;
      this.root.classList.remove("panning");
    };
    this.el.addEventListener("pointerup", end);
    this.el.addEventListener("pointercancel", end);
    this.el.addEventListener("pointerleave", () => this.hideTooltip());
    this.el.addEventListener("click", (e) => {
      if (e.target.classList.contains("marker")) this.onSelect(e.target.dataset.id);
    });
    this.el.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && e.target.classList.contains("marker")) this.onSelect(e.target.dataset.id);
    });
    this.el.addEventListener("focusin", (e) => {
      if (e.target.classList.contains("marker")) this.showTooltip(e.target);
    });
    for (const button of this.root.querySelectorAll("[data-zoom]")) {
      button.addEventListener("click", () => {
        const centre = [this.size.width / 2, this.size.height / 2];
        if (button.dataset.zoom === "in") this.zoomAt(2, centre);
        else if (button.dataset.zoom === "out") this.zoomAt(0.5, centre);
        else this.fit({ all: true });
      });
    }
  }

  showTooltip(circle) {
    const event = circle.event;
    const best = event.fatalities.best;
    const lines = [
      [formatDay(event.date), typeLabel(event.eventType)],
      [event.location.name, countryName(event.location.countryCode || event.countryCode)],
      [best == null ? "fatalities unknown" : `${best} killed`, event.subEventType],
    ];
    this.tooltip.replaceChildren(...lines.map(([a, b]) => {
      const row = document.createElement("div");
      const strong = document.createElement("strong");
      strong.textContent = a;
      row.append(strong, ` · ${b}`);
      return row;
    }));
    const [sx, sy] = circle.screen;
    this.tooltip.hidden = false;
    const left = Math.min(sx + 14, this.size.width - this.tooltip.offsetWidth - 8);
    this.tooltip.style.left = `${Math.max(8, left)}px`;
    this.tooltip.style.top = `${Math.max(8, sy - this.tooltip.offsetHeight - 12)}px`;
  }

  hideTooltip() {
    this.tooltip.hidden = true;
  }
}

function bounds(points) {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/**
 * The box where most events are: the middle 80% on each axis, grown to take in every event
 * close to it. Used only when it still holds three quarters of the events.
 */
function focus(points) {
  if (points.length < 5) return bounds(points);
  const lons = points.map((p) => p[0]).sort((a, b) => a - b);
  const lats = points.map((p) => p[1]).sort((a, b) => a - b);
  const core = [quantile(lons, 0.1), quantile(lats, 0.1), quantile(lons, 0.9), quantile(lats, 0.9)];
  const grow = Math.max(MIN_SPAN_DEGREES / 2, core[2] - core[0], core[3] - core[1]);
  const near = points.filter(([lon, lat]) => lon >= core[0] - grow && lon <= core[2] + grow && lat >= core[1] - grow && lat <= core[3] + grow);
  return near.length >= points.length * 0.75 ? bounds(near) : bounds(points);
}

function overlaps(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}
