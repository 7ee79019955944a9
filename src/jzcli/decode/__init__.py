"""Decode stage: raw bytes -> text, with a charset decision from all evidence."""

from jzcli.decode.charset import decode_bytes

__all__ = ["decode_bytes"]
