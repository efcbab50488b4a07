#!/usr/bin/env bash
# Load test (bench/README.md "Load"): serve the full-scale demo on PostgreSQL with bin/serve, run the locust
# personas headless at 10, 50 and 100 users, print the tables.
#
#   bash bench/load/run.sh            # on the demo already built in $DATABASE_URL (default: chatdong_load)
#   bash bench/load/run.sh --build    # build it first (manage.py demo --scale 1.0, with the key served below)
#
# LOAD_USERS ("10 50 100"), LOAD_MEASURE (60 s per level, after every user signed in and LOAD_SETTLE, 10 s),
# LOAD_THINK ("0.5 1.5" s between two steps), LOAD_SPAWN_RATE (10 users/s), LOAD_PORT (8100), LOAD_OUT (a new folder
# under /tmp) change the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=.venv/bin/python

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chatdong_load}"
# The demo build encrypts resident numbers with CHATDONG_FIELD_KEY: build and serve with the same one. A fixed
# benchmark key (not the public demo key, which production settings refuse); nothing real is encrypted with it.
export CHATDONG_FIELD_KEY="${CHATDONG_FIELD_KEY:-bench-load-field-key-not-for-real-data-4c1f9a7e2b}"
export CHATDONG_SECRET_KEY="${CHATDONG_SECRET_KEY:-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export CHATDONG_DEBUG=0 CHATDONG_HTTPS=0 CHATDONG_ALLOWED_HOSTS=127.0.0.1,localhost
PORT="${LOAD_PORT:-8100}"
HOST="http://127.0.0.1:$PORT"
OUT="${LOAD_OUT:-$(mktemp -d /tmp/chatdong-load.XXXXXX)}"
mkdir -p "$OUT"

"$PYTHON" -c 'import locust' 2>/dev/null || .venv/bin/pip install -q -r bench/load/requirements.txt

if [ "${1:-}" = "--build" ]; then
  createdb -h 127.0.0.1 -U postgres "${DATABASE_URL##*/}" 2>/dev/null || true  # already there: fine
  CHATDONG_DEBUG=1 "$PYTHON" manage.py migrate -v0
  CHATDONG_DEBUG=1 "$PYTHON" manage.py demo --scale 1.0
fi

# The production server as deployed: gunicorn with deploy/gunicorn.conf.py (workers from the CPU count), DEBUG off.
CHATDONG_BIND="127.0.0.1:$PORT" bin/serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 300); do  # bin/serve checks, migrates and collects the static files first
  curl -fs -o /dev/null "$HOST/healthz" && break
  sleep 1
done
curl -fs -o /dev/null "$HOST/healthz" || { echo "the server did not answer; see $OUT/server.log" >&2; exit 1; }

for users in ${LOAD_USERS:-10 50 100}; do
  echo "== $users users ($(uptime | sed 's/.*load/load/'))" >&2
  # The locustfile ends the run when its window closes; --run-time only stops a run that hangs. Locust exits 1
  # when any request failed: the failures are in the table.
  LOAD_RESULT="$OUT/users-$users.json" LOAD_SERVER_PID="$SERVER" .venv/bin/locust -f bench/load/locustfile.py --headless --only-summary \
    -u "$users" -r "${LOAD_SPAWN_RATE:-10}" --host "$HOST" --run-time 20m >"$OUT/locust-$users.log" 2>&1 || true
  [ -s "$OUT/users-$users.json" ] || { echo "no result at $users users; see $OUT/locust-$users.log" >&2; exit 1; }
done

"$PYTHON" bench/load/report.py "$OUT"/users-*.json --pages | tee "$OUT/report.md"
echo "(results: $OUT)" >&2
