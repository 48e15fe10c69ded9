#!/usr/bin/env bash
# Serve Kehoach on http://127.0.0.1:8000 with a Celery worker and beat, in one terminal.
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CELERY=.venv/bin/celery

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Đang dừng máy chủ, worker và beat…"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

$CELERY -A config worker --loglevel=INFO --concurrency=2 --hostname="kehoach@%h" &
pids+=($!)
$CELERY -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule &
pids+=($!)
$PY manage.py runserver 127.0.0.1:${PORT:-8000} --noreload &
pids+=($!)

echo "Kehoach: http://127.0.0.1:${PORT:-8000}/  (Ctrl-C để dừng)"
wait -n "${pids[@]}"
