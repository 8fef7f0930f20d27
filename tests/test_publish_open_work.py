"""Publishing says what is still open: open flags by severity and pending revisions.

An edition holds the approved text as it stands, so a pending revision is not in it and an open
flag stays open on it. The publish forms (editions page, exports page) name them beside the
button and, while a critical or major flag is open or a revision pending, publish only with the
"publish anyway" box ticked; `workbench publish` says them on stderr and a script needs --yes;
the API answers what was open in `open` and refuses only when asked (`require_clean`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema_rs
import lxml.html
import pytest

from tests.test_export import make_document
from tests.test_review import SOURCE, TARGET
from workbench import editions, flags, review, revisions
from workbench.store import Store
from workbench.users import add_user, issue_token
from workbench.web.openapi import description

SUMMARY = "1 major flag, 2 minor flags; 1 pending revision (¶2)"
BLOCKING = "1 major flag open; 1 pending revision (¶2)"


@dataclass
class Setup:
    document: int
    alignment: int
    major: int  # the open major flag
    pending: int  # the pending revision of target ¶2


def paragraph(store: Store, alignment: int, side: str, position: int) -> dict:
    version = store.alignment(alignment)[f"{side}_version_id"]
    return store.segment_at(version, "paragraph", position)


def build(db_path: Path) -> Setup:
    """Six links, all confirmed; an open major flag and two open minor ones (and a resolved
    critical one, which is not open); a pending revision of target ¶2."""
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        links = store.links(alignment)
        review.set_status(store, alignment, [link.id for link in links], user="rita")

        def flag(severity: str, link: int) -> int:
            return flags.raise_flag(
                store,
                alignment,
                category="accuracy/mistranslation",
                severity=severity,
                link_id=links[link].id,
                comment=f"a {severity} issue",
                user="rita",
            )["id"]

        major = flag("major", 0)
        flag("minor", 2)
        flag("minor", 3)
        flags.set_status(store, flag("critical", 4), "resolved", user="rita")
        pending = revisions.propose(
            store,
            paragraph(store, alignment, "target", 1)["id"],
            "Another wording.",
            base_revision=0,
            user="tom",
        )
        return Setup(store.alignment(alignment)["document_id"], alignment, major, pending)
    finally:
        store.close()


@pytest.fixture
def setup(db_path: Path) -> Setup:
    return build(db_path)


def settle(db_path: Path, setup: Setup) -> None:
    """Resolve the major flag and withdraw the pending revision: only minor flags stay."""
    store = Store(db_path)
    try:
        flags.set_status(store, setup.major, "resolved", user="rita")
        revisions.withdraw(store, setup.pending, user="tom")
    finally:
        store.close()


def published(db_path: Path, alignment: int) -> list[dict]:
    store = Store(db_path)
    try:
        return store.editions(alignment_id=alignment)
    finally:
        store.close()


def words(node) -> str:
    return " ".join(node.text_content().split())


# -- the summary ------------------------------------------------------------------------------


def test_the_summary_counts_open_flags_by_severity_and_pending_revisions(
    setup: Setup, store: Store
) -> None:
    found = editions.open_work(store, setup.alignment)
    assert found.flags == {"critical": 0, "major": 1, "minor": 2, "neutral": 0}
    assert (found.open_flags, found.serious_flags) == (3, 1)
    assert [(r.id, r.side, r.position, r.author) for r in found.pending] == [
        (setup.pending, "target", 1, "tom")
    ]
    assert (found.links, found.confirmed, found.unconfirmed) == (6, 6, 0)
    assert found.blocks and found.anything
    assert found.summary() == SUMMARY
    assert found.blocking() == BLOCKING
    assert found.as_json() == {
        "flags": {"critical": 0, "major": 1, "minor": 2, "neutral": 0},
        "flags_total": 3,
        "serious_flags": 1,
        "pending_revisions": 1,
        "pending_paragraphs": [{"side": "target", "position": 1}],
        "unconfirmed_links": 0,
        "summary": SUMMARY,
    }


def test_only_this_alignments_open_work_counts_and_source_paragraphs_say_so(
    setup: Setup, store: Store
) -> None:
    other = make_document(store, ["Një.", "Dy."], ["One.", "Two."])
    first = store.links(other)[0].id
    flags.raise_flag(
        store, other, category="style", severity="critical", link_id=first, user="rita"
    )
    revisions.propose(
        store, paragraph(store, other, "target", 0)["id"], "Uno.", base_revision=0, user="tom"
    )
    revisions.propose(
        store,
        paragraph(store, setup.alignment, "source", 0)["id"],
        "Neni i parë.",
        base_revision=0,
        user="tom",
    )
    found = editions.open_work(store, setup.alignment)
    assert found.flags["critical"] == 0
    assert found.paragraphs() == ["¶2", "source ¶1"]
    assert found.describe_pending() == "2 pending revisions (¶2, source ¶1)"
    assert editions.open_work(store, other).summary() == "1 critical flag; 1 pending revision (¶1)"


def test_many_pending_paragraphs_are_named_up_to_ten(setup: Setup, store: Store) -> None:
    alignment = make_document(store, [f"P {i}." for i in range(14)], [f"T {i}." for i in range(14)])
    for position in range(12):
        segment = paragraph(store, alignment, "target", position)["id"]
        revisions.propose(store, segment, f"New {position}.", base_revision=0, user="tom")
    found = editions.open_work(store, alignment)
    assert found.describe_pending() == (
        "12 pending revisions (¶1, ¶2, ¶3, ¶4, ¶5, ¶6, ¶7, ¶8, ¶9, ¶10 and 2 more)"
    )


def test_settled_work_leaves_only_the_minor_flags_which_do_not_block(
    setup: Setup, store: Store, db_path: Path
) -> None:
    settle(db_path, setup)
    found = editions.open_work(store, setup.alignment)
    assert found.summary() == "2 minor flags"
    assert found.anything and not found.blocks
    assert found.blocking() == ""


def test_publish_refuses_open_work_only_when_asked_and_stores_nothing(
    setup: Setup, store: Store
) -> None:
    with pytest.raises(editions.OpenWorkConflict, match=r"not published: 1 major flag open;"):
        editions.publish(store, setup.alignment, user="eva", refuse_open=True)
    assert store.editions(alignment_id=setup.alignment) == []
    edition = editions.publish(store, setup.alignment, user="eva")  # the default: go ahead
    assert store.edition(edition)["number"] == 1


# -- the web forms ----------------------------------------------------------------------------


def publish_form(client, url: str) -> lxml.html.HtmlElement:
    [form] = lxml.html.fromstring(client.get(url).get_data(as_text=True)).xpath(
        "//form[@class='publish']"
    )
    return form


def test_the_editions_page_names_what_is_open_and_asks_for_the_box(
    client, as_role, setup: Setup, db_path: Path
) -> None:
    token = as_role("editor")
    url = f"/alignments/{setup.alignment}/editions"
    page = lxml.html.fromstring(client.get(url).get_data(as_text=True))
    assert "Now 6 of 6 links are confirmed" in words(page)
    form = publish_form(client, url)
    [summary] = form.xpath(".//p[@class='open-work']")
    assert words(summary).startswith(f"Open: {SUMMARY} — they are not in this edition.")
    hrefs = summary.xpath(".//a/@href")
    assert f"/documents/{setup.document}/flags?status=open" in hrefs
    assert f"/queue?role=editor&document={setup.document}" in hrefs
    [box] = form.xpath(".//input[@name='publish_anyway']")
    assert box.get("type") == "checkbox" and box.get("required") is not None
    assert box.get("aria-describedby") == summary.get("id")
    assert BLOCKING in words(box.getparent())
    assert form.xpath(".//input[@name='note']") and form.xpath(".//input[@name='csrf_token']")
    assert words(form.xpath(".//button")[0]) == "Publish edition 1"

    action = form.get("action")
    refused = client.post(action, data={"csrf_token": token, "note": "first"})
    assert refused.status_code == 409
    message = words(lxml.html.fromstring(refused.get_data(as_text=True)).find(".//main"))
    assert f"not published: {BLOCKING} on alignment {setup.alignment}" in message
    assert "Publish anyway" in message
    assert published(db_path, setup.alignment) == []

    done = client.post(action, data={"csrf_token": token, "note": "first", "publish_anyway": "1"})
    assert done.status_code == 303 and done.headers["Location"].startswith("/editions/")
    shown = words(lxml.html.fromstring(client.get(done.headers["Location"]).data))
    assert "Published edition 1." in shown and f"Still open: {SUMMARY}." in shown
    assert [e["note"] for e in published(db_path, setup.alignment)] == ["first"]


def test_the_exports_page_form_says_the_same_and_refuses_without_the_box(
    client, as_role, setup: Setup, db_path: Path
) -> None:
    token = as_role("editor")
    form = publish_form(client, f"/documents/{setup.document}/exports")
    [summary] = form.xpath(".//p[@class='open-work']")
    assert words(summary).startswith(f"Open: {SUMMARY}")
    assert f"/documents/{setup.document}/flags?status=open" in summary.xpath(".//a/@href")
    assert form.xpath(".//input[@name='publish_anyway'][@required]")
    assert words(form.xpath(".//button")[0]) == "Publish a new edition"
    no = client.post(form.get("action"), data={"csrf_token": token, "publish_anyway": "0"})
    assert no.status_code == 409
    assert published(db_path, setup.alignment) == []
    odd = client.post(form.get("action"), data={"csrf_token": token, "publish_anyway": "maybe"})
    assert odd.status_code == 400 and "publish_anyway" in odd.get_data(as_text=True)
    assert published(db_path, setup.alignment) == []
    yes = client.post(form.get("action"), data={"csrf_token": token, "publish_anyway": "on"})
    assert yes.status_code == 303
    assert len(published(db_path, setup.alignment)) == 1


def test_minor_flags_are_named_but_need_no_box(
    client, as_role, setup: Setup, db_path: Path
) -> None:
    settle(db_path, setup)
    token = as_role("editor")
    form = publish_form(client, f"/alignments/{setup.alignment}/editions")
    [summary] = form.xpath(".//p[@class='open-work']")
    assert words(summary).startswith("Open: 2 minor flags — they are not in this edition.")
    assert not summary.xpath(".//a[contains(@href, '/queue')]")  # nothing pending
    assert not form.xpath(".//input[@name='publish_anyway']")
    done = client.post(form.get("action"), data={"csrf_token": token})
    assert done.status_code == 303
    assert len(published(db_path, setup.alignment)) == 1


def test_nothing_open_shows_no_summary(client, as_role, db_path: Path) -> None:
    store = Store(db_path)
    try:
        alignment = make_document(store, SOURCE, TARGET)
        review.set_status(store, alignment, [store.links(alignment)[0].id], user="rita")
    finally:
        store.close()
    as_role("editor")
    form = publish_form(client, f"/alignments/{alignment}/editions")
    assert not form.xpath(".//p[@class='open-work']")
    assert not form.xpath(".//input[@name='publish_anyway']")


# -- the CLI ----------------------------------------------------------------------------------


def test_the_cli_says_what_is_open_and_a_script_needs_yes(cli, setup: Setup, db_path) -> None:
    refused = cli("publish", setup.document, "--note", "first")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"open: {SUMMARY} (not settled in this edition)",
        f"error: not published: {BLOCKING} on alignment {setup.alignment}"
        " (give --yes to publish with them open)",
    ]
    assert published(db_path, setup.alignment) == []
    done = cli("publish", setup.document, "--note", "first", "--yes")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith(f"edition 1 of alignment {setup.alignment}")
    assert done.stderr.splitlines() == [f"open: {SUMMARY} (not settled in this edition)"]
    assert len(published(db_path, setup.alignment)) == 1


def test_the_cli_only_warns_of_minor_flags(cli, setup: Setup, db_path) -> None:
    settle(db_path, setup)
    done = cli("publish", setup.document)
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines() == ["open: 2 minor flags (not settled in this edition)"]
    assert "edition 1" in done.stdout


def test_the_cli_asks_at_a_terminal(cli, setup: Setup, db_path, monkeypatch) -> None:
    from workbench.cli import publishing

    monkeypatch.setattr(publishing, "_interactive", lambda: True)
    no = cli("publish", setup.document, input="n\n")
    assert no.exit_code == 2
    assert f"Publish with {BLOCKING}?" in no.stderr
    assert no.stderr.splitlines()[-1] == (
        f"error: not published: {BLOCKING} on alignment {setup.alignment}"
    )
    assert published(db_path, setup.alignment) == []
    yes = cli("publish", setup.document, input="y\n")
    assert yes.exit_code == 0, yes.output
    assert len(published(db_path, setup.alignment)) == 1


# -- the API ----------------------------------------------------------------------------------


def token_of(db_path: Path) -> dict:
    store = Store(db_path)
    try:
        add_user(store, "ed", "editor", "password-1", by="test")
        return {"Authorization": f"Bearer {issue_token(store, 'ed')}"}
    finally:
        store.close()


def documented(body: dict, status: int) -> None:
    operation = description()["paths"]["/alignments/{alignment_id}/editions"]["post"]
    if status == 201:
        schema = operation["responses"]["201"]["content"]["application/json"]["schema"]
    else:
        schema = description()["components"]["schemas"]["Error"]
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(body)]
    assert not errors, errors[:3]


def test_the_api_publishes_whatever_is_open_and_says_it(client, setup: Setup, db_path) -> None:
    headers = token_of(db_path)
    url = f"/api/v1/alignments/{setup.alignment}/editions"
    response = client.post(url, headers=headers, json={"note": "first"})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    documented(body, 201)
    assert (body["number"], body["note"], body["links_included"]) == (1, "first", 6)
    assert body["open"] == {
        "flags": {"critical": 0, "major": 1, "minor": 2, "neutral": 0},
        "flags_total": 3,
        "serious_flags": 1,
        "pending_revisions": 1,
        "pending_paragraphs": [{"side": "target", "position": 1}],
        "unconfirmed_links": 0,
        "summary": SUMMARY,
    }
    settle(db_path, setup)  # the edition's own page says what is open now
    again = client.get(f"/api/v1/editions/{body['id']}", headers=headers).get_json()
    assert again["open"]["summary"] == "2 minor flags" and again["number"] == 1


def test_require_clean_is_a_409_naming_what_is_open(client, setup: Setup, db_path) -> None:
    headers = token_of(db_path)
    url = f"/api/v1/alignments/{setup.alignment}/editions"
    refused = client.post(url, headers=headers, json={"require_clean": True})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    documented(refused.get_json(), 409)
    assert error["message"] == (
        f"not published: {BLOCKING} on alignment {setup.alignment}"
        " (leave out require_clean to publish with them open)"
    )
    assert error["open"]["serious_flags"] == 1 and error["open"]["pending_revisions"] == 1
    assert published(db_path, setup.alignment) == []
    wrong = client.post(url, headers=headers, json={"require_clean": 5})
    assert wrong.status_code == 400 and "require_clean" in wrong.get_json()["error"]["message"]
    assert published(db_path, setup.alignment) == []
    settle(db_path, setup)  # minor flags only: clean enough
    done = client.post(url, headers=headers, json={"require_clean": True})
    assert done.status_code == 201
    assert done.get_json()["open"]["summary"] == "2 minor flags"


def test_the_description_documents_open_and_require_clean() -> None:
    operation = description()["paths"]["/alignments/{alignment_id}/editions"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["require_clean"]["type"] == "boolean"
    assert "require_clean" not in body["required"]
    answer = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert "open" in answer["required"]
    assert set(answer["properties"]["open"]["properties"]) == set(
        editions.OpenWork(1, dict.fromkeys(flags.SEVERITIES, 0), [], 0, 0).as_json()
    )
    assert '"require_clean": true' in operation["description"]
