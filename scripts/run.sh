#!/usr/bin/env bash
# `make run`: the whole portal on one machine — web server, Celery worker and beat — on SQLite and
# Celery's filesystem broker (everything under var/). Demo data is loaded on the first run only.
# Ctrl-C (SIGINT) or SIGTERM stops all of it.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
VAR=${PORTAL_VAR_DIR:-var}
WEB_WORKERS=${WEB_WORKERS:-2}

BROKER=${CELERY_BROKER_DIR:-$VAR/broker}
mkdir -p "$BROKER/queue" "$BROKER/processed" "$BROKER/control" "$VAR/media"

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py seed_demo --scale small --if-empty

# Each child gets its own process group (job control), so stopping kills whole groups:
# gunicorn's workers, Celery's pool and its embedded beat included.
set -m
pids=()
stopping=0

stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  echo
  echo "正在停止（web、worker、beat）…"
  # TERM to each leader (gunicorn and Celery stop their own children), KILL what is left after 15 s.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 60); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.25
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  echo "已停止。"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

"$BIN/gunicorn" portal.wsgi:application \
  --bind "$HOST:$PORT" --workers "$WEB_WORKERS" --threads 4 \
  --access-logfile - --error-logfile - --log-level warning &
pids+=($!)

# One worker with the embedded beat (-B): right for one machine only; production runs beat alone.
"$BIN/celery" -A portal worker -B --loglevel INFO --concurrency 2 &
pids+=($!)

cat <<EOF

  政协协商履职平台已启动：http://$HOST:$PORT/
  管理后台：http://$HOST:$PORT/admin/    接口文档：http://$HOST:$PORT/api/docs/    健康检查：http://$HOST:$PORT/healthz

  演示账号（密码 Demo-2026!，首次运行时生成）：
    admin          超级管理员
    staff_chuzhou  滁州市政协机关工作人员      staff_linshu   临沭县政协机关工作人员
    office_linshu  临沭县政协办公室（只读）    leader_linshu  临沭县政协主席会议成员
    unit_jiaoyu    临沭县教育局联络员          member_zhang   临沭县政协委员
    member_li      滁州市政协常委

  按 Ctrl-C 停止全部进程。
EOF

# Wait until one of them exits (or a signal arrives); then stop the other too.
set +e
wait -n "${pids[@]}"
status=$?
set -e
echo "有进程已退出（状态 $status），正在停止其余进程。"
exit "$status"
