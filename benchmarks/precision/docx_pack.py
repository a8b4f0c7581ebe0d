#!/usr/bin/env python3
"""Pack a Word document's parts saved from a public repository (an unzipped .docx committed as XML) into a .docx.

    python3 benchmarks/precision/docx_pack.py benchmarks/precision/docs/parts/ID   # -> benchmarks/precision/docs/ID.docx

The parts (word/document.xml, and word/styles.xml, word/numbering.xml where saved) live in the
git-ignored docs/parts/ID/; manifest-docx.jsonl names each part's repository, commit, path and
sha256. A minimal [Content_Types].xml and the package relationships are added when not saved.
Stdlib only.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/'
      '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
      '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{more}</Types>')
PART_TYPES = {"styles.xml": "styles", "numbering.xml": "numbering"}
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships">{rels}</Relationships>')


def pack(folder: Path) -> Path:
    out = folder.parent.parent / f"{folder.name}.docx"
    word = folder / "word"
    more, rels = [], []
    for i, (name, kind) in enumerate(PART_TYPES.items(), 1):
        if (word / name).is_file():
            more.append(f'<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-officedocument.'
                        f'wordprocessingml.{kind}+xml"/>')
            rels.append(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/{kind}" Target="{name}"/>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT.format(more="".join(more)))
        z.writestr("_rels/.rels", RELS.format(rels='<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                                                    'officeDocument/2006/relationships/officeDocument" '
                                                    'Target="word/document.xml"/>'))
        z.writestr("word/_rels/document.xml.rels", RELS.format(rels="".join(rels)))
        for part in sorted(word.glob("*.xml")):
            z.write(part, f"word/{part.name}")
    return out


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(pack(Path(arg)))
