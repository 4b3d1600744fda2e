"""Which file formats referat reads, and recognising the ones it does not.

A Word file, a spreadsheet, an image or an archive read "as plain text" gives
nonsense items or none at all, with exit status 0; so they are recognised (by
extension and by their first bytes, whatever they are named) and refused with a
message that names the formats referat reads.
"""
from __future__ import annotations

from typing import Optional

READS = "referat reads .txt, .pdf, .html/.htm and FirstAgenda meeting .json files"
EXPORT_HINT = f"Save or export the minutes as PDF, HTML or plain text ({READS})."

_UNSUPPORTED_SUFFIXES = {
    ".docx": "Word document", ".doc": "Word document", ".docm": "Word document", ".dotx": "Word template",
    ".odt": "OpenDocument text", ".rtf": "RTF document", ".pages": "Pages document", ".wpd": "WordPerfect document",
    ".xlsx": "spreadsheet", ".xls": "spreadsheet", ".xlsm": "spreadsheet", ".ods": "spreadsheet",
    ".csv": "spreadsheet (CSV)", ".tsv": "spreadsheet (TSV)", ".numbers": "spreadsheet",
    ".pptx": "presentation", ".ppt": "presentation", ".odp": "presentation", ".key": "presentation",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".tif": "image", ".tiff": "image",
    ".bmp": "image", ".webp": "image", ".heic": "image", ".svg": "image",
    ".zip": "archive", ".gz": "archive", ".tgz": "archive", ".bz2": "archive", ".xz": "archive", ".7z": "archive",
    ".rar": "archive", ".tar": "archive", ".zst": "archive",
    ".eml": "e-mail", ".msg": "e-mail", ".mp3": "audio file", ".mp4": "video", ".xml": "XML file",
}
# (first bytes, what they are): checked whatever the file is named
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP archive or Office document (.docx/.xlsx/.pptx/.odt)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document (.doc/.xls/.ppt)"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
)


def unsupported(data: bytes, suffix: Optional[str]) -> Optional[str]:
    """What the file is when it is a format referat does not read (by content, then name); else None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if len(data) > 262 and data[257:262] == b"ustar":
        return "tar archive"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP image"
    if suffix and suffix in _UNSUPPORTED_SUFFIXES:
        return _UNSUPPORTED_SUFFIXES[suffix]
    return None


def refusal(suffix: Optional[str], what: str) -> tuple[str, str]:
    """(message, hint) of the InputError for an unsupported format."""
    named = f"{suffix} file" if suffix else "file"
    return f"this {named} is a {what}, which is not supported: {READS}.", EXPORT_HINT
