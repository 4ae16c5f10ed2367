"""Record each notebook's test time for the index: `python tools/page_times.py LOG` reads the log of a `make test`
run (its `nbdev_test --timing` lines, `NAME.ipynb: N secs`) and writes `nbs/page_times.json`.

The index's table of reading and test times renders from that file; `tests/test_docs.py` fails when a numbered
notebook is missing from it or took 30 seconds or more.
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def times(log:str) -> dict:
    "Notebook name -> seconds, from the timing lines of `nbdev_test --timing`"
    return {name: int(s) for name, s in re.findall(r'^(\d\d_\w+\.ipynb): (\d+) secs$', log, re.M)}

if __name__ == '__main__':
    if len(sys.argv) != 2: sys.exit(__doc__)
    found = times(Path(sys.argv[1]).read_text(encoding='utf-8', errors='replace'))
    pages = sorted(p.name for p in (ROOT/'nbs').glob('[0-9][0-9]_*.ipynb'))
    missing = [p for p in pages if p not in found]
    if missing: sys.exit(f"{sys.argv[1]} has no test time for {', '.join(missing)}: give the log of a full `make test`")
    (ROOT/'nbs'/'page_times.json').write_text(json.dumps({p: found[p] for p in pages}, indent=1) + '\n')
    print(f"Wrote nbs/page_times.json: {len(pages)} pages, {sum(found[p] for p in pages)} s in all, slowest "
          f"{max(pages, key=found.get)} ({max(found[p] for p in pages)} s)")
