"""Duplicate records: exact after normalisation, then fuzzy pairs blocked by a key.

Exact first (normalise_name over the distinct names only); then rapidfuzz's `cdist`
compares the remaining distinct names within each block (e.g. the same city) in chunks, so
memory stays bounded whatever the block size. Names are compared by their stripped core
(city, legal form, spacing and industry synonyms gone), and scored by edits against the
core's length (`score`): one typo in a 4-character core (华信科技 → 华倍科技) scores 87.5, a
review pair, where the plain ratio (75) missed it. Pairs at or above the high score are
flagged, the band down to the low score goes to review. Flagged pairs are always kept;
review pairs are capped at MAX_PAIRS per table, highest score first.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crmgov.domain.quality.mapping import DuplicateRule, TermsRule
from crmgov.domain.quality.normalise import normalise_name, place_key, split_trade, term_key
from crmgov.domain.quality.results import DuplicatePair

if TYPE_CHECKING:
    import polars as pl

#: Review pairs kept per table in a snapshot, highest score first (flagged pairs are never
#: dropped: each is a duplicate counted in the figures).
MAX_PAIRS = 2000
#: Rows of a block compared at once (a chunk × block matrix of int32).
CHUNK = 512
#: Near twins (fuzzy pairs) a name may have before its pairs are read as a naming pattern.
MAX_TWINS = 5
#: Length allowance of the edit score: an edit costs 100 / (core length + SLACK) points.
#: At 4 one edit on a 4-character core scores 87.5 (review), on an 8-character one 91.7
#: (review), from 9 characters it is flagged at the default 92; two edits need 10+.
SLACK = 4.0


def score(edits: int, length: int) -> float:
    """Similarity of two cores `edits` apart (OSA: a swap is one edit), the longer
    `length` characters: 100 for equal cores."""
    return max(0.0, 100.0 * (1.0 - edits / (length + SLACK)))


Decisions = Mapping[tuple[str, str], str]


@dataclass
class Found:
    """What the duplicate pass found in one table."""

    duplicate_rows: set[int] = field(default_factory=set)
    """Row positions that repeat an earlier record."""
    exact_groups: int = 0
    pairs: list[DuplicatePair] = field(default_factory=list)
    """Every flagged pair, then the review pairs kept (highest score first)."""
    review: list[tuple[float, int, DuplicatePair]] = field(default_factory=list)
    """Review pairs so far, as a min-heap of (score, -order, pair) holding MAX_PAIRS."""

    def keep_review(self, pair: DuplicatePair) -> None:
        """Keep a review pair if it is among the MAX_PAIRS best so far (earlier pairs win
        ties, so the choice does not depend on the order of equal scores)."""
        item = (pair.score, -len(self.review) - self.seen, pair)
        self.seen += 1
        if len(self.review) < MAX_PAIRS:
            heapq.heappush(self.review, item)
        elif item[:2] > self.review[0][:2]:
            heapq.heapreplace(self.review, item)

    seen: int = 0

    def finish(self) -> Found:
        """Flagged pairs, then the review pairs kept, best first."""
        best = sorted(self.review, key=lambda item: (-item[0], -item[1]))
        self.pairs.extend(p for _s, _o, p in best)
        self.review = []
        return self


def _pair_ids(a: str, b: str) -> tuple[str, str]:
    return (a, b) if (len(a), a) <= (len(b), b) else (b, a)


def find_duplicates(
    frame: pl.DataFrame,
    key: str,
    rule: DuplicateRule | None,
    terms: TermsRule | None,
    decisions: Decisions,
    progress: Callable[[float], None] | None = None,
) -> Found:
    """Exact groups (names or payment-term substance), then fuzzy pairs by block."""

    found = Found()
    if rule is None and terms is None:
        return found
    ids = frame[key].to_list() if key else [str(i + 2) for i in range(frame.height)]
    if terms is not None:
        keys = [term_key(d, b) for d, b in zip(frame[terms.days].to_list(),
                                               frame[terms.basis].to_list(), strict=True)]
        substance = ["" if k is None else f"{k[0]}|{k[1]}" for k in keys]
        shown = frame[rule.field].to_list() if rule else [f"{k}" for k in keys]
        _exact(found, substance, ids, shown, decisions)
        return found.finish()
    if rule is None:
        return found
    names: list[str] = frame[rule.field].to_list()
    # The block compared as written loosely ("上海市", "上海 " and "上海" are one city); the
    # record's own city is stripped from its name as well.
    if _VECTOR:
        norm, blocks, lengths, firsts, codes = _cores(frame, rule, found, ids, names,
                                                      decisions)
    else:
        raw_blocks = frame[rule.block].to_list() if rule.block else [""] * frame.height
        block_of = {b: place_key(b) for b in set(raw_blocks)}
        blocks = [block_of[b] for b in raw_blocks]
        # Each distinct (name, city as written) once: the city counts only by its place_key.
        written = list(zip(names, raw_blocks, strict=True))
        cores = dict.fromkeys(written, "")
        for name, raw in cores:
            cores[name, raw] = normalise_name(name, raw if rule.block else None)
        norm = list(map(cores.__getitem__, written))
        # Exact duplicates are equal names in the same block: 上海华信科技 and 北京华信科技
        # both normalise to 华信科技 but are two companies in two cities.
        keyed = [f"{b}\x1f{n}" if n else "" for b, n in zip(blocks, norm, strict=True)]
        firsts = _exact(found, keyed, ids, names, decisions)
        lengths = codes = None
    if progress:
        progress(0.3)
    _fuzzy(found, rule, firsts, norm, blocks, ids, names, decisions, progress, lengths,
           codes)
    return found.finish()


#: Names and the exact pass on whole columns (polars): a plain name (one or two ASCII
#: words of letters and digits: "Company 81153", "Golden Harbor") is normalised there by
#: the steps normalise_name takes on it, every other name by normalise_name itself. 100k
#: plain names cost ~0.5 s of Python in the duplicate thread, which held the interpreter
#: lock the main thread's checks wait for. tests/unit/quality/test_speed_paths turns it
#: off to compare.
_VECTOR = True
_PLAIN = r"^[A-Za-z0-9]+(?: [A-Za-z0-9]+)?$"


def _cores(frame: pl.DataFrame, rule: DuplicateRule, found: Found, ids: list[str],
           names: list[str], decisions: Decisions) -> tuple[list[str], list[str], Any,
                                                            list[int], Any]:
    """(normalised names, blocks, core lengths, first row of each exact value, block
    codes): what the loop over normalise_name and `_exact` give, the exact pairs added to
    `found`; a block's code is a number per distinct block."""
    import numpy as np
    import polars as pl

    from crmgov.domain.quality.normalise import EN_SUFFIXES, EN_SYNONYMS, _en_synonym

    height = frame.height
    name = frame[rule.field].cast(pl.String)
    raw = (frame[rule.block].cast(pl.String).fill_null("") if rule.block
           else pl.Series([""] * height, dtype=pl.String))
    place_of = {b: place_key(b) for b in raw.unique().to_list()}
    place = raw.replace_strict(place_of, return_dtype=pl.String)
    code_of = {p: k for k, p in enumerate(sorted(set(place_of.values())))}
    codes = raw.replace_strict({b: code_of[p] for b, p in place_of.items()},
                               return_dtype=pl.Int64).to_numpy()
    work = pl.DataFrame({"name": name, "place": place})
    words = work.select(
        (pl.col("name").str.contains(_PLAIN).fill_null(False)
         # The city stripped from the front: an ASCII one as written, one without an ASCII
         # character never (an ASCII name holds none of it); a mixed one is left to
         # normalise_name (it looks for it mistyped).
         & ((pl.col("place").str.len_bytes() == pl.col("place").str.len_chars())
            | ~pl.col("place").str.contains(r"[\x00-\x7F]"))).alias("plain"),
        pl.col("name").str.to_lowercase().str.extract(r"^([a-z0-9]+)", 1).alias("w1"),
        pl.col("name").str.to_lowercase().str.extract(r" ([a-z0-9]+)$", 1).alias("w2"))
    # The second word: a legal form goes, a trade word takes its one form, also mistyped
    # (normalise_name's _en_synonym, once per distinct word of six letters or more).
    forms = {**EN_SYNONYMS, **dict.fromkeys(EN_SUFFIXES, "")}
    plain = words["plain"]
    w2 = words["w2"]
    odd = w2.filter(plain & w2.is_not_null() & ~w2.is_in(list(forms))
                    & (w2.str.len_chars() >= 6)).unique().to_list()
    forms.update({w: _en_synonym(w) for w in odd})
    text = words.select(pl.col("w1") + w2.replace(forms).fill_null("")).to_series()
    text = pl.DataFrame({"text": text, "place": place}).select(
        pl.when(pl.col("place").str.len_bytes() == pl.col("place").str.len_chars())
        .then(pl.when(pl.col("text").str.starts_with(pl.col("place"))
                      & (pl.col("text").str.len_bytes()
                         >= pl.col("place").str.len_bytes() + 2))
              .then(pl.col("text").str.slice(pl.col("place").str.len_bytes()))
              .otherwise(pl.col("text")))
        .otherwise(pl.col("text")).alias("norm")).to_series()
    other = np.nonzero(~plain.to_numpy())[0]
    if len(other):
        raws = raw.to_list()
        written = [(names[i], raws[i]) for i in other.tolist()]
        cores = dict.fromkeys(written, "")
        for n, r in cores:
            cores[n, r] = normalise_name(n, r if rule.block else None)
        text = text.scatter(other, [cores[w] for w in written])
    # Exact duplicates are equal names in the same block: 上海华信科技 and 北京华信科技 both
    # normalise to 华信科技 but are two companies in two cities.
    exact = pl.DataFrame({"norm": text, "place": place}).with_row_index("i").select(
        "i", (pl.col("norm") != "").alias("named"),
        pl.col("i").first().over("place", "norm").alias("first"))
    named, at, first = (exact[c].to_numpy() for c in ("named", "i", "first"))
    repeats = np.nonzero(named & (first != at))[0]
    groups: set[int] = set()
    for i, j in zip(repeats.tolist(), first[repeats].tolist(), strict=True):
        if _exact_pair(found, j, i, ids, names, decisions):
            groups.add(j)
    found.exact_groups = len(groups)
    firsts = np.nonzero(named & (first == at))[0].tolist()
    lengths = text.str.len_chars().to_numpy().astype(np.int32)
    return text.to_list(), place.to_list(), lengths, firsts, codes


