"""Benchmark: a 24-month summary over a million responses on SQLite, against pandas, side by side.

    .venv/bin/python bench/bench_summary.py [--responses 1000000]

Builds the demo database once (bench/bulk_demo.py; about ten minutes for a
million, then cached in bench/out/). Then, each in a fresh process:

- `python -m analysis summary` for the 24 months, as a user runs it: wall time,
  and the same minus a bare interpreter's start (`python -c pass`);
- the same summary inside one process (what the dashboard's cache misses cost);
- pandas: the rows for the same months read into DataFrames and grouped there,
  then through the same disclosure control.

All three must give identical JSON. Prints each time, the speed-up and every
process's peak memory (max resident set size). Targets (issue 5): under 0.5 s
beyond interpreter start; at least 10 times faster than pandas.
"""

from __future__ import annotations

import argparse
import json
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
FIRST, LAST = "2024-12", "2026-11"  # the 24 months of the demo (bulk_demo.BENCH_TODAY is 2026-11-16)


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout): the child is reaped with wait4 for its own rusage."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, cwd=ROOT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err = process.stderr.read()
        if process.returncode:
            raise SystemExit(f"{command} failed:\n{err}")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read()


# --- the two ways of counting, each run in its own process (--child) -----------------------------


def child_sql(url: str) -> dict:
    started = time.perf_counter()
    from analysis.trends import SummaryRequest, summarise, summary_json
    from db.engine import get_sessionmaker

    imported = time.perf_counter()
    request = SummaryRequest(FIRST, LAST, "month")
    with get_sessionmaker(url)() as session:
        first = time.perf_counter()
        data = summary_json(summarise(session, request, 5))
        cold = time.perf_counter() - first
        warm = []
        for _ in range(5):
            again = time.perf_counter()
            summarise(session, request, 5)
            warm.append(time.perf_counter() - again)
    return {"import": imported - started, "cold": cold, "warm": statistics.median(warm), "summary": data}


