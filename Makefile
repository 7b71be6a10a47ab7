# deskbot: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint format bench clean rasa-env test-rasa clean-rasa

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/deskbot db upgrade
	$(BIN)/deskbot --verbose serve --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .

# docs/reference.md is generated from the code (a unit test fails when it is stale).
.PHONY: docs
docs: install
	$(BIN)/python docs/gen_reference.py

bench: install
	$(BIN)/python bench/webhook_load.py
	$(BIN)/python bench/nlu_heldout.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# --- Rasa 3.6 (needs Python < 3.11): a separate venv, only for comparing against Rasa. ---
RASA_VERSION ?= 3.6.21
RASA_VENV    ?= .venv-rasa
RASA_STAMP   := $(RASA_VENV)/.installed-rasa-$(RASA_VERSION)
PYENV_ROOT_DIR := $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
RASA_PYTHON  ?= $(firstword $(lastword $(sort $(wildcard $(PYENV_ROOT_DIR)/versions/3.10*/bin/python))) \
                $(wildcard /usr/local/bin/python3.10 /usr/bin/python3.10))

$(RASA_STAMP):
	@test -n "$(RASA_PYTHON)" && test -x "$(RASA_PYTHON)" || { \
	  echo "rasa-env: no Python 3.10 found (looked for $(PYENV_ROOT_DIR)/versions/3.10*/bin/python" \
	       "and python3.10 in /usr/local/bin, /usr/bin)." >&2; \
	  echo "rasa-env: Rasa $(RASA_VERSION) needs Python < 3.11: 'pyenv install 3.10'" \
	       "or make rasa-env RASA_PYTHON=/path/to/python3.10" >&2; exit 1; }
	@test -x $(RASA_VENV)/bin/python || $(RASA_PYTHON) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RASA_VENV)/bin/python -m pip install --quiet 'rasa==$(RASA_VERSION)'
	@touch $@

rasa-env: $(RASA_STAMP)

# A real Rasa server trained on nlu/ (cached in .cache/rasa/), then tests/rasa against it.
test-rasa: install rasa-env
	$(BIN)/python bench/rasa_server.py run --rasa-bin $(RASA_VENV)/bin/rasa -- \
	  $(BIN)/python -m pytest -q tests/rasa

clean-rasa:
	rm -rf $(RASA_VENV) .cache/rasa
