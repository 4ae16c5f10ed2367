"Every page and the README show what the committed runs give; one changed result fails this test."
import json, shutil, sys
from pathlib import Path

from hylorada.ladder import ladder_findings
from hylorada.runs import findings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
from render_findings import CALLS, pages, renderers, rendered  # noqa: E402

MUST = {CALLS[0]: ('index.ipynb', '23_bench.ipynb', '18_tutorial.ipynb', '16_ladder.ipynb', '25_runs.ipynb'),
        CALLS[1]: ('16_ladder.ipynb',), CALLS[2]: ('16_ladder.ipynb',)}


def test_every_page_and_the_readme_show_the_committed_findings():
    for call, render in renderers().items():
        want = render()
        assert {p.name for p in pages(call)} >= set(MUST[call]), f"pages without {call}: {set(MUST[call]) - {p.name for p in pages(call)}}"
        for p in pages(call):
            assert rendered(json.loads(p.read_text(encoding='utf-8')), call) == [want], \
                f"{p.name} shows other results for {call} than the committed runs give: run `python tools/render_findings.py`"
    assert findings(ROOT/'nbs'/'runs') in (ROOT/'README.md').read_text(encoding='utf-8'), "README.md: run `python tools/render_findings.py`"


def test_one_changed_result_changes_the_findings(tmp_path):
    runs = shutil.copytree(ROOT/'nbs'/'runs', tmp_path/'runs')
    before = findings(runs), ladder_findings(runs, 'shakespeare')
    f = max(runs.glob('shakespeare-hylorada-*.json'))        # every committed run of HyLoRADA is a point of the study and of the ladder
    res = json.loads(f.read_text())
    res['validation']['nll'] += 1e-9
    f.write_text(json.dumps(res, indent=1))
    after = findings(runs), ladder_findings(runs, 'shakespeare')
    assert after[0] != before[0] and after[1] != before[1]
