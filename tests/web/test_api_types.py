"""The PWA's API types (frontend/src/lib/api/schema.d.ts) are the schema's: a change to the
API without `npm run api-types` fails here. The check regenerates into a temporary folder
and compares; it never rewrites the committed file."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
COMMITTED = FRONTEND / "src" / "lib" / "api" / "schema.d.ts"


def _node_or_skip() -> str:
    node = shutil.which("node")
    missing = (None if node and (FRONTEND / "node_modules" / "openapi-typescript").is_dir()
               else "node and frontend/node_modules (cd frontend && npm install)")
    if missing:
        # `make test` installs both (REQUIRE_E2E=1): there a missing tool is a failure.
        if os.environ.get("REQUIRE_E2E") == "1":
            pytest.fail(f"REQUIRE_E2E=1 but the API types check needs {missing}", pytrace=False)
        pytest.skip(f"needs {missing}")
    assert node
    return node


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_committed_api_types_match_the_schema(tmp_path):
    node = _node_or_skip()
    before = _digest(COMMITTED)
    result = subprocess.run(
        [node, "scripts/api-types.mjs", "--out", str(tmp_path)],
        cwd=FRONTEND, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    fresh = (tmp_path / "schema.d.ts").read_text()
    assert '"/api/v1/alerts/{alert_id}/resolve"' in fresh  # the real schema, not an empty one
    assert _digest(COMMITTED) == before, "the check rewrote the committed file"
    assert fresh == COMMITTED.read_text(), (
        "frontend/src/lib/api/schema.d.ts is stale: run `make api-types` and commit it")
