"Every page and the README show the verdicts that the committed runs give; one changed result fails this test."
import json, shutil, sys
from pathlib import Path

from hylorada.runs import findings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from render_findings import pages, rendered  # noqa: E402

MUST = ('index.ipynb', '23_bench.ipynb', '18_tutorial.ipynb', '16_ladder.ipynb', '25_runs.ipynb')


def test_every_page_and_the_readme_show_the_committed_findings():
    want = findings(ROOT/'nbs'/'runs')
    assert {p.name for p in pages()} >= set(MUST), f"pages without a findings cell: {set(MUST) - {p.name for p in pages()}}"
    for p in pages():
        assert rendered(json.loads(p.read_text(encoding='utf-8'))) == [want], \
            f"{p.name} shows other findings than the committed runs give: run `python tools/render_findings.py`"
    assert want in (ROOT/'README.md').read_text(encoding='utf-8'), "README.md: run `python tools/render_findings.py`"


def test_one_changed_result_changes_the_findings(tmp_path):
    runs = shutil.copytree(ROOT/'nbs'/'runs', tmp_path/'runs')
    before = findings(runs)
    f = max(runs.glob('shakespeare-hylorada-*.json'))        # every committed run is a point of the study
    res = json.loads(f.read_text())
    res['validation']['nll'] += 1e-9
    f.write_text(json.dumps(res, indent=1))
    assert findings(runs) != before
