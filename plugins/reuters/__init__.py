"""The reuters source plugin."""
