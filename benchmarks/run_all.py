"""Run every benchmark script in benchmarks/ and write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run_all.py               # all scripts, full sizes (make benchmark)
    .venv/bin/python benchmarks/run_all.py --quick       # pass --quick to the scripts that take it
    .venv/bin/python benchmarks/run_all.py --only extract_speed

Each script runs as its own process (`python benchmarks/NAME.py`); its output goes
into RESULTS.md under its name, with the command, exit status and run time, so the
file says how every number in it was produced. Markdown output (tables) is kept as
it is; anything else goes into a code block.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"


def scripts(only: list[str] | None) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    if only:
        found = [p for p in found if p.stem in only or p.name in only]
    return found


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, timeout=30)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                               cwd=ROOT, timeout=30).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def cpu() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def run(script: Path, quick: bool, timeout: int) -> tuple[str, int, float, str]:
    args = []
    if quick and '"--quick"' in script.read_text(encoding="utf-8"):
        args.append("--quick")
    command = " ".join(["python", f"benchmarks/{script.name}", *args])
    print(f"running {command} ...", flush=True)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=ROOT,
                              timeout=timeout, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        code, output = proc.returncode, proc.stdout + (("\n" + proc.stderr) if proc.returncode and proc.stderr else "")
    except subprocess.TimeoutExpired as exc:
        code, output = 124, f"{exc.stdout or ''}\n(stopped after {timeout} s)"
    return command, code, time.perf_counter() - t0, output if isinstance(output, str) else output.decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="pass --quick to the scripts that accept it")
    parser.add_argument("--only", nargs="+", help="script names to run (default: all)")
    parser.add_argument("--timeout", type=int, default=3 * 3600, help="seconds per script")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    chosen = scripts(args.only)
    if not chosen:
        print("no benchmark scripts found", file=sys.stderr)
        return 2
    from importlib.metadata import version

    lines = [
        "# Benchmark results",
        "",
        f"Produced by `python benchmarks/run_all.py{' --quick' if args.quick else ''}"
        f"{' --only ' + ' '.join(args.only) if args.only else ''}` (or `make benchmark`) on "
        f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, commit {git_commit()}.",
        "",
        f"Machine: {platform.system()} {platform.machine()}, {cpu()}, {os.cpu_count()} logical CPUs; "
        f"Python {platform.python_version()}, spaCy {version('spacy')}.",
        "",
    ]
    worst = 0
    for script in chosen:
        command, code, seconds, output = run(script, args.quick, args.timeout)
        worst = max(worst, code)
        lines += [f"## {script.stem}", "", f"Command: `{command}` — exit {code}, {seconds:.0f} s.", ""]
        text = output.strip()
        if "|---" in text:
            lines += [text, ""]
        else:
            lines += ["```text", text, "```", ""]
        print(f"  exit {code} in {seconds:.0f} s", flush=True)
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0 if worst == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
