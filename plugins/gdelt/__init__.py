"""The gdelt importer plugin: GDELT 1.0 and 2.0 event files (tab-separated, no header).

Each row becomes an event: its CAMEO EventCode mapped to ACLED's types (see
``plugins.gdelt.cameo``), Actor1/Actor2 as perpetrator and target, ActionGeo as the place
(FeatureID as the location key), NumMentions/NumSources/NumArticles and the actor codes kept
with the event's origin, and SOURCEURL as the report.
"""

from __future__ import annotations

from api import hookimpl
from api.datasets.importer import Importer
from plugins.gdelt.reader import GdeltImporter


@hookimpl
def eventgraph_register_importers() -> list[Importer]:
    return [GdeltImporter()]
