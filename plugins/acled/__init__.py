"""The acled importer plugin: ACLED exports, CSV with ACLED's 31 columns and a header row.

actor1 and assoc_actor_1 become perpetrators, actor2 and assoc_actor_2 targets; the inter codes
give the actors' kinds; the columns eventgraph has no field for (inter codes, source, tags,
admin2/3, region) are kept with the event's origin so an export gives them back.
"""

from __future__ import annotations

from api import hookimpl
from api.datasets.importer import Importer
from plugins.acled.reader import AcledImporter


@hookimpl
def eventgraph_register_importers() -> list[Importer]:
    return [AcledImporter()]
