"""Storage: SQLModel tables, the engine, migrations, and the writer that stores and merges."""
