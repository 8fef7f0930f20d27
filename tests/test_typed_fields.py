"""Text people type is checked once, in the service, so a web form, the JSON API and the CLI
refuse it alike, with a message naming the field and the problem, and store nothing.

A comment (on a flag or a revision) keeps tab and line breaks (CRLF becomes LF) and refuses any
other control character and lone surrogates, saying where: a NUL pasted into a comment reached
every export and event of it. A typed title or label is cleaned to one line as before
(test_titles_clean) but refused past MAX_TITLE / MAX_LABEL characters: a 100,000-character
title was accepted. A title a file brings is cut with an ellipsis instead, so the import goes
on. Whatever was stored before the limits stays as it was.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import add_user, import_pair, snapshot
from workbench import flags, glossary, revisions, services
from workbench.errors import InputError
from workbench.store import Store
from workbench.typed import file_line, typed_line, typed_text
from workbench.users import issue_token

SOURCE = ["Neni 1. Të gjithë njerëzit lindin të lirë.", "Neni 2. Secili ka të drejtë."]
TARGET = ["Article 1. All human beings are born free.", "Article 2. Everyone is entitled."]
NUL_AT_12 = "Look again\n\x00 here."  # the NUL is character 12: the line break counts one
NUL_MESSAGE = "comment: contains a control character (U+0000) at character 12"
WORKBENCH = Path(sys.executable).with_name("workbench")


# -- the checker --------------------------------------------------------------------------------


def test_a_typed_comment_keeps_tabs_and_line_breaks_and_stores_crlf_as_lf() -> None:
    """Browsers send a textarea's lines with CRLF; the stored text has LF, as imports do."""
    typed = " First line,\tindented\r\nsecond\rthird e\u0301 \n"
    assert typed_text(typed, field="comment", max_chars=100) == (
        "First line,\tindented\nsecond\nthird \u00e9"
    )
    assert typed_text(None, field="comment", max_chars=100) == ""


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
)
def test_every_other_c0_and_c1_control_is_refused_naming_it_and_where(char: str) -> None:
    """Nobody types these: an ESC or a NUL was pasted or scripted, and would reach every export."""
    with pytest.raises(InputError) as refused:
        typed_text(f"Look{char}", field="comment", max_chars=100)
    assert str(refused.value) == (
        f"comment: contains a control character (U+{ord(char):04X}) at character 5"
    )


def test_the_position_is_counted_as_the_text_box_shows_it() -> None:
    """A CRLF is one character in the box the person typed in, so the count follows that."""
    with pytest.raises(InputError) as refused:
        typed_text(NUL_AT_12.replace("\n", "\r\n"), field="comment", max_chars=100)
    assert str(refused.value) == NUL_MESSAGE


def test_a_lone_surrogate_is_refused_in_every_typed_field() -> None:
    """No encoding can store one: SQLite answered it with a server error or a traceback."""
    with pytest.raises(InputError) as refused:
        typed_text("ab\ud800", field="comment", max_chars=100)
    assert str(refused.value) == "comment: contains a lone surrogate (U+D800) at character 3"
    with pytest.raises(InputError) as refused:
        typed_line("A\udcffB", field="title", max_chars=100)
    assert str(refused.value) == "title: contains a lone surrogate (U+DCFF) at character 2"


def test_too_long_says_how_long_and_the_limit_with_thousands_separated() -> None:
    """The message says how far over the limit the text is; the limit itself is allowed."""
    with pytest.raises(InputError) as refused:
        typed_line("t" * 1204, field="title", max_chars=500)
    assert str(refused.value) == "title: 1,204 characters; at most 500"
    with pytest.raises(InputError) as refused:
        typed_text("c" * 10_001, field="comment", max_chars=10_000)
    assert str(refused.value) == "comment: 10,001 characters; at most 10,000"
    assert typed_line(" " + "t" * 500 + "\r\n", field="title", max_chars=500) == "t" * 500


def test_a_line_from_a_file_is_cut_with_an_ellipsis_not_refused() -> None:
    """Nobody typed a file's title: refusing it would refuse the whole import."""
    assert file_line("T" * 100_000, max_chars=500) == "T" * 499 + "…"
    assert file_line("Title\x1b\r\nof\ud800 it", max_chars=500) == "Title of it"
    # never cut between a letter and its accent: q with an acute has no precomposed form
    assert file_line("a" * 498 + "q\u0301" + "z", max_chars=500) == "a" * 498 + "…"


