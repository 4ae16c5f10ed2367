"`hylorada-tune` as users run it: killed with SIGKILL in the middle of a trial, then run again; two at once on one folder; bad input."
import contextlib, sqlite3, subprocess, sys, time
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
    "Each bad option stops at once (all run side by side) with a message naming it, the value and what is allowed; nothing is written"
    cases = {('--methods', 'lora', 'qlora'): "methods: 'qlora' cannot be tuned",
             ('--space', 'lr=1e-2:1e-3'): '--space lr=0.01:0.001: the search range is empty or invalid: need low < high and low > 0',
             ('--space', 'lr=1:0'): '--space lr=1.0:0.0: the search range is empty',
             ('--fix', 'lora_dropout=2'): '--fix lora_dropout=2.0: lora_dropout must be a number in [0, 1)',
             ('--fix', 'lr=-1'): '--fix lr=-1.0: lr must be a finite number > 0',
             ('--fix', 'gate_init=inf'): '--fix gate_init=inf: gate_init must be a finite number',
             ('--space', 'lora_dropout=0.5:2'): '--space lora_dropout=0.5:2.0: every lora_dropout of the range must be a number in [0, 1)',
             ('--seed', '-1'): 'seed=-1: must be an integer >= 0'}
    runs = {a: subprocess.Popen([BIN/'hylorada-tune', '--quick', *a, '--output-dir', tmp_path/str(i)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for i, a in enumerate(cases)}
    for i, (a, p) in enumerate(runs.items()):
        err = p.communicate(timeout=300)[1]
        assert p.returncode != 0 and f"hylorada-tune: {cases[a]}" in err and 'Traceback' not in err, (a, err[-2000:])
        assert not (tmp_path/str(i)).exists(), a
    (tmp_path/'c').mkdir(); (tmp_path/'c'/'study.db').write_text('not a database')
    r = subprocess.run([BIN/'hylorada-tune', '--quick', '--output-dir', tmp_path/'c'], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and 'is not an SQLite database' in r.stderr


def _finished(out:Path) -> tuple:
    trials = optuna.load_study(study_name='lora', storage=f"sqlite:///{out/'study.db'}").trials
    return trials, [t for t in trials if t.state in (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)]


def _tune(out:Path, n:int=6):
    return subprocess.Popen([BIN/'hylorada-tune', '--quick', '--methods', 'lora', '--n-trials', str(n), '--steps', '30', '--no-progress',
                             '--output-dir', out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_two_tuners_started_together_share_the_count(tmp_path):
    out = tmp_path/'tune'
    ps = [_tune(out), _tune(out)]
    errs = [p.communicate(timeout=600)[1] for p in ps]
    assert [p.returncode for p in ps] == [0, 0], [e[-2000:] for e in errs]
    trials, done = _finished(out)
    assert len(done) == len(trials) == 6                                      # six in all, none failed, none left running
    assert {t.user_attrs['worker']['pid'] for t in done} == {p.pid for p in ps}       # both tuners ran some of them
    assert len({tuple(sorted(t.params.items())) for t in done}) == 6               # and no two drew the same settings


def test_a_second_tuner_leaves_the_running_trial_alone(tmp_path):
    out = tmp_path/'tune'
    first = _tune(out)
    deadline = time.time() + 300
    while time.time() < deadline and first.poll() is None:                # start the second while a trial of the first runs
        states = _states(out/'study.db')
        if states.count('COMPLETE') + states.count('PRUNED') >= 1 and states[-1:] == ['RUNNING']: break
        time.sleep(0.05)
    assert first.poll() is None, first.stderr.read()[-2000:]
    running = len(states) - 1                                               # its number
    second = _tune(out)
    errs = [p.communicate(timeout=600)[1] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], [e[-2000:] for e in errs]
    trials, done = _finished(out)
    assert len(done) == len(trials) == 6 and trials[running].state.name in ('COMPLETE', 'PRUNED')   # nobody failed the running trial
    assert 'Cannot tell' not in errs[0] + errs[1]


def test_damaged_study_file_is_refused(tmp_path):
    out = tmp_path/'tune'; out.mkdir()
    st = optuna.create_study(study_name='lora', storage=f"sqlite:///{out/'study.db'}")
    st.optimize(lambda t: t.suggest_float('lr', 1e-5, 1e-1, log=True), n_trials=20)
    with contextlib.closing(sqlite3.connect(out/'study.db')) as con:
        page, size = [con.execute(f"select {q}").fetchone()[0] for q in ("rootpage from sqlite_master where name='trials'", "* from pragma_page_size")]
    with open(out/'study.db', 'r+b') as f: f.seek((page - 1) * size); f.write(b'\xff' * 64)   # some bytes in the middle go bad
    r = subprocess.run([BIN/'hylorada-tune', '--quick', '--methods', 'lora', '--output-dir', out], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0 and f"hylorada-tune: {out/'study.db'} is damaged" in r.stderr and 'Traceback' not in r.stderr, r.stderr[-2000:]
