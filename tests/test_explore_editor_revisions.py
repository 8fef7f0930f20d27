"""An editor opens a revision that its author has since replaced with a new proposal.

Proposing again supersedes one's own pending revision; an editor who had the old one open and
approves it is refused (409), and both that refusal and the old revision's page lead on to the
author's new proposal, which is what is waiting for a decision now.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html

from tests.conftest import add_user, login
from tests.test_revisions import aligned, target_paragraph  # noqa: F401  (fixture)
from workbench import revisions
from workbench.store import Store


def test_a_superseded_revision_leads_to_its_replacement(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    paragraph = target_paragraph(store, aligned, 3)
    old = revisions.propose(
        store, paragraph["id"], "Everyone is entitled.", base_revision=0, user="tom"
    )
    new = revisions.propose(
        store, paragraph["id"], "Everyone is entitled to all.", base_revision=0, user="tom"
    )
    add_user(db_path, "eva", "editor")
    token = login(client, "eva")

    refused = client.post(f"/revisions/{old}/approve", data={"csrf_token": token})
    assert refused.status_code == 409
    page = lxml.html.document_fromstring(refused.get_data(as_text=True))
    assert f"revision {old} is superseded already" in page.text_content()
    [link] = page.xpath("//dd[@class='successor']/a")
    assert link.get("href") == f"/revisions/{new}" and link.text == f"revision {new}"

    shown = lxml.html.document_fromstring(client.get(f"/revisions/{old}").get_data(as_text=True))
    assert "(pending)" in shown.xpath("string(//dd[@class='successor'])")
    assert store.revision(new)["status"] == "pending"


def test_a_stale_approval_speaks_to_the_editor_and_shows_the_diff_once(
    client,
    db_path: Path,
    store: Store,
    aligned: int,  # noqa: F811
) -> None:
    """Two translators proposed for one paragraph and ana's was approved: approving tom's is
    refused, in an editor's terms (the editor opened nothing and changed nothing)."""
    paragraph = target_paragraph(store, aligned, 3)
    ana = revisions.propose(
        store, paragraph["id"], "Each person is entitled.", base_revision=0, user="ana"
    )
    tom = revisions.propose(
        store, paragraph["id"], "Everyone is entitled.", base_revision=0, user="tom"
    )
    revisions.approve(store, ana, user="rita")
    add_user(db_path, "eva", "editor")
    token = login(client, "eva")

    refused = client.post(f"/revisions/{tom}/approve", data={"csrf_token": token})
    assert refused.status_code == 409
    page = lxml.html.document_fromstring(refused.get_data(as_text=True))
    [refusal] = page.find_class("refusal")
    text = " ".join(refusal.text_content().split())
    assert "ana's wording" in text and "changed by rita's approval" in text
    assert "your changes" not in text and "after you opened it" not in text
    assert len(page.xpath("//*[contains(@class, 'diff-block') or @class='conflict-diff']")) == 2, (
        "the revision's own diff, and the current text against it once"
    )
    assert refusal.xpath(".//del") and refusal.xpath(".//ins")
    assert store.revision(tom)["status"] == "pending"
