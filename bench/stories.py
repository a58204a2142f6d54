"""Stories: every figure the stories issue asks for, from its three benchmarks, in one run.

- bench/stories_clusters.py: B-cubed precision, recall and F1 of story clusters on ECB+ and
  WikinewsSum (with syndicated copies), beside a TF-IDF + agglomerative-clustering baseline,
  and copy detection on WikinewsSum;
- bench/stories_copies.py: copy detection's pairwise precision and recall on every labelled
  set, and its speed beside datasketch's plain MinHash;
- bench/stories_scale.py: --articles articles through the live path (do_assign_stories on a
  real database): cost per article at 10,000 and at the end, peak memory, and datasketch's
  signing speed in the same process.

Each runs in a process of its own (the live path sets up Django with a temporary database),
one after another, with its output passed through; then one `RESULT key=value …` line holds
each script's RESULT figures, prefixed by its name (clusters_, copies_, live_).

    .venv/bin/python bench/stories.py [--articles 100000]
"""

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PARTS = {
    "clusters": "stories_clusters.py",
    "copies": "stories_copies.py",
    "live": "stories_scale.py",
}


def run_part(script: str, articles: int) -> dict[str, str]:
    """Run one benchmark script, echoing its output as it comes; its RESULT line's figures."""
    command = [sys.executable, str(BENCH / script), "--articles", str(articles)]
    result = ""
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:  # noqa: S603 - our own scripts
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            if line.startswith("RESULT "):
                result = line
    if process.returncode != 0 or not result:
        raise SystemExit(f"{script} failed (exit {process.returncode})")
    return dict(pair.split("=", 1) for pair in result.split()[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="stream length (≥ 10,000)")
    args = parser.parse_args(argv)
    figures: dict[str, str] = {}
    for prefix, script in PARTS.items():
        print(f"\n=== {script} ===", flush=True)
        figures.update(
            (f"{prefix}_{key}", value) for key, value in run_part(script, args.articles).items()
        )
    print("\nRESULT " + " ".join(f"{key}={value}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
