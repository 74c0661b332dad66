// The GraphQL documents the page sends: the same public API GraphiQL shows.

const EVENT_FIELDS = `
fragment EventFields on Event {
  id
  date
  datePrecision
  eventType
  subEventType
  summary
  countryCode
  fatalities { low best high }
  injuries
  reportCount
  location { name featureType admin1 countryCode latitude longitude }
  actors { role attribution actor { name } }
  reports {
    evidence
    article { headline url publishedAt source { key name } }
  }
}`;

export const EVENTS = `
query MapEvents($filter: EventFilter, $after: String) {
  events(filter: $filter, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { ...EventFields }
  }
}
${EVENT_FIELDS}`;

export const TIMELINE = `
query Timeline($filter: EventFilter) {
  days: eventStats(groupBy: [DAY, EVENT_TYPE], filter: $filter) { key count fatalities }
}`;

export const OPTIONS = `
query FilterOptions {
  sources { key name }
  types: eventStats(groupBy: [EVENT_TYPE]) { key count }
  actors: eventStats(groupBy: [ACTOR]) { key count }
  countries: eventStats(groupBy: [COUNTRY]) { key count }
  bySource: eventStats(groupBy: [SOURCE]) { key count }
}`;

export const EVENT_ADDED = `
subscription LiveEvents($filter: EventFilter) {
  eventAdded(filter: $filter) { id date }
}`;

export const EVENT_UPDATED = `
subscription ChangedEvents($filter: EventFilter) {
  eventUpdated(filter: $filter) { id }
}`;
