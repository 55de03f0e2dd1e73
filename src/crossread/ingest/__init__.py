"""Reading: inputs (files, folders, URLs, JSONL, feeds, WARC, stdin) into cleaned, dated articles.

``sources`` dispatches each input to its reader (``plaintext``, ``html``, ``jsonl``, ``feed``,
``warc``; ``fetch`` is the one URL fetcher), then every article goes through ``clean``,
``metadata`` (dates, outlet) and, downstream, ``split`` (sentences).
"""
