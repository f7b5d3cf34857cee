"""Page images -> lines of text with positions, through the Tesseract command line.

Tesseract runs as a subprocess, one page per call, several pages at once on a
thread pool (the threads only wait on the subprocesses). Its TSV output gives
every word with its box and confidence; a line's words are joined by
pdf.py's `words_to_line`, so Chinese gets no spaces between words, exactly
as on the text path. Nothing here knows about PDFs.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable

# Settings, as data.
LANGUAGE = "chi_sim"  # Debian: tesseract-ocr-chi-sim
# Render a page at this many dots per inch. Measured on seed-scan.pdf (a
# 200 dpi scan of 16 pt 仿宋 body text; hanzi misread per 3 944): 100 dpi 23,
# 120 dpi 18, 150 dpi 20, 170 dpi 17, 200 dpi 27, 300 dpi 38, 400 dpi 48.
# chi_sim reads best when a body character is about 30-35 px high; at 300 dpi
# it invents characters in the gaps of justified lines (`、上县卫健局`).
RESOLUTION = 150
# Page segmentation mode 6: one uniform block of text. A notice page is one
# column; mode 3 (automatic layout) misread 65 hanzi of 3 944 where mode 6 misread 38 (both at 300 dpi).
PAGE_SEGMENTATION = 6
# A line whose words Tesseract is on average less sure of than this is
# doubtful: the `— 2 —` footer of a scan comes out as 人, 和, 站 or 9 at
# confidence 0-32, while body lines of seed-scan.pdf score 42 and more.
DOUBTFUL_CONFIDENCE = 40
TIMEOUT = 300  # seconds for one page
# Tesseract's own OpenMP threads fight the pool's processes for the cores.
ENVIRONMENT = {"OMP_THREAD_LIMIT": "1"}

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"


class OcrError(Exception):
    """Tesseract is missing, or failed on a page; `reason` is one plain line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class OcrLine:
    """One text line as Tesseract found it; positions in pt from the page's top edge.

    `words` are dicts with `text`, `x0`, `x1`, `top`, `bottom` and `size` (the
    line height in pt, standing in for a font size), the shape of pdfplumber's words.
    """

    words: tuple[dict, ...]
    top: float
    bottom: float
    confidence: float  # mean over the words, 0-100

    @property
    def doubtful(self) -> bool:
        return self.confidence < DOUBTFUL_CONFIDENCE


def unavailable() -> str | None:
    """Return why OCR cannot run here (one line, with the fix), or None when it can."""
    executable = shutil.which("tesseract")
    if executable is None:
        return f"tesseract is not installed: {INSTALL_HINT}"
    try:
        listed = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=60, env=_environment()
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract does not run ({exc}): {INSTALL_HINT}"
    if LANGUAGE not in (listed.stdout + listed.stderr).split():
        return f"tesseract has no simplified-Chinese model ({LANGUAGE}): apt-get install tesseract-ocr-chi-sim"
    return None


def read_images(images: Iterable, resolution: float = RESOLUTION, jobs: int | None = None) -> list[tuple[OcrLine, ...]]:
    """Given page images (PIL, rendered at `resolution` dpi), return each page's lines, in page order.

    Images are handed to Tesseract as they come, so a caller can render page
    n+1 while page n is read; at most `jobs` Tesseract processes run at once.
    Raises OcrError when Tesseract is missing or fails on a page.
    """
    executable = shutil.which("tesseract")
    if executable is None:
        raise OcrError(f"tesseract is not installed: {INSTALL_HINT}")
    workers = max(1, jobs or os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        futures = [
            pool.submit(_run_tesseract, executable, image_to_bytes(image), resolution, number)
            for number, image in enumerate(images, 1)
        ]
        return [tsv_to_lines(future.result(), resolution) for future in futures]


def image_to_bytes(image) -> bytes:
    """Given a PIL image, return it as 8-bit grey PGM: no compression to wait for, and Leptonica reads it."""
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "PPM")
    return buffer.getvalue()


def _run_tesseract(executable: str, image: bytes, resolution: float, number: int) -> str:
    command = [
        executable, "stdin", "stdout", "-l", LANGUAGE, "--psm", str(PAGE_SEGMENTATION),
        "--dpi", str(round(resolution)), "tsv",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=TIMEOUT, env=_environment())
    except subprocess.TimeoutExpired:
        raise OcrError(f"OCR of page {number} took more than {TIMEOUT} s") from None
    except OSError as exc:
        raise OcrError(f"tesseract does not run ({exc.strerror or exc}): {INSTALL_HINT}") from None
    if done.returncode != 0:
        message = _last_line(done.stderr.decode("utf-8", "replace")) or f"exit status {done.returncode}"
        raise OcrError(f"OCR of page {number} failed: {message}")
    return done.stdout.decode("utf-8", "replace")


def tsv_to_lines(tsv: str, resolution: float = RESOLUTION) -> tuple[OcrLine, ...]:
    """Given Tesseract's TSV output for one page, return its text lines in reading order, boxes in pt."""
    scale = 72 / resolution
    grouped: dict[tuple[str, str, str, str], list[tuple[dict, float]]] = {}
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t", 11)
        if len(fields) < 12 or fields[0] != "5":  # level 5: a word
            continue
        text = fields[11].strip()
        if not text:
            continue
        left, top, width, height = (float(v) for v in fields[6:10])
        word = {"text": text, "x0": left * scale, "x1": (left + width) * scale,
                "top": top * scale, "bottom": (top + height) * scale}  # fmt: skip
        grouped.setdefault(tuple(fields[1:5]), []).append((word, float(fields[10])))
    lines = []
    for words in grouped.values():
        top = min(w["top"] for w, _ in words)
        bottom = max(w["bottom"] for w, _ in words)
        size = bottom - top
        confidence = sum(max(c, 0) for _, c in words) / len(words)
        lines.append(OcrLine(tuple(dict(w, size=size) for w, _ in words), top, bottom, confidence))
    return tuple(lines)


def _environment() -> dict[str, str]:
    return dict(os.environ, **ENVIRONMENT)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""
