"""Gunicorn settings for the container; the environment can still override each one."""

import os

from gunicorn.glogging import Logger

from common.log_redaction import redact_handlers  # PYTHONPATH=/app/backend (Dockerfile)

bind = "0.0.0.0:8000"
# os.cpu_count() sees the host's CPUs, not the container's limit, so cap the default;
# WEB_CONCURRENCY (gunicorn's own convention) sets it exactly.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 4))
# Past this a sync worker is stuck, not slow; gunicorn restarts it.
timeout = 30
# The proxy in front may hold idle keep-alive connections a little longer than its own.
keepalive = 5
# Each request line on stdout. Its format is gunicorn's default, whose "%(r)s" (and the
# referer, "%(f)s") carry the path: RedactingLogger takes invite tokens out of them.
accesslog = "-"
# Recycle workers now and then so that slow leaks never add up to an out-of-memory kill.
max_requests = 1000
max_requests_jitter = 100


class RedactingLogger(Logger):
    """Gunicorn's logger with invite tokens and credentials taken out of every access and
    error line (GET /api/v1/invites/<token> is the contract's path)."""

    def setup(self, cfg):
        super().setup(cfg)  # makes the handlers anew, also on a reload (SIGHUP)
        redact_handlers(self.access_log)
        redact_handlers(self.error_log)


logger_class = RedactingLogger
