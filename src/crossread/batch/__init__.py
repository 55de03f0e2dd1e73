"""Batch runs: one story record (``partition``), the local process pool and the Ray runner."""
