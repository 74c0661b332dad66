"""The tasnim source plugin."""
