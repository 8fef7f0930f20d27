"""Revision, history, queue, editions and comparison pages through the Flask test client."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.conftest import add_user, csrf_from, login
from tests.test_web_review import SOURCE, TARGET
from workbench import aligning, editions, flags, review, revisions, services
from workbench.store import Store

JSON = {"Accept": "application/json"}
HOSTILE = '<script>window.__xss=1</script> Everyone <img src=x onerror="window.__xss=1">.'


@pytest.fixture
def aligned(db_path: Path) -> int:
    with_store = Store(db_path)
    try:
        doc = services.import_file(
            with_store,
            "\n\n".join(SOURCE).encode(),
            filename="s.txt",
            language="sq",
            role="source",
        ).document
        services.import_file(
            with_store,
            "\n\n".join(TARGET).encode(),
            filename="t.txt",
            document_id=doc,
            language="en",
            role="translation",
            user="translator1",
        )
        return aligning.align_versions(with_store, doc)
    finally:
        with_store.close()


@pytest.fixture
def people(app, db_path):
    """A logged-in client per name: people("translator1", "translator") → (client, token)."""

    def log_in(name: str, role: str):
        add_user(db_path, name, role)
        client = app.test_client()
        return client, login(client, name)

    return log_in


def use(db_path: Path, work):
    """Run `work(store)` on a store of its own (the app has its own connections)."""
    store = Store(db_path)
    try:
        return work(store)
    finally:
        store.close()


def paragraph(db_path: Path, alignment: int, position: int) -> dict:
    def find(store: Store) -> dict:
        target = store.alignment(alignment)["target_version_id"]
        return store.segment_at(target, "paragraph", position)

    return use(db_path, find)


def post(client, token: str, url: str, *, as_json: bool = True, **data):
    headers = {"X-CSRF-Token": token, **(JSON if as_json else {})}
    if as_json:
        return client.post(url, json=data, headers=headers)
    return client.post(url, data={**data, "csrf_token": token})


def propose(client, token: str, segment: int, text: str, base: int = 0, **extra):
    return post(
        client, token, f"/segments/{segment}/revisions", text=text, base_revision=base, **extra
    )


def tree(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def text_of(response) -> str:
    return " ".join(tree(response).text_content().split())


# -- access -----------------------------------------------------------------------------------


def test_anonymous_pages_go_to_login_and_posts_get_401(client, aligned, db_path) -> None:
    segment = paragraph(db_path, aligned, 3)["id"]
    pages = [
        "/revisions/1",
        f"/segments/{segment}/history",
        "/queue",
        f"/alignments/{aligned}/editions",
        "/editions/1/diff/2",
        "/documents/1/compare",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response.headers["Location"], page
    assert client.get("/queue", headers=JSON).status_code == 401
    token = csrf_from(client.get("/login").get_data(as_text=True))
    writes = [
        f"/segments/{segment}/revisions",
        "/revisions/1/comments",
        "/revisions/1/approve",
        "/revisions/1/reject",
        "/revisions/approve",
        f"/segments/{segment}/revert",
        "/documents/1/compose",
    ]
    for url in writes:
        response = post(client, token, url, text="x")
        assert response.status_code == 401, url
        assert "log in" in response.json["error"]["message"]


def test_a_post_without_csrf_is_refused(people, aligned, db_path) -> None:
    client, _token = people("translator1", "translator")
    segment = paragraph(db_path, aligned, 3)["id"]
    response = client.post(f"/segments/{segment}/revisions", data={"text": "x", "base_revision": 0})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert use(db_path, lambda s: s.revisions()) == []


def test_each_role_proposes_comments_and_approves_as_allowed(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    reviewer, r_token = people("reviewer1", "reviewer")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)["id"]
    refused = propose(reviewer, r_token, segment, "A reviewer's wording.")
    assert refused.status_code == 403 and "may not edit text" in refused.json["error"]["message"]
    created = propose(translator, t_token, segment, "Everyone is entitled.", note="shorter")
    assert created.status_code == 201
    rid = created.json["revision"]
    assert (
        post(reviewer, r_token, f"/revisions/{rid}/comments", body="Too short?").status_code == 201
    )
    assert (
        post(translator, t_token, f"/revisions/{rid}/comments", body="On purpose.").status_code
        == 201
    )
    for url in (f"/revisions/{rid}/approve", f"/revisions/{rid}/reject"):
        for client, token in ((translator, t_token), (reviewer, r_token)):
            response = post(client, token, url, reason_code="style")
            assert (
                response.status_code == 403
                and "may not approve" in response.json["error"]["message"]
            )
    page = text_of(translator.get(f"/revisions/{rid}"))
    assert "Too short?" in page and "On purpose." in page and "shorter" in page
    assert tree(translator.get(f"/revisions/{rid}")).xpath("//form[@class='approve']") == []
    approved = post(editor, e_token, f"/revisions/{rid}/approve", as_json=False)
    assert approved.status_code == 303 and approved.headers["Location"] == f"/revisions/{rid}"
    assert paragraph(db_path, aligned, 3)["text"] == "Everyone is entitled."
    assert "approved" in text_of(editor.get(f"/revisions/{rid}"))


def test_approve_is_disabled_on_ones_own_revision_with_the_reason_beside_it(
    people, aligned, db_path
) -> None:
    editor, token = people("editor1", "editor")
    other, _ = people("editor2", "editor")
    rid = propose(editor, token, paragraph(db_path, aligned, 5)["id"], "Everyone lives.").json[
        "revision"
    ]
    [button] = tree(editor.get(f"/revisions/{rid}")).xpath("//form[@class='approve']//button")
    assert button.get("disabled") is not None
    [reason] = tree(editor.get(f"/revisions/{rid}")).xpath(
        f"//form[@class='approve']//*[@id='{button.get('aria-describedby')}']"
    )
    assert "four-eyes" in reason.text_content()
    [button] = tree(other.get(f"/revisions/{rid}")).xpath("//form[@class='approve']//button")
    assert button.get("disabled") is None and button.get("aria-describedby") is None


def test_approve_is_disabled_on_a_stale_revision_with_the_reason_beside_it(
    people, aligned, db_path
) -> None:
    ana, ana_token = people("ana", "translator")
    tom, tom_token = people("tom", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)["id"]
    first = propose(ana, ana_token, segment, "Each person is entitled.").json["revision"]
    second = propose(tom, tom_token, segment, "Everyone is entitled.").json["revision"]
    page = tree(editor.get(f"/revisions/{second}"))
    assert page.xpath("//form[@class='approve']//button")[0].get("disabled") is None
    assert post(editor, e_token, f"/revisions/{first}/approve").status_code == 200
    page = tree(editor.get(f"/revisions/{second}"))
    [button] = page.xpath("//form[@class='approve']//button")
    assert button.get("disabled") is not None
    [reason] = page.xpath(f"//*[@id='{button.get('aria-describedby')}']")
    said = " ".join(reason.text_content().split())
    assert "ana's wording" in said and "changed by editor1's approval" in said
    # the server check stays: a page left open, or a script, is still refused
    assert post(editor, e_token, f"/revisions/{second}/approve").status_code == 409


def test_a_superseded_revision_offers_no_approve_at_all(people, aligned, db_path) -> None:
    tom, tom_token = people("tom", "translator")
    editor, _ = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)["id"]
    old = propose(tom, tom_token, segment, "Everyone is entitled.").json["revision"]
    propose(tom, tom_token, segment, "Everyone is entitled to all.")
    assert tree(editor.get(f"/revisions/{old}")).xpath("//form[@class='approve']") == []


def test_the_editors_own_revisions_in_the_queue_say_why_they_cannot_be_ticked(
    people, aligned, db_path
) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    theirs = propose(translator, t_token, paragraph(db_path, aligned, 1)["id"], "All.").json[
        "revision"
    ]
    own = propose(editor, e_token, paragraph(db_path, aligned, 5)["id"], "Mine.").json["revision"]
    queue = tree(editor.get("/queue?role=editor"))
    [row] = queue.xpath(f"//tr[@id='pending-{own}']")
    assert row.xpath(".//input[@type='checkbox']") == []
    assert "four-eyes" in row.xpath("string(./td[1])")
    [row] = queue.xpath(f"//tr[@id='pending-{theirs}']")
    assert row.xpath(".//input[@name='ids']/@value") == [str(theirs)]
    # another editor may approve it, so for them it has its box
    other, _ = people("editor2", "editor")
    [row] = tree(other.get("/queue?role=editor")).xpath(f"//tr[@id='pending-{own}']")
    assert row.xpath(".//input[@name='ids']/@value") == [str(own)]


def test_the_queue_heading_names_the_person_only_when_it_is_someone_elses(
    people, aligned, db_path
) -> None:
    translator, _ = people("translator1", "translator")
    editor, _ = people("editor1", "editor")

    def heading(client, url: str) -> str:
        return " ".join(tree(client.get(url)).xpath("string(//h1)").split())

    assert heading(translator, "/queue") == "Work queue · translator"
    assert heading(editor, "/queue?role=translator") == "Work queue · translator"
    seen = heading(editor, "/queue?role=translator&user=translator1")
    assert seen == "Work queue · translator · translator1"


def test_the_four_eyes_rule_is_shown_as_a_refusal(people, aligned, db_path) -> None:
    editor, token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 5)["id"]
    rid = propose(editor, token, segment, "Everyone lives.").json["revision"]
    page = tree(editor.get(f"/revisions/{rid}"))
    assert "four-eyes" in page.xpath("string(//p[@class='four-eyes'])")
    response = post(editor, token, f"/revisions/{rid}/approve", as_json=False)
    assert response.status_code == 403
    [message] = tree(response).xpath("//div[@class='refusal']//span[@class='refusal-message']")
    assert "nobody approves their own revision" in message.text_content()
    response = post(editor, token, f"/revisions/{rid}/approve")
    assert response.status_code == 403 and "four-eyes" in response.json["error"]["message"]
    assert use(db_path, lambda s: s.revision(rid))["status"] == "pending"


def test_two_clients_propose_from_the_same_text_and_the_second_is_stale(
    people, aligned, db_path
) -> None:
    """Two translators open the same paragraph; one's revision is approved first."""
    ana, ana_token = people("ana", "translator")
    tom, tom_token = people("tom", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)
    for client in (ana, tom):
        page = tree(client.get(f"/alignments/{aligned}/review"))
        [div] = page.xpath(f"//div[@data-segment='{segment['id']}']")
        assert div.get("data-revision") == "0"
    first = propose(ana, ana_token, segment["id"], "Each person is entitled to all the rights.")
    second = propose(tom, tom_token, segment["id"], "Everyone is entitled to every right.")
    assert first.status_code == second.status_code == 201
    assert post(editor, e_token, f"/revisions/{first.json['revision']}/approve").status_code == 200
    tom_rid = second.json["revision"]
    refused = post(editor, e_token, f"/revisions/{tom_rid}/approve")
    assert refused.status_code == 409
    assert refused.json["error"]["changed_by"] == "editor1"
    assert refused.json["error"]["theirs"] == "Each person is entitled to all the rights."
    fragment = lxml.html.fragment_fromstring(refused.json["error"]["html"], create_parent="div")
    assert fragment.xpath("string(//span[@class='changed-by'])") == "editor1"
    assert fragment.xpath("string(//span[@class='written-by'])") == "ana"
    assert fragment.xpath("//del") and fragment.xpath("//ins")
    page = post(editor, e_token, f"/revisions/{tom_rid}/approve", as_json=False)
    assert page.status_code == 409
    refusal = tree(page).xpath("//div[@class='refusal']")[0]
    assert "changed by editor1" in refusal.text_content() and refusal.xpath(".//del")
    # proposing again from the old text is refused too, with who and the diff; nothing lost
    again = propose(tom, tom_token, segment["id"], "Everybody.", base=0, alignment_id=aligned)
    assert again.status_code == 409 and again.json["error"]["changed_by"] == "editor1"
    assert 'lang="en"' in again.json["error"]["html"]
    form = propose(tom, tom_token, segment["id"], "Everybody.", as_json=False)
    assert form.status_code == 409 and "changed by" in text_of(form)
    assert paragraph(db_path, aligned, 3)["text"] == "Each person is entitled to all the rights."
    assert use(db_path, lambda s: s.revision(tom_rid))["status"] == "pending"
    assert "stale" in text_of(editor.get(f"/revisions/{tom_rid}"))  # a badge, and a note


