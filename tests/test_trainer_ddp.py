"`HyLoRADATrainer` in two processes (DDP over gloo on the CPU, started by torchrun) against one process with the same global batch."
import json, subprocess, sys, textwrap

from safetensors.torch import load_file

SCRIPT = textwrap.dedent('''
    import json, sys, torch
    from hylorada.data import load_base_model
    from hylorada.model import HyLoRADAConfig, HyLoRADAModel
    from hylorada.trainer import HyLoRADATrainer, TrainingConfig

    out, per_process, accum = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    data = [dict(input_ids=torch.randint(0, 1000, (32,), generator=g).tolist()) for _ in range(16)]
    torch.manual_seed(0)
    model = HyLoRADAModel(load_base_model('tiny-llama'), HyLoRADAConfig(lora_rank=4, lora_dropout=0.0))
    cfg = TrainingConfig(output_dir=out, max_steps=3, batch_size=per_process, grad_accum_steps=accum, lr=1e-3,
                         warmup_steps=1, weight_decay=0.01, cpu=True, seed=0, progress=True)
    trainer = HyLoRADATrainer(model, cfg, data)
    res = trainer.train()
    if trainer.accelerator.is_main_process:
        keep = ('losses', 'lrs', 'steps', 'tokens', 'num_processes', 'global_batch_size')
        json.dump(dict({k: res[k] for k in keep}, backend=str(trainer.accelerator.state.backend)), open(f'{out}/result.json', 'w'))
''')


def _run(cmd, tmp_path):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-3000:]
    return p


def test_two_processes_train_like_one(tmp_path):
    script = tmp_path/'train.py'
    script.write_text(SCRIPT)
    ddp = _run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2',
                script, tmp_path/'ddp', '2', '1'], tmp_path)
    one = _run([sys.executable, script, tmp_path/'one', '2', '2'], tmp_path)        # same global batch: 2 × 2 micro-batches
    r2, r1 = (json.loads((tmp_path/d/'result.json').read_text()) for d in ('ddp', 'one'))
    assert (r2['num_processes'], r2['backend'], r1['num_processes']) == (2, 'gloo', 1)
    assert r2['global_batch_size'] == r1['global_batch_size'] == 4
    assert r2['steps'] == r1['steps'] == 3 and r2['tokens'] == r1['tokens'] == 3 * 4 * 32
    assert max(abs(a - b) for a, b in zip(r2['losses'], r1['losses'])) < 1e-5
    assert r2['lrs'] == r1['lrs']
    w2, w1 = (load_file(tmp_path/d/'hylorada_model.safetensors') for d in ('ddp', 'one'))
    assert set(w2) == set(w1) and len(w1) > 0
    diff = max((w2[k] - w1[k]).abs().max().item() for k in w1)
    assert diff < 1e-5, diff
    assert any((w1[k] != 0).any() for k in w1 if k.endswith('lora_B'))             # B left 0: the adapters trained
    assert 'loss=' in one.stderr and 'tok_s=' in one.stderr                         # the progress bar
    assert (tmp_path/'ddp'/'metrics.jsonl').read_text().count('\n') == 1            # written once, by the main process


RESUME = textwrap.dedent('''
    import json, sys, torch
    from hylorada.data import load_base_model
    from hylorada.model import HyLoRADAConfig, HyLoRADAModel
    from hylorada.trainer import HyLoRADATrainer, TrainingConfig

    out, resume = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    data = [dict(input_ids=torch.randint(0, 1000, (32,), generator=g).tolist()) for _ in range(16)]
    torch.manual_seed(1 if resume else 0)            # the resumed run starts from other weights: all must come from the checkpoint
    model = HyLoRADAModel(load_base_model('tiny-llama'), HyLoRADAConfig(lora_rank=4, lora_dropout=0.1))
    cfg = TrainingConfig(output_dir=out, max_steps=4, batch_size=2, lr=1e-3, warmup_steps=1, save_every=2, keep_checkpoints=0,
                         cpu=True, seed=0, deterministic=True, progress=False, resume_from=resume)
    trainer = HyLoRADATrainer(model, cfg, data)
    res = trainer.train()
    if trainer.accelerator.is_main_process: json.dump(res['losses'], open(f'{out}/losses.json', 'w'))
''')


def test_two_processes_resume_like_uninterrupted(tmp_path):
    "Each process restores its own random state (dropout on): a 2-process run resumed from step 2 equals the straight run"
    script = tmp_path/'resume.py'
    script.write_text(RESUME)
    run = lambda *a: _run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', script, *a], tmp_path)
    run(tmp_path/'straight')
    ckpt = tmp_path/'straight'/'checkpoints'/'checkpoint-2'
    assert sorted(p.name for p in ckpt.glob('rng_state_*.safetensors')) == ['rng_state_0.safetensors', 'rng_state_1.safetensors']
    run(tmp_path/'resumed', ckpt)
    full, cont = (json.loads((tmp_path/d/'losses.json').read_text()) for d in ('straight', 'resumed'))
    assert cont == full and len(full) == 4, (full, cont)
    w1, w2 = (load_file(tmp_path/d/'hylorada_model.safetensors') for d in ('straight', 'resumed'))
    assert all((w1[k] == w2[k]).all() for k in w1)
