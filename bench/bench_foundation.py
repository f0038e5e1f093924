"""Benchmark the foundation's bulk paths: demo data, export, and a 100,000-row import.

    .venv/bin/python bench/bench_foundation.py [--demo 10000] [--import-rows 100000] [--workers N]

Prints seconds and rows per second. Targets (issue 2): 10,000 demo responses in
under 30 s; 100,000 imported rows in under a minute. Uses fresh SQLite files in
a temporary directory. Both commands redact and code free text in worker
processes (--workers, default one per core) as `survey demo` and `survey import`
do; the import file repeats the demo's 10,000 rows with fresh ids, so a text
recurs only 10,000 rows later (nothing is cached between batches).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.engine import get_sessionmaker, write_session  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from survey.demo import ensure_demo_sites, generate_demo  # noqa: E402
from survey.textwork import default_workers  # noqa: E402
from survey.transfer import export_file, import_file  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fresh_database(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    upgrade(url)
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", type=int, default=10_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    print(f"{args.workers} worker process(es); load average before: {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = fresh_database(folder, "source.db")
        started = time.perf_counter()
        generate_demo(get_sessionmaker(source), args.demo, seed=1, workers=args.workers)
        demo_seconds = time.perf_counter() - started
        print(f"demo: {args.demo} responses in {demo_seconds:.1f} s ({args.demo / demo_seconds:.0f}/s; target < 30 s for 10,000)")

        exported = folder / "export.csv"
        started = time.perf_counter()
        with get_sessionmaker(source)() as session:
            rows = export_file(session, exported)
        print(f"export: {rows} rows to CSV in {time.perf_counter() - started:.2f} s")

        # Repeat the export's rows with fresh ids until there are enough to import.
        big = folder / "import.csv"
        with exported.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            sample = list(reader)
        with big.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for index in range(args.import_rows):
                row = list(sample[index % len(sample)])
                row[0] = str(uuid.uuid4())
                writer.writerow(row)

        target = fresh_database(folder, "target.db")
        with write_session(get_sessionmaker(target)) as session:
            ensure_demo_sites(session)
        started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        result = import_file(get_sessionmaker(target), big, workers=args.workers)
        seconds = time.perf_counter() - started
        cpu, children = time.process_time() - cpu, _children_cpu() - children
        print(
            f"import: {result.rows} rows in {seconds:.1f} s ({result.rows / seconds:.0f} rows/s; "
            "target < 60 s for 100,000), validated, redacted and coded like a submission"
        )
        print(f"        CPU: {cpu:.1f} s in this process, {children:.1f} s in the workers; "
              f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
