"""Extraction for users: extract(), batch runs, Dask, HTML rendering."""
