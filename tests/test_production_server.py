"""The production server as an operator runs it: `workbench serve --production` (waitress).

Behind a reverse proxy (`--behind-proxy`), the proxy's X-Forwarded-For/-Proto are believed
from the proxy's address only (`--proxy-address`, 127.0.0.1 by default): login throttling
then counts each client, not the proxy, and a request the proxy took over HTTPS gets HSTS
and a Secure cookie; a client reaching the server from another address cannot forge them.
Slow clients that open connections and never finish a request are cut after a short idle
time, and a few hundred of them do not stop the server answering others.

The server runs in a subprocess, as `serve` starts it; the loopback network gives a second
client address (127.0.0.2) for the client that is not the proxy.
"""

from __future__ import annotations

import http.client
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import add_user
from workbench.cli import admin
from workbench.web import create_app

CLI = [sys.executable, "-c", "from workbench.cli import main; main()"]
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
PASSWORD = "password-1"
PROXY, STRANGER = "127.0.0.1", "127.0.0.2"  # where the proxy connects from; anyone else
HTTPS = {"X-Forwarded-Proto": "https"}


def stop(process: subprocess.Popen[str]) -> None:
    """Ctrl+C, as an operator stops it: the server closes and its QA worker process ends with
    it (a SIGTERM would leave that worker behind)."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def start(db_path: Path, *options: str) -> tuple[subprocess.Popen[str], int]:
    """`workbench serve --production --port 0 OPTIONS`, once it says where it listens."""
    command = [*CLI, "--db", str(db_path), "serve", "--production", "--port", "0", *options]
    process = subprocess.Popen(
        [*command, "--threads", "4"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    deadline, output = time.monotonic() + 60, ""
    while time.monotonic() < deadline:
        if select.select([process.stdout], [], [], 0.5)[0]:
            line = process.stdout.readline()
            output += line
            found = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
            if found:
                return process, int(found.group(1))
            if not line and process.poll() is not None:
                break
    process.kill()
    raise AssertionError(f"the server did not start: {output}")


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A production server behind a proxy at 127.0.0.1, with the user editor1; its port."""
    db_path = tmp_path_factory.mktemp("served") / "workbench.db"
    add_user(db_path, "editor1", "editor", PASSWORD)
    process, port = start(db_path, "--behind-proxy")
    try:
        yield port
    finally:
        stop(process)


