// GraphiQL served by eventgraph itself: every script and stylesheet comes from this server,
// so the page works with no internet access. Queries go over HTTP, subscriptions over
// graphql-transport-ws (GraphiQL's bundled graphql-ws client) on the same /graphql URL.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("eventgraph-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href);
  endpoint.search = "";
  endpoint.hash = "";
  const subscriptionUrl = new URL(endpoint.href);
  subscriptionUrl.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";

  const send = GraphiQL.createFetcher({
    url: endpoint.href,
    subscriptionUrl: subscriptionUrl.href,
  });

  // GraphiQL parses the query editor 100 ms after each change, a tab switch included, and picks
  // HTTP or WebSocket from that parse. Run within those 100 ms (Ctrl-Enter right after switching
  // tabs, or a busy machine) and it sends the new tab's text with the old tab's operation name and
  // document: a subscription goes out over HTTP and fails as "Unknown operation named ..."
  // (graphql/graphiql#3632). So both are read again from the text actually sent.
  function fetcher(params, options) {
    let document;
    try {
      document = GraphiQL.GraphQL.parse(params.query);
    } catch {
      return send(params, options); // the server reports the syntax error
    }
    const names = document.definitions
      .filter((d) => d.kind === "OperationDefinition")
      .map((d) => (d.name ? d.name.value : undefined));
    let operationName = params.operationName;
    if (!names.includes(operationName) && names.length === 1) operationName = names[0];
    return send({ ...params, operationName }, { ...options, documentAST: document });
  }

  const explorer = GraphiQLPluginExplorer.explorerPlugin({ showAttribution: false });

  // A shared link `?query=...&variables=...` opens that query in front of the examples.
  const params = new URLSearchParams(window.location.search);
  const tabs = config.tabs.slice();
  if (params.get("query")) {
    tabs.unshift({ query: params.get("query"), variables: params.get("variables") || undefined });
  }

  function App() {
    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultTabs: tabs,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
    }, React.createElement(GraphiQL.Logo, null,
      React.createElement("a", { href: "/", className: "eventgraph-logo", title: "Back to the events map" },
        "event", React.createElement("span", null, "graph")),
      React.createElement("small", { className: "eventgraph-ide" }, "GraphiQL")));
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(App));
})();
