#!/usr/bin/env bash
# Serve Kehoach with its Celery workers and beat, in one terminal; Ctrl-C stops them all.
#
#   scripts/serve.sh          development: runserver on http://127.0.0.1:$PORT (8000), one worker on every queue
#   scripts/serve.sh --prod   production: gunicorn (deploy/gunicorn.conf.py), one worker on `default,fanout`,
#                             one on `pdf`, beat; against DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis).
#                             Needs SECRET_KEY; runs migrate and collectstatic first. deploy/*.service do the same
#                             under systemd.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CELERY=.venv/bin/celery
MODE=dev
[[ "${1:-}" == "--prod" ]] && MODE=prod

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Đang dừng máy chủ, worker và beat…"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}

if [[ $MODE == dev ]]; then
  trap cleanup INT TERM EXIT
  $CELERY -A config worker --loglevel=INFO --concurrency=2 -Q default,fanout,pdf --hostname="kehoach@%h" &
  pids+=($!)
  $CELERY -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule &
  pids+=($!)
  $PY manage.py runserver 127.0.0.1:${PORT:-8000} --noreload &
  pids+=($!)
  echo "Kehoach: http://127.0.0.1:${PORT:-8000}/  (Ctrl-C để dừng)"
  wait -n "${pids[@]}"
  exit
fi

# --- production ---------------------------------------------------------------
export DEBUG=0
missing=()
[[ "${DATABASE_URL:-}" == postgres* ]] || missing+=("DATABASE_URL=postgres://…")
[[ "${CELERY_BROKER_URL:-}" == redis* ]] || missing+=("CELERY_BROKER_URL=redis://…")
[[ -n "${SECRET_KEY:-}" ]] || missing+=("SECRET_KEY=…")
if (( ${#missing[@]} )); then
  echo "Chế độ production cần: ${missing[*]} (xem README, mục Production; deploy/kehoach.env.example)." >&2
  exit 2
fi
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0

trap cleanup INT TERM EXIT
.venv/bin/gunicorn -c deploy/gunicorn.conf.py &
pids+=($!)
$CELERY -A config worker --loglevel=INFO -Q default,fanout --concurrency="${KEHOACH_WORKER_CONCURRENCY:-2}" \
  --hostname="default@%h" &
pids+=($!)
# LibreOffice renders one document at a time per process: the pdf queue gets its own, smaller worker.
$CELERY -A config worker --loglevel=INFO -Q pdf --concurrency="${KEHOACH_PDF_CONCURRENCY:-1}" --hostname="pdf@%h" &
pids+=($!)
$CELERY -A config beat --loglevel=INFO &
pids+=($!)
echo "Kehoach (production): gunicorn on ${GUNICORN_BIND:-127.0.0.1:${PORT:-8000}}, workers default,fanout + pdf, beat  (Ctrl-C để dừng)"
wait -n "${pids[@]}"
