// Colours and labels shared by the map, the timeline, the filters and the list.

// One hue per ACLED event type, far apart so the six stay distinguishable on the map.
const TYPE_COLORS = {
  BATTLES: "#d1495b",
  EXPLOSIONS_REMOTE_VIOLENCE: "#ed7d31",
  VIOLENCE_AGAINST_CIVILIANS: "#8e5ea2",
  PROTESTS: "#2e86ab",
  RIOTS: "#c2589b",
  STRATEGIC_DEVELOPMENTS: "#3f9c5a",
};
const UNKNOWN = "#7b8794";

/** The schema's enum name for a stored type ("Explosions/Remote violence" -> EXPLOSIONS_REMOTE_VIOLENCE). */
export function typeKey(value) {
  return (value || "").toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_|_$/g, "");
}

export function typeColor(key) {
  return TYPE_COLORS[key] || UNKNOWN;
}

const labels = new Map();

/** Remember the human label of a type, as the API's statistics spell it. */
export function learnTypeLabel(value) {
  if (value) labels.set(typeKey(value), value);
}

export function typeLabel(key) {
  if (!key) return "Unknown type";
  if (labels.has(key)) return labels.get(key);
  const words = key.toLowerCase().split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

let regionNames = null;
try {
  regionNames = new Intl.DisplayNames(["en"], { type: "region" });
} catch {
  regionNames = null;
}

export function countryName(code) {
  if (!code) return "Unknown country";
  try {
    return (regionNames && regionNames.of(code)) || code;
  } catch {
    return code;
  }
}

/** Circle radius in pixels: area grows with fatalities, so 100 dead is not 10× as wide as 1. */
export function radius(fatalities) {
  if (fatalities === null || fatalities === undefined) return 4.5;
  return Math.min(30, 5 + 2.6 * Math.sqrt(fatalities));
}

export function formatDay(iso, options = { day: "numeric", month: "short", year: "numeric" }) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { ...options, timeZone: "UTC" });
}

/** A tiny DOM builder: text goes in as text nodes, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "style" && typeof value === "object") {
      for (const [prop, v] of Object.entries(value)) node.style.setProperty(prop, v);
    }
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  return node;
}