def _exact_pair(found: Found, j: int, i: int, ids: list[str], names: list[str],
                decisions: Decisions) -> bool:
    """Row i repeats row j's normalised value: a flagged pair, unless decided different
    (both exact passes, columnar and row by row)."""
    a, b = _pair_ids(ids[j], ids[i])
    if decisions.get((a, b)) == "different":
        return False
    found.duplicate_rows.add(i)
    found.pairs.append(DuplicatePair(a=ids[j], b=ids[i], name_a=names[j],
                                     name_b=names[i], score=100.0, flagged=True))
    return True


def _exact(found: Found, norm: list[str], ids: list[str], names: list[str],
           decisions: Decisions) -> list[int]:
    """Mark rows repeating an earlier normalised value; the first row of each value."""
    first_of: dict[str, int] = {}
    groups: set[str] = set()
    for i, value in enumerate(norm):
        if not value:
            continue
        j = first_of.setdefault(value, i)
        if j != i and _exact_pair(found, j, i, ids, names, decisions):
            groups.add(value)
    found.exact_groups = len(groups)
    return sorted(first_of.values())


def _allowed(length: int, low: float) -> int:
    """The most edits two cores, the longer `length` characters, may have and score ≥ low."""
    return int((1 - low / 100) * (length + SLACK) + 1e-9)


