#!/usr/bin/env bash
# Build the full-scale demo on PostgreSQL (database chatdong_bench) and time household search, or with `cases`
# the case list and work lists, `cohorts` a month's generation, `pages` whole pages. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/chatdong_bench
  createdb -h 127.0.0.1 -U postgres chatdong_bench 2>/dev/null || true  # already there: fine
fi
case "${1:-}" in
  cases) shift; exec "$PYTHON" bench/cases.py "$@" ;;  # case list and work lists (bench/cases.py)
  cohorts) shift; exec "$PYTHON" bench/cohorts.py "$@" ;;  # a month's cohort generation (bench/cohorts.py)
  pages) shift; exec "$PYTHON" bench/pages.py "$@" ;;  # whole pages and API answers as the personas get them
  *) exec "$PYTHON" bench/demo_and_search.py "$@" ;;
esac
