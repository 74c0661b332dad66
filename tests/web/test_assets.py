"""/assets: whitelisted npm files and the app's own files, at versioned URLs with long cache headers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request

from api.web import Assets, WebUI
from api.web.assets import IMMUTABLE, NPM_FILES, split_npm_path
from tests.web.support import require_node_modules


def client(assets: Assets) -> httpx.AsyncClient:
    app = Starlette(routes=WebUI(assets).routes())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1")


async def test_every_whitelisted_file_is_served_immutable_at_its_installed_version() -> None:
    assets = require_node_modules()
    http = client(assets)
    for package, paths in NPM_FILES.items():
        for path in paths:
            url = assets.npm(package, path)
            response = await http.get(url)
            assert response.status_code == 200, url
            assert response.headers["cache-control"] == IMMUTABLE
            assert response.content == (assets.node_modules / package / path).read_bytes()
            expected = "javascript" if path.endswith(".js") else "css" if path.endswith(".css") else "json"
            assert expected in response.headers["content-type"], url


async def test_other_files_and_other_versions_are_not_served() -> None:
    assets = require_node_modules()
    http = client(assets)
    react = assets.package_version("react")
    assert (await http.get(f"/assets/npm/react@{react}/package.json")).status_code == 404
    assert (await http.get(f"/assets/npm/react@{react}/umd/react.development.js")).status_code == 404
    assert (await http.get("/assets/npm/react@0.0.1/umd/react.production.min.js")).status_code == 404
    assert (await http.get("/assets/npm/left-pad@1.0.0/index.js")).status_code == 404
    assert (await http.get("/assets/npm/react")).status_code == 404


async def test_large_assets_are_gzipped_for_clients_that_accept_it() -> None:
    assets = require_node_modules()
    http = client(assets)
    url = assets.npm("graphiql", "graphiql.min.js")
    response = await http.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    raw = (assets.node_modules / "graphiql" / "graphiql.min.js").read_bytes()
    assert response.content == raw  # the client decoded it
    assert int(response.headers["content-length"]) < len(raw) / 2
    plain = await http.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == raw


async def test_app_files_are_versioned_by_their_content(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "events").mkdir(parents=True)
    (static / "events" / "main.js").write_text("console.log(1);\n")
    assets = Assets(node_modules=tmp_path / "node_modules", static_dir=static)
    http = client(assets)
    url = assets.app("events/main.js")
    first = await http.get(url)
    assert first.status_code == 200 and first.text == "console.log(1);\n"
    assert first.headers["cache-control"] == IMMUTABLE
    assert "javascript" in first.headers["content-type"]

    (static / "events" / "main.js").write_text("console.log(2);\n")
    assert assets.app("events/main.js") != url  # new content, new URL
    stale = await http.get(url)  # a page loaded before the change still gets the file, uncached
    assert stale.text == "console.log(2);\n" and stale.headers["cache-control"] == "no-cache"


async def test_app_files_cannot_escape_the_static_folder(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.txt").write_text("no")
    assets = Assets(node_modules=tmp_path, static_dir=static)
    http = client(assets)
    digest = assets.static_digest()
    for path in ("../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt", "missing.js"):
        response = await http.get(f"/assets/app/{digest}/{path}", follow_redirects=True)
        assert response.status_code == 404 and response.text != "no", path
    # Clients normalise `..` away; a raw request path can still carry one.
    scope = {"type": "http", "method": "GET", "headers": [], "path_params": {"digest": digest, "path": "../secret.txt"}}
    response = await assets.serve_app(Request(scope))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("rest", "parts"),
    [
        ("react@18.2.0/umd/react.production.min.js", ("react", "18.2.0", "umd/react.production.min.js")),
        ("@graphiql/plugin-explorer@3.2.5/dist/style.css", ("@graphiql/plugin-explorer", "3.2.5", "dist/style.css")),
        ("react@18.2.0", ("", "", "")),
        ("@graphiql/plugin-explorer@3.2.5", ("", "", "")),
    ],
)
def test_split_npm_path(rest: str, parts: tuple[str, str, str]) -> None:
    assert split_npm_path(rest) == parts


async def test_gzip_bodies_are_cached_until_the_file_changes(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "big.js").write_text("x = 1;\n" * 1000)
    assets = Assets(node_modules=tmp_path, static_dir=static)
    http = client(assets)
    body = await http.get(assets.app("big.js"), headers={"Accept-Encoding": "gzip"})
    assert body.headers["content-encoding"] == "gzip"
    assert len(assets._bodies) == 1
    (static / "big.js").write_text("y = 2;\n" * 1000)
    again = await http.get(assets.app("big.js"), headers={"Accept-Encoding": "gzip"})
    assert again.text.startswith("y = 2;") and len(assets._bodies) == 1
