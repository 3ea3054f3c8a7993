"""Determinism at scale: the same plan, checked by 20 separate
`readiness check --format json` processes, gives one byte-identical report.
Run on the example plan and on the generated 100,000-person plan (slow,
so a script, not a test).

    .venv/bin/python bench/determinism.py [--runs 20] [--sizes large]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import EXAMPLE, EXAMPLE_AS_OF, measure, plan_for, readiness_command  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", default="large")
    parser.add_argument("--plans", type=Path, default=HERE / "out")
    args = parser.parse_args()
    cases = [("example", EXAMPLE, EXAMPLE_AS_OF)]
    for size in filter(None, args.sizes.split(",")):
        plan, expected = plan_for(size, args.plans)
        cases.append((size, plan, expected["as_of"]))
    failed = False
    for name, plan, as_of in cases:
        digests = {}
        for _ in range(args.runs):
            _, _, code, out = measure(readiness_command() + ["check", str(plan), "--format", "json",
                                                             "--as-of", as_of])
            digests.setdefault(hashlib.sha256(out).hexdigest(), []).append(code)
        ok = len(digests) == 1 and all(code in (0, 1) for codes in digests.values() for code in codes)
        failed |= not ok
        print(f"{name}: {args.runs} runs, {len(digests)} distinct report(s) "
              f"{'identical' if ok else 'DIFFER'}: {', '.join(d[:16] for d in digests)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
