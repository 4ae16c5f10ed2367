"An exported PEFT DoRA adapter, scored by lm-evaluation-harness's own command line, against the wrapped model in Python."
import json, subprocess, sys

import torch

META = dict(chars=500, docs=4)


def test_peft_export_through_the_command_line(tmp_path):
    from hylorada.data import load_base_model, load_tokenizer
    from hylorada.harness import evaluate_tasks, tasks_dir
    from hylorada.model import HyLoRADAModel, preset
    tok = load_tokenizer('tiny-llama')
    torch.manual_seed(0)
    model = HyLoRADAModel(load_base_model('tiny-llama'), preset('dora', lora_rank=4)).eval()
    with torch.no_grad():
        for l in model.lora_layers.values(): l.lora_B.normal_(0, 0.05); l.magnitude.mul_(1.1)   # moved: not the base model's scores
    base, adapter = tmp_path/'base', tmp_path/'adapter'
    load_base_model('tiny-llama').save_pretrained(base); tok.save_pretrained(base)
    model.export_peft_adapter(adapter)
    ours = evaluate_tasks(model, tok, ['hylorada_corpus'], metadata=META)['hylorada_corpus']
    base_only = evaluate_tasks(load_base_model('tiny-llama'), tok, ['hylorada_corpus'], metadata=META)['hylorada_corpus']
    cmd = [sys.executable, '-m', 'lm_eval', '--model', 'hf', '--model_args', f'pretrained={base},peft={adapter}', '--device', 'cpu',
           '--batch_size', '1', '--include_path', tasks_dir(), '--tasks', 'hylorada_corpus', '--metadata', json.dumps(META),
           '--output_path', str(tmp_path/'out')]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    found = list((tmp_path/'out').rglob('results_*.json'))
    assert len(found) == 1, found
    theirs = json.loads(found[0].read_text())['results']['hylorada_corpus']
    for k in ('bits_per_byte', 'word_perplexity'):
        assert abs(theirs[f'{k},none'] - ours[k]) <= 1e-6 * ours[k], (k, theirs[f'{k},none'], ours[k])
    assert abs(base_only['bits_per_byte'] - ours['bits_per_byte']) > 100 * 1e-6 * ours['bits_per_byte']   # the adapter was applied, not only the base


def test_bench_scores_every_method_with_the_harness(tmp_path):
    from hylorada.bench import markdown_table, run_bench
    from hylorada.data import load_base_model, load_tokenizer
    from hylorada.harness import evaluate_tasks
    from hylorada.model import HyLoRADAModel
    res = run_bench(model='tiny-gpt2', methods=('baseline', 'lora'), seeds=(0,), steps=2, seq_len=32, batch_size=2, max_eval_tokens=64,
                    tuned=None, output_dir=str(tmp_path), progress=False, lm_eval_tasks=('hylorada_corpus',), lm_eval_limit=2)
    before, run = res['models']['tiny-gpt2']['runs']
    saved = HyLoRADAModel.from_pretrained(load_base_model('tiny-gpt2'), tmp_path/'runs/tiny-gpt2/lora-seed0').eval()
    again = evaluate_tasks(saved, load_tokenizer('tiny-gpt2'), ['hylorada_corpus'], limit=2, batch_size=2,
                           metadata=dict(corpus='shakespeare', split='test', tokenizer='tiny-gpt2', n_tokens=512))
    for k, v in again['hylorada_corpus'].items():                      # the saved adapter scores what the bench reported
        assert abs(run['after']['lm_eval']['hylorada_corpus'][k] - v) <= 1e-6 * v, k
    assert before['after']['lm_eval']['hylorada_corpus']['bits_per_byte'] != run['after']['lm_eval']['hylorada_corpus']['bits_per_byte']
    assert 'lm-eval hylorada_corpus bits_per_byte' in markdown_table(res)
