// A small GraphQL client of the public API: queries over HTTP POST, subscriptions over
// graphql-transport-ws (the graphql-ws client, loaded as a script before this module).

export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
  }
}

export class GraphQLClient {
  constructor(endpoint) {
    this.url = new URL(endpoint, window.location.href);
    this.url.search = "";
    this.url.hash = "";
    this.ws = null;
    this.listeners = new Set();
  }

  async request(query, variables = {}) {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query, variables }),
    });
    let body;
    try {
      body = await response.json();
    } catch {
      throw new Error(`${this.url.pathname} answered ${response.status} ${response.statusText}`);
    }
    if (body.errors && body.errors.length) throw new GraphQLError(body.errors);
    return body.data;
  }

  /** Connection state changes: "connecting", "connected", "closed". */
  onStatus(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe(query, variables, sink) {
    if (!this.ws) this.ws = this.connect();
    return this.ws.subscribe({ query, variables }, sink);
  }

  connect() {
    const url = new URL(this.url.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const emit = (state) => this.listeners.forEach((listener) => listener(state));
    return window.graphqlWs.createClient({
      url: url.href,
      lazy: true,
      retryAttempts: Infinity,
      // Back off up to 30 s so a restarting server is not hammered.
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** retries))),
      shouldRetry: () => true,
      on: {
        connecting: () => emit("connecting"),
        connected: () => emit("connected"),
        closed: () => emit("closed"),
      },
    });
  }
}
