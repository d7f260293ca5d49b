"""Install the front-end libraries from npm and copy them into static/vendor (served locally).

Runs as part of `make install`. If npm is missing, the pages still work: charts are
replaced by their tables, and a warning says how to get them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
FILES = {
    "node_modules/echarts/dist/echarts.min.js": "echarts.min.js",
}


def main() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("warning: npm not found; charts will not be drawn (install Node.js and rerun)", file=sys.stderr)
        return 0
    subprocess.run([npm, "ci", "--silent", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        shutil.copyfile(ROOT / source, VENDOR / target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
