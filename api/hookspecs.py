"""The hooks a plugin can implement. Each one is documented in docs/plugins.md.

A plugin is a module (or object) with functions named after these specs and decorated with
``api.hookimpl``. Plugins are found through the ``eventgraph`` entry-point group; the built-in
``reuters``, ``jpost`` and ``tasnim`` plugins are registered that way too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from api.datasets.importer import Importer
    from api.extract.candidate import EventCandidate
    from api.extract.context import ExtractionContext
    from api.extract.vocabulary import ActorAlias, PlaceAlias
    from api.ingest.article import Article
    from api.ingest.document import Document
    from api.ingest.source import SourceInfo

PROJECT = "eventgraph"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def eventgraph_register_sources() -> list[SourceInfo]:
    """Return the outlets this plugin reads, as ``SourceInfo`` records.

    Called once when the plugin manager starts; the store keeps one Source row per key.

    Example::

        @hookimpl
        def eventgraph_register_sources():
            return [SourceInfo(key="rudaw", name="Rudaw", domains=("rudaw.net",),
                               country="IQ", kind="national newspaper")]
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def eventgraph_detect_source(document: Document) -> str | None:
    """Return the source key if ``document`` comes from your outlet, else None.

    First answer wins. Look at ``document.url`` first (its domain), then at markers in
    ``document.text`` such as datelines ("BAGHDAD (Reuters) -") and credits. Called only
    when the caller did not name the source.

    Example::

        @hookimpl
        def eventgraph_detect_source(document):
            if document.url and "rudaw.net" in document.url:
                return "rudaw"
            return None
    """
    raise NotImplementedError


@hookspec(firstresult=True)
def eventgraph_parse_article(document: Document, source: str) -> Article | None:
    """Parse ``document`` into an ``Article`` when ``source`` is yours; return None otherwise.

    First answer wins. Handle both the outlet's HTML and plain text copied from its pages.
    Raise ``api.errors.DocumentError`` when the document is yours but cannot be read.

    Example::

        @hookimpl
        def eventgraph_parse_article(document, source):
            if source != "rudaw":
                return None
            lines = [l.strip() for l in document.text.splitlines() if l.strip()]
            return Article(source="rudaw", headline=lines[0], paragraphs=tuple(lines[1:]))
    """
    raise NotImplementedError


@hookspec
def eventgraph_normalize_article(article: Article) -> Article | None:
    """Return a cleaned copy of ``article``, or None to leave it as it is.

    Every implementation runs, one after the other, each receiving the previous one's
    result: use it to map an outlet's wording onto plain terms ("martyred" -> "killed")
    or to drop boilerplate. Check ``article.source`` and leave other outlets' articles alone.

    Example::

        @hookimpl
        def eventgraph_normalize_article(article):
            if article.source != "rudaw":
                return None
            return article.with_text(lambda text: text.replace("Peshmerga forces", "Peshmerga"))
    """
    raise NotImplementedError


@hookspec
def eventgraph_actor_aliases() -> list[ActorAlias]:
    """Return other names your outlet uses for actors in the actor dictionary.

    Each ``ActorAlias(alias, actor, source)`` maps ``alias`` to the canonical actor name
    ``actor``; ``source`` records which outlet uses it and is shown by the API.

    Example::

        @hookimpl
        def eventgraph_actor_aliases():
            return [ActorAlias("Hashd al-Shaabi", "Popular Mobilization Units", source="rudaw")]
    """
    raise NotImplementedError


@hookspec
def eventgraph_place_aliases() -> list[PlaceAlias]:
    """Return other names your outlet uses for places in the gazetteer.

    Example::

        @hookimpl
        def eventgraph_place_aliases():
            return [PlaceAlias("Hewler", "Erbil", source="rudaw")]
    """
    raise NotImplementedError


@hookspec
def eventgraph_prepare_extraction(context: ExtractionContext) -> None:
    """Called once when the extraction context is built, after every plugin's aliases are applied
    and before the first ``eventgraph_extract_events`` call.

    Build here what your extractor derives from the dictionaries (a matcher, an index): each
    hook call has its own time limit, so the first article's extraction is not charged for it.
    The core extractor builds its name matcher here.

    Example::

        @hookimpl
        def eventgraph_prepare_extraction(context):
            MATCHERS[id(context)] = build_matcher(context.actors, context.gazetteer)
    """


@hookspec
def eventgraph_extract_events(article: Article, context: ExtractionContext) -> list[EventCandidate]:
    """Return the events found in ``article``; the lists of every implementation are joined.

    ``context`` gives the actor dictionary and gazetteer with every plugin's aliases
    applied. The core extractor is itself an implementation of this hook (plugin "core").

    Example::

        @hookimpl
        def eventgraph_extract_events(article, context):
            if "ceasefire" not in article.body:
                return []
            return [EventCandidate(event_type="Strategic developments",
                                   sub_event_type="Agreement", date=article.published_at.date())]
    """
    raise NotImplementedError


@hookspec
def eventgraph_event_stored(event_id: int, created: bool, candidate: EventCandidate, article: Article) -> None:
    """Called after the transaction that stored an event has committed.

    ``created`` is False when the candidate was merged into an event already known from
    another report. Use it to notify, index or export; exceptions are logged, not raised.

    Example::

        @hookimpl
        def eventgraph_event_stored(event_id, created, candidate, article):
            if created and (candidate.fatalities_best or 0) >= 10:
                alert(f"event {event_id}: {candidate.summary}")
    """


@hookspec
def eventgraph_register_importers() -> list[Importer]:
    """Return the dataset formats this plugin reads, as ``api.datasets.importer.Importer`` objects.

    ``eventgraph import FILE --format NAME`` uses the importer called NAME; with
    ``--format auto`` the first importer whose ``sniff(path, head)`` is true reads the file.
    ``read(path)`` yields an ``ImportedRow`` per row (an ``EventCandidate`` with the dataset's
    row id, the report URL and the row's other fields) or a ``RowError`` with the line number.
    The built-in ``gdelt`` and ``acled`` plugins implement this hook.

    Example::

        @hookimpl
        def eventgraph_register_importers():
            return [UcdpImporter()]   # a subclass of api.datasets.importer.Importer
    """
    raise NotImplementedError
