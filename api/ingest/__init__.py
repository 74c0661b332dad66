"""Ingestion: documents in, articles and events out."""
