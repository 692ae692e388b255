"""Real headless Chromium (Debian's package) for the page tests, and axe-core injected into it.

No browser is downloaded: /usr/bin/chromium comes from apt (`apt-get install -y chromium`), axe-core
from npm (`npm ci --prefix tests/lineage/a11y`, done here on first use when missing).
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
A11Y_DIR = Path(__file__).resolve().parent / "a11y"
AXE_JS = A11Y_DIR / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(
    url: str, profile: Path, *, screenshot: Path | None = None, virtual_time_ms: int | None = None
) -> str:
    """The DOM of ``url`` after rendering (and optionally a screenshot of it)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium", pytrace=False)
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600", "--dump-dom"]
    if screenshot is not None:
        args.append(f"--screenshot={screenshot}")
    if virtual_time_ms is not None:
        args.append(f"--virtual-time-budget={virtual_time_ms}")
    done = subprocess.run([*args, url], check=False, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}", pytrace=False)
    return done.stdout


def axe_source() -> str:
    """axe-core's browser bundle, installed from the lock file on first use."""
    with open(A11Y_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not AXE_JS.exists():
            done = subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"],
                check=False,
                cwd=A11Y_DIR,
                capture_output=True,
                text=True,
                timeout=300,
            )
            if done.returncode != 0 or not AXE_JS.exists():
                pytest.fail(f"npm ci for axe-core failed: {done.stderr[-2000:]}", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


AXE_RUNNER = """<script>%s</script><script>
axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(function (r) {
  var out = document.createElement('pre'); out.id = 'axe-results';
  out.textContent = JSON.stringify({
    violations: r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; }),
    passes: r.passes.map(function (p) { return p.id; })});
  document.body.appendChild(out);
});</script>"""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_check(page: Path, profile: Path) -> dict:
    """Run axe-core (WCAG 2.1 A/AA + best practices) on a copy of ``page`` in chromium."""
    script = AXE_RUNNER % (axe_source().replace("</script>", "<\\/script>"), json.dumps(AXE_TAGS))
    probe = page.with_name(f".axe-{page.name}")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8"
    )
    try:
        dom = chromium(probe.as_uri(), profile, virtual_time_ms=15000)
    finally:
        probe.unlink()
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.DOTALL)
    assert found, "axe-core produced no result in chromium"
    import html

    return json.loads(html.unescape(found.group(1)))


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    content: list[str | Node] = field(default_factory=list)  # text and children, in order

    def text(self) -> str:
        parts = [c if isinstance(c, str) else f" {c.text()} " for c in self.content]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if child.tag == tag:
                found.append(child)
            found.extend(child.find_all(tag))
        return found

    def ancestors(self) -> list[Node]:
        node, out = self.parent, []
        while node is not None:
            out.append(node)
            node = node.parent
        return out


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        self.current.content.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.content.append(data)


def parse(dom: str) -> Node:
    builder = _Builder()
    builder.feed(dom)
    return builder.root