# -- the services -------------------------------------------------------------------------------


@pytest.fixture
def aligned(store: Store) -> int:
    return import_pair(store, SOURCE, TARGET, user="tina")


def first_link(store: Store, alignment: int) -> int:
    return store.links(alignment)[0].id


def test_a_flag_is_not_raised_commented_or_resolved_with_a_control_character(
    store: Store, aligned: int, db_path: Path
) -> None:
    """Each way a comment reaches a flag refuses it before writing: nothing is half-written."""
    link = first_link(store, aligned)
    flag = flags.raise_flag(
        store, aligned, link_id=link, category="style", severity="minor", user="rita"
    )
    before = snapshot(db_path)
    for attempt in (
        lambda: flags.raise_flag(
            store,
            aligned,
            link_id=link,
            category="style",
            severity="minor",
            user="rita",
            comment=NUL_AT_12,
        ),
        lambda: flags.add_comment(store, flag["id"], NUL_AT_12, user="rita"),
        lambda: flags.set_status(store, flag["id"], "resolved", user="rita", comment=NUL_AT_12),
    ):
        with pytest.raises(InputError) as refused:
            attempt()
        assert str(refused.value) == NUL_MESSAGE
    assert snapshot(db_path) == before


def test_a_flag_comment_keeps_its_lines_with_lf(store: Store, aligned: int) -> None:
    """Tab and line breaks are what people type; only the CR of CRLF goes."""
    flag = flags.raise_flag(
        store,
        aligned,
        link_id=first_link(store, aligned),
        category="style",
        severity="minor",
        user="rita",
        comment="Two lines:\r\n\tthe second indented.",
    )
    assert [c["body"] for c in flag["thread"]] == ["Two lines:\n\tthe second indented."]


def test_a_revision_comment_with_a_control_character_is_refused(
    store: Store, aligned: int, db_path: Path
) -> None:
    """A revision's thread refuses what a flag's thread refuses, with the same message."""
    target = store.alignment(aligned)["target_version_id"]
    paragraph = store.segment_at(target, "paragraph", 1)
    made = revisions.propose(
        store, paragraph["id"], "Everyone is entitled to all.", base_revision=0, user="tom"
    )
    before = snapshot(db_path)
    with pytest.raises(InputError) as refused:
        revisions.comment(store, made, NUL_AT_12, user="eva")
    assert str(refused.value) == NUL_MESSAGE
    assert snapshot(db_path) == before
    revisions.comment(store, made, "Why?\r\nSee article 2.", user="eva")
    assert [c["body"] for c in store.revision_comments(made)] == ["Why?\nSee article 2."]


def test_a_lone_surrogate_in_a_proposal_note_or_reason_is_refused_not_a_crash(
    store: Store, aligned: int, db_path: Path
) -> None:
    """Notes and reasons are cleaned of control characters as the proposal's text is
    (test_revisions), but a surrogate cannot be stored at all."""
    target = store.alignment(aligned)["target_version_id"]
    paragraph = store.segment_at(target, "paragraph", 1)["id"]
    before = snapshot(db_path)
    with pytest.raises(InputError, match=r"^text: contains a lone surrogate \(U\+D800\)"):
        revisions.propose(store, paragraph, "New\ud800.", base_revision=0, user="tom")
    with pytest.raises(InputError, match=r"^note: contains a lone surrogate \(U\+DC00\) at"):
        revisions.propose(store, paragraph, "New.", base_revision=0, user="tom", note="\udc00")
    assert snapshot(db_path) == before
    made = revisions.propose(store, paragraph, "New.", base_revision=0, user="tom")
    with pytest.raises(InputError, match=r"^reason_text: contains a lone surrogate"):
        revisions.reject(store, made, user="eva", reason_code="other", reason_text="x\ud800")
    assert store.revision(made)["status"] == "pending"


def test_a_glossary_term_or_note_with_a_lone_surrogate_is_refused(store: Store) -> None:
    """A term or note goes to SQLite, which cannot store a surrogate: a refusal, not a crash."""
    with pytest.raises(InputError) as refused:
        glossary.add(store, glossary.TermInput("punë", "wo\ud800rk"), document_id=None, user="t")
    assert str(refused.value) == ("term: target contains a lone surrogate (U+D800) at character 3")
    with pytest.raises(InputError, match="term: note contains a lone surrogate"):
        glossary.add(
            store, glossary.TermInput("punë", "work", "\ud800"), document_id=None, user="t"
        )
    assert glossary.list_terms(store) == []


