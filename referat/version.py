"""The package's version, in a module of its own so every stage can name it without importing
`referat/__init__` (which sits on top of the stages)."""
__version__ = "0.1.0"
