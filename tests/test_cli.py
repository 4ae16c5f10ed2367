"The `hylorada-bench` console script, run as a user runs it."
import json, subprocess, sys
from pathlib import Path

BIN = Path(sys.executable).parent


def test_bench_quick_run(tmp_path):
    p = subprocess.run([BIN/'hylorada-bench', '--model', 'tiny-gpt2', '--seq-len', '64', '--max-eval-tokens', '256',
                        '--output-dir', tmp_path], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    res = json.loads((tmp_path/'base_perplexity.json').read_text())
    assert res['blocks'] == 4 and res['tokens'] == 4 * 63
    assert f"perplexity {res['perplexity']:.3f}" in p.stdout
    assert 'perplexity' in p.stderr                      # the progress bar
    assert (tmp_path/'base_perplexity.md').read_text().startswith('| field | value |')


def test_bench_rejects_unknown_model(tmp_path):
    p = subprocess.run([BIN/'hylorada-bench', '--model', 'nonexistent', '--output-dir', tmp_path],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode != 0
    assert "Unknown model 'nonexistent'" in p.stderr and 'tiny-gpt2' in p.stderr


def test_help_lists_options():
    p = subprocess.run([BIN/'hylorada-bench', '--help'], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0
    for opt in ('--model', '--data', '--seq-len', '--max-eval-tokens', '--output-dir'): assert opt in p.stdout