def test_a_typed_title_or_label_past_its_limit_is_refused_and_nothing_is_stored(
    store: Store, db_path: Path
) -> None:
    """A 100,000-character title was accepted; one at the limit still is."""
    before = snapshot(db_path)
    with pytest.raises(InputError) as refused:
        services.import_file(
            store, b"Text.\n", filename="a.txt", language="en", title="t" * 100_000
        )
    assert str(refused.value) == f"title: 100,000 characters; at most {services.MAX_TITLE}"
    with pytest.raises(InputError) as refused:
        services.import_file(store, b"Text.\n", filename="a.txt", language="en", label="l" * 501)
    assert str(refused.value) == f"label: 501 characters; at most {services.MAX_LABEL}"
    assert snapshot(db_path) == before
    at_limit = services.import_file(
        store, b"Text.\n", filename="a.txt", language="en", title="t" * 500, label="l" * 500
    )
    assert store.document(at_limit.document)["title"] == "t" * 500
    assert store.versions(at_limit.document)[0]["label"] == "l" * 500


def test_a_long_title_or_label_from_the_file_is_cut_and_the_import_goes_on(
    store: Store,
) -> None:
    """An HTML <title> or a file name past the limit is cut with an ellipsis."""
    html = (
        b"<html><head><title>" + b"Report " * 20_000 + b"</title></head><body><p>A.</p></body>"
        b"</html>"
    )
    result = services.import_file(store, html, filename="page.html", language="en")
    title = store.document(result.document)["title"]
    assert title == ("Report " * 100)[: services.MAX_TITLE - 1] + "…"
    named = services.import_file(store, b"Text.\n", filename="n" * 1000 + ".txt", language="en")
    assert store.document(named.document)["title"] == "n" * (services.MAX_TITLE - 1) + "…"


def test_a_title_stored_before_the_limit_stays_and_its_document_takes_new_versions(
    store: Store, db_path: Path
) -> None:
    """The limit applies to new input only: an old row is neither rewritten nor a bar to imports."""
    first = services.import_file(store, b"Neni 1.\n", filename="a.txt", language="sq")
    store.db.execute("update documents set title = ?", ["Old " * 1000])
    store.db.conn.commit()
    services.import_file(
        store, b"Article 1.\n", filename="b.txt", document_id=first.document, language="en"
    )
    assert store.document(first.document)["title"] == "Old " * 1000


# -- the web: forms, the pages' scripts and the API ---------------------------------------------


@pytest.fixture
def flagged(store: Store, aligned: int) -> int:
    """A flag on the first link; its id."""
    return flags.raise_flag(
        store,
        aligned,
        link_id=first_link(store, aligned),
        category="style",
        severity="minor",
        user="rita",
    )["id"]


def bearer(db_path: Path, name: str, role: str) -> dict[str, str]:
    add_user(db_path, name, role)
    store = Store(db_path)
    try:
        return {"Authorization": f"Bearer {issue_token(store, name)}"}
    finally:
        store.close()


def test_a_flag_comment_form_with_a_nul_gets_a_400_page_and_nothing_is_added(
    client, as_role, flagged: int, db_path: Path
) -> None:
    """A browser's form gets the error page, the page's script JSON: the same message."""
    token = as_role("reviewer")
    before = snapshot(db_path)
    form = client.post(
        f"/flags/{flagged}/comments",
        data={"csrf_token": token, "body": NUL_AT_12},
        headers={"Accept": "text/html"},
    )
    assert form.status_code == 400
    assert NUL_MESSAGE in form.get_data(as_text=True)
    script = client.post(
        f"/flags/{flagged}/status",
        json={"status": "resolved", "comment": NUL_AT_12},
        headers={"X-CSRF-Token": token},
    )
    assert script.status_code == 400
    assert script.get_json()["error"]["message"] == NUL_MESSAGE
    assert snapshot(db_path) == before


