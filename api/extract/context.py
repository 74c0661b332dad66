"""ExtractionContext: the dictionaries an extractor resolves names against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.extract.actors import ActorDictionary
    from api.extract.gazetteer import Gazetteer
    from api.plugins import PluginHost


@dataclass
class ExtractionContext:
    """Handed to every ``eventgraph_extract_events`` call.

    ``actors`` is the actor dictionary from ``seeds/`` plus every plugin's actor aliases;
    ``gazetteer`` is the curated gazetteer from ``seeds/`` backed by GeoNames, plus every
    plugin's place aliases.
    """

    actors: ActorDictionary
    gazetteer: Gazetteer


def build_context(host: PluginHost) -> ExtractionContext:
    """Load the seeds' dictionaries, apply the aliases the loaded plugins contribute, and let the
    extractors prepare what they derive from them."""
    from api.extract.actors import ActorDictionary
    from api.extract.gazetteer import Gazetteer

    actors = ActorDictionary.from_seeds()
    for plugin, aliases in host.collect("eventgraph_actor_aliases"):
        actors.add_aliases(aliases, plugin=plugin)
    gazetteer = Gazetteer.from_seeds()
    for plugin, aliases in host.collect("eventgraph_place_aliases"):
        gazetteer.add_aliases(aliases, plugin=plugin)
    context = ExtractionContext(actors=actors, gazetteer=gazetteer)
    for _ in host.collect("eventgraph_prepare_extraction", context=context):
        pass  # implementations return nothing; the loop runs them
    return context
