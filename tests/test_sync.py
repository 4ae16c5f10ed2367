"The library, the notebooks and the README agree: exporting, cleaning or rebuilding changes no tracked file."
import shutil, subprocess, sys
from pathlib import Path

ROOT, BIN = Path(__file__).resolve().parent.parent, Path(sys.executable).parent


def _tracked_copy(dest: Path) -> Path:
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for f in filter(None, files.split('\0')):
        if (ROOT/f).is_file():
            (dest/f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT/f, dest/f)
    return dest


def _changed(a: Path, b: Path, paths) -> list:
    return [str(p.relative_to(b)) for p in paths if not (a/p.relative_to(b)).exists()
            or (a/p.relative_to(b)).read_bytes() != p.read_bytes()]


def test_export_clean_and_readme_change_nothing(tmp_path):
    copy = _tracked_copy(tmp_path/'repo')
    for cmd in (['nbdev_export'], ['nbdev_clean'], ['python', ROOT/'tools'/'build_docs.py', '--readme']):
        subprocess.run([BIN/cmd[0], *cmd[1:]], cwd=copy, check=True, capture_output=True)
    made = [p for d in ('hylorada', 'nbs') for p in (copy/d).rglob('*') if p.is_file() and '__pycache__' not in p.parts]
    changed = _changed(ROOT, copy, made + [copy/'README.md'])
    assert not changed, f"run nbdev_export, nbdev_clean and `make readme`, then commit: {changed}"
