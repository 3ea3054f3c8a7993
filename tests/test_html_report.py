"""The HTML report opened in headless Chromium: what a project lead sees.

Chromium is Debian's `chromium`; the session fixture installs it with
apt-get where it is missing (CI runs on a fresh machine). Every launch goes
through a proxy that only records connections, so a page that fetched
anything over the network would be caught; a control page with a remote
image proves the recorder sees such a fetch. Chromium itself still calls a
few of its own Google service endpoints in headless mode whatever the flags
(network time, component updates, sign-in); those hosts are told apart and
ignored, any other host fails the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AS_OF, EXAMPLE
from report_helpers import XSS, Elements

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-default-apps", "--disable-extensions", "--mute-audio", "--no-pings",
                  "--disable-features=NetworkTimeServiceQuerying,MediaRouter,OptimizationHints,Translate"]
# Chromium's own background calls (not the page's): ignored by host.
BROWSER_SERVICE_HOSTS = frozenset({"clients2.google.com", "update.googleapis.com", "accounts.google.com"})


def host_of(request_line: str) -> str:
    """'CONNECT host:443 HTTP/1.1' or 'GET http://host/path HTTP/1.1' -> host."""
    parts = request_line.split()
    if len(parts) < 2:
        return request_line
    target = parts[1]
    return (urlsplit(target).hostname if "://" in target else target.rsplit(":", 1)[0]) or target


@pytest.fixture(scope="session")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if not shutil.which("apt-get"):
        pytest.fail("chromium is missing and there is no apt-get to install it (Debian: apt-get install chromium)")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(sudo + command, env=env, capture_output=True, text=True, timeout=1200)
        if done.returncode != 0:
            pytest.fail(f"could not install chromium ({' '.join(command)}): {done.stderr[-500:]}")
    found = shutil.which("chromium")
    assert found, "apt-get installed chromium but it is not on PATH"
    return found


class RecordingProxy:
    """A TCP listener used as Chromium's proxy: it records each connection's
    first line (e.g. 'CONNECT host:443' or 'GET http://...') and closes it."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    first = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    first = "?"
                self.requests.append(first)

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def browse(chromium, tmp_path):
    """Open a file in headless Chromium behind the recording proxy:
    browse(path, '--dump-dom') -> (stdout, proxied requests)."""
    proxy = RecordingProxy()
    runs = iter(range(100))

    def run(page: Path, *args: str) -> tuple[str, list[str]]:
        profile = tmp_path / f"profile-{next(runs)}"
        argv = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                f"--proxy-server=http://127.0.0.1:{proxy.port}", "--proxy-bypass-list=<-loopback>",
                *args, page.resolve().as_uri()]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout, [r for r in proxy.requests if host_of(r) not in BROWSER_SERVICE_HOSTS]

    yield run
    proxy.close()


def write_html(runner, plan_path, name: str) -> Path:
    code, out, err = runner.run("check", plan_path, "--format", "html", "--as-of", AS_OF, "--lang", "en")
    assert code in (0, 1), err
    page = runner.tmp_path / name
    page.write_text(out, encoding="utf-8")
    return page


def test_the_proxy_recorder_sees_a_page_that_fetches_from_the_network(browse, tmp_path):
    page = tmp_path / "control.html"
    page.write_text('<!DOCTYPE html><p>control</p><img src="http://remote.example/pixel.png">', encoding="utf-8")
    dom, requests = browse(page, "--dump-dom")
    assert "control" in dom
    assert {host_of(r) for r in requests} == {"remote.example"}, requests


def test_example_shows_the_decision_five_gate_cards_and_five_phase_bars_without_network(runner, browse):
    page = write_html(runner, EXAMPLE, "example.html")
    dom_text, requests = browse(page, "--dump-dom")
    assert requests == []
    dom = Elements(dom_text)
    decision = [a for t, a in dom.elements if a.get("id") == "next-decision"]
    assert decision and "decision-GO" in decision[0]["class"].split()
    assert [a.get("data-decision") for a in dom.with_class("value")] == ["GO"]
    assert "Decision for the next gate" in dom.text and "Limited pilot" in dom.text
    cards = dom.with_class("gate-card")
    assert len(cards) == 5
    assert [c["data-phase"] for c in cards] == ["pilot-limited", "pilot-expanded", "prod-1", "prod-2", "prod-3"]
    bars = dom.with_class("phase-bar", "rect")
    assert len(bars) == 5
    assert [b["data-decision"] for b in bars] == ["GO", "GO", "NO-GO", "GO", "GO"]
    assert [s["class"] for s in dom.tags("svg")].count("timeline") == 1  # (labels sit in svg boxes of their own)


def test_example_screenshot(runner, browse, tmp_path):
    page = write_html(runner, EXAMPLE, "example.html")
    shot = tmp_path / "report.png"
    _, requests = browse(page, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars")
    assert requests == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank or near-blank page compresses to a few kB


def test_a_group_named_like_markup_shows_as_text_and_creates_no_element(runner, browse, example):
    next(g for g in example["groups"] if g["id"] == "it")["name"] = XSS
    page = write_html(runner, runner.write(example), "xss.html")
    dom_text, requests = browse(page, "--dump-dom")
    assert requests == []
    dom = Elements(dom_text)
    assert dom.tags("img") == []
    assert f"{XSS}: 50" in dom.text  # the limited pilot's gate card lists the cohort by name
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom_text
