# Two commands for a new machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench browser-deps messages venv clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# Web server, Celery worker and beat on SQLite + the filesystem broker (var/); Ctrl-C stops all.
run: $(STAMP)
	@bash scripts/run.sh

# ruff, migrations in step with the models, then the whole suite (browser tests need Debian's chromium).
test: $(STAMP) browser-deps
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -rs $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Ten years of a province on PostgreSQL (DATABASE_URL, else the local cluster's `bench` database), served
# by gunicorn, every main page timed per role (scripts/bench/run.py; README "Benchmark").
bench: $(STAMP)
	@mkdir -p var
	$(PY) scripts/bench/run.py

# Debian's chromium for the Playwright tests: installed when we are root with apt, otherwise skipped.
browser-deps:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "安装 chromium（浏览器测试需要）…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "注意：chromium 安装失败，浏览器测试将跳过。"; \
	else \
		echo "注意：没有 $(CHROMIUM)，且不能自动安装（需要 root 和 apt-get）：浏览器测试将跳过。"; \
	fi

# Refresh the English translation (needs gettext; the compiled .mo is committed, so running needs none).
messages: $(STAMP)
	@command -v msgfmt >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'

clean:
	rm -rf var
