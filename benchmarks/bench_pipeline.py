"""Wall time and peak memory of `draagkracht run`, next to a plain DuckDB read_csv of the
same files, measured in the same run. Prints a table; asserts nothing.

    .venv/bin/python benchmarks/bench_pipeline.py                 # data_samples/org_demo
    .venv/bin/python benchmarks/bench_pipeline.py --employees 100000 --months 24
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

READ_CSV = """
import sys, duckdb
con = duckdb.connect()
for f in sys.argv[1:]:
    con.execute("select * from read_csv(?, all_varchar=true)", [f]).fetchall()
"""


WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
"""


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one command, in a fresh wrapper process so that its
    peak resident memory is its own."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2])


def bench(folder: Path, label: str) -> None:
    files = sorted(str(p) for p in folder.glob("*.csv"))
    size = sum(Path(f).stat().st_size for f in files) / 2**20
    rows = sum(Path(f).read_bytes().count(b"\n") - 1 for f in files)
    with tempfile.TemporaryDirectory() as tmp:
        t_csv, m_csv, _ = measure([sys.executable, "-c", READ_CSV, *files])
        t_run, m_run, rc = measure([str(ROOT / ".venv/bin/draagkracht"), "run", str(folder),
                                    "--db", f"{tmp}/d.duckdb", "--json"])
    print(f"\n{label}: {len(files)} files, {rows:,} rows, {size:.1f} MiB")
    print(f"{'':28}{'wall s':>10}{'peak MiB':>10}")
    print(f"{'duckdb read_csv (all files)':28}{t_csv:>10.2f}{m_csv:>10.0f}")
    print(f"{'draagkracht run':28}{t_run:>10.2f}{m_run:>10.0f}   exit {rc}")
    print(f"{'ratio run / read_csv':28}{t_run / t_csv:>10.1f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int)
    ap.add_argument("--months", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.employees:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "org"
            t = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/draagkracht"), "generate", str(folder),
                            "--employees", str(args.employees), "--months", str(args.months),
                            "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)
            print(f"generated {args.employees:,} employees x {args.months} months in "
                  f"{time.perf_counter() - t:.1f} s")
            (folder / "ground_truth.json").unlink(missing_ok=True)
            bench(folder, f"generated organisation ({args.employees:,} employees)")
    else:
        bench(ROOT / "data_samples" / "org_demo", "data_samples/org_demo")


if __name__ == "__main__":
    main()
