"""`workbench qa DOC` as text: the most serious findings first, each with one line of each
side's text around its spans, safe for a terminal, and the finding's and the link's
confidence; `--format json` keeps its fields and adds the link's confidence."""

from __future__ import annotations

import json
import re

from tests.conftest import import_pair
from workbench.cli.quality import excerpt, terminal_safe

HEADER = re.compile(
    r"^(\[[\d, ]*\]):(\[[\d, ]*\])  (critical|major|minor) +(\S+) +(.*)  \[([0-9a-f]{20})\]$"
)
SOURCE = [
    "Takimi u mbajt në Tiranë në vitin 1961.",
    "Delegacioni kishte 80 anëtarë dhe qëndroi tre ditë në qytet.",
    "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.",
]
TARGET = [
    "The meeting was held in Tirana in 1916.",
    "The delegation had 8 members and stayed three days in the city.",
    "Të gjithë njerëzit lindin të lirë dhe të barabartë në dinjitet dhe në të drejta.",
]


def load(store, source: list[str] = SOURCE, target: list[str] = TARGET) -> int:
    return store.alignment(import_pair(store, source, target))["document_id"]


def blocks(stdout: str) -> list[list[str]]:
    """The output's findings: each a header line and its indented lines."""
    out: list[list[str]] = []
    for line in stdout.splitlines():
        if line.startswith("    "):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def test_each_finding_shows_both_sides_and_the_confidences(cli, store) -> None:
    doc = load(store)
    result = cli("qa", doc)
    assert result.exit_code == 0, result.output
    found = blocks(result.stdout)
    assert found and all(HEADER.match(block[0]) for block in found)
    number = next(b for b in found if "1961 in the source; 1916 in the target" in b[0])
    assert number[1] == "    source: Takimi u mbajt në Tiranë në vitin ⟦1961⟧."
    assert number[2] == "    target: The meeting was held in Tirana in ⟦1916⟧."
    assert re.fullmatch(
        r"    confidence 0\.90; link (\d\.\d\d|unscored) \((auto|confirmed|edited)\)", number[3]
    )
    # the summary line on stderr is as it was
    assert result.stderr.strip().splitlines()[-1].startswith(f"{len(found)} findings in alignment ")


def test_the_most_serious_findings_come_first_each_in_document_order(cli, store) -> None:
    doc = load(store)
    rows = json.loads(cli("qa", doc, "--format", "json").stdout)
    ranks = {"critical": 0, "major": 1, "minor": 2}
    expected = [r["key"] for r in sorted(rows, key=lambda r: ranks[r["severity"]])]
    text = cli("qa", doc).stdout
    keys = [HEADER.match(block[0]).group(6) for block in blocks(text)]
    assert keys == expected
    severities = [HEADER.match(block[0]).group(3) for block in blocks(text)]
    assert severities[0] == "critical"  # the untranslated last paragraph, listed first
    assert severities == sorted(severities, key=ranks.__getitem__)
    # json keeps the report's document order
    assert [r["source"] for r in rows] == sorted(r["source"] for r in rows)


def test_json_keeps_its_fields_and_adds_the_links_confidence(cli, store) -> None:
    doc = load(store)
    rows = json.loads(cli("qa", doc, "--format", "json").stdout)
    fields = {"key", "check", "severity", "message", "confidence", "link", "source", "target"}
    fields |= {"source_spans", "target_spans", "source_text", "target_text"}
    for row in rows:
        assert set(row) == fields | {"link_confidence"}
        assert row["link_confidence"] is None or 0 <= row["link_confidence"] <= 1


def test_hostile_text_is_printed_harmlessly(cli, store) -> None:
    # import strips control characters; a database written another way may still hold them
    doc = load(store, ["Ishin 80 anëtarë në sallë."], ["There were 8 members in the hall."])
    alignment = store.alignment(store.alignments(doc)[0]["id"])
    hostile = "Ishin \x1b[31m\x1b]0;pwned\x07 80\u202e anëtarë\x07 në\r\nsallë.\x1b[2J"
    with store.db.conn:
        store.db.execute(
            "update segments set text = ? where version_id = ? and level = 'paragraph'",
            [hostile, alignment["source_version_id"]],
        )
    result = cli("qa", doc)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u202e" not in result.stdout and "\r" not in result.stdout
    block = next(b for b in blocks(result.stdout) if "8 in the target" in b[0])
    # the digits inside the escape sequences are numbers to the check, nothing on the line
    assert block[1] == "    source: Ishin  ⟦80⟧<U+202E> anëtarë␇ në ¶ sallë."
    assert "pwned" not in result.stdout  # the window title it would have set


def test_terminal_safe_flattens_and_shows_what_is_hidden() -> None:
    assert terminal_safe("a\x1b[1;31mred\x1b[0m b") == "ared b"
    assert terminal_safe("title\x1b]0;x\x07 done") == "title done"
    assert terminal_safe("one\n\ntwo\r\nthree\tfour") == "one ¶ two ¶ three four"
    assert terminal_safe("bell\x07 nul\x00 del\x7f csi\x9b") == "bell␇ nul␀ del␡ csi<U+009B>"
    assert terminal_safe("x\u202ey\u2066z") == "x<U+202E>y<U+2066>z"
    assert terminal_safe("Приём — «ok»") == "Приём — «ok»"


def test_an_excerpt_is_one_line_around_the_first_span() -> None:
    text = "a" * 120 + " 1961 " + "b" * 120
    line = excerpt(text, [(121, 125)])
    assert line.startswith("…") and line.endswith("…") and "⟦1961⟧" in line
    assert len(line) <= 100 + 4  # the width, the marks and the two ellipses
    assert excerpt("short 12 text", [(6, 8)]) == "short ⟦12⟧ text"
    assert excerpt("no span at all " * 10, []).startswith("no span at all")
    assert excerpt("", []) == "(empty)"
    # spans beyond the line are counted
    far = "x 3 " + "y" * 200 + " 4"
    assert excerpt(far, [(2, 3), (len(far) - 1, len(far))]).endswith("… (+1 more)")
    # a paragraph break inside the excerpt is shown, the line stays one line
    assert "\n" not in excerpt("first 1\n\nsecond 2", [(6, 7)])
