"""Repair stage: charset mojibake, pinyin/Traditional conversion damage, entities, widths."""

from jzcli.repair.text import repair_article, repair_document, repair_text, without_readings

__all__ = ["repair_article", "repair_document", "repair_text", "without_readings"]
