"""The jpost source plugin."""
