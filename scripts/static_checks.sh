#!/usr/bin/env bash
# Static checks CI runs beside the tests: ruff and the import contracts (import-linter).
#
# import-linter reads an installed copy of the package: copydesk.rules lives in
# rules/, outside lint/, and only an installed copy puts it where the package's other
# modules are (the editable install maps it with an import hook that grimp does not run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

ruff check .
ruff format --check .

site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
python -m pip install --quiet --no-deps --target "$site/lib" . >/dev/null 2>"$site/pip.log" ||
    { cat "$site/pip.log" >&2; exit 1; }
(cd "$site" && PYTHONPATH="$site/lib" lint-imports --no-cache "$root/pyproject.toml")
