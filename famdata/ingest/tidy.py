"""The tidy score table — one row per (window, student, measure) — assembled from column arrays.

A district export becomes close to a million tidy rows. Building a DataFrame per column and
concatenating them, or finding a student listed twice by comparing strings, takes longer than
reading the file. Here every label gets a small integer code shared by all the file's tables,
rows are gathered as arrays and joined once, and repeats and counts are found on the integers.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from famdata.ingest.cells import ParsedCells
from famdata.score_table import Coded

COLUMNS = (
    "window",
    "identity",
    "measure",
    "value",
    "missing_reason",
    "sheet",
    "row",
    "column",
    "vendor_band",
)
_TYPES = {"value": "float64", "row": "int64", "key": "int64"}


# A tidy row's key packs its window, measure and student codes into one integer, so a repeated
# student is found with one hash pass; a file under the 100 MB cap stays far inside these bits.
_STUDENT_BITS = 23
_MEASURE_BITS = 20


def _key(window: np.ndarray, measure: np.ndarray | int, student: np.ndarray) -> np.ndarray:
    return (window << (_MEASURE_BITS + _STUDENT_BITS)) | (measure << _STUDENT_BITS) | student


def constant(value: object, n: int) -> np.ndarray:
    """`n` references to one value (np.full would copy a string n times)."""
    array = np.empty(n, dtype=object)  # numpy starts an object array as all None
    if value is not None:
        array.fill(value)
    return array


@dataclass(frozen=True)
class Same:
    """One value for `n` tidy rows (a column's sheet, header or measure), written out only when
    the tidy table is joined: a check never needs it."""

    value: object
    n: int


Part = np.ndarray | Same


class Codes:
    """Small integers for labels (windows, students, measures), the same in every table.

    The label -> code lookup is brought up to date only when a label may already have a code:
    a file's first table (often its only one) just numbers its labels in order.
    """

    def __init__(self) -> None:
        self._known: dict[Hashable, int] = {}
        self.labels: list[Hashable] = []

    def __len__(self) -> int:
        return len(self.labels)

    def _lookup(self) -> dict[Hashable, int]:
        start = len(self._known)
        self._known.update(zip(self.labels[start:], range(start, len(self.labels)), strict=True))
        return self._known

    def one(self, label: Hashable) -> int:
        known = self._lookup()
        if label not in known:
            known[label] = len(self.labels)
            self.labels.append(label)
        return known[label]

    def of(self, labels: np.ndarray) -> np.ndarray:
        """The code of each label (None and NaN are one label, None)."""
        return self.of_coded(*pd.factorize(labels))

    def of_coded(self, local: np.ndarray, distinct: np.ndarray) -> np.ndarray:
        """`of` for labels already coded by their table: label i is `distinct[local[i]]`, None
        where `local` is negative. A label no row holds gets a code all the same."""
        if self.labels:
            known = self._lookup()
            coded = np.array(
                [known[label] if label in known else self.one(label) for label in distinct],
                dtype=np.int64,
            )
        else:  # the first table: every label is new, in order
            coded = np.arange(len(distinct), dtype=np.int64)
            self.labels.extend(distinct)
        unlabelled = self.one(None) if (local < 0).any() else -1
        return np.append(coded, unlabelled)[local]


@dataclass(frozen=True)
class Rows:
    """The student rows of one table: who each is and which window it is in (labels and codes)."""

    identity: np.ndarray
    identity_code: np.ndarray
    window: np.ndarray
    window_code: np.ndarray
    number: np.ndarray  # the row number the teacher sees

    def take(self, keep: np.ndarray) -> Rows:
        if keep.all():
            return self
        return Rows(
            self.identity[keep],
            self.identity_code[keep],
            self.window[keep],
            self.window_code[keep],
            self.number[keep],
        )

    @functools.cached_property
    def window_codes(self) -> list[int]:
        """The windows these rows are in (each column of a wide table asks again)."""
        return _distinct(self.window_code)

    @functools.cached_property
    def student_key(self) -> np.ndarray:
        """Each row's window and student packed as in a tidy row's key, without the measure."""
        return _key(self.window_code, 0, self.identity_code)

    @functools.cached_property
    def distinct(self) -> bool:
        """No student is listed twice in one window."""
        return not pd.Series(self.student_key, copy=False).duplicated().any()

    def by_window(self) -> Listed:
        """The students (codes) each window lists."""
        listed = Listed()
        if len(self.window_codes) == 1:  # most tables: every row in one window
            listed.add(self.window[0], self.identity_code)
            return listed
        for code in self.window_codes:
            here = self.window_code == code
            listed.add(self.window[np.argmax(here)], self.identity_code[here])
        return listed

    def in_window(self, label: str, code: int) -> Rows:
        """The same rows, all in one window (named by a header such as "ORF_Fall")."""
        return replace(
            self,
            window=constant(label, len(self.number)),
            window_code=np.full(len(self.number), code, dtype=np.int64),
        )


@dataclass
class Listed:
    """The students (codes) each window lists, gathered table by table and counted at the end:
    a set of fifty thousand Python integers per table cost more than the counting."""

    parts: dict[str | None, list[np.ndarray]] = field(default_factory=dict)

    def add(self, label: object, students: np.ndarray) -> None:
        """`label` None, or NaN from an object array, is the one unnamed window."""
        self.parts.setdefault(label if isinstance(label, str) else None, []).append(students)

    def update(self, other: Listed) -> None:
        for label, parts in other.parts.items():
            self.parts.setdefault(label, []).extend(parts)

    def windows(self) -> tuple[str | None, ...]:
        """The windows in the order first listed."""
        return tuple(self.parts)

    def counts(self) -> dict[str | None, int]:
        """How many students each window lists, each counted once."""
        return {label: _how_many(np.concatenate(parts)) for label, parts in self.parts.items()}


def _how_many(codes: np.ndarray) -> int:
    """The number of distinct codes (small integers), without sorting them."""
    if not len(codes):
        return 0
    seen = np.zeros(int(codes.max()) + 1, dtype=bool)
    seen[codes] = True
    return int(np.count_nonzero(seen))


@dataclass(frozen=True)
class Repeats:
    """The tidy rows whose student, window and measure another row of the file also holds: for
    each, its sheet and row, left out, and the sheet and row whose cell was kept (the first with
    a score). Arrays, not one object a row: a file can list the same students a million times."""

    sheet: np.ndarray
    row: np.ndarray
    kept_sheet: np.ndarray
    kept_row: np.ndarray

    @classmethod
    def none(cls) -> Repeats:
        empty = np.array([], dtype=object)
        return cls(empty, empty.astype(np.int64), empty, empty.astype(np.int64))


@dataclass(frozen=True)
class Tidy:
    """What a file's scores add up to; the tidy table itself is joined only when asked for
    (`frame`), so a check of a district export never builds its million rows."""

    repeats: Repeats
    scored: dict[tuple[str | None, str], int]  # numeric scores per (window, measure)
    markers: dict[tuple[str | None, str], dict[str, int]]  # absence markers per (window, measure)
    measures: tuple[str, ...]  # in the order they first appear
    measure_columns: dict[tuple[str | None, str], str]  # (window, measure): its first column
    parts: dict[str, list[Part]] = field(repr=False)
    repeated: np.ndarray = field(repr=False)
    labels: dict[str, list[Hashable]] = field(repr=False)  # window, identity, measure: by code

    def frame(self) -> pd.DataFrame:
        """One row per (window, identity, measure), the first of any repeated row kept."""
        # copy=False keeps one block per column: stacking a million-row object block costs more
        # than everything else in reading a file.
        return pd.DataFrame(
            {
                name: pd.Series(self.column(name), dtype=_dtype(name), copy=False)
                for name in COLUMNS
            },
            copy=False,
        )

    def column(self, name: str) -> np.ndarray:
        """One column of `frame`, row for row, without joining the others (an import needs three
        of the nine)."""
        joined = _joined(self.parts[name], name)
        return joined[~self.repeated] if self.repeated.any() else joined

    def coded(self) -> dict[str, Coded]:
        """The window, identity and measure of `frame`'s rows, row for row, as the codes every
        row's key already holds."""
        key = self.column("key")
        codes = {
            "window": key >> (_MEASURE_BITS + _STUDENT_BITS),
            "identity": key & ((1 << _STUDENT_BITS) - 1),
            "measure": (key >> _STUDENT_BITS) & ((1 << _MEASURE_BITS) - 1),
        }
        return {name: Coded.compacted(codes[name], self.labels[name]) for name in codes}


def _dtype(name: str) -> str | type:
    return _TYPES.get(name, object)


def _joined(parts: list[Part], name: str) -> np.ndarray:
    arrays = [constant(p.value, p.n) if isinstance(p, Same) else p for p in parts]
    return np.concatenate(arrays) if arrays else np.array([], dtype=_dtype(name))


@dataclass
class Assembly:
    """Score columns gathered from a file's tables, joined into one tidy table by `finish`.

    Counts are kept per column as it arrives (cheap, cache-sized arrays); `finish` joins only
    the packed keys, to find students listed twice.
    """

    windows: Codes = field(default_factory=Codes)
    students: Codes = field(default_factory=Codes)
    measures: Codes = field(default_factory=Codes)
    _parts: dict[str, list[Part]] = field(
        default_factory=lambda: {c: [] for c in (*COLUMNS, "key")}
    )
    _first_column: dict[tuple[int, int], str] = field(default_factory=dict)  # per pair code
    _scored: Counter[int] = field(default_factory=Counter)  # numeric scores per packed pair
    # Per column: where a missing score's reason is given (positions in the joined table), the
    # (window, measure) pair there, and the reason.
    _reasons: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    # Per column: its measures, its one (window, measure) pair if it has one, and whether its own
    # rows list no student twice — enough, most of the time, to know nobody is listed twice.
    _claims: list[tuple[set[int], int | None, bool]] = field(default_factory=list)
    _rows: int = 0

    def add(
        self,
        rows: Rows,
        *,
        measure: str | np.ndarray,
        sheet: str,
        column: str,
        cells: ParsedCells,
        vendor_band: np.ndarray | None,
    ) -> None:
        """One score column (or a long table's score column) for `rows`, already filtered;
        `vendor_band` None where the export gives no band."""
        n = len(rows.number)
        measures: Part
        one_pair: int | None = None
        if isinstance(measure, str):
            measure_code: np.ndarray | int = self.measures.one(measure)
            for window_code in rows.window_codes:
                self._first_column.setdefault((window_code, measure_code), column)
            if len(rows.window_codes) == 1:
                one_pair = (rows.window_codes[0] << _MEASURE_BITS) | measure_code
            measures = Same(measure, n)
            key = rows.student_key | (measure_code << _STUDENT_BITS)
        else:
            measure_code, measures = self.measures.of(measure), measure
            key = _key(rows.window_code, measure_code, rows.identity_code)
        for name, values in (
            ("window", rows.window),
            ("identity", rows.identity),
            ("measure", measures),
            ("value", cells.value),
            ("missing_reason", cells.reason),
            ("sheet", Same(sheet, n)),
            ("row", rows.number),
            ("column", Same(column, n)),
            ("vendor_band", Same(None, n) if vendor_band is None else vendor_band),
            ("key", key),
        ):
            self._parts[name].append(values)
        given = np.flatnonzero(cells.given)
        if one_pair is None:  # a long table, or a column over several windows
            pairs = key >> _STUDENT_BITS
            _count(self._scored, pairs[cells.scored])
            given_pairs = pairs[given]
            one_pair = int(pairs[0]) if n and pairs.min() == pairs.max() else None
        else:  # every row's pair is the one pair: counted without an array of pairs
            self._scored[one_pair] += int(np.count_nonzero(cells.scored))
            given_pairs = np.full(len(given), one_pair, dtype=np.int64)
        self._reasons.append((given + self._rows, given_pairs, cells.reason[given]))
        self._claim(rows, measure_code, key, one_pair)
        self._rows += n

    def _claim(
        self, rows: Rows, measure_code: np.ndarray | int, key: np.ndarray, one_pair: int | None
    ) -> None:
        if isinstance(measure_code, int):
            measures, clean = {measure_code}, rows.distinct
        else:
            measures = set(np.unique(measure_code).tolist())
            clean = not pd.Series(key, copy=False).duplicated().any()
        self._claims.append((measures, one_pair, clean))

    def _may_repeat(self) -> bool:
        """Whether any student might be listed twice for a window and measure; False when each
        column lists every student once and no two columns hold the same window and measure."""
        if not all(clean for _, _, clean in self._claims):
            return True
        claimed: dict[int, list[int | None]] = {}
        for measures, pair, _ in self._claims:
            for measure in measures:
                others = claimed.setdefault(measure, [])
                if any(other is None or pair is None or other == pair for other in others):
                    return True
                others.append(pair)
        return False

    def finish(self) -> Tidy:
        """Repeated rows (the first kept) and the counts."""
        repeats = Repeats.none()
        repeated = np.zeros(self._rows, dtype=bool)
        scored = self._scored.copy()
        if self._may_repeat():
            key = _joined(self._parts["key"], "key")
            value = _joined(self._parts["value"], "value")
            repeated = _repeated(key, value)
            if repeated.any():
                repeats = self._repeats(key, repeated)
                left_out: Counter[int] = Counter()
                _count(left_out, key[repeated][~np.isnan(value[repeated])] >> _STUDENT_BITS)
                scored.subtract(left_out)
        markers = self._markers(~repeated)
        pairs = {p for p, n in scored.items() if n} | set(markers)
        measure_codes = sorted({p & ((1 << _MEASURE_BITS) - 1) for p in pairs})
        return Tidy(
            repeats=repeats,
            scored={self._pair_label(p): n for p, n in scored.items() if n},
            markers={self._pair_label(p): m for p, m in markers.items()},
            measures=tuple(self.measures.labels[c] for c in measure_codes),  # type: ignore[misc]
            measure_columns={
                (self.windows.labels[w], self.measures.labels[m]): column  # type: ignore[misc]
                for (w, m), column in self._first_column.items()
            },
            parts=self._parts,
            repeated=repeated,
            labels={
                "window": self.windows.labels,
                "identity": self.students.labels,
                "measure": self.measures.labels,
            },
        )

    def _pair_label(self, pair: int) -> tuple[str | None, str]:
        window, measure = pair >> _MEASURE_BITS, pair & ((1 << _MEASURE_BITS) - 1)
        return self.windows.labels[window], self.measures.labels[measure]  # type: ignore[return-value]

    def _markers(self, kept: np.ndarray) -> dict[int, dict[str, int]]:
        if not self._reasons:
            return {}
        where, pairs, reasons = (
            np.concatenate([part[i] for part in self._reasons]) for i in range(3)
        )
        counted = kept[where]
        markers: dict[int, dict[str, int]] = {}
        for (pair, reason), n in Counter(
            zip(pairs[counted].tolist(), reasons[counted].tolist(), strict=True)
        ).items():
            markers.setdefault(pair, {})[str(reason)] = n
        return markers

    def _repeats(self, key: np.ndarray, repeated: np.ndarray) -> Repeats:
        sheet, row = _joined(self._parts["sheet"], "sheet"), _joined(self._parts["row"], "row")
        first_of_key = pd.Series(np.flatnonzero(~repeated), index=key[~repeated])
        kept = first_of_key.reindex(key[repeated]).to_numpy()
        return Repeats(sheet[repeated], row[repeated], sheet[kept], row[kept])


def _repeated(key: np.ndarray, value: np.ndarray) -> np.ndarray:
    """True for every row but one per key: the first row with a score is kept, else the first row.

    A student who moved and came back is listed twice, each row holding the windows they were
    there for; keeping the first row blindly would drop the later window's scores for a blank.
    """
    scored_first = np.argsort(np.isnan(value), kind="stable")
    repeated = np.empty(len(key), dtype=bool)
    repeated[scored_first] = pd.Series(key[scored_first], copy=False).duplicated().to_numpy()
    return repeated


def _distinct(codes: np.ndarray) -> list[int]:
    """The codes in `codes`; most columns are of one window, found without sorting."""
    if len(codes) and codes.min() == codes.max():
        return [int(codes[0])]
    return np.unique(codes).tolist()


def _count(counter: Counter[int], pairs: np.ndarray) -> None:
    """Add how often each pair occurs; one column is usually one pair, counted without sorting."""
    if not len(pairs):
        return
    if pairs.min() == pairs.max():
        counter[int(pairs[0])] += len(pairs)
        return
    distinct, counts = np.unique(pairs, return_counts=True)
    counter.update(dict(zip(distinct.tolist(), counts.tolist(), strict=True)))
