"""Text basics, each defined once: ``words`` (tokens, stop words), ``shapes`` (what ends like
a sentence, headline and Title Case tests), ``dates`` (every date parser). Pure functions;
their word lists and patterns are in ``data/text.json`` and ``data/stopwords.json``."""
