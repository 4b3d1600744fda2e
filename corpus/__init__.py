"""Ingestion: minutes from .txt, .pdf, .html or stdin into one cleaned text and its structure."""
