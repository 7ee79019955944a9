"""Command-line layer: the only place typer and rich are imported.

The `jz` process keeps its compiled regular expressions between runs (`regex_cache`), as
Python keeps bytecode; installed here, before typer and jz's modules compile theirs.
"""

from jzcli.cli import regex_cache

regex_cache.install()
