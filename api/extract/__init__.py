"""Extraction: articles in, event candidates out."""
