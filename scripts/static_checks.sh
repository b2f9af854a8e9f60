#!/usr/bin/env bash
# Static checks CI runs beside the tests: ruff, the import contracts (import-linter)
# and the types (mypy, configured in pyproject.toml's [tool.mypy]).
#
# import-linter and mypy read an installed copy of the package: copydesk.rules lives in
# rules/, outside lint/, and only an installed copy puts it where the package's other
# modules are (the editable install maps it with an import hook that neither runs).
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
# mypy's cache goes into the temporary directory too: a cold check of the package takes seconds.
(cd "$site/lib" && python -m mypy --config-file "$root/pyproject.toml" --cache-dir "$site/mypy-cache" -p copydesk)
