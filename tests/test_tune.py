"`hylorada-tune` as users run it: killed with SIGKILL in the middle of a trial, then run again."
import sqlite3, subprocess, sys, time
from pathlib import Path

import optuna

BIN = Path(sys.executable).parent


def _states(db:Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return [s for (s,) in con.execute("select state from trials order by number")]
    except sqlite3.Error: return []


def test_killed_study_continues_where_it_stopped(tmp_path):
    out, n = tmp_path/'tune', 6
    cmd = [BIN/'hylorada-tune', '--quick', '--methods', 'lora', '--n-trials', str(n), '--steps', '30', '--no-progress',
           '--output-dir', out]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 300
    while time.time() < deadline and p.poll() is None:               # kill it while a trial runs, after two are done
        states = _states(out/'study.db')
        if states.count('COMPLETE') + states.count('PRUNED') >= 2 and states[-1:] == ['RUNNING']: break
        time.sleep(0.05)
    assert p.poll() is None, p.stderr.read().decode()[-2000:]
    p.kill(); p.wait()
    cut = optuna.load_study(study_name='lora', storage=f"sqlite:///{out/'study.db'}").trials[-1]
    assert cut.state == optuna.trial.TrialState.RUNNING
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    trials = optuna.load_study(study_name='lora', storage=f"sqlite:///{out/'study.db'}").trials
    done = [t for t in trials if t.state in (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)]
    assert len(done) == n and [t.state.name for t in trials].count('FAIL') == 1   # the cut trial, and nothing else, failed
    assert trials[cut.number].state == optuna.trial.TrialState.FAIL
    assert cut.params.items() <= trials[cut.number + 1].params.items()            # ... and was run again first, with what it had drawn
    assert (out/'best_params.json').stat().st_size > 0 and 'hylorada-bench --tuned' in r.stdout


def test_tune_rejects_bad_input(tmp_path):
    run = lambda *a: subprocess.run([BIN/'hylorada-tune', *map(str, a)], capture_output=True, text=True, timeout=120)
    r = run('--methods', 'lora', 'qlora', '--output-dir', tmp_path/'a')
    assert r.returncode != 0 and "'qlora' cannot be tuned" in r.stderr
    r = run('--space', 'lr=1e-2:1e-3', '--output-dir', tmp_path/'b')
    assert r.returncode != 0 and 'search range 0.01:0.001 is empty' in r.stderr
    (tmp_path/'c').mkdir(); (tmp_path/'c'/'study.db').write_text('not a database')
    r = run('--quick', '--output-dir', tmp_path/'c')
    assert r.returncode != 0 and 'is not an SQLite database' in r.stderr
