"""The shared Markdown → DOCX converter, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx

from crmgov.services.docx import markdown_to_docx

SAMPLE = """# SOP handbook

Intro **bold** and *italic*, 中文段落。

## 1. Lead entry

1. Search for duplicates first
2. Enter the lead
   - nested bullet
3. Qualify

| Step | Owner | Note |
| --- | --- | --- |
| 1 | 王芳 | a &lt;b&gt; \\| pipe<br>second line |

> a quote

---

## 2. Next

```
code block
```
"""


def _read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_structure_is_real_headings_lists_and_tables() -> None:
    doc = _read(markdown_to_docx(SAMPLE, toc_caption="Contents"))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styles[0] == ("Title", "SOP handbook")
    assert ("Heading 2", "1. Lead entry") in styles
    assert ("List Number", "Search for duplicates first") in styles
    assert ("List Bullet 2", "nested bullet") in styles
    assert ("Quote", "a quote") in styles
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "bold" in bold
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Step", "Owner", "Note"]
    # Entities decoded, the escaped pipe kept as text, <br> a line break inside the cell.
    assert table.rows[1].cells[2].text == "a <b> | pipe\nsecond line"
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)


def test_table_of_contents_field_lists_the_headings() -> None:
    data = markdown_to_docx(SAMPLE, toc_caption="目录", language="zh")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'TOC \\o "1-3"' in xml
    doc = _read(data)
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "目录"
    assert texts[2].strip() == "1. Lead entry" and texts[3].strip() == "2. Next"
    assert doc.core_properties.language == "zh-CN"


def test_same_input_gives_the_same_bytes() -> None:
    when = datetime(2026, 12, 1, 9, 0)
    assert markdown_to_docx(SAMPLE, created=when) == markdown_to_docx(SAMPLE, created=when)
    assert markdown_to_docx(SAMPLE, created=when) != markdown_to_docx(SAMPLE + "\nmore\n")


def test_page_break_and_no_toc_for_a_short_document() -> None:
    doc = _read(markdown_to_docx("# T\n\nonly text\n\n---\n\nafter\n"))
    assert [p.style.name for p in doc.paragraphs][:2] == ["Title", "Normal"]
    xml = doc.element.xml
    assert 'w:type="page"' in xml and "TOC" not in xml


def _styles(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/styles.xml").decode()


def test_east_asian_text_is_tagged_chinese() -> None:
    """The template's defaults said eastAsia="en-US": LibreOffice then set a zh pack's
    Chinese in a Japanese face (Japanese punctuation forms: the full-width colon centred)."""
    for lang in ("zh", "en"):
        styles = _styles(markdown_to_docx("# 标题\n\n中文：段落", language=lang))
        assert 'w:lang w:val="en-US" w:eastAsia="zh-CN"' in styles, lang


TABLE = """| 姓名 | 部门 | 区域 | 角色 | 可使用 CRM | 状态 | 有效期至 |
| --- | --- | --- | --- | --- | --- | --- |
| 蔡雯 | 客服部 | 华东 | 新员工 | 是 | 已认证 | 2027-11-28 |
| 何平 | 销售部 | 华南 | 老员工 | 否 | 未认证 | — |
"""


def test_table_columns_are_sized_by_what_they_hold() -> None:
    """Before, every column had an equal share: the date broke as "2027-11-" / "28"."""
    from crmgov.services.docx import _CELL_EMU, _PADDING

    document = docx.Document(io.BytesIO(markdown_to_docx(TABLE, language="zh")))
    [table] = document.tables
    widths = [cell.width for cell in table.rows[0].cells]
    assert len(set(widths)) > 1
    date = widths[6]
    assert date >= (10 + _PADDING) * _CELL_EMU  # "2027-11-28" stays on one line
    assert all(w >= (4 + _PADDING) * _CELL_EMU for w in widths)  # "华东" on one line
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert sum(widths) <= text_width


def test_a_chinese_list_may_break_after_its_commas() -> None:
    """LibreOffice found no break in "#115、#139、#141" and cut it mid-number."""
    data = markdown_to_docx("| 数据 |\n| --- |\n| #115、#139、#141 |", language="zh")
    [table] = docx.Document(io.BytesIO(data)).tables
    assert table.rows[1].cells[0].text == "#115、\u200b#139、\u200b#141"


REGISTER = """# Pack

