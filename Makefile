# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench screenshot clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(PY) -m punchclock.demo

test: $(VENV)/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

screenshot: $(VENV)/.installed
	PUNCH_SCREENSHOT=docs/dashboard.png $(PY) -m pytest tests/web/test_browser.py -k screenshot

clean:
	rm -rf $(VENV) .pytest_cache
