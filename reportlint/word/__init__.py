"""Word documents (.docx): recognising them, and reading one into a Source (reader.py, imported on use).

This module stays light (no lxml, no python-docx): sources.read_file asks it about every
file, so a run over Markdown alone never imports the XML stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this package (annotate) before it points the record store at its cache
    from reportlint.diagnostics import Phrase

WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: .doc, .xls, or an encrypted .docx


def is_word_name(path: str) -> bool:
    return path.lower().endswith(WORD_SUFFIXES)


def is_word(path: str, data: bytes) -> bool:
    """Should this file go to the Word reader (which also names what a non-Word binary is)?"""
    return is_word_name(path) or data[:4] == ZIP_MAGIC or data[:8] == OLE_MAGIC or path.lower().endswith(".doc")


def describe_ole(data: bytes) -> Phrase:
    """What an OLE compound file is, for the E001 message (worded in rules/core/E001.yml)."""
    from reportlint.diagnostics import phrase

    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return phrase("word_encrypted")
    if "WordDocument".encode("utf-16-le") in data:
        return phrase("word_97_doc")
    if "Workbook".encode("utf-16-le") in data:
        return phrase("excel_xls")
    return phrase("ole_file")


def read_source(path: str, data: bytes):
    """A Source for a Word document, or a ReadError that says what the file is instead (its reason a
    Phrase worded in rules/core/E001.yml, so a Chinese reader reads it in Chinese)."""
    from reportlint.diagnostics import phrase
    from reportlint.sources import ReadError, Source

    if data[:8] == OLE_MAGIC:
        return ReadError(path, describe_ole(data))
    if data[:4] != ZIP_MAGIC:
        if not data:
            return ReadError(path, phrase("word_empty"))
        if data.lstrip()[:5] == b"{\\rtf":
            return ReadError(path, phrase("rtf"))
        if path.lower().endswith(".doc"):
            # a Word 2003 XML, HTML or RTF file saved as .doc: decode it as text like any other file
            from reportlint.sources import decode

            return decode(data, path)
        return ReadError(path, phrase("word_not_zip"))
    import io
    import zipfile

    from reportlint.word import reader

    try:
        got = reader.read_package(io.BytesIO(data))
    except reader.NotWord as e:
        return ReadError(path, e.reason)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, NotImplementedError) as e:
        return ReadError(path, phrase("word_bad_zip", detail=str(e)))
    except Exception as e:  # noqa: BLE001 — lxml's XMLSyntaxError and whatever a damaged part raises
        from lxml import etree

        if isinstance(e, etree.XMLSyntaxError):
            return ReadError(path, phrase("word_bad_xml", detail=str(e)))
        return ReadError(path, phrase("word_corrupt", exception=type(e).__name__, detail=str(e)))
    return Source(path, "\n".join(got.lines), "utf-8", b"", "\n", None, tuple(got.infos))