def child_pandas(url: str) -> dict:
    started = time.perf_counter()
    import pandas as pd
    from sqlalchemy import text

    from analysis.trends import Counts, SummaryRequest, summary_from_counts, summary_json
    from db.engine import get_engine
    from db.rollup import AGREE_FROM
    from db.tables import EQUALITY_FIELDS, SATISFACTION_QUESTIONS, SENTIMENTS

    imported = time.perf_counter()
    request = SummaryRequest(FIRST, LAST, "month").normalised()
    first_month = request.previous[0]
    engine = get_engine(url)
    with engine.connect() as connection:
        responses = pd.read_sql(
            text("SELECT id, month, answers FROM responses WHERE month BETWEEN :a AND :b"),
            connection, params={"a": first_month, "b": request.end})
        commented = pd.read_sql(
            text("SELECT DISTINCT c.response_id AS id FROM comments c JOIN responses r ON r.id = c.response_id "
                 "WHERE r.month BETWEEN :a AND :b"), connection, params={"a": first_month, "b": request.end})
        themes = pd.read_sql(
            text("SELECT t.response_id AS id, t.theme, t.sentiment, r.month FROM comment_themes t "
                 "JOIN responses r ON r.id = t.response_id WHERE r.month BETWEEN :a AND :b"),
            connection, params={"a": first_month, "b": request.end})
    loaded = time.perf_counter()

    answers = pd.DataFrame.from_records([json.loads(a) if isinstance(a, str) else a for a in responses["answers"]])
    answers["month"] = responses["month"].to_numpy()
    answers["commented"] = responses["id"].isin(commented["id"]).to_numpy()
    months: dict[str, Counts] = {}
    per_month = answers.groupby("month").agg(n=("month", "size"), commented=("commented", "sum"))
    for month, row in per_month.iterrows():
        months[month] = Counts(n=int(row["n"]), commented=int(row["commented"]))
    ratings = [c for c in answers.columns if c.endswith(("_overall", "_contact", "_believed", "_respect",
                                                         "_informed", "_explained", "_safer", "_help", "_listened"))]
    for question in ratings:
        values = pd.to_numeric(answers[question], errors="coerce")
        grouped = pd.DataFrame({"month": answers["month"], "answered": values.notna(),
                                "agree": values >= AGREE_FROM}).groupby("month").sum()
        for month, row in grouped.iterrows():
            if row["answered"]:
                months[month].ratings[question] = [int(row["answered"]), int(row["agree"])]
    # One sentiment per person and theme: mixed if her comments disagree.
    flags = themes.assign(**{s: themes["sentiment"] == s for s in ("positive", "negative", "mixed")})
    person = flags.groupby(["id", "theme"]).agg(month=("month", "first"), positive=("positive", "max"),
                                                 negative=("negative", "max"), mixed=("mixed", "max"))
    combined = pd.Series("neutral", index=person.index)
    combined[person["negative"]] = "negative"
    combined[person["positive"]] = "positive"
    combined[person["mixed"] | (person["positive"] & person["negative"])] = "mixed"
    person["combined"] = combined
    for (month, theme, sentiment), count in person.reset_index().groupby(["month", "theme", "combined"]).size().items():
        months[month].themes[theme][sentiment] = int(count)
    in_range = answers[(answers["month"] >= request.start) & (answers["month"] <= request.end)]
    equality = {}
    for field in EQUALITY_FIELDS:
        column = in_range[field].fillna("") if field in in_range else pd.Series("", index=in_range.index)
        frame = pd.DataFrame({"value": column})
        for service, question in SATISFACTION_QUESTIONS.items():
            values = pd.to_numeric(in_range.get(question), errors="coerce")
            frame[f"{service}_answered"] = values.notna()
            frame[f"{service}_agree"] = values >= AGREE_FROM
        grouped = frame.groupby("value").agg(n=("value", "size"), pa=("police_answered", "sum"),
                                             pg=("police_agree", "sum"), ra=("refuge_answered", "sum"),
                                             rg=("refuge_agree", "sum"))
        equality[field] = {value: [int(v) for v in row] for value, row in grouped.iterrows()}
    assert set(SENTIMENTS) >= set(themes["sentiment"].unique())
    data = summary_json(summary_from_counts(request, 5, months, equality))
    done = time.perf_counter()
    return {"import": imported - started, "load": loaded - imported, "group": done - loaded,
            "total": done - imported, "rows": len(responses), "summary": data}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--child", choices=("sql", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = child_sql(args.db) if args.child == "sql" else child_pandas(args.db)
        print(json.dumps(result))
        return 0

    from bulk_demo import build

    path = ROOT / "bench" / "out" / f"demo-{args.responses}-seed1.db"
    started = time.perf_counter()
    url = build(path, args.responses)
    if time.perf_counter() - started > 5:
        print(f"built {path} in {time.perf_counter() - started:.0f} s (cached for next time)")
    size = path.stat().st_size / 1e6
    print(f"database: {path.relative_to(ROOT)} ({args.responses:,} responses, {size:,.0f} MB), "
          f"summary {FIRST} to {LAST} by month")

    bare = statistics.median(run_measured([PYTHON, "-c", "pass"])[0] for _ in range(5))
    # The floor under any SQLAlchemy command, measured in the same minutes: this machine's speed
    # varies by up to two times from one minute to the next.
    orm = statistics.median(run_measured([PYTHON, "-c", "import sqlalchemy.orm"])[0] for _ in range(3))
    cli_runs = [run_measured([PYTHON, "-m", "analysis", "summary", "--db", url, "--from", f"{FIRST}-01",
                              "--to", f"{LAST}-30", "--format", "json"]) for _ in range(3)]
    cli_wall = statistics.median(wall for wall, _, _ in cli_runs)
    cli_rss = max(rss for _, rss, _ in cli_runs)
    cli_json = json.loads(cli_runs[0][2])
    _, sql_rss, sql_out = run_measured([PYTHON, __file__, "--child", "sql", "--db", url])
    sql = json.loads(sql_out)
    _, pandas_rss, pandas_out = run_measured([PYTHON, __file__, "--child", "pandas", "--db", url])
    pandas = json.loads(pandas_out)

    same = cli_json == sql["summary"] == pandas["summary"]
    beyond = cli_wall - bare
    print(f"python -m analysis summary: {cli_wall:.3f} s wall (median of 3); bare interpreter start "
          f"{bare:.3f} s; beyond interpreter start {beyond:.3f} s (target < 0.5 s); peak memory {cli_rss:.0f} MB")
    print(f"  for scale: `import sqlalchemy.orm` alone takes {orm - bare:.3f} s beyond interpreter start here now")
    print(f"  of which imports {sql['import']:.3f} s; the summary itself in-process: first call {sql['cold']:.3f} s, "
          f"then {sql['warm']:.3f} s (median of 5); peak memory {sql_rss:.0f} MB")
    print(f"pandas: read {pandas['rows']:,} responses and their comment themes in {pandas['load']:.2f} s, "
          f"grouped in {pandas['group']:.2f} s: {pandas['total']:.2f} s (plus {pandas['import']:.2f} s imports); "
          f"peak memory {pandas_rss:.0f} MB")
    print(f"speed-up of the database's GROUP BY over pandas, same run: {pandas['total'] / sql['cold']:.0f}x "
          f"(summary alone), {(pandas['total'] + pandas['import']) / beyond:.0f}x (whole command beyond interpreter "
          f"start against pandas with its imports); target >= 10x")
    print(f"identical figures from the command, the in-process summary and pandas: {same}")
    print(f"machine load while measuring: {os.getloadavg()[0]:.1f} (2 cores; above 2, other work was competing)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
