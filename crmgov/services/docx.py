"""DOCX from the Markdown every report already renders: one converter for all areas.

Each area renders its report as Markdown from its templates; `markdown_to_docx` turns that
into a Word document with real structure rather than styled text: headings (Heading 1–6,
so Word's navigation pane and the table of contents see them), bulleted and numbered lists
(the List Bullet / List Number styles, nested levels), tables (Table Grid, header row in
bold and repeated on each page; columns sized by what they hold, a wide table set in
smaller type or, with its heading, on a landscape page), block quotes, code blocks and
`---` as a page break. A
table-of-contents field follows the title; its entries are written out as the field's
result, so the contents show in LibreOffice and in Word before anyone updates the field.

Markdown is parsed with markdown-it-py (a Textual dependency, CommonMark + tables), and the
document written with python-docx. The output is byte-for-byte reproducible for the same
input and `created` time (zip members get a fixed timestamp), so a signed pack can be
generated again with the same hash. Both libraries are imported inside the function: they
cost ~0.15 s and only DOCX output needs them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: Fixed zip timestamp (the earliest zip allows) so equal documents are equal bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Chinese text needs an East Asian font named, or Word falls back per character.
_EAST_ASIAN_FONT = "SimSun"


@dataclass
class _Inline:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    line_break: bool = False


@dataclass
class _Block:
    kind: str  # heading | paragraph | item | table | quote | code | pagebreak
    level: int = 0
    ordered: bool = False
    runs: list[_Inline] = field(default_factory=list)
    rows: list[list[list[_Inline]]] = field(default_factory=list)
    text: str = ""


def _inlines(token: Any) -> list[_Inline]:
    """The runs of one markdown-it inline token (bold, italic, code, breaks)."""
    runs: list[_Inline] = []
    bold = italic = False
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "text":
            runs.append(_Inline(child.content, bold, italic))
        elif kind == "code_inline":
            runs.append(_Inline(child.content, bold, italic, code=True))
        elif kind in ("softbreak",):
            runs.append(_Inline(" ", bold, italic))
        elif kind == "hardbreak" or (
            kind == "html_inline" and child.content.lower().startswith("<br")
        ):
            runs.append(_Inline("", line_break=True))
        elif kind == "image":
            runs.append(_Inline(child.content or "", bold, italic))
    return runs


def _blocks(markdown: str) -> list[_Block]:
    """Flatten the Markdown into the blocks the document is written from."""
    from markdown_it import MarkdownIt  # deferred: see module docstring

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks: list[_Block] = []
    lists: list[bool] = []  # ordered? per open list, innermost last
    items: list[_Block] = []  # open list items, innermost last
    quote = 0
    table: _Block | None = None
    row: list[list[_Inline]] | None = None
    target: _Block | None = None  # where the next inline token's runs go
    for tok in tokens:
        t = tok.type
        if t == "heading_open":
            target = _Block("heading", level=int(tok.tag[1]))
            blocks.append(target)
        elif t == "paragraph_open":
            if items:
                target = items[-1]
                if target.runs:  # a later paragraph of one item: a new line in it
                    target.runs.append(_Inline("", line_break=True))
            else:
                target = _Block("quote" if quote else "paragraph")
                blocks.append(target)
        elif t == "inline":
            runs = _inlines(tok)
            if row is not None:
                row.append(runs)
            elif target is not None:
                target.runs.extend(runs)
        elif t in ("heading_close", "paragraph_close"):
            target = None
        elif t in ("bullet_list_open", "ordered_list_open"):
            lists.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            item = _Block("item", level=len(lists), ordered=lists[-1])
            blocks.append(item)
            items.append(item)
        elif t == "list_item_close":
            items.pop()
        elif t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote -= 1
        elif t in ("fence", "code_block"):
            blocks.append(_Block("code", text=tok.content.rstrip("\n")))
        elif t == "hr":
            blocks.append(_Block("pagebreak"))
        elif t == "table_open":
            table = _Block("table")
        elif t == "tr_open":
            row = []
        elif t == "tr_close" and table is not None and row is not None:
            table.rows.append(row)
            row = None
        elif t == "table_close" and table is not None:
            blocks.append(table)
            table = None
    return [b for b in blocks if b.kind != "item" or b.runs]


def _add_runs(paragraph: Any, runs: Sequence[_Inline], *, bold: bool = False,
              points: int | None = None) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    for run in runs:
        if run.line_break:
            paragraph.add_run().add_break(WD_BREAK.LINE)
            continue
        # A zero-width space after the enumeration comma: LibreOffice finds no break in
        # "#115、#139、#141" and cut it mid-number ("#11" / "5、#139") in a narrow cell.
        r = paragraph.add_run(run.text.replace("、", "、\u200b"))
        r.bold = run.bold or bold or None
        r.italic = run.italic or None
        if run.code:
            r.font.name = "Courier New"
        if points is not None:
            r.font.size = Pt(points)


#: One terminal cell in EMU (7 pt: a digit at 11 pt in the wider stand-ins for Calibri), and
#: a table cell's own padding in cells.
_CELL_EMU = 88_900
_PADDING = 2
#: The body text's size; a table too wide for the page at it is set smaller, and one too
#: wide for a portrait page even so goes on a landscape page (`_table_layout`).
_BODY_PT, _SMALL_PT, _TINY_PT = 11, 9, 8
#: A table of this many columns is a register: a landscape page rather than 8 pt type.
_MANY_COLUMNS = 8
#: The longest unbreakable piece a column is widened for, in cells ("Acknowledged" in
#: bold: 13.5); a longer one may break.
_PIECE_CAP = 14


def _measure(runs: Sequence[_Inline], bold: bool = False) -> tuple[float, float]:
    """(cells of the longest piece no line may break, cells of the whole text) of a
    table cell. The piece is a run of narrow characters without a space (a date, "#115",
    "SOP-SAL-04"); a CJK character (two cells) may break anywhere. A capital letter counts
    1.25 cells and bold text 1.1 times as much: counted as digits, "SOP-AUD-01" and a bold
    "Met" header broke in the stand-in fonts LibreOffice sets them in."""
    from rich.cells import cell_len

    longest = piece = whole = 0.0
    for run in runs:
        scale = 1.1 if bold or run.bold else 1.0
        for char in run.text:
            size = cell_len(char)
            width = scale * (1.25 if size == 1 and char.isupper() else size)
            whole += width
            piece = 0.0 if char.isspace() else (piece + width if size == 1 else 0.0)
            longest = max(longest, piece, width)
    return longest, whole


@dataclass(frozen=True)
class _Needs:
    """What each column of a table asks for, in cells at the body size, padding included:
    its longest unbreakable piece (up to `_PIECE_CAP` cells), up to 8 cells of its text (a
    name or a heading not broken one character a line), and its longest text (up to 40
    cells)."""

    hard: list[int]
    soft: list[int]
    most: list[int]


def _needs(rows: Sequence[Sequence[Sequence[_Inline]]], count: int) -> _Needs:
    """Each column's needs by what it holds (the first row, the header, is bold)."""
    from math import ceil

    hard, soft, most = [0.0] * count, [0.0] * count, [0.0] * count
    for r, cells in enumerate(rows):
        for c, runs in enumerate(cells[:count]):
            piece, size = _measure(runs, bold=r == 0)
            hard[c] = max(hard[c], min(piece, _PIECE_CAP))
            soft[c] = max(soft[c], min(size, 8))
            most[c] = max(most[c], min(size, 40))
    hard_cells = [ceil(w) + _PADDING for w in hard]
    soft_cells = [max(ceil(w) + _PADDING, h) for w, h in zip(soft, hard_cells, strict=True)]
    most_cells = [max(ceil(w) + _PADDING, s) for w, s in zip(most, soft_cells, strict=True)]
    return _Needs(hard_cells, soft_cells, most_cells)


