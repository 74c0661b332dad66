"""Built-in source plugins, each registered through the `eventgraph` entry-point group."""
