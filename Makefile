# Two commands set everything up on a fresh machine: `make release` and `make test`.
# Both (re)create .venv from requirements.lock when it is missing or older than the lock.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: release test validate docs import bench lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

validate: $(STAMP)
	$(BIN)/unga validate

# Validation runs again inside the build, which refuses data that do not validate.
release: validate
	$(BIN)/unga build --out dist

test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Regenerate data/ and reports/import.md from the vendored sources (deterministic).
import: $(STAMP)
	$(BIN)/unga import voeten

docs: release
	$(BIN)/unga dictionary --out docs/data-dictionary.md
	$(BIN)/python -m unga_votes.readme_queries README.md dist/unga-votes.duckdb

# Maintainers: refresh the pinned lock from pyproject.toml.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) dist
