"""Text basics, each defined once: ``words`` (tokens, stop words), ``shapes`` (what ends like
a sentence, headline and Title Case tests), ``dates`` (every date parser), ``script`` (word
counts in scripts written without spaces). Pure functions; their word lists, patterns and
limits are in ``data/text.json``, ``data/stopwords.json`` and ``data/read.json``."""
