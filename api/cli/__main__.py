"""``python -m api.cli`` runs the ``eventgraph`` command."""

from __future__ import annotations

from api.cli.main import main

main()
