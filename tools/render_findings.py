"""Store the committed study's verdicts (`hylorada.runs.findings` on `nbs/runs`) as the output of every page's
`Markdown(findings(RUNS))` cell, then rebuild the README: the pages show what the cell computes when it runs, without
running every page. `tests/test_findings.py` fails until this has been run after a committed run changed."""
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALL = 'Markdown(findings(RUNS))'


def findings_cells(nb: dict) -> list:
    "The code cells of a notebook that render the findings"
    return [c for c in nb['cells'] if c['cell_type'] == 'code' and CALL in ''.join(c['source'])]


def rendered(nb: dict) -> list[str]:
    "The markdown each findings cell of `nb` shows"
    return [''.join(o['data']['text/markdown']) for c in findings_cells(nb) for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]


def pages() -> list[Path]:
    "Every notebook with a findings cell"
    return [p for p in sorted((ROOT/'nbs').glob('*.ipynb')) if CALL in p.read_text(encoding='utf-8')]


def main():
    sys.path.insert(0, str(ROOT))
    from hylorada.runs import findings
    md = findings(ROOT/'nbs'/'runs')
    out = dict(data={'text/markdown': md.splitlines(True), 'text/plain': ['<IPython.core.display.Markdown object>']},
               execution_count=None, metadata={}, output_type='execute_result')
    for p in pages():
        nb = json.loads(p.read_text(encoding='utf-8'))
        for c in findings_cells(nb): c['outputs'] = [out]
        p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
        subprocess.run([Path(sys.executable).parent/'nbdev_clean', '--fname', p], cwd=ROOT, check=True)   # the form nbdev keeps
        print(f"rendered the findings into {p.relative_to(ROOT)}")
    subprocess.run([sys.executable, ROOT/'tools'/'build_docs.py', '--readme'], cwd=ROOT, check=True)


if __name__ == '__main__': main()
