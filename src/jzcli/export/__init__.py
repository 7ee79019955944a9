"""Export stage: render articles as Markdown, JSON, JSON lines or plain text."""

from jzcli.export.formats import FORMATS, render_articles

__all__ = ["FORMATS", "render_articles"]