def test_the_review_page_marks_pending_revisions_with_their_diff(people, aligned, db_path) -> None:
    translator, token = people("translator1", "translator")
    segment = paragraph(db_path, aligned, 5)["id"]
    propose(translator, token, segment, "Everyone has the right to life and liberty.")
    page = tree(translator.get(f"/alignments/{aligned}/review"))
    [item] = page.xpath("//li[contains(@class, 'pending-revision')]")
    assert "pending revision" in item.xpath("string(.//a[@class='pending-badge'])")
    assert item.xpath(".//del") and item.xpath(".//ins")
    [edit] = page.xpath("//button[@data-action='edit' and not(contains(@class, 'small'))]")
    assert edit.get("disabled") is None
    reviewer, _ = people("reviewer1", "reviewer")
    page = tree(reviewer.get(f"/alignments/{aligned}/review"))
    [edit] = page.xpath("//button[@data-action='edit' and not(contains(@class, 'small'))]")
    assert edit.get("disabled") is not None


# -- reject, bulk approve, queues -------------------------------------------------------------


def test_reject_needs_a_reason_and_the_translator_sees_it(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 5)["id"]
    rid = propose(translator, t_token, segment, "Everyone lives.").json["revision"]
    assert post(editor, e_token, f"/revisions/{rid}/reject", reason_code="").status_code == 400
    missing = post(editor, e_token, f"/revisions/{rid}/reject", as_json=False, reason_code="other")
    assert missing.status_code == 400 and "say why" in text_of(missing)
    done = post(
        editor,
        e_token,
        f"/revisions/{rid}/reject",
        as_json=False,
        reason_code="incomplete",
        reason_text="liberty and security?",
    )
    assert done.status_code == 303
    queue = tree(translator.get("/queue"))
    [item] = queue.xpath(f"//li[@id='rejected-{rid}']")
    assert "Incomplete: omits part of the source" in item.text_content()
    assert "liberty and security?" in item.text_content()
    again = propose(translator, t_token, segment, "Everyone has the right to life and liberty.")
    assert again.status_code == 201


