"""Reading links in batches for exports: constant memory however long the alignment is.

Exports stream: each batch is one query for the links (keyset pagination on the ordering key,
so batch 500 costs what batch 1 does) and one query per side for the texts they cover; that
query also says where each segment lies (`Place`: its paragraph's position and kind, so that
headings are exported as headings), and one query per pass numbers the paragraph links by
the paragraphs they hold (`paragraph_link_numbers`), so that a sentence-level export can say
which paragraph link each sentence link lies in, in one pass however many paragraphs there are.
An edition's segments are read from what it kept at publication (`edition_segments_between`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from workbench.segment import sentence_starts
from workbench.store.base import LinkRow, StoreBase, link_row


class Place(NamedTuple):
    """Where a segment lies: the position of its paragraph (a paragraph's own), that
    paragraph's kind (paragraph | heading), and for a sentence the white space before it in
    its paragraph ("" for the first; a line break between two lines of verse, nothing between
    two Japanese sentences), so that exports put back what a space would not."""

    paragraph: int
    kind: str
    space: str = ""


class LinkBatch(NamedTuple):
    """Links of one level in order with the texts they cover ({position: text} per side) and
    where those segments lie ({position: Place} per side: a sentence's paragraph, a
    paragraph's own kind)."""

    links: list[LinkRow]
    source: dict[int, str]
    target: dict[int, str]
    source_places: dict[int, Place]
    target_places: dict[int, Place]


class Numbers(NamedTuple):
    """The paragraph links of an alignment or edition, numbered 1… in order: per side the
    number of the one holding each paragraph position (0: none), and each one's (status, who
    set it), the link numbered n at index n - 1."""

    source: list[int]
    target: list[int]
    statuses: list[tuple[str, str | None]]


class ExportQueries(StoreBase):
    def edition_link_batches(
        self, edition_id: int, level: str, batch: int = 1000
    ) -> Iterator[list[dict[str, Any]]]:
        """An edition's links of one level in ordinal order, `batch` rows at a time."""
        after = -1
        while True:
            rows = list(
                self.db.query(
                    "select * from edition_links where edition_id = ? and level = ?"
                    " and ordinal > ? order by ordinal limit ?",
                    [edition_id, level, after, batch],
                )
            )
            if not rows:
                return
            yield rows
            after = rows[-1]["ordinal"]

    def link_batches(
        self,
        alignment_id: int,
        level: str,
        *,
        confirmed_only: bool = False,
        batch: int = 1000,
    ) -> Iterator[LinkBatch]:
        """Current links of one level in order with the source and target texts they cover
        (and at sentence level where those sentences lie), a `LinkBatch` per batch."""
        alignment = self.db["alignments"].get(alignment_id)
        status = " and status = 'confirmed'" if confirmed_only else ""
        after = (-1, -1)
        while True:
            links = [
                link_row(row)
                for row in self.db.query(
                    "select * from links where alignment_id = ? and level = ?"
                    f"{status} and (src_start > ? or (src_start = ? and tgt_start > ?))"
                    " order by src_start, tgt_start limit ?",
                    [alignment_id, level, after[0], after[0], after[1], batch],
                )
            ]
            if not links:
                return
            source, source_places = self._segments_between(
                alignment["source_version_id"],
                level,
                min(link.src_start for link in links),
                max(link.src_end for link in links),
            )
            target, target_places = self._segments_between(
                alignment["target_version_id"],
                level,
                min(link.tgt_start for link in links),
                max(link.tgt_end for link in links),
            )
            yield LinkBatch(links, source, target, source_places, target_places)
            after = (links[-1].src_start, links[-1].tgt_start)

    def count_export_links(self, alignment_id: int, level: str, confirmed_only: bool) -> int:
        status = " and status = 'confirmed'" if confirmed_only else ""
        sql = f"select count(*) from links where alignment_id = ? and level = ?{status}"
        return self.db.execute(sql, [alignment_id, level]).fetchone()[0]

    def count_edition_links(self, edition_id: int, level: str) -> int:
        sql = "select count(*) from edition_links where edition_id = ? and level = ?"
        return self.db.execute(sql, [edition_id, level]).fetchone()[0]

    def sentences_between(
        self, version_id: int, start: int, end: int
    ) -> tuple[dict[int, str], dict[int, Place]]:
        """The sentences of a version at positions [start, end): {position: text} and
        {position: Place}, in one query (the parent paragraph by its primary key), and one
        more for the paragraphs' texts, where the white space between sentences is."""
        texts: dict[int, str] = {}
        places: dict[int, Place] = {}
        parents: dict[int, list[tuple[int, str]]] = {}  # paragraph id: its sentences here
        rows = self.db.execute(
            "select s.position, s.text, p.position, p.kind, p.id from segments s"
            " left join segments p on p.id = s.parent_id"
            " where s.version_id = ? and s.level = 'sentence' and s.position >= ?"
            " and s.position < ? order by s.position",
            [version_id, start, end],
        )
        for position, text, paragraph, kind, parent in rows:
            texts[position] = text
            if paragraph is not None:
                places[position] = Place(paragraph, kind)
                parents.setdefault(parent, []).append((position, text))
        for parent, spaces in self._spaces_before(parents).items():
            for (position, _text), space in zip(parents[parent], spaces, strict=True):
                places[position] = places[position]._replace(space=space)
        return texts, places

    def _spaces_before(self, parents: dict[int, list[tuple[int, str]]]) -> dict[int, list[str]]:
        """Per paragraph id, the white space before each of the given sentences (in position
        order) in the paragraph's text: one query for the paragraphs, one for the sentences
        of the first paragraph before the range (those of the others all lie in it), so that
        a repeated sentence ("Yes.") is found in its own place, not at its first. A sentence
        not found in its paragraph's text is given a space, as exports had it."""
        if not parents:
            return {}
        ids = list(parents)
        paragraphs: dict[int, str] = {}
        for k in range(0, len(ids), 500):  # well inside SQLite's limit of bound variables
            chunk = ids[k : k + 500]
            marks = ", ".join("?" * len(chunk))
            paragraphs.update(
                self.db.execute(f"select id, text from segments where id in ({marks})", chunk)
            )
        first = ids[0]
        earlier = [
            text
            for (text,) in self.db.execute(
                "select text from segments where parent_id = ? and level = 'sentence'"
                " and position < ? order by position",
                [first, parents[first][0][0]],
            )
        ]
        found: dict[int, list[str]] = {}
        for parent, sentences in parents.items():
            paragraph, cursor, spaces = paragraphs.get(parent, ""), 0, []
            texts = (earlier if parent == first else []) + [text for _position, text in sentences]
            starts = sentence_starts(paragraph, texts)
            for index, (text, at) in enumerate(zip(texts, starts, strict=True)):
                gap = paragraph[cursor:at] if at is not None else " "
                spaces.append("" if index == 0 else gap if gap.isspace() or not gap else " ")
                cursor = at + len(text) if at is not None else cursor
            found[parent] = spaces[len(earlier) :] if parent == first else spaces
        return found

    def paragraph_link_numbers(self, alignment_id: int) -> Numbers:
        """Per side, the number of the current paragraph link holding each paragraph position
        (0 where none does): links numbered 1… in order, as a paragraph-level draft of all of
        them numbers them. One query, linear in the paragraphs."""
        rows = self.db.execute(
            "select src_start, src_end, tgt_start, tgt_end, status, set_by from links"
            " where alignment_id = ? and level = 'paragraph' order by src_start, tgt_start",
            [alignment_id],
        )
        return _numbered((number, *row) for number, row in enumerate(rows, start=1))

    def edition_paragraph_link_numbers(self, edition_id: int) -> Numbers:
        """`paragraph_link_numbers` of an edition's paragraph links (numbered as its
        paragraph-level export numbers them: ordinal + 1)."""
        rows = self.db.execute(
            "select ordinal + 1, src_start, src_end, tgt_start, tgt_end,"
            " coalesce(status, 'confirmed'), set_by from edition_links"
            " where edition_id = ? and level = 'paragraph' order by ordinal",
            [edition_id],
        )
        return _numbered(rows)

    def edition_segments_between(
        self, edition_id: int, side: str, level: str, start: int, end: int
    ) -> tuple[dict[int, str], dict[int, Place]]:
        """An edition's segments of a side and level at positions [start, end) as they stood
        at its publication (`edition_segments`), as `_segments_between` gives today's:
        {position: text} and {position: Place}, in one query."""
        texts: dict[int, str] = {}
        places: dict[int, Place] = {}
        rows = self.db.execute(
            "select position, text, paragraph, kind, space from edition_segments"
            " where edition_id = ? and side = ? and level = ? and position >= ?"
            " and position < ?",
            [edition_id, side, level, start, end],
        )
        for position, text, paragraph, kind, space in rows:
            texts[position] = text
            if paragraph is not None:
                places[position] = Place(paragraph, kind, space or "")
        return texts, places

    def paragraphs_between(
        self, version_id: int, start: int, end: int
    ) -> tuple[dict[int, str], dict[int, Place]]:
        """The paragraphs of a version at positions [start, end): {position: text} and
        {position: Place} (their kinds), in one query."""
        texts: dict[int, str] = {}
        places: dict[int, Place] = {}
        rows = self.db.execute(
            "select position, text, kind from segments where version_id = ?"
            " and level = 'paragraph' and position >= ? and position < ?",
            [version_id, start, end],
        )
        for position, text, kind in rows:
            texts[position] = text
            places[position] = Place(position, kind)
        return texts, places

    def _segments_between(
        self, version_id: int, level: str, start: int, end: int
    ) -> tuple[dict[int, str], dict[int, Place]]:
        """{position: text} of a version's segments of one level at [start, end), and where
        they lie (`sentences_between`, `paragraphs_between`)."""
        if level == "sentence":
            return self.sentences_between(version_id, start, end)
        return self.paragraphs_between(version_id, start, end)


def _numbered(rows: Iterable[tuple[Any, ...]]) -> Numbers:
    """(number, src_start, src_end, tgt_start, tgt_end, status, set_by) of paragraph links,
    numbered 1… in order, as `Numbers`."""
    numbers = Numbers([], [], [])
    for number, src_start, src_end, tgt_start, tgt_end, status, set_by in rows:
        for table, start, end in (
            (numbers.source, src_start, src_end),
            (numbers.target, tgt_start, tgt_end),
        ):
            if end > len(table):
                table.extend([0] * (end - len(table)))
            table[start:end] = [number] * (end - start)
        numbers.statuses.append((status, set_by))
    return numbers
