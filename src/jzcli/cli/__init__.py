"""Command-line layer: the only place typer and rich are imported."""
