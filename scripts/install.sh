#!/usr/bin/env bash
# Install normcheck, its two tool modules and everything the test suite needs, from nothing.
#   bash scripts/install.sh            # creates .venv next to this repository
# Python packages come from PyPI; the headless browser and LibreOffice used by the HTML and
# Word tests come from Debian's packages when this runs as root (skipped otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,dask,eval]"
for plugin in plugins/*/; do
  if [ -f "$plugin/pyproject.toml" ]; then
    .venv/bin/python -m pip install --quiet -e "$plugin"
  fi
done
# System packages for the browser and office tests (Debian). Not needed to use normcheck.
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ "${NORMCHECK_SKIP_APT:-0}" != "1" ]; then
  need=""
  command -v chromium >/dev/null 2>&1 || need="$need chromium"
  command -v soffice >/dev/null 2>&1 || need="$need libreoffice-writer-nogui"
  if [ -n "$need" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null) \
      || echo "install.sh: could not install$need; the tests that need them will be skipped" >&2
  fi
fi
echo "normcheck installed in .venv ($(.venv/bin/normcheck --version))"
