"""Container health check for the web service: GET /healthz on the local gunicorn.

The slim image has no curl. The Host header must be one Django accepts, or the answer is
400 DisallowedHost, so it is taken from ALLOWED_HOSTS rather than "localhost".
"""

import os
import sys
import urllib.request


def probe_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")  # ".example.org" allows example.org itself
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    request = urllib.request.Request(
        "http://127.0.0.1:8000/healthz", headers={"Host": probe_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:  # URLError, HTTPError and timeouts are all OSErrors
        print(f"healthz: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
