"""Run the test suite: every notebook through `nbdev_test`, then `pytest tests/`.

Prints one closing line, `N passed, N failed`, counting each notebook and each pytest test, and exits
non-zero when anything failed. Extra arguments go to `nbdev_test` (e.g. `--flags slow`).
"""
import os, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(cmd, **env):
    "Run `cmd` in the repo root with `env` added to the environment, echoing its output; return (exit code, output)"
    print('$', *(f"{k}={v}" for k, v in env.items()), ' '.join(map(str, cmd)), flush=True)
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ | env)
    out = []
    for line in p.stdout:
        sys.stdout.write(line); out.append(line)
    return p.wait(), ''.join(out)


def notebooks(extra):
    # nbdev_test runs one notebook per core at once: one thread each, so that they do not fight over the cores
    code, out = run([BIN/'nbdev_test', '--do_print', '--timing', *extra], OMP_NUM_THREADS='1')
    started = set(re.findall(r'Starting (\S+?\.ipynb)', out))   # workers may print on one line: no anchors
    failed = set(re.findall(r'(\S+?\.ipynb)', out.split('Tests Failed On The Following Notebooks:')[-1])) if code else set()
    if code and not failed: failed = {'nbdev_test'}  # it failed before naming a notebook
    return len(started) - len(failed & {Path(s).name for s in started}), len(failed)


def pytests():
    code, out = run([BIN/'python', '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests'])
    if code == 5: return 0, 0  # no tests collected
    counts = {k: int(n) for n, k in re.findall(r'(\d+) (passed|failed|errors?)\b', out.splitlines()[-1] if out else '')}
    failed = counts.get('failed', 0) + counts.get('error', 0) + counts.get('errors', 0)
    if code and not failed: failed = 1  # pytest itself failed (bad usage, interrupted, internal error)
    return counts.get('passed', 0), failed


if __name__ == '__main__':
    (nb_pass, nb_fail), (py_pass, py_fail) = notebooks(sys.argv[1:]), pytests()
    print(f"notebooks: {nb_pass} passed, {nb_fail} failed; pytest: {py_pass} passed, {py_fail} failed")
    print(f"{nb_pass + py_pass} passed, {nb_fail + py_fail} failed")
    sys.exit(1 if nb_fail + py_fail else 0)
