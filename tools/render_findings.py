"""Store what the committed runs give (`hylorada.runs.findings` and `hylorada.ladder.ladder_findings` on `nbs/runs`) as
the output of every page's cell that renders it, then rebuild the README: the pages show what the cell computes when it
runs, without running every page. `tests/test_findings.py` fails until this has been run after a committed run changed."""
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT/'nbs'/'runs'


def renderers() -> dict:
    "The source of each rendering cell → the markdown it shows, computed from the committed runs"
    sys.path.insert(0, str(ROOT))
    from hylorada.ladder import ladder_findings
    from hylorada.runs import findings
    return {'Markdown(findings(RUNS))': lambda: findings(RUNS),
            **{f"Markdown(ladder_findings(RUNS, '{c}'))": (lambda c=c: ladder_findings(RUNS, c)) for c in ('shakespeare', 'code')}}


CALLS = ('Markdown(findings(RUNS))', "Markdown(ladder_findings(RUNS, 'shakespeare'))", "Markdown(ladder_findings(RUNS, 'code'))")


def cells(nb: dict, call: str) -> list:
    "The code cells of a notebook that render `call`"
    return [c for c in nb['cells'] if c['cell_type'] == 'code' and call in ''.join(c['source'])]


def rendered(nb: dict, call: str = CALLS[0]) -> list[str]:
    "The markdown each cell of `nb` that renders `call` shows"
    return [''.join(o['data']['text/markdown']) for c in cells(nb, call) for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]


def pages(call: str = CALLS[0]) -> list[Path]:
    "Every notebook with a cell that renders `call`"
    return [p for p in sorted((ROOT/'nbs').glob('*.ipynb')) if call in p.read_text(encoding='utf-8')]


def main():
    for call, render in renderers().items():
        md = render()
        out = dict(data={'text/markdown': md.splitlines(True), 'text/plain': ['<IPython.core.display.Markdown object>']},
                   execution_count=None, metadata={}, output_type='execute_result')
        for p in pages(call):
            nb = json.loads(p.read_text(encoding='utf-8'))
            for c in cells(nb, call): c['outputs'] = [out]
            p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
            subprocess.run([Path(sys.executable).parent/'nbdev_clean', '--fname', p], cwd=ROOT, check=True)   # the form nbdev keeps
            print(f"rendered {call} into {p.relative_to(ROOT)}")
    subprocess.run([sys.executable, ROOT/'tools'/'build_docs.py', '--readme'], cwd=ROOT, check=True)


if __name__ == '__main__': main()
