"""Prints comments per second through redact + themes + sentiment on one core, beside TextBlob alone."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.evaluate import DEVELOPMENT_SPLITS, load_labelled  # noqa: E402
from analysis.pipeline import code_comment, default_models  # noqa: E402
from analysis.redact import redact, warm_up  # noqa: E402

COMMENTS = 10_000


def main() -> None:
    texts = [comment.text for comment in load_labelled(DEVELOPMENT_SPLITS)]
    workload = [texts[i % len(texts)] for i in range(COMMENTS)]

    started = time.perf_counter()
    warm_up()
    default_models()
    code_comment(redact(workload[0]))
    load_seconds = time.perf_counter() - started

    latencies = []
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in workload:
        before = time.perf_counter()
        code_comment(redact(text))
        latencies.append(time.perf_counter() - before)
    ours = COMMENTS / (time.perf_counter() - started)
    # CPU seconds this process used: what one core does when it is ours alone; the wall-clock
    # figure above falls when other work shares the machine's cores.
    ours_cpu = COMMENTS / (time.process_time() - cpu_started)

    started = time.perf_counter()
    for text in workload:
        redact(text)
    redact_only = COMMENTS / (time.perf_counter() - started)

    from textblob import TextBlob

    started = time.perf_counter()
    for text in workload:
        TextBlob(text).sentiment
    textblob = COMMENTS / (time.perf_counter() - started)

    latencies.sort()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # One process, one thread: one core's worth of work. Other load on the machine lowers the figures.
    print(f"comments: {COMMENTS} ({len(texts)} labelled comments, cycled), one process, one thread")
    print(f"load average before the run: {os.getloadavg()[0]:.2f}")
    print(f"redact + themes + sentiment: {ours:,.0f} comments/s (target 2,000); "
          f"{ours_cpu:,.0f} per CPU-second of this process")
    print(f"  latency per comment: median {statistics.median(latencies) * 1000:.2f} ms, "
          f"p99 {latencies[int(0.99 * len(latencies))] * 1000:.2f} ms, max {latencies[-1] * 1000:.2f} ms (limit 20 ms)")
    print(f"redact alone: {redact_only:,.0f} comments/s")
    print(f"TextBlob sentiment alone: {textblob:,.0f} comments/s")
    print(f"first-call load of word lists, codebook and lexicons: {load_seconds * 1000:.0f} ms")
    print(f"peak memory (max RSS): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