def _table_layout(needs: _Needs, portrait: int, landscape: int) -> tuple[bool, int]:
    """(landscape?, points) of a table whose columns need `needs`, on a text width of
    `portrait` EMU (`landscape` on a landscape page). A portrait page first: at body size
    or small with each column's `soft` room, else small where each column gets at least
    its `hard` room (no word, code or date breaks), down to `_TINY_PT` for a table of
    fewer than `_MANY_COLUMNS` columns; a table that cannot have that turns the page, and
    gets the same ladder there. Before, the 8-column SOP register on a portrait page broke
    its codes, titles and names mid-word ("Unannou nced", "Wang Jiangu o"); turning every
    7-column version history instead would flip the handbook's pages back and forth."""
    many = len(needs.hard) >= _MANY_COLUMNS
    for wide, width in ((False, portrait), (True, landscape)):
        ladder = [(_BODY_PT, needs.soft), (_SMALL_PT, needs.soft), (_SMALL_PT, needs.hard)]
        if wide or not many:
            ladder.append((_TINY_PT, needs.hard))
        for points, cells in ladder:
            if sum(cells) * _CELL_EMU * points <= width * _BODY_PT:
                return wide, points
    return True, _TINY_PT


def _column_widths(needs: _Needs, total: int, points: int = _BODY_PT) -> list[int]:
    """Each column's width by what it holds (before: equal shares, so a date in a seven-
    column table broke as "2027-11-" / "28", and a 是/否 column took as much room as the
    criteria beside it). Room is given in three rounds, each only as far as the width
    allows: first each column's `hard` need, then its `soft` one, then the rest by how
    much longer its longest text is. `points`: the table's text size (cells shrink with
    it)."""
    room = total / (_CELL_EMU * points / _BODY_PT)
    shares = [float(w) for w in needs.hard]
    for target in (needs.soft, needs.most):
        growth = [t - w for t, w in zip(target, shares, strict=True)]
        spare = room - sum(shares)
        if spare <= 0 or not sum(growth):
            continue
        step = min(1.0, spare / sum(growth))
        shares = [w + g * step for w, g in zip(shares, growth, strict=True)]
    spare = room - sum(shares)
    if spare > 0:  # everything fits: the rest goes to the long texts
        growth = [m - w + 1 for m, w in zip(needs.most, shares, strict=True)]
        shares = [w + spare * g / sum(growth) for w, g in zip(shares, growth, strict=True)]
    whole = sum(shares)
    # Whole twips (635 EMU), as the file stores them: rounded, they ran past the width.
    return [int(total * w / whole) // 635 * 635 for w in shares]


def _landscape_spans(blocks: Sequence[_Block], wide: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) block of each landscape section, for the tables at `wide`: the
    heading that introduces a table (up to two paragraphs before it) turns with it, and
    what follows it up to the next heading stays on its page; spans that touch are one."""
    spans: list[tuple[int, int]] = []
    for index in wide:
        first = index
        for back in range(index - 1, max(index - 4, -1), -1):
            if blocks[back].kind == "heading":
                first = back
                break
            if blocks[back].kind not in ("paragraph", "quote"):
                break
        last = index
        while last + 1 < len(blocks) and blocks[last + 1].kind not in ("heading", "pagebreak"):
            last += 1
        if spans and first <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
        else:
            spans.append((first, last))
    return spans


def _turned(sect_pr: Any) -> Any:
    """`sect_pr` on a landscape page (width and height swapped), in place."""
    from docx.enum.section import WD_ORIENT

    size = sect_pr.pgSz
    size.w, size.h = size.h, size.w
    size.orient = WD_ORIENT.LANDSCAPE
    return sect_pr


def _field_run(paragraph: Any, kind: str, instruction: str = "") -> None:
    """One piece of a complex field: begin, the instruction, separate or end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    if instruction:
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = instruction
        run._r.append(instr)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")  # Word refreshes page numbers on open
        run._r.append(char)


def _table_of_contents(doc: Any, headings: Sequence[_Block], caption: str) -> None:
    """A TOC field over Heading 1–3 whose result already lists the headings."""
    doc.add_paragraph(caption, style="TOC Heading")
    shown = [h for h in headings if h.level <= 3] or [_Block("heading", 1, runs=[])]
    first = doc.add_paragraph()
    _field_run(first, "begin")
    _field_run(first, "", ' TOC \\o "1-3" \\h \\z \\u ')
    _field_run(first, "separate")
    paragraph = first
    top = min(h.level for h in shown)
    for index, heading in enumerate(shown):
        if index:
            paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = None
        paragraph.add_run("    " * (heading.level - top) + "".join(r.text for r in heading.runs))
    _field_run(paragraph, "end")


class _Styled:
    """Paragraphs appended in O(1), in a named style looked up once per name.

    python-docx resolves `style="List Number"` by scanning every style of the document on
    each paragraph (twice: by name, then for the default), and inserts each paragraph
    before the section properties by searching the whole body for them: a 500-SOP
    handbook took 4.5 minutes. This keeps the section properties' element and a style-id
    cache; the XML written is the same."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ids: dict[str, str] = {}
        self.end = doc.element.body.sectPr
        self.width = doc._block_width  # reads every section: once, not per table
        section = doc.sections[-1]
        self.landscape_width = section.page_height - section.left_margin \
            - section.right_margin

    def section_break(self, *, landscape: bool) -> None:
        """End the section going on here (a new page follows): a portrait one, or with
        `landscape` a landscape one; the document's own section properties (portrait) are
        the model of both."""
        from copy import deepcopy

        sect_pr = deepcopy(self.end)
        self.add()._p.get_or_add_pPr()._insert_sectPr(
            _turned(sect_pr) if landscape else sect_pr)

    def add(self, name: str | None = None, text: str = "") -> Any:
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        if self.end is None:
            paragraph = self.doc.add_paragraph()
        else:
            element = OxmlElement("w:p")
            self.end.addprevious(element)
            paragraph = Paragraph(element, self.doc._body)
        if name is not None:
            if name not in self.ids:
                self.ids[name] = self.doc.styles[name].style_id
            paragraph._p.get_or_add_pPr().style = self.ids[name]
        if text:
            paragraph.add_run(text)
        return paragraph

    def restart_numbering(self, paragraph: Any, name: str, num_id: int | None) -> int | None:
        """Give an item of a numbered list its own numbering, so each list counts from 1.

        Every "List Number" paragraph shares the style's one numbering in python-docx, so a
        second list went on from where the first stopped (the 2nd SOP's steps were 9, 10…).
        `num_id` None starts a new list (a new w:num over the style's abstract numbering,
        restarting at 1); pass the returned id for the list's further items."""
        if num_id is None:
            style = self.doc.styles[name].element
            numpr = style.pPr.numPr if style.pPr is not None else None
            if numpr is None or numpr.numId is None:
                return None
            numbering = self.doc.part.numbering_part.element
            abstract = numbering.num_having_numId(numpr.numId.val).abstractNumId.val
            num = numbering.add_num(abstract)
            num.add_lvlOverride(ilvl=0).add_startOverride(1)
            num_id = int(num.numId)
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = num_id
        return num_id

    def table(self, rows: int, cols: int, name: str) -> Any:
        """A table of rows × cols over the text width, in table style `name`."""
        from docx.oxml.table import CT_Tbl
        from docx.table import Table

        if self.end is None:
            table = self.doc.add_table(rows=rows, cols=cols)
            table.style = name
            return table
        tbl = CT_Tbl.new_tbl(rows, cols, self.width)
        self.end.addprevious(tbl)
        if name not in self.ids:
            self.ids[name] = self.doc.styles[name].style_id
        tbl.tblStyle_val = self.ids[name]
        return Table(tbl, self.doc._body)


def _set_language(doc: Any) -> None:
    """Tag the text's languages in the document defaults. The template said en-US for East
    Asian text too, so LibreOffice set a zh pack's Chinese in a Japanese face (Japanese
    punctuation: the full-width colon centred). East Asian text is Simplified Chinese in
    either language (Chinese names in an English pack); Latin-script runs (issue numbers,
    codes, names) stay en-US in a Chinese document too, or LibreOffice breaks "#115" and
    "SOP-FIN-01" anywhere, as in Chinese text."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_fonts(doc: Any) -> None:
    from docx.oxml.ns import qn

    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        style = doc.styles[style_name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), _EAST_ASIAN_FONT)


def _reproducible(data: bytes) -> bytes:
    """Rewrite the zip with sorted members and a fixed timestamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        # [Content_Types].xml first, as Office writes it; the rest in a stable order.
        names.sort(key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def markdown_to_docx(
    markdown: str,
    *,
    title: str | None = None,
    toc_caption: str = "Contents",
    language: str = "en",
    created: datetime | None = None,
) -> bytes:
    """The DOCX bytes of `markdown`. A first-level heading at the very top (or `title`)
    becomes the document title; a table of contents (captioned `toc_caption`, already
    translated) follows it unless the document has fewer than two headings."""
    import docx  # deferred: see module docstring
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    blocks = _blocks(markdown)
    if title is None and blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title = "".join(r.text for r in blocks.pop(0).runs)
    doc = docx.Document()
    styled = _Styled(doc)
    _set_fonts(doc)
    _set_language(doc)
    props = doc.core_properties
    props.title = title or ""
    props.language = "zh-CN" if language == "zh" else "en-US"
    props.author = props.last_modified_by = "crmgov"
    props.revision = 1
    stamp = created or datetime(2000, 1, 1)
    props.created = props.modified = stamp
    if title:
        styled.add("Title", title)
    headings = [b for b in blocks if b.kind == "heading"]
    if len(headings) >= 2:
        _table_of_contents(doc, headings, toc_caption)
    layouts: dict[int, tuple[bool, int, _Needs]] = {}
    for index, block in enumerate(blocks):
        if block.kind == "table" and block.rows:
            needs = _needs(block.rows, max(len(r) for r in block.rows))
            layouts[index] = (*_table_layout(needs, styled.width, styled.landscape_width),
                              needs)
    spans = _landscape_spans(blocks, [i for i, (wide, _p, _n) in layouts.items() if wide]) \
        if styled.end is not None else []
    firsts = {first for first, _last in spans}
    lasts = {last for _first, last in spans}
    inside = {i for first, last in spans for i in range(first, last + 1)}
    numbered: int | None = None  # the numbering of the ordered list going on, if any
    for index, block in enumerate(blocks):
        if index in firsts:
            styled.section_break(landscape=False)
        if block.kind == "pagebreak" and (index + 1 in firsts or index - 1 in lasts):
            continue  # the section break starts a new page already
        if block.kind != "item":
            numbered = None  # the next numbered list counts from 1 again
        if block.kind == "heading":
            _add_runs(styled.add(f"Heading {min(block.level, 6)}"), block.runs)
        elif block.kind == "paragraph":
            _add_runs(styled.add(), block.runs)
        elif block.kind == "quote":
            _add_runs(styled.add("Quote"), block.runs)
        elif block.kind == "item":
            base = "List Number" if block.ordered else "List Bullet"
            style = base if block.level <= 1 else f"{base} {min(block.level, 3)}"
            paragraph = styled.add(style)
            if block.ordered and block.level <= 1:
                numbered = styled.restart_numbering(paragraph, style, numbered)
            _add_runs(paragraph, block.runs)
        elif block.kind == "code":
            paragraph = styled.add()
            run = paragraph.add_run(block.text)
            run.font.name = "Courier New"
        elif block.kind == "pagebreak":
            styled.add().add_run().add_break(WD_BREAK.PAGE)
        elif block.kind == "table" and block.rows:
            width = max(len(r) for r in block.rows)
            _wide, points, needs = layouts[index]
            table = styled.table(len(block.rows), width, "Table Grid")
            grid = table._cells  # table.cell(r, c) rebuilds this list on every call
            widths = _column_widths(
                needs, styled.landscape_width if index in inside else styled.width, points)
            table.autofit = False
            for c, w in enumerate(widths):
                table.columns[c].width = w
            for r, cells in enumerate(block.rows):
                for c, runs in enumerate(cells):
                    cell = grid[r * width + c]
                    cell.width = widths[c]
                    _add_runs(cell.paragraphs[0], runs, bold=r == 0,
                              points=None if points == _BODY_PT else points)
            header = table.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            header.append(repeat)
        if index in lasts:
            if index == len(blocks) - 1:
                _turned(styled.end)  # the document ends on the landscape page
            else:
                styled.section_break(landscape=True)
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue())
