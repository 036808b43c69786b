# The two set-up commands of the README: `make demo` and `make test`.
# Each creates the virtualenv in .venv and installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean books-install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The distribution was called sif before it became sif-books: drop that install.
	$(BIN)/python -m pip uninstall --quiet --yes sif && rm -rf scripts/sif.egg-info
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## sif alone, without developer tools: what the books job of CI and staff laptops need.
BOOKS_STAMP := $(VENV)/.books-installed
$(BOOKS_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $(BOOKS_STAMP)

books-install: $(BOOKS_STAMP)

## Make the demo books from the data embedded in sif (build/demo: 45 fictional
## members, 18 months, 2026-08 and 2026-09 invoiced), check them, print every
## member's balance, and run the month-end for the latest month not invoiced yet
## in a scratch copy (build/demo-month-end), with statements and e-mails.
demo: $(STAMP)
	rm -rf build/demo build/demo-month-end
	$(BIN)/sif demo build/demo
	$(BIN)/sif --root build/demo check
	$(BIN)/sif --root build/demo balances
	$(BIN)/sif --root build/demo month-end-demo --scratch $(CURDIR)/build/demo-month-end

## Lint, type-check and run every test.
test: system $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n auto --dist loadscope

## Benchmarks at the scale stated in each script (minutes, not part of `make test`).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_site.py
	$(BIN)/python benchmarks/bench_fava.py
	$(BIN)/python benchmarks/bench_statements.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

## Debian packages the tests need (chromium for the site's browser test); installs what is missing.
.PHONY: system
system:
	bash .ci/system-deps.sh
	bash .ci/node-deps.sh

## Generate and build the public site into public/ (see README, "Public site").
.PHONY: site
site: $(STAMP)
	$(BIN)/sif site build
