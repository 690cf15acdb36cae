# Two commands set everything up on a fresh machine: `make release` and `make test`.
# Both (re)create .venv from the hashed locks when it is missing or older than them: pip
# installs uv (requirements-uv.lock), uv installs requirements.lock, build backend included,
# so nothing unpinned is ever fetched; wheels only (pip --only-binary, uv --no-build), since
# building a source distribution would fetch its own build requirements, which no lock pins.
# The site's front-end assets install with `npm ci` from package-lock.json (exact versions and
# integrity hashes) into node_modules/. What the system must provide, Debian's Chromium for the
# browser tests and npm, scripts/debian-package.sh installs with apt-get when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_STAMP := $(VENV)/.installed-data
PIP := $(BIN)/python -m pip install --quiet --require-hashes --only-binary :all:
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --no-build
# The project itself, editable, built by the locked hatchling already in .venv (no isolation,
# so no build requirement is fetched) and without dependencies (the lock installed them).
PROJECT := $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
NODE_STAMP := node_modules/.installed
# Debian's Chromium, which the browser tests drive through Playwright (Playwright downloads no
# browser). A variable so that the install path can be tried on a machine that has Chromium.
CHROMIUM ?= /usr/bin/chromium
# When make started (ns), before any prerequisite is made: `make test` tells its install time.
START_NS := $(shell date +%s%N)
# Each test's time in the last `make test` (JUnit XML), read for its closing line.
TIMES := test-artifacts/pytest.xml

.PHONY: release site test fuzz validate data-env docs import bench lock clean

$(STAMP): requirements.lock requirements-uv.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements-uv.lock
	$(UV) --compile-bytecode -r requirements.lock
	$(PROJECT)
	touch $(STAMP)

# Only what the data checks need (`unga validate`, `unga diff`, `frictionless validate`): the
# runtime dependencies and the build backend, from requirements-data.lock, whose pins are those
# of requirements.lock. CI's data job installs this, not the test and site tools.
data-env: $(DATA_STAMP)

$(DATA_STAMP): requirements-data.lock requirements-uv.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements-uv.lock
	$(UV) -r requirements-data.lock
	$(PROJECT)
	touch $(DATA_STAMP)

$(NODE_STAMP): package.json package-lock.json
	scripts/debian-package.sh npm nodejs npm
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(CHROMIUM):
	scripts/debian-package.sh $@ chromium

validate: $(STAMP)
	$(BIN)/unga validate

# Validation runs again inside the build, which refuses data that do not validate.
release: validate
	$(BIN)/unga build --out dist

# The static site in _site/, from the release in dist/ (built first when there is none).
site: $(STAMP) $(NODE_STAMP)
	test -f dist/unga-votes.duckdb || $(MAKE) release
	$(BIN)/unga site --db dist/unga-votes.duckdb --out _site

# The whole suite in three pytest-xdist workers (tests/conftest.py starts the longest tests
# first): on two cores, a third worker fills the time the others wait on servers, subprocesses
# and the browser (`make test WORKERS=2` to compare). The last line gives the install time
# (until this recipe starts: make expands it whole first), pytest's time and the five slowest
# tests, so that the suite's growth shows. Bytecode is cached (__pycache__, ignored by git) even
# where PYTHONDONTWRITEBYTECODE is set: without it each worker compiles and rewrites every test
# module again (2 s of CPU each), and each `unga` the tests start compiles the package.
WORKERS ?= 3
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(WORKERS) --dist worksteal \
	--junitxml=$(TIMES)
test: $(STAMP) $(NODE_STAMP) $(CHROMIUM)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	@echo '$(PYTEST)'; start=$$(date +%s%N); $(PYTEST); status=$$?; \
	$(BIN)/python scripts/suite_times.py $(TIMES) --install $(START_NS) $(shell date +%s%N) \
		--pytest $$start $$(date +%s%N); exit $$status

# The randomised tests at length: 3,000 generated files per Hypothesis property of
# tests/test_fuzz.py and 40 builds killed at random points (`make test`: 50 and 3).
fuzz: $(STAMP)
	FUZZ_EXAMPLES=3000 FAULT_TRIALS=40 $(BIN)/python -m pytest -n 2 tests/test_fuzz.py \
		tests/test_fault_injection.py::test_sigkill_at_random_points_leaves_the_previous_release

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/bench.py

# Regenerate data/ and reports/import.md from the vendored sources (deterministic).
import: $(STAMP)
	$(BIN)/unga import voeten

# Generated documentation: the data dictionary, the rule docs, the README's rule table and
# the README's query results.
docs: release
	$(BIN)/unga dictionary --out docs/data-dictionary.md
	$(BIN)/unga rules --out docs/rules.md --readme README.md
	$(BIN)/python -m unga_votes.readme_queries README.md dist/unga-votes.duckdb

# Maintainers: refresh the pinned locks from pyproject.toml.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra build --extra site --generate-hashes \
		--universal --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra build --constraint requirements.lock \
		--generate-hashes --universal --python-version 3.11 -o requirements-data.lock
	echo "uv==$$($(BIN)/uv --version | cut -d' ' -f2)" | $(BIN)/uv pip compile - \
		--generate-hashes --universal --python-version 3.11 --no-header -o requirements-uv.lock

clean:
	rm -rf $(VENV) dist _site node_modules
