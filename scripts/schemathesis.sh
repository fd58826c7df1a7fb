#!/usr/bin/env bash
# Fuzz the API against its own schema (CI step; also runnable by hand: `bash scripts/schemathesis.sh`).
#
# A fresh SQLite database under var/fuzz/ with the small demo data set, gunicorn on a free local port
# with DEBUG off, then schemathesis over every operation of /api/schema/ twice: as a committee staff
# user (staff_linshu) and as a member (member_zhang), with HTTP Basic. It fails on any server error
# and on any response that the schema does not describe (status code, content type, body). Writes by
# the fuzzer land in the throw-away database; the server is stopped at the end whatever happens.
#
# The server runs with scripts/fuzz_settings.py: the real settings with a fast password hasher (every
# request authenticates with Basic) and a django-axes limit high enough that the fuzzer's mangled
# credentials do not lock the two accounts; that file says why.
#
# Environment: FUZZ_EXAMPLES (random cases per operation, default 5; the member gets 3×), FUZZ_SEED (default 1,
# so a CI failure can be replayed), FUZZ_PORT (default: a free port).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
EXAMPLES=${FUZZ_EXAMPLES:-5}
SEED=${FUZZ_SEED:-1}
FUZZ_VAR=$PWD/var/fuzz

rm -rf "$FUZZ_VAR"
mkdir -p "$FUZZ_VAR/broker/queue" "$FUZZ_VAR/broker/processed" "$FUZZ_VAR/broker/control" "$FUZZ_VAR/media"

export PORTAL_VAR_DIR=$FUZZ_VAR
export DATABASE_URL="sqlite:///$FUZZ_VAR/fuzz.sqlite3"
export CELERY_BROKER_URL=filesystem://
export DJANGO_SETTINGS_MODULE=scripts.fuzz_settings
export PYTHONHASHSEED=0

PORT=${FUZZ_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE=http://127.0.0.1:$PORT

echo "fuzz: database and demo data in $FUZZ_VAR"
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py seed_demo --scale small >/dev/null

"$BIN/gunicorn" portal.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 2 \
  --timeout 60 --log-level warning >"$FUZZ_VAR/server.log" 2>&1 &
server=$!
stop() { kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; }
trap stop EXIT

# Up when it serves the schema (/healthz would say 503: no Celery beat runs here).
SCHEMA="$BASE/api/schema/?format=json"
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$SCHEMA" 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null "$SCHEMA" || { echo "the fuzz server did not come up"; cat "$FUZZ_VAR/server.log"; exit 1; }

# The staff account may write almost everywhere: it gets the coverage phase too (every boundary and
# wrong-type value of every parameter and field, deterministic; most of the run's time). The member
# reads and files proposals: random cases only, more of them.
fuzz() {  # fuzz <account> <phases> <examples>
  echo "==> schemathesis as $1 ($2)"
  "$BIN/schemathesis" run "$SCHEMA" \
    --auth "$1:Demo-2026!" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases "$2" --max-examples "$3" --seed "$SEED" --workers 2 \
    --generation-database none --suppress-health-check all --no-color \
    --report junit --report-dir "$FUZZ_VAR/report-$1"
}
status=0
fuzz staff_linshu coverage,fuzzing,stateful "$EXAMPLES" || status=1
fuzz member_zhang fuzzing,stateful "$((EXAMPLES * 3))" || status=1
if [ "$status" != 0 ]; then
  echo "schemathesis found failures; the server's errors:"
  grep -v -e "^Bad Request" -e "^Not Found" -e "^Forbidden" -e "^Unauthorized" -e "^Method Not Allowed" \
    -e "^Unsupported Media Type" -e "^Too Many Requests" "$FUZZ_VAR/server.log" | tail -n 200
fi
exit "$status"
