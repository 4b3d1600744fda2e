"""Errors a user sees: each names the file and says what to do."""
from __future__ import annotations


class ReferatError(Exception):
    """Base for errors that are reported to the user without a traceback."""

    type: str = "ReferatError"

    def __init__(self, source: str, message: str, hint: str = "") -> None:
        self.source = source
        self.message = message
        self.hint = hint
        super().__init__(self.describe())

    def describe(self) -> str:
        text = f"{self.source}: {self.message}"
        return f"{text} {self.hint}".strip() if self.hint else text


class InputError(ReferatError):
    """The file cannot be read as minutes (empty, binary, encrypted, scanned, ...)."""

    type = "InputError"


class ModelError(ReferatError):
    """The pipeline cannot be loaded."""

    type = "ModelError"