def test_bulk_approval_reports_counts_and_why_refused(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    ids = [
        propose(translator, t_token, paragraph(db_path, aligned, p)["id"], f"Text {p}.").json[
            "revision"
        ]
        for p in (1, 3)
    ]
    own = propose(editor, e_token, paragraph(db_path, aligned, 5)["id"], "Mine.").json["revision"]
    queue = tree(editor.get("/queue"))
    # the editor's own revision has no box to tick (four-eyes rule); the server still refuses it
    assert {int(x) for x in queue.xpath("//input[@name='ids']/@value")} == set(ids)
    response = editor.post("/revisions/approve", data={"ids": [*ids, own], "csrf_token": e_token})
    assert response.status_code == 303
    page = text_of(editor.get(response.headers["Location"]))
    assert "Approved 2, refused 1." in page
    assert f"Revision {own} refused: nobody approves their own revision" in page
    response = post(editor, e_token, "/revisions/approve", ids=[own])
    assert response.json["refused"] == [own] and "four-eyes" in response.json["why"][str(own)]
    assert post(editor, e_token, "/revisions/approve", ids=[]).status_code == 400
    assert post(editor, e_token, "/revisions/approve", ids=[9999]).status_code == 404
    assert post(translator, t_token, "/revisions/approve", ids=[own]).status_code == 403


def test_queues_per_role(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    other, o_token = people("translator2", "translator")
    reviewer, _ = people("reviewer1", "reviewer")
    editor, _ = people("editor1", "editor")
    first = paragraph(db_path, aligned, 1)["id"]
    propose(translator, t_token, first, "All people are born free.")
    propose(other, o_token, paragraph(db_path, aligned, 3)["id"], "Everyone is entitled.")

    def flag(store: Store) -> int:
        link = store.link_covering(aligned, "paragraph", "target", 3)
        return flags.raise_flag(
            store, aligned, category="terminology", severity="major", link_id=link.id, user="r"
        )["id"]

    flag_id = use(db_path, flag)
    # translator1 imported the translation: every open flag of the alignment is theirs;
    # translator2 answers for the paragraph they proposed a revision of.
    for client in (translator, other):
        page = tree(client.get("/queue"))
        assert page.xpath(f"//tr[@id='flag-{flag_id}']"), client
    assert tree(other.get("/queue")).xpath("//ul[@class='queue mine']/li")
    document = use(db_path, lambda s: s.alignment(aligned)["document_id"])
    editor_page = tree(editor.get(f"/queue?role=editor&document={document}&author=translator2"))
    assert len(editor_page.xpath("//input[@name='ids']")) == 1
    assert len(tree(editor.get("/queue")).xpath("//input[@name='ids']")) == 2
    reviewer_page = tree(reviewer.get("/queue"))
    [row] = reviewer_page.xpath(f"//tr[@id='alignment-{aligned}']")
    assert row.xpath("string(.//span[@class='unconfirmed-count'])") == "7"
    assert row.xpath(".//a/@href")[0].endswith(f"/alignments/{aligned}/review?status=unconfirmed")
    assert translator.get("/queue?role=editor").status_code == 403
    assert reviewer.get("/queue?role=translator&user=translator1").status_code == 403
    seen = tree(editor.get("/queue?role=translator&user=translator2"))
    assert seen.xpath(f"//tr[@id='flag-{flag_id}']")
    assert editor.get("/queue?role=boss").status_code == 400


# -- history and revert -----------------------------------------------------------------------


def test_history_diff_and_revert(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)
    original = segment["text"]
    rid = propose(
        translator, t_token, segment["id"], "Everyone is entitled to every right.", as_json=False
    )
    assert rid.status_code == 303 and rid.headers["Location"].startswith("/revisions/")
    rid = int(rid.headers["Location"].rsplit("/", 1)[1])
    post(editor, e_token, f"/revisions/{rid}/approve")
    page = tree(translator.get(f"/segments/{segment['id']}/history"))
    rows = page.xpath("//table[@class='history']/tbody/tr")
    assert len(rows) == 2
    assert "imported" in rows[0].text_content() and f"revision {rid}" in rows[1].text_content()
    assert "editor1" in rows[1].text_content()
    [diff] = page.xpath("//p[@id='history-diff']")
    assert diff.get("lang") == "en" and diff.xpath(".//del") and diff.xpath(".//ins")
    backwards = tree(translator.get(f"/segments/{segment['id']}/history?a=1&b=0"))
    assert "Revision 1 → revision 0" in backwards.text_content()
    assert translator.get(f"/segments/{segment['id']}/history?a=7").status_code == 404
    stale = post(
        translator, t_token, f"/segments/{segment['id']}/revert", to_revision=0, base_revision=0
    )
    assert stale.status_code == 409 and stale.json["error"]["changed_by"] == "editor1"
    back = post(
        translator, t_token, f"/segments/{segment['id']}/revert", to_revision=0, base_revision=1
    )
    assert back.status_code == 201
    post(editor, e_token, f"/revisions/{back.json['revision']}/approve")
    assert paragraph(db_path, aligned, 3)["text"] == original
    reviewer, r_token = people("reviewer1", "reviewer")
    refused = post(
        reviewer, r_token, f"/segments/{segment['id']}/revert", to_revision=1, base_revision=2
    )
    assert refused.status_code == 403


def _revert_form(page, to_revision: int) -> dict[str, str]:
    """The hidden fields of the history page's Revert form for one revision."""
    [form] = page.xpath(f"//form[@id='revert-{to_revision}']")
    return {field.get("name"): field.get("value") for field in form.xpath(".//input")}


def test_revert_says_it_replaces_ones_pending_revision_and_never_one_proposed_since(
    people, aligned, db_path
) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)["id"]
    first = propose(translator, t_token, segment, "Everyone may claim every right.").json
    post(editor, e_token, f"/revisions/{first['revision']}/approve")
    # a page opened with nothing pending, then a proposal from another tab: not replaced
    stale = _revert_form(tree(translator.get(f"/segments/{segment}/history")), 0)
    assert stale["replaces"] == "0"
    pending = propose(translator, t_token, segment, "My own careful wording.", base=1).json
    refused = post(translator, t_token, f"/segments/{segment}/revert", **stale, as_json=False)
    assert refused.status_code == 409
    assert use(db_path, lambda store: store.revision(pending["revision"]))["status"] == "pending"
    # the page opened now shows the pending revision and says reverting replaces it
    page = translator.get(f"/segments/{segment}/history")
    assert f"replaces your pending revision {pending['revision']}" in text_of(page)
    fresh = _revert_form(tree(page), 0)
    assert fresh["replaces"] == str(pending["revision"])
    done = post(translator, t_token, f"/segments/{segment}/revert", **fresh, as_json=False)
    assert done.status_code == 303
    shown = text_of(translator.get(done.headers["Location"]))
    assert f"which replaces your pending revision {pending['revision']}" in shown
    assert use(db_path, lambda store: store.revision(pending["revision"]))["status"] == (
        "superseded"
    )


# -- editions ---------------------------------------------------------------------------------


def test_editions_list_publish_form_and_diff(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")

    def confirm_all(store: Store) -> None:
        ids = [link.id for link in store.links(aligned)]
        review.set_status(store, aligned, ids, user="editor1")

    use(db_path, confirm_all)
    assert not tree(translator.get(f"/alignments/{aligned}/editions")).xpath(
        "//form[@class='publish']"
    )
    page = tree(editor.get(f"/alignments/{aligned}/editions"))
    [form] = page.xpath("//form[@class='publish']")
    assert form.get("action") == f"/alignments/{aligned}/publish"
    published = editor.post(form.get("action"), data={"csrf_token": e_token, "note": "first"})
    assert published.status_code == 303
    rid = propose(translator, t_token, paragraph(db_path, aligned, 5)["id"], "Everyone lives.")
    post(editor, e_token, f"/revisions/{rid.json['revision']}/approve")
    second = use(db_path, lambda s: editions.publish(s, aligned, user="editor1"))
    first = use(db_path, lambda s: s.edition_by_number(aligned, 1))["id"]
    page = tree(editor.get(f"/alignments/{aligned}/editions"))
    assert page.xpath(f"//a[@href='/editions/{first}']") and page.xpath(
        f"//a[@href='/editions/{second}']"
    )
    assert "7 of 7" in page.xpath("string(//tr[@id='edition-1'])")
    assert "editor1" in page.xpath("string(//tr[@id='edition-1'])")
    redirect = editor.get(f"/alignments/{aligned}/editions?a={first}&b={second}")
    assert redirect.headers["Location"] == f"/editions/{first}/diff/{second}"
    diff = tree(editor.get(f"/editions/{first}/diff/{second}"))
    assert len(diff.xpath("//tbody/tr")) == 7
    assert "1 changed" in diff.xpath("string(//p[@class='counts'])")
    changed = tree(editor.get(f"/editions/{first}/diff/{second}?changed=1"))
    [row] = changed.xpath("//tbody/tr")
    assert row.get("class") == "kind-changed" and row.xpath(".//del") and row.xpath(".//ins")
    assert editor.get(f"/editions/{first}/diff/999").status_code == 404


# -- comparison on the demo's Mark -----------------------------------------------------------


@pytest.fixture
def mark(corpus: Path, db_path: Path) -> dict:
    """The demo in this test's database (`corpus`); Mark's source and its ASV and BBE
    versions."""
    versions = use(db_path, lambda s: s.versions(3))
    assert [(v["language"], v["role"]) for v in versions] == [
        ("sq", "source"),
        ("en", "translation"),
        ("en", "translation"),
    ]
    return {"source": versions[0]["id"], "asv": versions[1]["id"], "bbe": versions[2]["id"]}


def test_the_comparison_page_on_mark(people, mark, db_path) -> None:
    translator, _ = people("translator1", "translator")
    page = tree(translator.get("/documents/3/compare"))
    heads = page.xpath("//div[contains(@class, 'compare-head')]/span/text()")
    assert heads[1].startswith("Source") and "Bible in Basic English" in heads[3]
    rows = page.xpath("//div[@role='row' and not(contains(@class, 'compare-head'))]")
    assert len(rows) == 15
    langs = rows[0].xpath("./div[@role='cell']/@lang")
    assert langs == ["sq", "en", "en"]
    assert rows[0].xpath(".//span[@class='similarity']") and rows[0].xpath(".//del | .//ins")
    assert page.xpath("//input[@type='radio']") == []  # translators do not compose
    picked = tree(translator.get(f"/documents/3/compare?a={mark['bbe']}&b={mark['asv']}"))
    assert picked.xpath("//select[@name='a']/option[@selected]/@value") == [str(mark["bbe"])]
    assert translator.get("/documents/3/compare?a=1&b=2").status_code == 404


def test_compose_a_version_and_compare_changed_rows_only(people, mark, db_path) -> None:
    editor, token = people("editor1", "editor")
    translator, t_token = people("translator1", "translator")
    page = tree(editor.get("/documents/3/compare"))
    assert len(page.xpath("//input[@type='radio' and @value='b']")) == 15
    form = {"csrf_token": token, "a": mark["asv"], "b": mark["bbe"], "label": "Mixed"}
    refused = translator.post("/documents/3/compose", data={**form, "csrf_token": t_token})
    assert refused.status_code == 403
    response = editor.post("/documents/3/compose", data={**form, "choice-0": "b"})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/documents/3")
    assert "Made version" in text_of(editor.get(response.headers["Location"]))
    new = use(db_path, lambda s: s.versions(3))[-1]
    assert new["label"] == "Mixed"
    query = f"a={mark['asv']}&b={new['id']}"
    everything = tree(editor.get(f"/documents/3/compare?{query}"))
    assert everything.xpath("string(//span[@class='changed-count'])") == "1"
    only = tree(editor.get(f"/documents/3/compare?{query}&changed=1"))
    rows = only.xpath("//div[@role='row' and not(contains(@class, 'compare-head'))]")
    assert [row.get("id") for row in rows] == ["row-0"]
    bad = editor.post("/documents/3/compose", data={**form, "label": " "})
    assert bad.status_code == 400


# -- hostile text -----------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere(people, aligned, db_path) -> None:
    translator, t_token = people("translator1", "translator")
    editor, e_token = people("editor1", "editor")
    segment = paragraph(db_path, aligned, 3)["id"]
    rid = propose(translator, t_token, segment, HOSTILE, note="<b>note</b>").json["revision"]
    post(translator, t_token, f"/revisions/{rid}/comments", body="<script>alert(1)</script>")
    pages = [
        f"/revisions/{rid}",
        f"/alignments/{aligned}/review",
        "/queue",
        f"/segments/{segment}/history",
    ]
    for url in pages:
        response = editor.get(url)
        html = response.get_data(as_text=True)
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
        assert tree(response).xpath("//script[not(@src)] | //img[@onerror]") == [], url
    post(editor, e_token, f"/revisions/{rid}/approve")
    other = propose(translator, t_token, segment, "<b>bold</b> claim", base=0)
    html = other.json["error"]["html"]
    assert other.status_code == 409 and "<script" not in html and "<img" not in html
    assert "&lt;img src=x" in html and "<b>" not in html
    history = editor.get(f"/segments/{segment}/history").get_data(as_text=True)
    assert "<script>window" not in history and "<img src" not in history


def test_the_publish_forms_note_allows_what_the_server_allows(people, aligned, db_path) -> None:
    """The form said 2,000 characters while editions.publish takes 10,000: one limit now."""
    editor, _ = people("editor1", "editor")
    page = tree(editor.get(f"/alignments/{aligned}/editions"))
    [note] = page.xpath("//form[@class='publish']//input[@name='note']")
    assert note.get("maxlength") == str(revisions.MAX_COMMENT) == "10000"
    assert "10,000 characters" in page.xpath("string(//form[@class='publish'])")
