"""Annotation: gold corpus IO, the doccano loop, agreement and the Hugging Face export."""
