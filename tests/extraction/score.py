#!/usr/bin/env python3
"""Scores Haven's web-page import on the public article-extraction benchmark (Scrapinghub's Article Extraction
Benchmark, development set: 181 real pages with hand-checked article bodies).

The pages go through `haven-cli extract`, which is Haven's import pipeline without a library: the text scored is
the plain text Haven stores for the article (title lifted out, as the benchmark's bodies have no title). The
benchmark's own `evaluate.py` then scores it against the ground truth, beside nothing else.

    cargo build --release -p haven-cli && python3 tests/extraction/score.py [--bench DIR] [--keep DIR]

DIR defaults to $HAVEN_EXTRACTION_BENCH, else ../shared/extraction-benchmark beside the repository.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_bench = os.environ.get("HAVEN_EXTRACTION_BENCH") or str(ROOT.parent / "shared" / "extraction-benchmark")
    parser.add_argument("--bench", type=Path, default=Path(default_bench))
    parser.add_argument("--cli", type=Path, default=ROOT / "target" / "release" / "haven-cli")
    parser.add_argument("--keep", type=Path, help="keep the pages, Haven's output and the scores here")
    args = parser.parse_args()

    for needed in (args.bench / "ground-truth.json", args.bench / "evaluate.py", args.bench / "html"):
        if not needed.exists():
            sys.exit(f"score: {needed} is missing (the benchmark folder is --bench or HAVEN_EXTRACTION_BENCH)")
    if not args.cli.exists():
        sys.exit(f"score: {args.cli} is missing: cargo build --release -p haven-cli")

    work = args.keep or Path(tempfile.mkdtemp(prefix="haven-extraction-"))
    pages = work / "pages"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    truth = json.loads((args.bench / "ground-truth.json").read_text())
    for page_id in truth:
        with gzip.open(args.bench / "html" / f"{page_id}.html.gz", "rb") as page:
            (pages / f"{page_id}.html").write_bytes(page.read())

    run = subprocess.run([str(args.cli), "extract", str(pages), "--json"], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"score: haven-cli extract failed: {run.stderr.strip()}")
    bodies, failures = {}, {}
    for line in run.stdout.splitlines():
        item = json.loads(line)
        page_id = Path(item["path"]).name.removesuffix(".html")
        if "error" in item:
            failures[page_id] = item["error"]
        else:
            bodies[page_id] = item["text"]
    output = {page_id: {"articleBody": bodies.get(page_id, "")} for page_id in truth}

    scoring = work / "scoring"
    (scoring / "output").mkdir(parents=True, exist_ok=True)
    shutil.copy(args.bench / "ground-truth.json", scoring)
    shutil.copy(args.bench / "evaluate.py", scoring)
    (scoring / "output" / "haven.json").write_text(json.dumps(output, ensure_ascii=False, indent=1))
    scores = subprocess.run([sys.executable, "evaluate.py", "--output", "scores.json"], cwd=scoring,
                            capture_output=True, text=True, check=True)
    metrics = json.loads((scoring / "scores.json").read_text())["haven"]

    rate = re.search(r"\((\d+) files/s\)", run.stderr)
    print(scores.stdout.rstrip())
    print(f"\nHaven on {len(truth)} pages: F1 {metrics['f1']:.3f}, precision {metrics['precision']:.3f}, "
          f"recall {metrics['recall']:.3f}, accuracy {metrics['accuracy']:.3f}; "
          f"{rate.group(1) if rate else '?'} pages/s; {len(failures)} pages not imported")
    for page_id, reason in sorted(failures.items()):
        print(f"  not imported: {page_id}: {reason}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
