// The view's filters, kept in the URL's query string so a view can be shared as a link.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function emptyFilters() {
  return { types: [], actor: "", country: "", source: "", from: "", to: "" };
}

export function readURL(search = window.location.search) {
  const params = new URLSearchParams(search);
  const list = (name) => (params.get(name) || "").split(",").map((s) => s.trim()).filter(Boolean);
  const day = (name) => (DAY.test(params.get(name) || "") ? params.get(name) : "");
  return {
    types: list("type").map((t) => t.toUpperCase()),
    actor: params.get("actor") || "",
    country: (params.get("country") || "").toUpperCase(),
    source: params.get("source") || "",
    from: day("from"),
    to: day("to"),
  };
}

export function writeURL(filters) {
  const params = new URLSearchParams();
  if (filters.types.length) params.set("type", filters.types.join(","));
  for (const name of ["actor", "country", "source", "from", "to"]) {
    if (filters[name]) params.set(name, filters[name]);
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
  if (url !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(null, "", url);
  }
}

/** The EventFilter input for the API; `dates: false` leaves the date range out (the timeline shows all days). */
export function toEventFilter(filters, { dates = true } = {}) {
  const filter = {};
  if (filters.types.length) filter.eventTypes = filters.types;
  if (filters.actor) filter.actorName = filters.actor;
  if (filters.country) filter.countries = [filters.country];
  if (filters.source) filter.sources = [filters.source];
  if (dates && filters.from) filter.dateFrom = filters.from;
  if (dates && filters.to) filter.dateTo = filters.to;
  return filter;
}
