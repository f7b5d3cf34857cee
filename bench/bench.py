"""Benchmark: throughput, start-up, PDF overhead and memory, each against a baseline measured
in the same run. Writes bench/RESULTS.md. Run with `make bench`.

Every figure is the median of several runs. The corpus of 1,000 notices is made
from the development corpus with a fixed seed: places, unit spellings and task
numbering vary, so no two notices are the same text.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_PDF = ROOT / "tests" / "fixtures" / "seed.pdf"
PYTHON = sys.executable
RUNS = 5
PDF_RUNS = 9  # the PDF ratio is a small difference between two short runs
BATCH_RUNS = 5  # whole batches of 1,000 notices, --jobs 1 beside --jobs 2

PLACES = "青石 云岭 松溪 桃源 白河 金川 临江 安平 东岚 西岑 南屏 北塘 望山 清河 石门 梅岭".split()
NUMBERING = [("{n}.", r"^(\d+)\."), ("{n}、", r"^(\d+)、"), ("{n}．", r"^(\d+)\.")]
SHORT_FORMS = [("市场监督管理局", "市场监管局"), ("发展和改革局", "发改局"), ("住房和城乡建设局", "住建局"),
               ("卫生健康局", "卫健局"), ("人力资源和社会保障局", "人社局")]


def make_corpus(target: Path, count: int, seed: int = 20240712) -> list[Path]:
    """Write `count` varied text notices into `target`; return their paths."""
    import regex

    sources = sorted(CORPUS.glob("*.txt"))
    texts = []
    for path in sources:
        data = path.read_bytes()
        for encoding in ("utf-8", "gb18030"):
            try:
                texts.append(data.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = rng.choice(texts)
        place = rng.choice(PLACES) + rng.choice(PLACES)[0]
        text = regex.sub(r"^(\p{Han}{2})(?=[县市区])", place, text, flags=regex.M)
        for full, short in SHORT_FORMS:
            if rng.random() < 0.5:
                text = text.replace(full, short)
        form, pattern = rng.choice(NUMBERING)
        text = regex.sub(pattern, lambda m: form.format(n=m.group(1)), text, flags=regex.M)
        path = target / f"bench-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def interleaved_medians(commands: dict[str, list[str]], runs: int = RUNS) -> dict[str, float]:
    """The median seconds of each command, run in turn (A, B, A, B …) so that a
    slow spell of a shared machine weighs on a measure and its baseline alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def peak_memory_mb(command: list[str]) -> float:
    """The peak resident memory of one command, measured by a fresh parent process."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PYTHON, "-c", probe, *command], check=True, capture_output=True, text=True).stdout
    return int(out.strip()) / 1024


def in_process_rates(paths: list[Path]) -> list[float]:
    """Notices per second of each pass over `paths` in one process, after start-up (rules
    loaded, modules imported)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.export import notice_to_dict
    from pipeline.parse import parse
    from pipeline.readers import read_document
    from pipeline.rules import load_rules

    rules = load_rules()
    parse(read_document(paths[0]), rules)  # warm: lazy imports, caches
    rates = []
    for _ in range(RUNS):
        started = time.perf_counter()
        for path in paths:
            json.dumps(notice_to_dict(parse(read_document(path), rules)), ensure_ascii=False)
        rates.append(len(paths) / (time.perf_counter() - started))
    return rates


