"""Benchmark: a 12-month findings pack over 100,000 responses, in each format.

    .venv/bin/python bench/bench_report.py [--responses 100000] [--runs 2]

Builds the demo database once (bench/bulk_demo.py, cached in bench/out/ and
shared with the dashboard benchmark), brings it to the newest schema and adds
the demo actions. Then, for PowerPoint, PDF, Word and HTML, runs
`python -m analysis report` for the demo's last 12 months in a fresh process, as
a lead would: wall time (median of the runs), CPU time (user + system: what the
work costs when other work shares the two cores), peak memory. Target (issue 6):
under 10 s for each format. Then one run inside a single process, split into
its parts: assembling the pack, drawing the charts, writing each format.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PYTHON = sys.executable
FIRST, LAST = "2025-12-01", "2026-11-30"  # the demo's last 12 months (bulk_demo.BENCH_TODAY is 2026-11-16)
FORMATS = ("pptx", "pdf", "docx", "html")


def run_measured(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of a child process, from its own rusage."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise SystemExit(f"{command} failed:\n{err.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def in_process(url: str, out: Path) -> None:
    started = time.perf_counter()
    from analysis.report import build_pack
    from analysis.report_files import WRITERS, chart_images
    from analysis.trends import SummaryRequest
    from db.engine import get_sessionmaker

    imported = time.perf_counter()
    with get_sessionmaker(url)() as session:
        pack = build_pack(session, SummaryRequest(FIRST, LAST), 5)
    built = time.perf_counter()
    images = chart_images(pack)
    drawn = time.perf_counter()
    print(f"in one process: imports {imported - started:.2f} s, pack assembled {built - imported:.2f} s "
          f"({sum(len(t.quotes) for t in pack.themes)} quotes, {len(pack.themes)} themes, {len(pack.actions)} actions), "
          f"{len(images)} charts drawn {drawn - built:.2f} s")
    for fmt in FORMATS:
        again = time.perf_counter()
        data = WRITERS[fmt](pack, images)
        print(f"  written as {fmt}: {time.perf_counter() - again:.2f} s ({len(data) / 1e6:.1f} MB)")
    (out / "report-in-process.html").write_bytes(WRITERS["html"](pack, images))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2, help="fresh-process runs per format (median reported)")
    args = parser.parse_args()

    from bulk_demo import BENCH_TODAY, build

    from db.engine import get_sessionmaker, write_session
    from db.migrate import upgrade
    from survey.demo_actions import ensure_demo_actions

    path = ROOT / "bench" / "out" / f"demo-{args.responses}-seed1.db"
    started = time.perf_counter()
    url = build(path, args.responses)
    if time.perf_counter() - started > 5:
        print(f"built {path.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s (cached for next time)")
    upgrade(url)  # a database cached before the actions table existed
    with write_session(get_sessionmaker(url)) as session:
        ensure_demo_actions(session, BENCH_TODAY)
    print(f"database: {path.relative_to(ROOT)} ({args.responses:,} responses); pack {FIRST} to {LAST} by month, "
          f"against the 12 months before")

    bare = statistics.median(run_measured([PYTHON, "-c", "pass"])[0] for _ in range(3))
    out = ROOT / "bench" / "out"
    worst = 0.0
    for fmt in FORMATS:
        runs = [run_measured([PYTHON, "-m", "analysis", "report", "--db", url, "--from", FIRST, "--to", LAST,
                              "--out", str(out / f"report.{fmt}")]) for _ in range(args.runs)]
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        worst = max(worst, wall)
        print(f"python -m analysis report --out report.{fmt}: {wall:.2f} s wall (median of {args.runs}; "
              f"target < 10 s), {cpu:.2f} s CPU, peak memory {max(run[2] for run in runs):.0f} MB, "
              f"file {(out / f'report.{fmt}').stat().st_size / 1e6:.1f} MB")
    print(f"bare interpreter start: {bare:.2f} s; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    in_process(url, out)
    return 0 if worst < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
