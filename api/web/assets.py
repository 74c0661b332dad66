"""Static assets under /assets: whitelisted npm files and the app's own JS/CSS, at versioned URLs.

Every URL carries a version (the npm package's installed version, or a digest of api/web/static),
so responses can be cached for a year as immutable: a new version is a new URL.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import os
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.settings import REPO_ROOT

NODE_MODULES = REPO_ROOT / "node_modules"
STATIC_DIR = Path(__file__).resolve().parent / "static"

IMMUTABLE = "public, max-age=31536000, immutable"

# The only files of node_modules the server will hand out: everything else there stays private.
NPM_FILES: dict[str, tuple[str, ...]] = {
    "react": ("umd/react.production.min.js",),
    "react-dom": ("umd/react-dom.production.min.js",),
    "graphiql": ("graphiql.min.js", "graphiql.min.css"),
    "@graphiql/plugin-explorer": ("dist/index.umd.js", "dist/style.css"),
    "graphql-ws": ("umd/graphql-ws.min.js",),
    "d3-array": ("dist/d3-array.min.js",),
    "d3-geo": ("dist/d3-geo.min.js",),
    "topojson-client": ("dist/topojson-client.min.js",),
    "world-atlas": ("countries-50m.json", "countries-110m.json"),
}

CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".json": "application/json", ".svg": "image/svg+xml", ".graphql": "text/plain; charset=utf-8"}  # fmt: skip


def split_npm_path(rest: str) -> tuple[str, str, str]:
    """`@scope/name@1.2.3/dist/x.js` -> (`@scope/name`, `1.2.3`, `dist/x.js`); empty parts when malformed."""
    parts = rest.split("/")
    head = 2 if rest.startswith("@") else 1
    if len(parts) <= head:
        return "", "", ""
    package, _, version = "/".join(parts[:head]).rpartition("@")
    return package, version, "/".join(parts[head:])


def default_node_modules() -> Path:
    return Path(os.environ.get("EVENTGRAPH_NODE_MODULES", NODE_MODULES))


class AssetsMissing(Exception):
    """node_modules lacks files the pages need: `npm ci` (run by `make serve`) was not run."""

    def __init__(self, missing: list[str], node_modules: Path) -> None:
        self.missing = missing
        self.node_modules = node_modules
        super().__init__(
            f"The web assets are not installed: {len(missing)} file(s) missing under {node_modules} "
            f"(first: {missing[0]}). Run `make serve`, or `npm ci` in {node_modules.parent}, then reload."
        )


@dataclass
class _Body:
    raw: bytes
    gzipped: bytes | None


@dataclass
class Assets:
    """Resolves asset names to versioned URLs and serves them."""

    node_modules: Path = field(default_factory=default_node_modules)
    static_dir: Path = STATIC_DIR
    _bodies: dict[tuple[Path, int, int], _Body] = field(default_factory=dict, repr=False)
    _digest: tuple[tuple[tuple[str, int, int], ...], str] | None = field(default=None, repr=False)

    # --- versions and URLs -------------------------------------------------------------------

    def package_version(self, package: str) -> str | None:
        manifest = self.node_modules / package / "package.json"
        try:
            version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            return None
        return version if isinstance(version, str) else None

    def missing(self) -> list[str]:
        """Whitelisted npm files that are not installed, as package/path."""
        return [
            f"{package}/{path}"
            for package, paths in NPM_FILES.items()
            for path in paths
            if not (self.node_modules / package / path).is_file()
        ]

    def check(self) -> None:
        missing = self.missing()
        if missing:
            raise AssetsMissing(missing, self.node_modules)

    def npm(self, package: str, path: str) -> str:
        if path not in NPM_FILES.get(package, ()):
            raise KeyError(f"{package}/{path} is not a whitelisted asset")
        version = self.package_version(package)
        if version is None:
            raise AssetsMissing([f"{package}/package.json"], self.node_modules)
        return f"/assets/npm/{package}@{version}/{path}"

    def app(self, path: str) -> str:
        return f"/assets/app/{self.static_digest()}/{path}"

    def static_digest(self) -> str:
        """A digest of api/web/static's contents: the same on every process serving the same code."""
        files = sorted(p for p in self.static_dir.rglob("*") if p.is_file())
        signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        if self._digest is None or self._digest[0] != signature:
            digest = hashlib.sha256()
            for path in files:
                digest.update(path.relative_to(self.static_dir).as_posix().encode())
                digest.update(path.read_bytes())
            self._digest = (signature, digest.hexdigest()[:12])
        return self._digest[1]

    # --- serving -------------------------------------------------------------------------------

    async def serve_npm(self, request: Request) -> Response:
        rest = str(request.path_params["rest"])
        package, version, path = split_npm_path(rest)
        if not package or path not in NPM_FILES.get(package, ()):
            return PlainTextResponse(f"no such asset: {rest}", status_code=404)
        installed = self.package_version(package)
        if installed is None:
            return PlainTextResponse(str(AssetsMissing([f"{package}/{path}"], self.node_modules)), status_code=503)
        if installed != version:
            return PlainTextResponse(f"{package} {version} is not installed (this server has {installed})", 404)
        return self._file(request, self.node_modules / package / path, IMMUTABLE)

    async def serve_app(self, request: Request) -> Response:
        digest = str(request.path_params["digest"])
        path = str(request.path_params["path"])
        root = self.static_dir.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return PlainTextResponse(f"no such asset: {path}", status_code=404)
        # An older digest still gets the file (a page loaded just before a deploy), but uncached.
        cache = IMMUTABLE if digest == self.static_digest() else "no-cache"
        return self._file(request, target, cache)

    def _file(self, request: Request, path: Path, cache: str) -> Response:
        try:
            body = self._body(path)
        except OSError:
            return PlainTextResponse(f"cannot read asset {path.name}", status_code=404)
        media_type = CONTENT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = {"Cache-Control": cache, "Vary": "Accept-Encoding", "X-Content-Type-Options": "nosniff"}
        if body.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(body.gzipped, media_type=media_type, headers=headers)
        return Response(body.raw, media_type=media_type, headers=headers)

    def _body(self, path: Path) -> _Body:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        body = self._bodies.get(key)
        if body is None:
            raw = path.read_bytes()
            # GraphiQL's bundle is 3.5 MB and the 50m borders 0.75 MB: compress once, keep in memory.
            gzipped = gzip.compress(raw, compresslevel=6, mtime=0) if len(raw) > 1024 else None
            self._bodies = {k: v for k, v in self._bodies.items() if k[0] != path}
            body = self._bodies[key] = _Body(raw, gzipped)
        return body
