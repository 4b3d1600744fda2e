"""The archive stage: follow decisions across meetings.

- `fetch.py`: download meetings from a FirstAgenda portal into a folder plus a manifest
  (incremental, polite, resumable); the portal's API is read in `portal.py`.
- `publish.py`: `referat extract` output into a SQLite database (sqlite-utils) with full-text
  search; `parquet.py` writes the same tables as Parquet partitions.
- `serve.py`: Datasette over that database, with referat's metadata and canned queries
  (`metadata.json`) and Atom feeds (datasette-atom).
- `commands.py`: `referat fetch`, `referat publish`, `referat serve`.
"""
