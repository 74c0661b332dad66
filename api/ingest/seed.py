"""Seeding a fresh database from seeds/: sources, the actor dictionary, and the sample articles."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from api.ingest.files import iter_paths
from api.ingest.service import Ingestor, Summary, read_all
from api.settings import SEEDS_DIR
from api.store.tables import Article


def is_empty(ingestor: Ingestor) -> bool:
    with Session(ingestor.store.engine) as session:
        return session.execute(select(func.count()).select_from(Article)).scalar_one() == 0


def seed(ingestor: Ingestor, seeds_dir: Path = SEEDS_DIR) -> Summary:
    ingestor.ensure_reference_data()
    articles = seeds_dir / "articles"
    paths = list(iter_paths([articles])) if articles.exists() else []
    return ingestor.ingest_documents(read_all(paths))