def request(
    port: int, method: str, path: str, *, source: str = PROXY, **options: Any
) -> http.client.HTTPResponse:
    """One request on a connection of its own, from the loopback address `source`."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=20, source_address=(source, 0)
    )
    connection.request(method, path, **options)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def log_in(port: int, name: str, password: str, headers: dict[str, str], source: str = PROXY):
    """The login form as a browser sends it (the page, then the post with its CSRF token)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=20, source_address=(source, 0)
    )
    connection.request("GET", "/login", headers=headers)
    page = connection.getresponse()
    token = CSRF.search(page.read().decode()).group(1)
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    body = f"username={name}&password={password}&csrf_token={token}"
    connection.request(
        "POST",
        "/login",
        body=body,
        headers={
            **headers,
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def client(address: str) -> dict[str, str]:
    """What the proxy adds for a client at `address` that came over HTTPS."""
    return {"X-Forwarded-For": address, **HTTPS}


# -- behind a proxy ---------------------------------------------------------------------------


def test_logins_are_throttled_per_client_behind_the_proxy(proxied: int) -> None:
    for _ in range(5):
        assert log_in(proxied, "editor1", "wrong", client("203.0.113.7")).status == 401
    assert log_in(proxied, "editor1", "wrong", client("203.0.113.7")).status == 429
    # the guesser is locked out, the real editor at another address is not
    welcome = log_in(proxied, "editor1", PASSWORD, client("198.51.100.20"))
    assert welcome.status == 302


def test_a_request_the_proxy_took_over_https_gets_hsts_and_a_secure_cookie(proxied: int) -> None:
    response = request(proxied, "GET", "/login", headers=client("198.51.100.21"))
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")
    assert "Secure" in response.getheader("Set-Cookie", "")
    plain = request(proxied, "GET", "/login", headers={"X-Forwarded-For": "198.51.100.21"})
    assert plain.getheader("Strict-Transport-Security") is None


def test_forwarded_headers_from_anyone_but_the_proxy_are_ignored(proxied: int) -> None:
    victim = "198.51.100.30"
    forged = client(victim)
    response = request(proxied, "GET", "/login", source=STRANGER, headers=forged)
    assert response.getheader("Strict-Transport-Security") is None, "https was not believed"
    for _ in range(5):  # counted against 127.0.0.2, whatever the header says
        assert log_in(proxied, "editor1", "wrong", forged, STRANGER).status == 401
    other = client("192.0.2.99")  # a new forged address does not start a fresh count
    assert log_in(proxied, "editor1", "wrong", other, STRANGER).status == 429
    # the victim, coming through the proxy, was never charged with those failures
    assert log_in(proxied, "editor1", PASSWORD, client(victim)).status == 302


def test_a_proxy_at_another_address_is_not_believed_from_here(tmp_path: Path) -> None:
    db_path = tmp_path / "workbench.db"
    add_user(db_path, "editor1", "editor", PASSWORD)
    process, port = start(db_path, "--behind-proxy", "--proxy-address", "10.9.9.9")
    try:
        response = request(port, "GET", "/login", headers=client("198.51.100.40"))
        assert response.getheader("Strict-Transport-Security") is None
        assert "Secure" in response.getheader("Set-Cookie", ""), "cookies stay Secure"
    finally:
        stop(process)


def test_the_proxy_address_goes_with_behind_proxy(cli) -> None:
    result = cli("serve", "--production", "--proxy-address", "127.0.0.1")
    assert result.exit_code == 2 and "--behind-proxy" in result.output


def test_only_one_layer_reads_the_forwarded_headers(db_path: Path) -> None:
    """Under waitress the server does (checking the peer); the app then leaves them alone."""
    served = create_app(
        {"DATABASE": str(db_path), "BEHIND_PROXY": True, "PROXY_HEADERS_IN_SERVER": True}
    )
    settings = admin.proxy_settings(served)
    assert settings["trusted_proxy"] == "127.0.0.1"
    assert settings["trusted_proxy_headers"] == {
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-host",
    }
    assert settings["clear_untrusted_proxy_headers"] is True
    assert served.wsgi_app.__name__ == "wsgi_app", "no second reader in the app"
    own = create_app({"DATABASE": str(db_path), "BEHIND_PROXY": True})
    assert own.wsgi_app.__name__ == "translate_proxy_headers"
    assert admin.proxy_settings(own) == {
        "trusted_proxy": None,
        "clear_untrusted_proxy_headers": False,
    }
    plain = create_app({"DATABASE": str(db_path)})
    assert admin.proxy_settings(plain)["trusted_proxy"] is None


def test_the_app_alone_believes_the_proxy_address_only(db_path: Path) -> None:
    """The development server (or another WSGI server) behind a proxy: the same rules."""
    app = create_app({"DATABASE": str(db_path), "BEHIND_PROXY": True, "PROXY_ADDRESS": "10.0.0.1"})
    forged = app.test_client().get("/login", headers=HTTPS)  # the test client is 127.0.0.1
    assert "Strict-Transport-Security" not in forged.headers
    trusted = app.test_client().get(
        "/login", headers=HTTPS, environ_base={"REMOTE_ADDR": "10.0.0.1"}
    )
    assert trusted.headers["Strict-Transport-Security"].startswith("max-age=")


# -- slow clients -----------------------------------------------------------------------------


def test_the_server_settings_cut_slow_clients_and_allow_many_connections(db_path: Path) -> None:
    app = create_app({"DATABASE": str(db_path)})
    settings = admin.server_settings(app, "::1", 0, 8)
    assert settings["channel_timeout"] == 20 and settings["cleanup_interval"] <= 5
    assert settings["connection_limit"] >= 1000 and settings["asyncore_use_poll"] is True
    assert admin.server_settings(app, "::1", 0, 256)["connection_limit"] >= 8 * 256


def test_serve_production_gives_waitress_these_settings(db_path: Path, monkeypatch) -> None:
    import waitress

    from workbench import findings, findings_cache

    given: dict[str, Any] = {}

    class Stopped:
        effective_port = 8000

        def run(self) -> None:
            raise KeyboardInterrupt

        def close(self) -> None:
            pass

    def create_server(app: Any, **settings: Any) -> Stopped:
        given.update(settings)
        return Stopped()

    monkeypatch.setattr(waitress, "create_server", create_server)
    monkeypatch.setattr(findings_cache, "offload_checks", lambda: None)
    monkeypatch.setattr(findings, "prewarm", lambda path: None)
    app = create_app(
        {"DATABASE": str(db_path), "BEHIND_PROXY": True, "PROXY_HEADERS_IN_SERVER": True}
    )
    admin._serve_production(app, "127.0.0.1", 8000, 4)
    assert given == admin.server_settings(app, "127.0.0.1", 8000, 4)
    assert given["trusted_proxy"] == "127.0.0.1" and given["channel_timeout"] == 20


def test_half_open_connections_do_not_stop_the_server(proxied: int) -> None:
    """slowloris: 150 connections that never finish their request; others are still served."""
    held = []
    try:
        for _ in range(150):
            sock = socket.create_connection(("127.0.0.1", proxied), timeout=5)
            sock.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
            held.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        assert request(proxied, "GET", "/login").status == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in held:
            sock.close()


def test_idle_and_unfinished_connections_are_closed_after_the_timeout(db_path: Path) -> None:
    """The production settings with a timeout of one second, on a waitress in a thread."""
    from waitress import create_server

    app = create_app({"DATABASE": str(db_path)})
    settings = {
        **admin.server_settings(app, "127.0.0.1", 0, 2),
        "channel_timeout": 1,
        "cleanup_interval": 1,
    }
    server = create_server(app, **settings)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    sockets = [socket.create_connection(("127.0.0.1", server.effective_port)) for _ in range(5)]
    try:
        for sock in sockets[:3]:
            sock.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")  # never finished
        for sock in sockets:
            sock.settimeout(10)
            assert sock.recv(100) == b"", "the server closes the connection"
    finally:
        for sock in sockets:
            sock.close()
        server.close()
        for channel in list(server._map.values()):
            channel.close()
        server.task_dispatcher.shutdown()
        thread.join(5)
