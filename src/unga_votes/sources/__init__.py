"""Sources: each is an adapter (`sources/<name>/`) the importer runs (`sources/importer.py`)."""
