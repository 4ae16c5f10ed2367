"The `hylorada-bench` console script, run as a user runs it."
import csv, json, subprocess, sys
from pathlib import Path

BIN = Path(sys.executable).parent
METHODS = ('lora', 'rslora', 'dora', 'hylorada')


def bench(*args, timeout=600):
    return subprocess.run([BIN/'hylorada-bench', *map(str, args)], capture_output=True, text=True, timeout=timeout)


def test_bench_quick_run(tmp_path):
    p = bench('--quick', '--output-dir', tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    for f in ('results.md', 'results.csv', 'results.json', 'loss_curves.png', 'perplexity.png', 'positional.png'):
        assert (tmp_path/f).stat().st_size > 0, f
    res = json.loads((tmp_path/'results.json').read_text())
    seeds, runs = res['config']['seeds'], res['models']['tiny-gpt2']['runs']
    assert [(r['method'], r['seed']) for r in runs] == [(m, s) for m in METHODS for s in seeds] and len(seeds) > 1
    assert all(r['steps'] == res['config']['steps'] and len(r['losses']) == r['steps'] for r in runs)
    table = (tmp_path/'results.md').read_text()
    for m in METHODS: assert f"| {m} |" in table and f"| {m} |" in p.stdout
    assert len(list(csv.DictReader(open(tmp_path/'results.csv')))) == len(METHODS) * len(seeds)
    assert 'expected about' in p.stderr             # the estimate, printed before the runs
    assert 'runs (tiny-gpt2):' in p.stderr and 'train' in p.stderr  # progress bars


def test_module_entry_point_help():
    p = subprocess.run([sys.executable, '-m', 'hylorada.bench', '--help'], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    for opt in ('--model', '--methods', '--data', '--steps', '--epochs', '--seq-len', '--batch-size', '--lora-rank', '--lr',
                '--seeds', '--s2-attn', '--rope-scaling-type', '--output-dir', '--max-eval-tokens', '--threads', '--quick',
                '--models', '--list-models', '--grad-accum', '--num-train', '--num-test', '--train-embeddings', '--train-norms',
                '--sink-tokens', '--max_length', '--s2_attn', '--dataset', '--grad_accum', '--num_train', '--num_test',
                '--train_embeddings', '--train_norms', '--sink_tokens', '--list_models', '--lora_rank', '--output_dir'):
        assert opt in p.stdout, opt


def test_bench_rejects_unknown_model(tmp_path):
    p = bench('--model', 'nonexistent', '--output-dir', tmp_path)
    assert p.returncode != 0
    assert "Unknown model 'nonexistent'" in p.stderr and 'tiny-gpt2' in p.stderr
    assert not list(tmp_path.iterdir())               # nothing was run


def test_bench_rejects_unknown_method(tmp_path):
    p = bench('--methods', 'lora', 'qlora', '--output-dir', tmp_path)
    assert p.returncode != 0
    assert "'qlora'" in p.stderr and 'hylorada' in p.stderr   # names the bad method and the allowed ones


def test_bench_rejects_bad_values(tmp_path):
    "Each bad value stops before any model is loaded (all run side by side), naming the option, the value and what is allowed"
    from hylorada.bench import retrieval_floor
    from hylorada.data import load_tokenizer
    floor = retrieval_floor(load_tokenizer('tiny-gpt2'), range(2))
    cases = {('--rope-scaling-factor', '-3'): 'rope_scaling_factor=-3.0: must be a finite number >= 1',
             ('--rope-scaling-factor', '0.5', '--rope-scaling-type', 'linear'): 'rope_scaling_factor=0.5: must be a finite number >= 1',
             ('--seeds', '0', '-1'): 'seeds=(0, -1): each seed must be an integer >= 0',
             ('--lr', 'inf'): 'lr=inf: must be a finite number > 0', ('--lr', 'nan'): 'lr=nan: must be a finite number > 0',
             ('--retrieval-tokens', '-4'): 'retrieval_tokens=-4: must be a positive integer',
             ('--retrieval-trials', '2', '--retrieval-tokens', '8'): f'retrieval_tokens=8: must be at least {floor} with the tokenizer of tiny-gpt2'}
    runs = {a: subprocess.Popen([BIN/'hylorada-bench', '--quick', *a, '--output-dir', tmp_path/str(i)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for i, a in enumerate(cases)}
    for i, (a, p) in enumerate(runs.items()):
        err = p.communicate(timeout=300)[1]
        assert p.returncode != 0 and f"hylorada-bench: {cases[a]}" in err and 'Traceback' not in err, (a, err[-2000:])
        assert not (tmp_path/str(i)).exists(), a
    p = bench('--quick', '--retrieval-trials', '2', '--retrieval-tokens', floor, '--methods', 'baseline', '--seeds', '0', '--output-dir', tmp_path/'ok')
    assert p.returncode == 0, p.stderr[-3000:]                   # the length the message names is enough


def test_perf_quick_run(tmp_path):
    p = subprocess.run([sys.executable, '-m', 'hylorada.perf', '--quick', '--rounds', '1', '--no-progress',
                        '--output-dir', tmp_path], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    res = json.loads((tmp_path/'perf.json').read_text())
    assert set(res['rows']) == {'train', 'eval', 's2'} and (tmp_path/'perf.png').stat().st_size > 0
    assert '| hylorada d=0.05 |' in p.stdout


def test_perf_rejects_bad_option(tmp_path):
    p = subprocess.run([sys.executable, '-m', 'hylorada.perf', '--threads', '0', '--output-dir', tmp_path],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode != 0 and 'threads=0' in p.stderr


def test_list_models():
    p = bench('--list-models')
    assert p.returncode == 0 and 'smollm2-135m' in p.stdout and 'HuggingFaceTB/SmolLM2-135M-Instruct' in p.stdout, p.stderr[-2000:]


def test_several_models_baseline_and_the_original_options(tmp_path):
    "Two models in one run, a table each; the untrained baseline; the original script's underscore options"
    p = bench('--quick', '--models', 'tiny-gpt2', 'tiny-llama', '--methods', 'baseline', 'lora', '--seeds', '0',
              '--num_train', '8', '--num_test', '2', '--grad_accum', '2', '--train_norms', '--output_dir', tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    assert '## tiny-gpt2' in p.stdout and '## tiny-llama' in p.stdout and p.stdout.count('| baseline |') == 2
    res = json.loads((tmp_path/'results.json').read_text())
    for name, m in res['models'].items():
        assert [(r['method'], r['steps']) for r in m['runs']] == [('baseline', 0), ('lora', 3)]
        assert m['runs'][0]['after'] == m['before'] and m['before']['perplexity']['tokens'] == 2 * 31   # two blocks of 32
        assert m['runs'][1]['tokens'] == 3 * 2 * 4 * 32                  # 3 steps of 2 micro-batches of 4 blocks
    rows = list(csv.DictReader(open(tmp_path/'results.csv')))
    assert [(r['model'], r['method']) for r in rows] == [(m, k) for m in ('tiny-gpt2', 'tiny-llama') for k in ('baseline', 'lora')]
    assert (tmp_path/'loss_curves-tiny-llama.png').stat().st_size > 0 and (tmp_path/'positional-tiny-gpt2.png').stat().st_size > 0
