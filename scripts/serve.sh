#!/usr/bin/env bash
# Serve Bản Số: one background-task worker and gunicorn; Ctrl-C stops both.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${BANSO_WEB_WORKERS:-2}

"$BIN/python" manage.py worker --interval 1 --no-reload &
worker=$!
stop() {
  kill -TERM "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop EXIT INT TERM

cat <<TXT

  Bản Số is running at http://$HOST:$PORT/
  Administration: http://$HOST:$PORT/admin/   API docs: http://$HOST:$PORT/api/docs
  Sign in with a demo phone number above and the password printed with it.
  Press Ctrl-C to stop.

TXT
"$BIN/gunicorn" banso.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
  --access-logfile - --graceful-timeout 5 &
web=$!
wait "$web"