def test_the_api_refuses_flag_and_revision_comments_with_a_control_character(
    client, store: Store, aligned: int, flagged: int, db_path: Path
) -> None:
    """Scripts with a token get the service's message as a 400 JSON error."""
    headers = bearer(db_path, "rev", "editor")
    target = store.alignment(aligned)["target_version_id"]
    paragraph = store.segment_at(target, "paragraph", 1)["id"]
    made = revisions.propose(
        store, paragraph, "Everyone is entitled to all.", base_revision=0, user="tom"
    )
    before = snapshot(db_path)
    for url in (f"/api/v1/flags/{flagged}/comments", f"/api/v1/revisions/{made}/comments"):
        response = client.post(url, json={"body": NUL_AT_12}, headers=headers)
        assert response.status_code == 400, url
        assert response.get_json()["error"] == {"status": 400, "message": NUL_MESSAGE}
    raised = client.post(
        f"/api/v1/alignments/{aligned}/flags",
        json={
            "link_id": first_link(store, aligned),
            "category": "style",
            "severity": "minor",
            "comment": "x\x1b[31m",
        },
        headers=headers,
    )
    assert raised.status_code == 400
    assert raised.get_json()["error"]["message"] == (
        "comment: contains a control character (U+001B) at character 2"
    )
    assert snapshot(db_path) == before


def test_an_upload_with_a_long_title_is_refused_by_the_form_and_the_api(
    client, as_role, db_path: Path
) -> None:
    """The upload form and the API share the service's check and its message."""
    message = f"title: 1,204 characters; at most {services.MAX_TITLE}"
    token = as_role("translator")
    headers = bearer(db_path, "api", "translator")
    before = snapshot(db_path)
    form = client.post(
        "/documents/upload",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"Neni 1.\n"), "a.txt"),
            "lang": "sq",
            "title": "t" * 1204,
        },
        headers={"Accept": "text/html"},
    )
    assert form.status_code == 400 and message in form.get_data(as_text=True)
    api = client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(b"Neni 1.\n"), "a.txt"), "lang": "sq", "title": "t" * 1204},
        headers=headers,
    )
    assert api.status_code == 400 and api.get_json()["error"]["message"] == message
    assert snapshot(db_path) == before


# -- the CLI ------------------------------------------------------------------------------------


def test_the_cli_refuses_a_long_title_or_label_in_one_error_line(cli, db_path: Path) -> None:
    """The CLI's options are checked as the forms are: one `error:` line, exit 2."""
    source = db_path.parent / "source.txt"
    source.write_text("Neni 1.\n", encoding="utf-8")
    assert cli("init").exit_code == 0
    before = snapshot(db_path)
    title = cli("import", str(source), "--lang", "sq", "--title", "t" * 100_000)
    assert title.exit_code == 2
    assert title.output == "error: title: 100,000 characters; at most 500\n"
    label = cli("import", str(source), "--lang", "sq", "--label", "l" * 501)
    assert label.exit_code == 2
    assert label.output == "error: label: 501 characters; at most 500\n"
    assert snapshot(db_path) == before


def test_the_real_command_refuses_a_title_in_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """A shell passes the bytes as they are; Python hands them over as lone surrogates, which
    ended in a traceback from SQLite."""
    db = tmp_path / "workbench.db"
    source = tmp_path / "source.txt"
    source.write_text("Neni 1.\n", encoding="utf-8")
    subprocess.run([WORKBENCH, "--db", db, "init"], check=True, capture_output=True)
    before = snapshot(db)
    run = subprocess.run(
        [WORKBENCH, "--db", db, "import", source, "--lang", "sq", "--title", b"A\xffB"],
        capture_output=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr == b"error: title: contains a lone surrogate (U+DCFF) at character 2\n"
    assert snapshot(db) == before


def test_the_real_command_imports_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """The file's name is no typed field: it is stored with U+FFFD where its bytes were, and
    the import goes on."""
    db = tmp_path / "workbench.db"
    source = tmp_path / "bad\udcffname.txt"  # the name's bytes: b"bad\xffname.txt"
    source.write_text("Neni 1.\n", encoding="utf-8")
    subprocess.run([WORKBENCH, "--db", db, "init"], check=True, capture_output=True)
    run = subprocess.run(
        [WORKBENCH, "--db", db, "import", source, "--lang", "sq"], capture_output=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    store = Store(db)
    try:
        [document] = store.documents()
        assert document["title"] == "bad\ufffdname"
        assert store.versions(document["id"])[0]["filename"] == "bad\ufffdname.txt"
    finally:
        store.close()
