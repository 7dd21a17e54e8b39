"""Gunicorn settings for the container; the environment can still override each one."""

import os

bind = "0.0.0.0:8000"
# os.cpu_count() sees the host's CPUs, not the container's limit, so cap the default;
# WEB_CONCURRENCY (gunicorn's own convention) sets it exactly.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 4))
# Past this a sync worker is stuck, not slow; gunicorn restarts it.
timeout = 30
# The proxy in front may hold idle keep-alive connections a little longer than its own.
keepalive = 5
accesslog = "-"
# Recycle workers now and then so that slow leaks never add up to an out-of-memory kill.
max_requests = 1000
max_requests_jitter = 100
