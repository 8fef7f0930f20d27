"""A document's flags page in pages: the real total, pages of FLAGS_PAGE flags that keep the
filters, the last page for one past the end, and a 400 for page 0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import import_pair
from workbench import flags
from workbench.store import Store
from workbench.web.flags import FLAGS_PAGE

SOURCE = [f"Paragrafi {n}." for n in range(1, 6)]
TARGET = [f"Paragraph {n}." for n in range(1, 6)]
MAJOR = FLAGS_PAGE + 50  # a page and a quarter of major flags
MINOR = 30


@pytest.fixture(scope="module")
def flags_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with one document of MAJOR major and MINOR minor flags (minor ones raised
    last), built once for the module and copied for each test."""
    path = tmp_path_factory.mktemp("flags") / "workbench.db"
    store = Store(path)
    try:
        alignment = import_pair(store, SOURCE, TARGET, user="ana")
        link = store.links(alignment)[0]
        for severity, count in (("major", MAJOR), ("minor", MINOR)):
            for _ in range(count):
                flags.raise_flag(
                    store,
                    alignment,
                    link_id=link.id,
                    category="style",
                    severity=severity,
                    user="rita",
                )
    finally:
        store.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, flags_template: Path) -> Path:
    """This test's copy of the template (the app and the users are made on it)."""
    path = tmp_path / "workbench.db"
    shutil.copyfile(flags_template, path)
    return path


@pytest.fixture
def many_flags(db_path: Path) -> int:
    """The id of the document with the flags."""
    return 1


def shown(response) -> tuple[list[int], str, lxml_html.HtmlElement]:
    """(ids of the flags on the page, its count line, the page)."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    tree = lxml_html.fromstring(response.get_data(as_text=True))
    ids = [int(a.get("id").removeprefix("flag-")) for a in tree.xpath("//article[@id]")]
    return ids, tree.xpath("//p[@class='count']")[0].text_content(), tree


def test_the_flags_page_shows_the_real_total_and_the_first_page(
    client, as_role, many_flags
) -> None:
    as_role("reviewer")
    ids, count, tree = shown(client.get(f"/documents/{many_flags}/flags"))
    assert count == f"{MAJOR + MINOR} flags"
    assert ids == list(range(1, FLAGS_PAGE + 1))
    pager = tree.xpath("//nav[@class='pager']")[0].text_content()
    assert f"Flags 1–{FLAGS_PAGE} of {MAJOR + MINOR} (page 1 of 2)" in " ".join(pager.split())
    assert tree.xpath("//nav[@class='pager']//a[@rel='next']/@href")[0] == (
        f"/documents/{many_flags}/flags?page=2"
    )


def test_the_next_page_shows_the_rest(client, as_role, many_flags) -> None:
    as_role("reviewer")
    ids, count, tree = shown(client.get(f"/documents/{many_flags}/flags?page=2"))
    assert ids == list(range(FLAGS_PAGE + 1, MAJOR + MINOR + 1))
    assert count == f"{MAJOR + MINOR} flags"
    assert not tree.xpath("//nav[@class='pager']//a[@rel='next']")
    assert tree.xpath("//nav[@class='pager']//a[@rel='prev']/@href")[0] == (
        f"/documents/{many_flags}/flags?page=1"
    )


def test_pages_keep_the_filters(client, as_role, many_flags) -> None:
    as_role("reviewer")
    ids, count, tree = shown(
        client.get(f"/documents/{many_flags}/flags?severity=major&status=open")
    )
    assert count == f"{MAJOR} flags" and len(ids) == FLAGS_PAGE
    following = tree.xpath("//nav[@class='pager']//a[@rel='next']/@href")[0]
    assert "severity=major" in following and "status=open" in following
    ids, _count, _tree = shown(client.get(following))
    assert ids == list(range(FLAGS_PAGE + 1, MAJOR + 1))


def test_a_page_past_the_end_shows_the_last(client, as_role, many_flags) -> None:
    as_role("reviewer")
    last, _count, _tree = shown(client.get(f"/documents/{many_flags}/flags?page=2"))
    ids, _count, _tree = shown(client.get(f"/documents/{many_flags}/flags?page=99"))
    assert ids == last


def test_a_short_list_has_one_page_and_no_pager(client, as_role, many_flags) -> None:
    as_role("reviewer")
    ids, count, tree = shown(client.get(f"/documents/{many_flags}/flags?severity=minor"))
    assert count == f"{MINOR} flags" and len(ids) == MINOR
    assert not tree.xpath("//nav[@class='pager']")


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_page_0_or_no_number_is_a_400(client, as_role, many_flags, page) -> None:
    as_role("reviewer")
    response = client.get(f"/documents/{many_flags}/flags?page={page}")
    assert response.status_code == 400
    assert "page" in response.get_data(as_text=True)


def test_a_status_change_without_a_return_path_comes_back_to_the_flags_page(
    client, as_role, many_flags
) -> None:
    token = as_role("reviewer")
    flag_id = FLAGS_PAGE + 10
    response = client.post(
        f"/flags/{flag_id}/status",
        data={"csrf_token": token, "status": "resolved"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 303
    target = response.headers["Location"]
    assert target.endswith(f"#flag-{flag_id}")
    ids, _count, _tree = shown(client.get(target.split("#")[0]))
    assert flag_id in ids


def test_a_link_to_one_flag_opens_the_page_that_holds_it(client, as_role, many_flags) -> None:
    """The translator's queue links each flag as `?flag=<id>#flag-<id>`: a flag past the first
    page is on the page the link opens."""
    as_role("reviewer")
    late = FLAGS_PAGE + 5
    ids, _count, _tree = shown(client.get(f"/documents/{many_flags}/flags?flag={late}"))
    assert late in ids and ids[0] == FLAGS_PAGE + 1
    ids, _count, _tree = shown(client.get(f"/documents/{many_flags}/flags?flag=3"))
    assert 3 in ids and ids[0] == 1
