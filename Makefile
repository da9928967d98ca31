# COMMIT Training: `make run` serves the demo site, `make test` runs the tests.
# Both set up everything they need on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The site's links (certificates, invitations) point to the port it serves on.
export COMMIT_PORT = $(PORT)
# Python 3.12 is what Open edX Verawood runs: the first candidate that really runs 3.12
# (a pyenv shim on PATH may point nowhere).
PYTHON312 ?= $(shell for p in $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.12.*/bin/python3.12 2>/dev/null | sort -rV) \
  $$(command -v python3.12) /usr/bin/python3.12 /usr/local/bin/python3.12; do \
  "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)
INSTALLED := $(VENV)/.installed
# Tutor lives in a virtualenv of its own: its pins clash with the platform's.
TUTOR_VENV ?= .venv-tutor
TUTOR_INSTALLED := $(TUTOR_VENV)/.installed
AXE_CORE := tests/e2e/node_modules/axe-core/axe.min.js
PIP_COMPILE := $(BIN)/pip-compile -q --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
# The MySQL driver compiles against Debian's client library: installed where a MySQL
# DATABASE_URL is used, and always in CI, where the MariaDB migration test must run.
NEEDS_MYSQL := $(filter mysql:% mariadb:%,$(DATABASE_URL))$(filter true,$(CI))

.PHONY: help run test test-setup quality requirements requirements-mysql system-packages test-packages migrate demo \
        upgrade-requirements clean extract_translations compile_translations curriculum \
        certificate-fonts

help: ## show the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

$(BIN)/python:
	@if [ -z "$(PYTHON312)" ]; then \
	  echo "COMMIT Training needs Python 3.12 (the Python of Open edX Verawood), and none was found."; \
	  echo "Install it (Debian/Ubuntu: apt-get install python3.12 python3.12-venv; or: pyenv install 3.12),"; \
	  echo "or name one: make PYTHON312=/path/to/python3.12 ..."; \
	  exit 1; fi
	$(PYTHON312) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(INSTALLED): $(BIN)/python requirements/test.txt setup.cfg
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

requirements: $(INSTALLED) $(if $(NEEDS_MYSQL),requirements-mysql) ## install the pinned requirements into .venv

$(TUTOR_INSTALLED): $(BIN)/python requirements/tutor.txt deploy/tutor/pyproject.toml
	$(PYTHON312) -m venv $(TUTOR_VENV)
	$(TUTOR_VENV)/bin/python -m pip install --quiet -r requirements/tutor.txt
	$(TUTOR_VENV)/bin/python -m pip install --quiet --no-deps -e deploy/tutor
	@touch $@

# The accessibility engine the browser tests inject into pages (axe-core, from npm).
$(AXE_CORE): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null || { echo "The browser tests need Node.js and npm (Debian: apt-get install nodejs npm)."; exit 1; }
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	@touch $@

requirements-mysql: $(INSTALLED) ## install the MySQL/MariaDB driver (and Debian's client library if missing)
	@if ! pkg-config --exists mysqlclient 2>/dev/null && ! pkg-config --exists mariadb 2>/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-libmysqlclient-dev pkg-config >/dev/null; \
	  else echo "mysqlclient needs Debian's default-libmysqlclient-dev and pkg-config: sudo apt-get install default-libmysqlclient-dev pkg-config"; exit 1; fi; fi
	$(BIN)/python -m pip install --quiet -r requirements/mysql.txt

# The certificate fonts (Noto, AR PL UMing, WenQuanYi Zen Hei) come from Debian: installed
# by the tests when missing and running as root; otherwise the apt-get line is printed.
CERTIFICATE_FONTS := fonts-noto-core fonts-arphic-uming fonts-wqy-zenhei
certificate-fonts:
	@if ! { [ -e /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] && \
	        [ -e /usr/share/fonts/truetype/arphic/uming.ttc ] && \
	        [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; }; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing the certificate fonts from Debian"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CERTIFICATE_FONTS) >/dev/null; \
	  else echo "The certificate tests need Debian's fonts: sudo apt-get install $(CERTIFICATE_FONTS)"; fi; fi

# What the tests need from Debian besides the fonts (the browser, gettext's msgfmt, poppler's
# pdftotext, the CJK fonts), installed when missing as the certificate fonts are.
test-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing from Debian:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "The tests need Debian's$$missing: sudo make system-packages"; fi; fi

system-packages: ## install Debian's Chromium (browser tests), fonts, gettext and the MySQL client library (needs root)
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-libmysqlclient-dev pkg-config \
	  fonts-noto-cjk $(CERTIFICATE_FONTS) poppler-utils gettext >/dev/null

migrate: requirements ## apply the database migrations
	$(BIN)/python manage.py migrate --no-input

demo: migrate ## create the demo logins and load generated demo data (once)
	$(BIN)/python manage.py setup_demo

run: demo ## serve the demo site on http://127.0.0.1:8000/
	@echo "Serving COMMIT Training on http://127.0.0.1:$(PORT)/  (logins: admin / commit-admin, manager / commit-manager)"
	$(BIN)/gunicorn commit_site.wsgi --bind 127.0.0.1:$(PORT) --workers 1 --threads 16 \
	  --access-logfile - --error-logfile - --graceful-timeout 5

test: test-setup ## run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Everything the suite needs, installed once: CI runs it before starting suites side by
# side, so that no two of them install into .venv at the same time.
test-setup: requirements $(TUTOR_INSTALLED) $(AXE_CORE) certificate-fonts test-packages ## install what the tests need, without running them

quality: requirements ## lint, format check, the import contracts (layers), and check that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

curriculum: requirements ## build the course archives dist/curriculum/<course>.tar.gz (RTP, ToT, six national NTPs) and print the content summary
	$(BIN)/python -m curriculum_build --out dist/curriculum --check
	$(BIN)/python -m curriculum_build --summary

extract_translations: requirements ## update the .po catalogues of the six languages from the source
	cd trainer_registry && ../$(BIN)/python ../manage.py makemessages --no-location --no-obsolete \
	  -l km -l lo -l my -l th -l vi -l zh_Hans
	cd commit_site && ../$(BIN)/python ../manage.py makemessages --no-location --no-obsolete \
	  -l km -l lo -l my -l th -l vi -l zh_Hans
	$(BIN)/python -m commit_training.i18n_extract
	$(BIN)/python -m curriculum_build --extract-messages

compile_translations: requirements ## compile the .po catalogues into the .mo files the package ships
	cd trainer_registry && ../$(BIN)/python ../manage.py compilemessages
	$(BIN)/python -m commit_training.i18n_js

upgrade-requirements: $(INSTALLED) ## recompile the pinned requirements files from the .in files
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(PIP_COMPILE) --upgrade --extra site --extra postgresql -o site.txt ../setup.cfg -c constraints.txt
	cd requirements && for f in test mysql dev tutor; do ../$(PIP_COMPILE) --upgrade -o $$f.txt $$f.in; done

clean: ## remove the virtualenv, the demo database and build output
	rm -rf $(VENV) $(TUTOR_VENV) var dist build *.egg-info