def _fuzzy(found: Found, rule: DuplicateRule, firsts: list[int], norm: list[str],
           blocks: list[str], ids: list[str], names: list[str], decisions: Decisions,
           progress: Callable[[float], None] | None, lengths: Any = None,
           codes: Any = None) -> None:
    """Pairs of distinct cores in one block scoring at least the low score.

    Short cores (where one edit is all the low score allows) are paired by their one-
    deletion neighbourhoods: two cores one edit apart (a substitution, an insertion, a
    swap) always share a core-with-one-character-deleted, so a hash join finds every such
    pair without comparing all with all (a block of 15,000 names is 10^8 comparisons).
    Longer cores, which may differ by more, are compared by rapidfuzz (`_long_pairs`).
    """
    import numpy as np

    one = 0  # the longest core for which the low score allows one edit at most
    while _allowed(one + 1, rule.low) <= 1:
        one += 1
    if lengths is None:
        lengths = np.fromiter(map(len, norm), dtype=np.int32, count=len(norm))
    short, crowded = _short_pairs(firsts, norm, blocks, one, rule.low, lengths)
    if progress:
        progress(0.6)
    if len(short):
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        short_edits = process.cpdist([norm[i] for i in short[:, 0]],
                                     [norm[j] for j in short[:, 1]], scorer=OSA.distance,
                                     dtype=np.int32, workers=-1)
    else:
        short_edits = np.empty(0, dtype=np.int32)
    long_pairs, long_edits = _long_pairs(firsts, norm, blocks, lengths, one, rule.low,
                                         progress, codes)
    pairs = np.concatenate([short, long_pairs])
    if not len(pairs):
        return
    edits = np.concatenate([short_edits, long_edits])
    scores = _scores(edits, np.maximum(lengths[pairs[:, 0]], lengths[pairs[:, 1]]))
    good = np.nonzero(scores >= rule.low - 1e-9)[0]
    # A name with many near twins in its block follows a naming pattern (华信一部, 华信二部,
    # a numbered series), it is not a typo of each of them: its fuzzy pairs are not offered.
    twins = np.bincount(pairs[good].ravel(), minlength=len(norm))
    # Short cores known crowded had their pairs with each other left out (_short_pairs).
    twins[crowded] = np.maximum(twins[crowded], MAX_TWINS + 1)
    good = good[(twins[pairs[good, 0]] <= MAX_TWINS) & (twins[pairs[good, 1]] <= MAX_TWINS)]
    # In row order, so the pairs kept (and which row counts as the repeat) never depend on
    # how the candidates were found.
    order = sorted(good.tolist(), key=lambda k: (int(pairs[k, 0]), int(pairs[k, 1])))
    for k in order:
        i, j = int(pairs[k, 0]), int(pairs[k, 1])
        if not _ambiguous(norm[i], norm[j]):
            _add_pair(found, rule, i, j, float(scores[k]), ids, names, decisions)


