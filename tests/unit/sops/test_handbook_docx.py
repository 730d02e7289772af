"""The handbook's DOCX numbers each SOP's steps from 1 (a list of its own per SOP)."""

from __future__ import annotations

import io

from crmgov.services.docx import markdown_to_docx


def test_each_numbered_list_counts_from_one() -> None:
    import docx

    md = "# T\n\n## A\n\n1. a1\n2. a2\n\n## B\n\n1. b1\n2. b2\n   - sub\n3. b3\n"
    document = docx.Document(io.BytesIO(markdown_to_docx(md)))
    ids: dict[str, int] = {}
    for p in document.paragraphs:
        if p.style.name == "List Number":
            ids[p.text] = p._p.pPr.numPr.numId.val
    assert ids["a1"] == ids["a2"] != ids["b1"] == ids["b2"] == ids["b3"]
    numbering = document.part.numbering_part.element
    for num_id in (ids["a1"], ids["b1"]):
        num = numbering.num_having_numId(num_id)
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_same_input_same_bytes() -> None:
    md = "# T\n\n## A\n\n1. a\n\n## B\n\n1. b\n"
    assert markdown_to_docx(md) == markdown_to_docx(md)
