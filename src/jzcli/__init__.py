"""jz: fetch, extract, repair and export news articles."""

__version__ = "0.1.0"