def _scores(edits: Any, longer: Any) -> Any:
    """`score` over arrays: edits apart, the longer core `longer` characters."""
    return 100.0 * (1.0 - edits / (longer + SLACK))


def _short_pairs(firsts: list[int], norm: list[str], blocks: list[str], one: int,
                 low: float, lengths: Any) -> tuple[Any, Any]:
    """(i, j) row pairs, i < j, of cores up to `one` characters long that share a one-
    deletion variant (or where one is the other less a character) in the same block, and
    the rows known crowded (more than MAX_TWINS good pairs).

    Cores of one length that share the variant less the same position differ in that one
    character only: one edit apart, each pair good when one edit on that length reaches the
    low score. More than MAX_TWINS + 1 of them make each crowded (2-character brands of one
    trade, 华信科技 华达科技 华泰科技 …): pairs of two crowded rows are never offered, so
    they are left out instead of compared (20k such names in one city: 1.5M pairs, 8 s)."""
    import numpy as np
    import polars as pl

    none = np.empty(0, dtype=np.int64)
    at = np.asarray(firsts, dtype=np.int64)
    rows = at[(lengths[at] >= 2) & (lengths[at] <= one)].tolist()
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64), none
    frame = pl.DataFrame({"row": rows, "block": [blocks[i] for i in rows],
                          "core": [norm[i] for i in rows]},
                         schema={"row": pl.Int64, "block": pl.String, "core": pl.String})
    frame = frame.with_columns(pl.col("core").str.len_chars().alias("n"))
    parts = [frame.select("row", "block", pl.col("core").alias("key"))]
    full = [n for n in range(3, one + 1)
            if _scores(np.float64(1), np.float64(n)) >= low - 1e-9]
    crowds = []
    for p in range(one):
        part = frame.filter(pl.col("n") > max(p, 2)).select(
            "row", "block", "n",
            (pl.col("core").str.slice(0, p) + pl.col("core").str.slice(p + 1)).alias("key"))
        crowds.append(part.filter(pl.col("n").is_in(full)).filter(
            pl.len().over("block", "key") > MAX_TWINS + 1).select("row"))
        parts.append(part.drop("n"))
    crowded = pl.concat(crowds).unique()["row"] if _PRUNE else pl.Series("row", [], pl.Int64)
    keys = pl.concat(parts).unique()
    free = keys.filter(~pl.col("row").is_in(crowded.implode()))
    # Every pair with at least one row not crowded, once.
    joined = keys.join(free, on=["block", "key"], suffix="_b").select(
        pl.min_horizontal("row", "row_b").alias("a"),
        pl.max_horizontal("row", "row_b").alias("b")).filter(
        pl.col("a") < pl.col("b")).unique()
    return (joined.to_numpy().astype(np.int64).reshape(-1, 2),
            crowded.sort().to_numpy().astype(np.int64))


