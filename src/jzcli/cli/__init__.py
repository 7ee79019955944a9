"""Command-line layer: the only place typer and rich are imported.

The `jz` process keeps its compiled regular expressions between runs (`regex_cache`), as
Python keeps bytecode; installed here, before typer and jz's modules compile theirs.

A Ctrl-C while the `jz` process is still importing (before a command runs and its own
handling of KeyboardInterrupt applies) ends it with the usual one line and exit 130, not a
traceback from inside an import (`interrupts`).
"""

from jzcli.cli import interrupts, regex_cache

interrupts.install_for_startup()
regex_cache.install()
