#!/usr/bin/env bash
# Serve Bản Số: one background-task worker, gunicorn and the demo's simulated loudspeakers
# (BANSO_DEMO_SPEAKERS=0 leaves them out); Ctrl-C stops them all.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${BANSO_WEB_WORKERS:-2}

"$BIN/python" manage.py worker --interval 1 --no-reload &
worker=$!
speakers=""
stop() {
  for pid in $speakers "$worker"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $speakers "$worker"; do wait "$pid" 2>/dev/null || true; done
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
if [ "${BANSO_DEMO_SPEAKERS:-1}" != 0 ]; then
  # The demo's loudspeakers, simulated over HTTP: they poll, download, play at the slots,
  # report and send heartbeats, so the status board and the proof of broadcast stay live.
  mkdir -p var
  "$BIN/python" manage.py speaker_sim --demo --url "http://$HOST:$PORT" --duration 31536000 \
    --ramp 30 --poll 60 --emergency-poll 30 --heartbeat 300 >var/speaker_sim.log 2>&1 &
  speakers=$!
fi
wait "$web"