#: Leave out the pairs of two cores known crowded (tests turn it off to compare).
_PRUNE = True

#: Neighbours each core is first compared with, in the block sorted by core and by reversed
#: core (names of one numbered series sort side by side): a core found with more than
#: MAX_TWINS near twins this way is "crowded", and two crowded cores need not be compared.
WINDOW = 32
#: Whole window tiles read at once (a STACK × WINDOW × 2·WINDOW array of int32, 2 MB);
#: tests turn _STACK off to compare with the tiles read one by one.
STACK, _STACK = 256, True
#: Blocks up to this many long cores are compared all with all at once.
SMALL_BLOCK = 2 * CHUNK


def _long_pairs(firsts: list[int], norm: list[str], blocks: list[str], lengths: Any, one: int,
                low: float, progress: Callable[[float], None] | None,
                codes: Any = None) -> tuple[Any, Any]:
    """(i, j) row pairs, i < j, in one block, the longer core over `one` characters, that
    reach the low score, and their edits (OSA, by rapidfuzz).

    Every pair of a core with at most MAX_TWINS twins is found (its twins are counted
    exactly); a crowded core (a naming pattern, its pairs never offered) keeps only enough
    pairs to show it is crowded. Comparing all with all, a block of 5,000 numbered names
    ("Company 1234") took 25M comparisons; the crowded ones are left out after a window.
    """
    import numpy as np

    # A pair with a core over `one` characters allows two edits or more: the shorter has at
    # least one - 1 characters.
    rows_kept = np.asarray(firsts, dtype=np.int64)
    rows_kept = rows_kept[lengths[rows_kept] >= one - 1]
    if codes is None:
        code_of: dict[str, int] = {}
        codes = np.fromiter((code_of.setdefault(b, len(code_of)) for b in blocks),
                            dtype=np.int64, count=len(blocks))
    # The rows of each block, ascending (a stable sort of ascending rows by block).
    ranked = rows_kept[np.argsort(codes[rows_kept], kind="stable")]
    by_code = codes[ranked]
    by_block = np.split(ranked, np.flatnonzero(by_code[1:] != by_code[:-1]) + 1) \
        if len(ranked) else []
    allowed = np.array([_allowed(n, low) for n in range(int(lengths.max(initial=0)) + 1)],
                       dtype=np.int32)
    out: list[Any] = []
    out_edits: list[Any] = []
    done, total = 0, max(1, len(ranked))
    for rows in by_block:
        if len(rows) >= 2:
            pairs, edits = _block_pairs(rows.tolist(), norm, lengths, allowed, one, low)
            out.append(pairs)
            out_edits.append(edits)
        done += len(rows)
        if progress:
            progress(0.6 + 0.4 * done / total)
    if not out:
        return np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.int32)
    return np.concatenate(out), np.concatenate(out_edits)


