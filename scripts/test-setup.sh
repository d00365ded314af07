#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine, in one idempotent script that the README's
# test command and .ci/run both call: Debian packages (headless Chromium and its driver for the
# browser tests, poppler for PDF text and pictures, Pango for PDF renderings), a virtual
# environment with the project and its dev tools, and the published schemas the report tests
# validate against.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango and a font for WeasyPrint, which writes the PDF renderings of `einvoice view`.
APT_PACKAGES=(chromium chromium-driver poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test-setup: the tests need the Debian packages ${missing[*]}; install them as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e . --group dev

# The published SARIF 2.1.0 schema (npm, sha256-pinned).
.venv/bin/python -m scripts.test_schemas >/dev/null
