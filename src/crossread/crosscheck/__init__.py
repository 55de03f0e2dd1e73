"""The cross-check of one story: one module per part over one shared context.

``context`` prepares each article once (sentences, words, vectors); ``reuse``, ``entities``,
``quantities``, ``compare``, ``quotes`` and ``attributions`` each read it; ``report`` runs them all
and returns a ``CheckReport``.
"""