def _block_pairs(rows: list[int], norm: list[str], lengths: Any, allowed: Any, one: int,
                 low: float) -> tuple[Any, Any]:
    """The good long pairs of one block (rows ascending) as row pairs and edits."""
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    n = len(rows)
    positions = np.asarray(rows, dtype=np.int64)
    values = [norm[i] for i in rows]
    lens = lengths[positions]
    most = int(allowed[int(lens.max())])
    found_x: list[Any] = []
    found_y: list[Any] = []
    found_e: list[Any] = []

    def keep(xs: Any, ys: Any, edits: Any) -> None:
        """Keep the good pairs among (xs, ys) (local indices, xs != ys)."""
        longer = np.maximum(lens[xs], lens[ys])
        ok = (xs != ys) & (longer > one) & (edits <= most)
        ok &= _scores(edits, longer) >= low - 1e-9
        if ok.any():
            found_x.append(np.minimum(xs[ok], ys[ok]))
            found_y.append(np.maximum(xs[ok], ys[ok]))
            found_e.append(edits[ok].astype(np.int32))

    def window(order: Any) -> None:
        """Each core against the next WINDOW or more in `order`, by tiles (cdist converts
        each name once per call; cpdist cost ~20x more per pair)."""
        ordered = [values[k] for k in order]
        tiles_x, tiles_y, tiles_e = [], [], []
        full: list[Any] = []  # whole tiles, read at once (per tile, numpy's overhead was most)
        upper = np.arange(2 * WINDOW)[None, :] > np.arange(WINDOW)[:, None]

        def read(at: int) -> None:
            """The pairs of the whole tiles in `full`, the first at `at`."""
            if _STACK and full:
                stacked = np.stack(full)
                ts, xs, ys = np.nonzero((stacked <= most) & upper)
                tiles_x.append(xs + ts * WINDOW + at)
                tiles_y.append(ys + ts * WINDOW + at)
                tiles_e.append(stacked[ts, xs, ys])
                full.clear()

        start = 0
        for at in range(0, len(order), WINDOW):
            edits = process.cdist(ordered[at:at + WINDOW], ordered[at:at + 2 * WINDOW],
                                  scorer=OSA.distance, score_cutoff=most, dtype=np.int32,
                                  workers=1)
            if _STACK and edits.shape == upper.shape:
                if not full:
                    start = at
                full.append(edits)
                if len(full) >= STACK:
                    read(start)
                continue
            xs, ys = np.nonzero(edits <= most)
            tile_upper = ys > xs
            tiles_x.append(xs[tile_upper] + at)
            tiles_y.append(ys[tile_upper] + at)
            tiles_e.append(edits[xs[tile_upper], ys[tile_upper]])
        read(start)
        if tiles_x:  # one keep for every tile: per tile, numpy's call overhead was most
            keep(order[np.concatenate(tiles_x)], order[np.concatenate(tiles_y)],
                 np.concatenate(tiles_e))

    def crowding() -> Any:
        if not found_x:
            return np.zeros(n, dtype=bool)
        code = np.concatenate(found_x) * n + np.concatenate(found_y)
        code = code[_firsts(code)]
        return np.bincount(np.concatenate([code // n, code % n]), minlength=n) > MAX_TWINS

    crowded = np.zeros(n, dtype=bool)
    if n > SMALL_BLOCK and WINDOW:
        window(np.asarray(sorted(range(n), key=values.__getitem__), dtype=np.int64))
        crowded = crowding()
        # Then the cores still free by their ends (a series numbered at the front).
        rest = [k for k in np.nonzero(~crowded)[0].tolist()]
        if len(rest) > SMALL_BLOCK:
            window(np.asarray(sorted(rest, key=lambda k: values[k][::-1]), dtype=np.int64))
            crowded = crowding()
    # Every core not crowded against every core (crowded ones last), each pair once; a
    # pair needs a core over `one` characters (keep), so free short cores are compared with
    # the crowded long ones only (the long free ones met them before): 20k cores of 8
    # characters in one city were 2*10^8 comparisons for no pair.
    long = lens > one if _PRUNE else np.ones(n, dtype=bool)
    groups = [~crowded & long, ~crowded & ~long, crowded & long, crowded & ~long]
    perm = np.concatenate([np.nonzero(g)[0] for g in groups])
    free_long, free = int(groups[0].sum()), int((~crowded).sum())
    crowded_long = free + int(groups[2].sum())
    permuted = [values[k] for k in perm]
    tiles = [(start, min(start + CHUNK, free_long), start, len(perm))
             for start in range(0, free_long, CHUNK)]
    tiles += [(start, min(start + CHUNK, free), free, crowded_long)
              for start in range(free_long, free, CHUNK) if crowded_long > free]
    for start, stop, first, last in tiles:
        edits = process.cdist(permuted[start:stop], permuted[first:last],
                              scorer=OSA.distance, score_cutoff=most, dtype=np.int32,
                              workers=-1)
        xs, ys = np.nonzero(edits <= most)
        xs, ys = xs + start, ys + first
        upper = ys > xs  # the pair once, the row before the column
        xs, ys = xs[upper], ys[upper]
        keep(perm[xs], perm[ys], edits[xs - start, ys - first])
    if not found_x:
        return np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.int32)
    x, y, e = np.concatenate(found_x), np.concatenate(found_y), np.concatenate(found_e)
    first = _firsts(x * n + y)
    return np.stack([positions[x[first]], positions[y[first]]], axis=1), e[first]


def _firsts(codes: Any) -> Any:
    """Where each distinct value of `codes` first occurs, in value order (np.unique's
    return_index, by sorting: numpy's hash-based unique took 0.15 s a block)."""
    import numpy as np

    order = np.argsort(codes, kind="stable")
    ranked = codes[order]
    return order[np.concatenate([[True], ranked[1:] != ranked[:-1]])] if len(codes) else order


#: A brand (字号) of this many characters or fewer, changed by one (华信科技 / 华达科技,
#: 华信 / 华信源), names another company of the same trade as often as it is a typo: such
#: pairs are not offered. Latin brands: one substitution in this many letters or fewer.
SHORT_BRAND, SHORT_LATIN_BRAND = 2, 6


def _ambiguous(a: str, b: str) -> bool:
    """Two cores of one trade whose brands differ the way two companies' brands do."""
    from rapidfuzz.distance import OSA

    brand_a, trade_a = split_trade(a)
    brand_b, trade_b = split_trade(b)
    if not trade_a or trade_a != trade_b:
        return False  # the difference is in the trade (a typo there) or nothing is known
    edits = OSA.distance(brand_a, brand_b)
    shorter = min(len(brand_a), len(brand_b))
    if a.isascii() and b.isascii():
        return edits >= 2 or (edits == 1 and len(brand_a) == len(brand_b)
                              and shorter <= SHORT_LATIN_BRAND)
    return edits >= 2 or (edits == 1 and shorter <= SHORT_BRAND)


def _add_pair(found: Found, rule: DuplicateRule, i: int, j: int, score: float,
              ids: list[str], names: list[str], decisions: Decisions) -> None:
    a, b = _pair_ids(ids[i], ids[j])
    decided = decisions.get((a, b))
    if decided == "different":
        return
    flagged = score >= rule.high or decided == "same"
    pair = DuplicatePair(a=ids[i], b=ids[j], name_a=names[i], name_b=names[j],
                         score=round(score, 1), flagged=flagged)
    if flagged:
        found.duplicate_rows.add(j)
        found.pairs.append(pair)
    else:
        found.keep_review(pair)
