"""The review page in a real browser: headless Chromium renders it, we count what it rendered.

Needs Debian's `chromium` (and `fonts-noto-cjk` for Chinese glyphs in the
screenshot): `apt-get install -y chromium fonts-noto-cjk`. Without
/usr/bin/chromium the tests are skipped, saying so.

Artifacts: tests/artifacts/review-page.png on every run; docs/review-page.png
(the README's picture, at most 300 KB) when it is missing or when
UPDATE_REVIEW_SCREENSHOT=1.
"""

from __future__ import annotations

import io
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.export import notice_to_dict
from pipeline.parse import parse
from pipeline.readers import read_document
from pipeline.review import render_review, review_text

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "notice-2024-pingchang.txt"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DOCS_SCREENSHOT = ROOT / "docs" / "review-page.png"
DOCS_MAX_BYTES = 300 * 1024

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium not installed at /usr/bin/chromium (apt-get install -y chromium fonts-noto-cjk)",
)


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium with a fresh profile and no network chatter; return the finished process."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


class Counter(HTMLParser):
    """Class tokens of every element of the rendered DOM, and the tag of each."""

    def __init__(self, page: str):
        super().__init__()
        self.elements: list[tuple[str, set[str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, set((dict(attrs).get("class") or "").split())))

    def count(self, tag: str | None, *classes: str) -> int:
        return sum(1 for t, c in self.elements if (tag is None or t == tag) and set(classes) <= c)


@pytest.fixture(scope="module")
def review_page(rules, tmp_path_factory):
    raw = read_document(SAMPLE)
    document = notice_to_dict(parse(raw, rules))
    document["source"]["path"] = "raw/notice-2024-pingchang.txt"  # as `make run` reports it, not this machine's path
    path = tmp_path_factory.mktemp("review") / f"{document['doc_id']}.html"
    path.write_text(render_review(document, review_text(raw, rules)), encoding="utf-8")
    return document, path


def test_rendered_dom_has_every_unit_and_task(review_page, tmp_path):
    document, path = review_page
    dom = chromium(tmp_path / "profile", "--dump-dom", path.as_uri()).stdout
    assert "</html>" in dom, "Chromium printed no DOM"
    rendered = Counter(dom)
    assert rendered.count(None, "hl", "hl-unit") == sum(len(t["units"]) for t in document["tasks"]) == 102
    assert rendered.count("tr", "task-row") == 18
    assert rendered.count("section", "task") == 18


def test_screenshot(review_page, tmp_path):
    _, path = review_page
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n", encoding="utf-8")  # artifacts never go to git
    artifact = ARTIFACTS / "review-page.png"
    artifact.unlink(missing_ok=True)
    chromium(tmp_path / "profile", f"--screenshot={artifact}", "--window-size=1280,2000", path.as_uri())
    data = artifact.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    if os.environ.get("UPDATE_REVIEW_SCREENSHOT") == "1" or not DOCS_SCREENSHOT.exists():
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        DOCS_SCREENSHOT.write_bytes(small_png(data, tmp_path, path))
    assert DOCS_SCREENSHOT.stat().st_size <= DOCS_MAX_BYTES


def small_png(data: bytes, tmp_path: Path, page: Path) -> bytes:
    """Given a screenshot, return it within DOCS_MAX_BYTES: as a 256-colour PNG (Pillow), else a shorter shot."""
    try:
        from PIL import Image
    except ImportError:
        Image = None
    if Image is not None and len(data) > DOCS_MAX_BYTES:
        out = io.BytesIO()
        image = Image.open(io.BytesIO(data)).convert("RGB")
        palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        palette.save(out, "PNG", optimize=True)
        data = out.getvalue()
    height = 1600
    while len(data) > DOCS_MAX_BYTES and height >= 600:
        shot = tmp_path / f"shot-{height}.png"
        chromium(tmp_path / f"profile-{height}", f"--screenshot={shot}", f"--window-size=1280,{height}", page.as_uri())
        data, height = shot.read_bytes(), height - 400
    return data
