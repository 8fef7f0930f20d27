"""Security of the web app, generated from its URL map: who may call what, CSRF on every state
change, cookies, login throttling and a CSP with nothing inline.

`REQUIRED` names, for every endpoint, what it needs: "open" (anyone), "read" (anyone logged in)
or the permissions of `auth.PERMISSIONS` (any one of them suffices). A route added without an
entry here fails `test_every_route_is_in_the_permission_map`, so that nobody forgets to decide.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from tests.conftest import add_user, csrf_from, login, snapshot
from workbench import aligning, editions, flags, review, revisions, services, users
from workbench.store import Store
from workbench.users import issue_token
from workbench.web import auth as auth_module
from workbench.web import create_app
from workbench.web.auth import PERMISSIONS

ROLES = ("translator", "reviewer", "editor", "admin")
PASSWORD = "password-1"

#: endpoint -> "open" | "read" | the permissions of which any one allows the call.
REQUIRED: dict[str, str | tuple[str, ...]] = {
    "static": "open",
    "auth.login": "open",
    "favicon": "open",
    "api.openapi": "open",
    "auth.logout": "read",
    "auth.account": "read",
    "auth.users_page": ("manage_users",),
    "auth.disable_user": ("manage_users",),
    "auth.enable_user": ("manage_users",),
    "auth.user_role": ("manage_users",),
    "auth.user_password": ("manage_users",),
    # pages and partials: everyone logged in reads
    **{
        endpoint: "read"
        for endpoint in (
            "documents.index",
            "documents.show",
            "documents.job",
            "flags.document_flags",
            "flags.alignment_flags",
            "review.page",
            "review.rows",
            "review.sentences",
            "review.next_suspicious",
            "review.next_finding",
            "exports.page",
            "exports.download",
            "exports.read_draft",
            "exports.edition",
            "exports.read_edition",
            "exports.start_job",
            "exports.job",
            "exports.job_file",
            "revisions.revision",
            "revisions.history",
            "revisions.queue",
            "revisions.editions_list",
            "revisions.edition_diff",
            "revisions.compare_page",
            "search.search_page",
            "search.concordance_page",
            "search.api_search",
            "search.api_concordance",
            "qa.report",
            "qa.glossary_page",
            "qa.export_csv",
            "api.documents",
            "api.document",
            "api.versions",
            "api.version",
            "api.segments",
            "api.segment",
            "api.alignments",
            "api.alignment",
            "api.links",
            "api.link",
            "api.alignment_flags",
            "api.document_flags",
            "api.flag",
            "api.revision_list",
            "api.revision",
            "api.edition_list",
            "api.edition",
            "api.document_export",
            "api.edition_export",
        )
    },
    "documents.upload": ("import",),
    "api.import_document": ("import",),
    "documents.align": ("edit_alignment",),
    "api.align": ("edit_alignment",),
    "review.confirm": ("confirm",),
    "review.unconfirm": ("confirm",),
    "review.confirm_above": ("confirm",),
    "api.link_confirm": ("confirm",),
    "api.link_unconfirm": ("confirm",),
    **{
        f"{blueprint}.{action}": ("edit_alignment",)
        for blueprint, prefix in (("review", ""), ("api", "link_"))
        for action in (
            f"{prefix}merge",
            f"{prefix}split",
            f"{prefix}shift",
            f"{prefix}detach",
            f"{prefix}realign",
        )
    },
    "review.undo": ("confirm", "edit_alignment"),
    "api.undo": ("confirm", "edit_alignment"),
    "flags.raise_flag": ("flag",),
    "api.raise_flag": ("flag",),
    "flags.status": ("flag",),
    "api.flag_status": ("flag",),
    "flags.comment": ("comment",),
    "api.flag_comment": ("comment",),
    "qa.flag": ("flag",),
    "qa.dismiss": ("flag",),
    "qa.undismiss": ("flag",),
    "revisions.propose": ("edit_text",),
    "api.propose": ("edit_text",),
    "revisions.revert": ("edit_text",),
    "revisions.comment": ("comment",),
    "api.revision_comment": ("comment",),
    "revisions.approve": ("approve",),
    "revisions.reject": ("approve",),
    "revisions.approve_selected": ("approve",),
    "revisions.compose": ("approve",),
    "api.approve": ("approve",),
    "api.reject": ("approve",),
    "revisions.withdraw": ("edit_text",),  # and only the author: the service checks that
    "api.withdraw": ("edit_text",),
    "exports.publish": ("publish",),
    "api.publish": ("publish",),
    "search.add_to_glossary": ("edit_text",),
    "qa.add_term": ("edit_text",),
    "qa.edit_term": ("edit_text",),
    "qa.delete_term": ("edit_text",),
    "qa.import_glossary": ("edit_text",),
}


#: Routes that, beyond the role's permission, only the author of the revision may use.
AUTHOR_ONLY = {"revisions.withdraw", "api.withdraw"}


def allowed(endpoint: str, role: str | None) -> bool:
    need = REQUIRED[endpoint]
    if need == "open":
        return True
    if role is None:
        return False
    return need == "read" or any(role in PERMISSIONS[p] for p in need)


class World:
    """A database with one of everything, and the URL of every route on it."""

    def __init__(self, tmp_path: Path, **config: Any) -> None:
        self.db_path = tmp_path / "security.db"
        store = Store(self.db_path)
        try:
            self.ids = _populate(store)
            self.tokens = {}
            for role in ROLES:
                users.add_user(store, f"{role}1", role, PASSWORD, by="test")
                self.tokens[role] = issue_token(store, f"{role}1")
        finally:
            store.close()
        self.app = create_app(
            {"TESTING": True, "DATABASE": str(self.db_path), "SECRET_KEY": "t", **config}
        )

    def rules(self) -> list[Any]:
        return sorted(self.app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))

    def url(self, rule: Any) -> str:
        values = {name: self.ids.get(name, 1) for name in rule.arguments}
        if "filename" in rule.arguments:
            values["filename"] = "review.css"
        if "job_id" in rule.arguments:
            values["job_id"] = "no-such-job"
        with self.app.test_request_context():
            from flask import url_for

            return url_for(rule.endpoint, **values)

    def methods(self, rule: Any) -> list[str]:
        return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _populate(store: Store) -> dict[str, int]:
    doc = services.import_file(
        store,
        "Neni 1.\n\nÇdo njeri ka të drejtë.\n\nNeni 2.\n\nAsnjë.".encode(),
        filename="s.txt",
        language="sq",
        role="source",
    ).document
    services.import_file(
        store,
        b"Article 1.\n\nEveryone has the right.\n\nArticle 2.\n\nNobody.",
        filename="t.txt",
        document_id=doc,
        language="en",
        role="translation",
    )
    alignment = aligning.align_versions(store, doc)
    links = store.links(alignment, "paragraph")
    target = store.alignment(alignment)["target_version_id"]
    segment = store.segment_at(target, "paragraph", 1)
    flag = flags.raise_flag(
        store, alignment, category="style", severity="minor", link_id=links[1].id, user="x"
    )
    revision = revisions.propose(
        store, segment["id"], "Everyone has rights.", base_revision=segment["revision"], user="x"
    )
    review.set_status(store, alignment, [link.id for link in links], user="x")
    edition = editions.publish(store, alignment, user="x", note="")
    return {
        "document_id": doc,
        "alignment_id": alignment,
        "link_id": links[1].id,
        "flag_id": flag["id"],
        "revision_id": revision,
        "segment_id": segment["id"],
        "edition_id": edition,
        "old_id": edition,
        "new_id": edition,
        "term_id": 1,
    }


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def test_every_route_is_in_the_permission_map(world: World) -> None:
    endpoints = {rule.endpoint for rule in world.rules()}
    assert sorted(endpoints - set(REQUIRED)) == [], "decide who may call these routes"
    assert sorted(set(REQUIRED) - endpoints) == [], "routes that no longer exist"
    for need in REQUIRED.values():
        if isinstance(need, tuple):
            assert set(need) <= set(PERMISSIONS)


def _call(client: Any, world: World, rule: Any, method: str, role: str | None, csrf: str) -> Any:
    url = world.url(rule)
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role else {}
        if method == "GET":
            return client.get(url, headers=headers)
        return client.post(url, json={}, headers=headers)
    if method == "GET":
        return client.get(url)
    return client.post(url, json={}, headers={"X-CSRF-Token": csrf, "Accept": "application/json"})


def test_anonymous_visitors_read_nothing_and_change_nothing(world: World) -> None:
    client = world.app.test_client()
    csrf = csrf_from(client.get("/login").get_data(as_text=True))  # a token, but no login
    before = snapshot(world.db_path)
    for rule in world.rules():
        for method in world.methods(rule):
            if allowed(rule.endpoint, None):
                continue
            response = _call(client, world, rule, method, None, csrf)
            where = f"{method} {rule.rule}"
            if rule.rule.startswith("/api/"):
                assert response.status_code == 401, where
                assert response.is_json, where
            elif method == "GET":
                assert response.status_code == 302, where
                assert response.headers["Location"].startswith("/login?next="), where
            else:
                assert response.status_code == 401, where
    assert snapshot(world.db_path) == before


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_what_its_permissions_do_not_grant(world: World, role: str) -> None:
    client = world.app.test_client()
    csrf = login(client, f"{role}1", PASSWORD)
    before = snapshot(world.db_path)
    refused = 0
    for rule in world.rules():
        for method in world.methods(rule):
            if allowed(rule.endpoint, role):
                continue
            response = _call(client, world, rule, method, role, csrf)
            assert response.status_code == 403, f"{role}: {method} {rule.rule}"
            refused += 1
    assert snapshot(world.db_path) == before
    assert refused > 0 or role in ("editor", "admin")  # editors lack only manage_users
    # What the role may do is let through (then it may fail on the empty input, never on 401,
    # 403 or a crash). Reads first, then writes, logout last.
    allowed_calls = [
        (method, rule)
        for rule in world.rules()
        for method in world.methods(rule)
        if allowed(rule.endpoint, role) and rule.endpoint not in ("auth.logout", "auth.login")
    ]
    for method, rule in sorted(allowed_calls, key=lambda call: call[0] != "GET"):
        response = _call(client, world, rule, method, role, csrf)
        if rule.endpoint in AUTHOR_ONLY and response.status_code == 403:
            # the role may; this person may not: the world's revision is somebody else's
            assert "only the author" in response.get_data(as_text=True), rule.rule
            continue
        assert response.status_code not in (401, 403), f"{role}: {method} {rule.rule}"
        assert response.status_code < 500, f"{role}: {method} {rule.rule}"


def test_every_state_change_needs_the_csrf_token(world: World) -> None:
    client = world.app.test_client()
    login(client, "admin1", PASSWORD)
    before = snapshot(world.db_path)
    posts = [r for r in world.rules() if "POST" in r.methods and not r.rule.startswith("/api/")]
    assert len(posts) > 20
    for rule in posts:
        url = world.url(rule)
        for headers in ({}, {"X-CSRF-Token": "forged"}):
            response = client.post(url, data={"csrf_token": headers.get("X-CSRF-Token", "")})
            assert response.status_code == 400, f"{rule.rule} {headers}"
            response = client.post(url, json={}, headers=headers)
            assert response.status_code == 400, f"{rule.rule} {headers}"
    assert snapshot(world.db_path) == before
    assert client.get("/").status_code == 200  # still logged in: logout needed the token too


def test_the_api_never_writes_with_a_session_cookie(world: World) -> None:
    """The API checks no CSRF token, so a cookie (which any site can make a browser send)
    must not be enough to write through it."""
    client = world.app.test_client()
    csrf = login(client, "admin1", PASSWORD)
    before = snapshot(world.db_path)
    for rule in world.rules():
        if rule.rule.startswith("/api/") and "POST" in rule.methods:
            response = client.post(world.url(rule), json={}, headers={"X-CSRF-Token": csrf})
            assert response.status_code == 401, rule.rule
    assert snapshot(world.db_path) == before


# -- cookies ----------------------------------------------------------------------------------


def _login_cookie(app: Any, name: str, **environ: Any) -> tuple[Any, str]:
    client = app.test_client()
    token = csrf_from(client.get("/login", **environ).get_data(as_text=True))
    response = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}, **environ
    )
    assert response.status_code == 302
    return response, response.headers["Set-Cookie"]


def test_session_cookie_is_httponly_samesite_and_not_secure_on_plain_http(world: World) -> None:
    _response, cookie = _login_cookie(world.app, "editor1")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookies_when_configured(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_SECURE_COOKIES", "1")
    world = World(tmp_path)
    _response, cookie = _login_cookie(world.app, "editor1")
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_behind_a_proxy_https_is_trusted_from_forwarded_headers(tmp_path: Path) -> None:
    world = World(tmp_path, BEHIND_PROXY=True)
    forwarded = {"headers": {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}}
    response, cookie = _login_cookie(world.app, "editor1", **forwarded)
    assert "Secure" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    # Without the proxy flag, the same headers are not believed.
    plain = World(tmp_path / "plain")
    response, cookie = _login_cookie(plain.app, "editor1", **forwarded)
    assert "Secure" not in cookie
    assert "Strict-Transport-Security" not in response.headers


# -- login throttling -------------------------------------------------------------------------


def _attempt(client: Any, name: str, password: str, address: str = "127.0.0.1") -> Any:
    environ = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/login", environ_base=environ).get_data(as_text=True))
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token},
        environ_base=environ,
    )


def test_logins_are_throttled_after_five_failures(world: World, monkeypatch) -> None:
    client = world.app.test_client()
    for _ in range(5):
        assert _attempt(client, "editor1", "wrong").status_code == 401
    refused = _attempt(client, "editor1", "wrong")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert "Too many failed logins" in refused.get_data(as_text=True)
    # Even the right password waits (else the answer would tell when a guess was right) ...
    assert _attempt(client, "editor1", PASSWORD).status_code == 429
    # ... but a colleague at the same address, and the same user elsewhere, are not locked out.
    assert _attempt(client, "reviewer1", PASSWORD).status_code == 302
    assert _attempt(world.app.test_client(), "editor1", PASSWORD, "10.0.0.7").status_code == 302
    # Ten minutes later the name is heard again.
    later = time.monotonic() + 601
    monkeypatch.setattr(auth_module.time, "monotonic", lambda: later)
    assert _attempt(world.app.test_client(), "editor1", PASSWORD).status_code == 302


def test_a_success_clears_the_failures(world: World) -> None:
    client = world.app.test_client()
    for _ in range(4):
        _attempt(client, "editor1", "wrong")
    assert _attempt(client, "editor1", PASSWORD).status_code == 302
    for _ in range(4):
        assert _attempt(world.app.test_client(), "editor1", "wrong").status_code == 401


# -- no inline scripts or styles on any page --------------------------------------------------


def test_every_html_page_has_no_inline_script_style_or_handler(tmp_path: Path) -> None:
    from tests.browser import HOSTILE_SOURCE

    world = World(tmp_path)
    store = Store(world.db_path)
    services.import_file(
        store,
        "\n\n".join(HOSTILE_SOURCE).encode(),
        filename="<svg onload=alert(1)>.txt",
        title='<script>alert(1)</script> " onmouseover="alert(1)',
        language="sq",
        role="source",
    )
    store.close()
    add_user(world.db_path, "admin2", "admin")
    client = world.app.test_client()
    login(client, "admin2")
    pages = 0
    for rule in world.rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/api/", "/static/")):
            continue
        for url in {world.url(rule), re.sub(r"/1(?=/|$)", "/2", world.url(rule))}:
            response = client.get(url + ("?q=%3Cscript%3E" if "search" in url else ""))
            if response.mimetype != "text/html" or response.status_code >= 500:
                assert response.status_code < 500, url
                continue
            pages += 1
            policy = response.headers["Content-Security-Policy"]
            assert "unsafe-inline" not in policy and "script-src 'self'" in policy
            _assert_nothing_inline(response.get_data(as_text=True), url)
    assert pages > 20


def _assert_nothing_inline(page: str, url: str) -> None:
    tree = lxml_html.fromstring(page)
    for script in tree.iter("script"):
        assert script.get("src"), f"{url}: inline <script>"
        assert not (script.text or "").strip(), f"{url}: a <script> with a body"
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.get("style") is None, f"{url}: style= on <{element.tag}>"
        handlers = [name for name in element.attrib if name.lower().startswith("on")]
        assert not handlers, f"{url}: {handlers} on <{element.tag}>"
        for name in ("href", "src", "action", "formaction"):
            value = (element.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), f"{url}: {name}={value}"
    assert "<style" not in page.lower(), f"{url}: a <style> element"
