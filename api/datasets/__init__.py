"""Event datasets (GDELT, ACLED) read by importer plugins: the shared shapes and helpers."""
