"""The cited extractive summary: ``features`` and the trained scorer, selection, order,
citations and deletion-only ``compress``; ``summarizer.summarize`` composes them into a Brief."""
