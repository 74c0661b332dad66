"""Exports: events as ACLED-compatible CSV, GeoJSON and PLOVER-style JSON Lines, streamed."""
