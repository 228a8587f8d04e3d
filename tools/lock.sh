#!/usr/bin/env bash
# Re-pin every dependency: writes constraints.txt (the lock CI, `make` and
# Binder share) and binder/requirements.txt (Binder's smaller, fully pinned set).
# Needs the package index. Review and commit both files afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --upgrade pip
"$tmp/venv/bin/pip" install --quiet -r requirements.txt -r requirements-test.txt -r tests/clients/requirements.txt
{
  echo "# Lock file: every package of the build and test environment, at exact versions."
  echo "# Made by 'make lock' (tools/lock.sh) from requirements.txt, requirements-test.txt and tests/clients/requirements.txt; do not edit by hand."
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v '^medmassage'
} > constraints.txt

# Binder: the runtime lines of requirements.txt, resolved against the lock.
grep -vE '^\s*(#|$)|build-only' requirements.txt | sed 's/ *#.*//' > "$tmp/binder.in"
"$tmp/venv/bin/pip" install --quiet --dry-run --ignore-installed --report "$tmp/report.json" \
  -r "$tmp/binder.in" -c constraints.txt
{
  echo "# Binder's environment (repo2docker): the runtime part of requirements.txt with every"
  echo "# dependency pinned to the version in constraints.txt. Made by 'make lock'; do not edit by hand."
  "$tmp/venv/bin/python" - "$tmp/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for item in sorted(report["install"], key=lambda i: i["metadata"]["name"].lower()):
    print(f'{item["metadata"]["name"]}=={item["metadata"]["version"]}')
PY
} > binder/requirements.txt
echo "wrote constraints.txt ($(grep -vc '^#' constraints.txt) packages) and binder/requirements.txt ($(grep -vc '^#' binder/requirements.txt) packages)"
