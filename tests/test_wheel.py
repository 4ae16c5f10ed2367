"The package as people install it: a wheel and an sdist that twine accepts, installed into a fresh environment, running the Quick Start."
import configparser, shutil, subprocess, sys, sysconfig, tarfile, textwrap, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUICK_START = textwrap.dedent('''
    import hylorada
    from hylorada import HyLoRADAConfig, HyLoRADAModel
    from hylorada.data import load_base_model
    model = load_base_model('tiny-gpt2')
    config = HyLoRADAConfig(lora_rank=8, lora_alpha=16.0, use_dora_magnitude=True, position_bias_enabled=True)
    hy = HyLoRADAModel(model, config)
    counts = hy.print_trainable_params()
    print(hylorada.__file__, hylorada.__version__, counts['trainable'])
''')


def _run(cmd, **kw):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=600, **kw)
    assert p.returncode == 0, f"{cmd}:\n{p.stdout[-2000:]}\n{p.stderr[-3000:]}"
    return p


def _source_copy(dest:Path) -> Path:
    "The tracked files of the repository, as a clean clone has them (building writes build/ and egg-info into its source)"
    for f in _run(['git', 'ls-files'], cwd=ROOT).stdout.splitlines():
        if (ROOT/f).is_file(): (dest/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, dest/f)
    return dest


def test_wheel_installs_and_runs(tmp_path):
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    version = cfg['DEFAULT']['version']                                  # the one place the version is written
    src, dist = _source_copy(tmp_path/'src'), tmp_path/'dist'
    _run([sys.executable, '-m', 'build', '--no-isolation', '--outdir', dist, src])   # the sdist, then the wheel built from it
    wheel, = dist.glob('*.whl'); sdist, = dist.glob('*.tar.gz')
    assert (wheel.name, sdist.name) == (f'hylorada-{version}-py3-none-any.whl', f'hylorada-{version}.tar.gz')
    _run([sys.executable, '-m', 'twine', 'check', '--strict', wheel, sdist])          # metadata and the README as long description
    names = zipfile.ZipFile(wheel).namelist()
    assert {'hylorada/tuned/smollm2-135m-shakespeare.json', 'hylorada/tasks/hylorada_corpus.yaml', 'hylorada/tasks/utils.py'} <= set(names), names   # shipped data
    assert not any(n.startswith(('nbs/', 'tests/', 'tools/')) for n in names)
    with tarfile.open(sdist) as t: assert f'hylorada-{version}/settings.ini' in t.getnames()   # setup.py reads it

    env = tmp_path/'env'
    _run([sys.executable, '-m', 'venv', env])
    py = env/'bin'/'python'
    site = Path(_run([py, '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']).stdout.strip())
    # Offline, the dependencies (torch, transformers, …) come from this environment's site-packages, appended to
    # the new one's path; the package itself only from the wheel, which pip installs into the new environment.
    (site/'dependencies.pth').write_text(sysconfig.get_paths()['purelib'] + '\n')
    _run([py, '-m', 'pip', 'install', '-q', '--no-deps', '--no-index', wheel])
    out = _run([py, '-c', QUICK_START], cwd=tmp_path).stdout.split()
    assert Path(out[-3]).is_relative_to(site), f"hylorada was imported from {out[-3]}, not from the installed wheel"
    assert out[-2:] == [version, str(2 * sum(8 * (i + o) + o + 3 for i, o in ((64, 192), (64, 64), (256, 64))) + 64)]
    assert 'hylorada-bench' in _run([env/'bin'/'hylorada-bench', '--help'], cwd=tmp_path).stdout   # the console script