## 3. SOP register

| Code | Title | Department | Owner | Version in force | Approved by | Approved on | Acknowledged |
| --- | --- | --- | --- | --- | --- | --- | --- |
| SOP-AUD-01 | Unannounced spot checks of CRM records | — | Sun Li | 1 | Wang Jiangu \
| 2026-02-19 | 2/2 |
| SOP-FIN-01 | Payment-term master data owned by finance | Finance, Sales | Cao Hong \
| **none** | — | — | 0/0 nobody yet |

*Consultant's review:* accepted

## 4. Next

after the register
"""


def _sections_of(document: docx.document.Document) -> list[tuple[str, list[str]]]:
    """(orientation, texts of what it holds: paragraphs, and "table:N" for a table of N
    columns) of each section, in order."""
    from docx.enum.section import WD_ORIENT
    from docx.table import Table

    out = []
    for section in document.sections:
        wide = section.orientation == WD_ORIENT.LANDSCAPE
        assert wide == (section.page_width > section.page_height)
        texts = [f"table:{len(item.columns)}" if isinstance(item, Table) else item.text
                 for item in section.iter_inner_content()]
        out.append(("landscape" if wide else "portrait", [t for t in texts if t]))
    return out


def _text_width(section: docx.section.Section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def test_a_register_of_eight_columns_turns_its_page() -> None:
    """The 8-column SOP register broke "Unannou nced", "Wang Jiangu o" and "SOP-AUD-/01"
    on a portrait page: it goes on a landscape page with its heading and its review, and
    the document turns back to portrait after it."""
    from crmgov.services.docx import _CELL_EMU, _PADDING

    document = _read(markdown_to_docx(REGISTER))
    sections = _sections_of(document)
    assert [s[0] for s in sections] == ["portrait", "landscape", "portrait"]
    assert sections[1][1][:2] == ["3. SOP register", "table:8"]
    assert "Consultant's review: accepted" in sections[1][1]
    assert sections[2][1][0] == "4. Next"
    [table] = document.tables
    widths = [cell.width for cell in table.rows[0].cells]
    assert sum(widths) <= _text_width(document.sections[1])
    size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size
    points = size.pt if size is not None else 11
    cell, twip = _CELL_EMU * points / 11, 635  # widths are stored in whole twips
    # "SOP-AUD-01", "2026-02-19" and "Unannounced" each fit on one line of their column.
    assert min(widths[0], widths[6]) + twip >= (10 + _PADDING) * cell
    assert widths[1] + twip >= (11 + _PADDING) * cell


def test_a_wide_table_at_the_end_leaves_no_blank_portrait_page() -> None:
    document = _read(markdown_to_docx(REGISTER.split("\n*Consultant")[0]))
    assert [s[0] for s in _sections_of(document)] == ["portrait", "landscape"]


def test_narrow_tables_stay_on_portrait_pages() -> None:
    document = _read(markdown_to_docx(SAMPLE + TABLE))
    assert [s[0] for s in _sections_of(document)] == ["portrait"]


def test_a_seven_column_history_stays_portrait_in_smaller_type() -> None:
    """Turning each SOP's version history would flip the handbook's pages back and forth:
    a table that fits in smaller type, no word broken, stays on the portrait page."""
    from crmgov.services.docx import _CELL_EMU, _PADDING

    history = ("| Version | Status | What changed | Author | Approved by | Approved on | "
               "Because of |\n|---:|---|---|---|---|---|---|\n"
               "| v2 | superseded | Key fields and pointers measured separately | Zhao Lei | "
               "Wang Jiangu | 2026-06-10 | #115 |\n")
    document = _read(markdown_to_docx("# H\n\n" + history))
    assert [s[0] for s in _sections_of(document)] == ["portrait"]
    [table] = document.tables
    size = table.rows[1].cells[0].paragraphs[0].runs[0].font.size
    assert size is not None and size.pt < 11
    widths = [cell.width for cell in table.rows[0].cells]
    assert sum(widths) <= _text_width(document.sections[0])
    cell = _CELL_EMU * size.pt / 11
    twip = 635  # widths are stored in whole twips
    assert widths[5] + twip >= (10 + _PADDING) * cell  # the date, whole
    assert widths[1] + twip >= (10 + _PADDING) * cell  # "superseded", whole