def pdf_seconds(pdf: Path, pipeline: list[str]) -> dict[str, float]:
    """Seconds for the whole pipeline on a PDF, and for bare text extraction of the same
    pages by pdfplumber and by pypdfium2, each a whole process."""
    plumber = (f"import pdfplumber\nwith pdfplumber.open({str(pdf)!r}) as p:\n"
               "    [page.extract_text() for page in p.pages]")
    pdfium = (f"import pypdfium2 as m\nd = m.PdfDocument({str(pdf)!r})\n"
              "[d[i].get_textpage().get_text_range() for i in range(len(d))]")
    found = interleaved_medians({"pipeline": pipeline, "pdfplumber": [PYTHON, "-c", plumber],
                                 "pypdfium2": [PYTHON, "-c", pdfium]}, runs=PDF_RUNS)
    return {f"pdf_{name}": seconds for name, seconds in found.items()}


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="notice-bench-"))
    try:
        paths = make_corpus(work / "corpus", 1000)
        small = work / "small"
        small.mkdir()
        for path in paths[:10]:
            shutil.copy(path, small / path.name)
        run = [PYTHON, "-m", "pipeline", "run", "--no-views"]
        results: dict[str, float] = {}
        passes = in_process_rates(paths[:300])
        results["rate_in_process"] = statistics.median(passes)
        results["rate_in_process_low"], results["rate_in_process_high"] = min(passes), max(passes)
        batches = interleaved_medians({
            f"jobs{jobs}": run + [str(work / "corpus"), "--out", str(work / f"o{jobs}"), "--jobs", str(jobs)]
            for jobs in (1, 2)
        }, runs=BATCH_RUNS)
        results["rate_jobs1"] = len(paths) / batches["jobs1"]
        results["rate_jobs2"] = len(paths) / batches["jobs2"]
        views = interleaved_medians({"views": [PYTHON, "-m", "pipeline", "run", str(work / "corpus"),
                                               "--out", str(work / "v1")]}, runs=1)["views"]
        results["rate_views"] = len(paths) / views
        results.update(interleaved_medians({
            "one_notice": run + [str(paths[0]), "--out", str(work / "one")],
            "import_regex": [PYTHON, "-c", "import regex"],
            "help": [PYTHON, "-m", "pipeline", "--help"],
        }))
        results.update(pdf_seconds(SEED_PDF, run + [str(SEED_PDF), "--out", str(work / "pdf")]))
        results["memory_10"] = peak_memory_mb(run + [str(small), "--out", str(work / "m10"), "--jobs", "1"])
        results["memory_1000"] = peak_memory_mb(run + [str(work / "corpus"), "--out", str(work / "m1000"),
                                                       "--jobs", "1"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = format_results(results)
    (ROOT / "bench" / "RESULTS.md").write_text(merge_report(report), encoding="utf-8")
    print(report)
    return 0


def format_results(r: dict[str, float]) -> str:
    lines = [
        "## Batch and start-up",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores. "
        f"Medians of {RUNS} runs ({PDF_RUNS} for the PDF, {BATCH_RUNS} for whole batches), measured in one session; "
        "each measure and its baseline run in turn (A, B, A, B …). Batch runs use "
        "`--no-views` (JSON and tables only) except where the row says otherwise. `make bench` first "
        "compiles the pipeline's bytecode, as `make run` does.",
        "",
        "| measure | value | baseline | ratio |",
        "|---|---|---|---|",
        f"| notices per second, one process after start-up (passes {r['rate_in_process_low']:.0f}–"
        f"{r['rate_in_process_high']:.0f}) | {r['rate_in_process']:.0f} | — | — |",
        f"| notices per second, `run --jobs 1` (1,000 notices) | {r['rate_jobs1']:.0f} | — | — |",
        f"| notices per second, `run --jobs 2` | {r['rate_jobs2']:.0f} | `--jobs 1` | "
        f"{r['rate_jobs2'] / r['rate_jobs1']:.2f}× |",
        f"| notices per second, `run` with review pages and workbooks | {r['rate_views']:.0f} | `--no-views` | "
        f"{r['rate_views'] / r['rate_jobs1']:.2f}× |",
        f"| one text notice, whole process | {r['one_notice']:.3f} s | `python -c \"import regex\"` "
        f"{r['import_regex']:.3f} s | {r['one_notice'] / r['import_regex']:.1f}× |",
        f"| `python -m pipeline --help` | {r['help']:.3f} s | `import regex` | "
        f"{r['help'] / r['import_regex']:.1f}× |",
    ]
    if "pdf_pipeline" in r:
        lines += [
            f"| seed.pdf (9 pages), whole pipeline | {r['pdf_pipeline']:.3f} s | pdfplumber `extract_text()` "
            f"{r['pdf_pdfplumber']:.3f} s | {r['pdf_pipeline'] / r['pdf_pdfplumber']:.2f}× |",
            f"| seed.pdf, whole pipeline | {r['pdf_pipeline']:.3f} s | pypdfium2 text "
            f"{r['pdf_pypdfium2']:.3f} s | {r['pdf_pipeline'] / r['pdf_pypdfium2']:.2f}× |",
        ]
    lines += [
        f"| peak memory, 10 notices | {r['memory_10']:.0f} MB | — | — |",
        f"| peak memory, 1,000 notices | {r['memory_1000']:.0f} MB | 10 notices | "
        f"{r['memory_1000'] / r['memory_10']:.2f}× |",
        "",
    ]
    return "\n".join(lines)


def merge_report(report: str) -> str:
    """Replace this script's section of RESULTS.md, keeping the others (the OCR figures)."""
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    sections = [part for part in old.split("\n## ")[1:] if not part.startswith("Batch and start-up")]
    kept = "".join("\n## " + part.rstrip() + "\n" for part in sections)
    return "# Benchmark results\n\n" + report.rstrip() + "\n" + kept


if __name__ == "__main__":
    sys.exit(main())
