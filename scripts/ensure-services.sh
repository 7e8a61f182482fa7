#!/usr/bin/env bash
# The integration suite runs on PostgreSQL too, and the multi-process tests need Redis
# (127.0.0.1:5432 and :6379 unless LEEWAY_TEST_PG_URL / LEEWAY_TEST_REDIS_URL say otherwise).
# Start the machine's own when they are not answering and we can; otherwise say what is missing.
# The tests never skip without them: their global setup fails the run.
set -euo pipefail
if [ -z "${LEEWAY_TEST_PG_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  else
    echo "The integration tests need PostgreSQL on 127.0.0.1:5432 (trust auth, database test), or LEEWAY_TEST_PG_URL." >&2
    exit 1
  fi
fi
if [ -z "${LEEWAY_TEST_REDIS_URL:-}" ] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis…"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  else
    echo "The multi-process tests need Redis on 127.0.0.1:6379, or LEEWAY_TEST_REDIS_URL." >&2
    exit 1
  fi
fi
