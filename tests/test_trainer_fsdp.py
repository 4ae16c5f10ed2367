"`HyLoRADATrainer` under FSDP2 (accelerate's FSDP plugin) in two processes, against one process with the same global batch."
import json, subprocess, sys, textwrap

import pytest

SCRIPT = textwrap.dedent('''
    import json, sys, torch
    from accelerate import Accelerator, FullyShardedDataParallelPlugin
    from hylorada.data import load_base_model
    from hylorada.model import HyLoRADAConfig, HyLoRADAModel
    from hylorada.trainer import HyLoRADATrainer, TrainingConfig

    out, fsdp = sys.argv[1], sys.argv[2] == 'fsdp'
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    data = [dict(input_ids=torch.randint(0, 1000, (32,), generator=g).tolist()) for _ in range(16)]
    torch.manual_seed(0)
    model = HyLoRADAModel(load_base_model('tiny-llama'), HyLoRADAConfig(lora_rank=4, lora_dropout=0.0))
    cpu = not torch.cuda.is_available()
    cfg = TrainingConfig(output_dir=out, max_steps=3, batch_size=2, grad_accum_steps=1 if fsdp else 2, lr=1e-3, warmup_steps=1,
                         cpu=cpu, mixed_precision='no', seed=0, progress=False)   # fp32 in both runs
    acc = Accelerator(cpu=cpu, gradient_accumulation_steps=1, fsdp_plugin=FullyShardedDataParallelPlugin(fsdp_version=2)) if fsdp else None
    trainer = HyLoRADATrainer(model, cfg, data, accelerator=acc)
    res = trainer.train()
    if trainer.accelerator.is_main_process:
        json.dump(dict(losses=res['losses'], distributed_type=str(trainer.accelerator.distributed_type)), open(f'{out}/result.json', 'w'))
''')


def _run(cmd, cwd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300, cwd=cwd)
    assert p.returncode == 0, p.stderr[-3000:]


def test_fsdp_trains_like_one_process(tmp_path):
    import torch
    if torch.cuda.is_available() and torch.cuda.device_count() < 2: pytest.skip('two processes under FSDP need two GPUs; this machine has one')
    script = tmp_path/'train.py'
    script.write_text(SCRIPT)
    _run([sys.executable, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', script, tmp_path/'fsdp', 'fsdp'], tmp_path)
    got = json.loads((tmp_path/'fsdp/result.json').read_text())
    if got['distributed_type'] != 'DistributedType.FSDP':
        pytest.skip(f"accelerate did not run FSDP here: with no GPU it ignores the FSDP plugin and the run is "
                    f"{got['distributed_type']} (its FSDP path is for CUDA and other accelerators, not the CPU)")
    _run([sys.executable, script, tmp_path/'one', 'one'], tmp_path)
    one = json.loads((tmp_path/'one/result.json').read_text())
    assert max(abs(a - b) for a, b in zip(got['losses'], one['losses'])) < 1e-6
    from safetensors.torch import load_file
    w2, w1 = (load_file(tmp_path/d/'hylorada_model.safetensors') for d in ('fsdp', 'one'))
    assert set(w2) == set(w1) and max((w2[k] - w1[k]).abs().max().item() for k in w1) < 1e-6
    from hylorada.data import load_base_model
    from hylorada.model import HyLoRADAModel
    back = HyLoRADAModel.from_pretrained(load_base_model('tiny-llama'), tmp_path/'fsdp')
    assert all((back.state_dict()[k] == w2[k]).all() for k in w2)        # the FSDP run's adapter loads bit-exactly
