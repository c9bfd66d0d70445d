"""Rebuild after one edit under ``publisher serve``: from the write of the file to the new output.

A real ``publisher serve --out DIR`` runs on a free loopback port; one article's body is edited
``runs`` times (a second apart), and each figure is the time from the write to the line in which
``serve`` says it has swapped the new output in (``Rebuilt ...``): what a writer waits for before
a reload of the browser shows the edit. That includes noticing the change (``watchfiles``) and
re-reading only the changed file (``serve`` keeps what reading gave for each file in memory).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

STARTUP_SECONDS = 1800.0  # the first, whole build of a large site
REBUILD_SECONDS = 600.0


class ServeFailed(RuntimeError):
    """``publisher serve`` stopped, or did not say what was expected in time."""


def _lines(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _wait_for(lines: queue.Queue[str | None], word: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise ServeFailed(f"publisher serve did not print {word!r} within {seconds:.0f}s") from None
        if line is None:
            raise ServeFailed(f"publisher serve stopped before printing {word!r}")
        if word in line:
            return line


def bench(corpus: Path, out: Path, runs: int) -> dict[str, Any]:
    """Seconds from each edit to its ``Rebuilt`` line; the corpus is left as it was."""
    articles = sorted((corpus / "content" / "articles").glob("*.md"))
    article = articles[len(articles) // 3]
    original = article.read_bytes()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "serve", str(corpus), "--port", "0", "--out", str(out),
         "--no-drafts"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True, env=env,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    assert process.stdout is not None
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    seconds: list[float] = []
    said: list[str] = []
    try:
        _wait_for(lines, "Serving", STARTUP_SECONDS)
        for run in range(runs):
            time.sleep(1.0)
            marker = f"Edited under serve for the benchmark, run {run} at {time.time_ns()}."
            started = time.perf_counter()
            article.write_bytes(original + f"\n{marker}\n".encode())
            said.append(_wait_for(lines, "Rebuilt", REBUILD_SECONDS).strip())
            seconds.append(time.perf_counter() - started)
            page = out / "articles" / article.stem / "index.html"
            if marker not in page.read_text(encoding="utf-8"):
                raise ServeFailed(f"the rebuilt {page} does not show the edit")
    finally:
        article.write_bytes(original)
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
            process.wait()
    return {"article": article.name, "runs_seconds": [round(s, 3) for s in seconds],
            "median_seconds": round(sorted(seconds)[len(seconds) // 2], 3), "said": said}
