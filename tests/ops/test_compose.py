"""docker-compose.yml, the Dockerfile and .env.example, checked without a Docker engine.

The YAML checks always run; `docker compose config` runs too where a compose CLI is
installed (it needs no engine).
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES: dict[str, dict] = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")

APP_SERVICES = ("web", "worker", "beat")
# Services that others wait on or that take traffic: each must say when it is healthy.
MUST_HAVE_HEALTHCHECK = {"db", "redis", "web"}
# The Dockerfile's WORKDIR, where it copies the repository's files.
IMAGE_APP_DIR = "/app/"


def as_list(command: str | list[str] | None) -> list[str]:
    if command is None:
        return []
    return command.split() if isinstance(command, str) else list(command)


def depends_on(service: dict) -> dict[str, dict]:
    value = service.get("depends_on", {})
    if isinstance(value, list):  # the short form means "started", not "healthy"
        return {name: {"condition": "service_started"} for name in value}
    return value


def has_healthcheck(service: dict) -> bool:
    check = service.get("healthcheck")
    return bool(check) and not check.get("disable", False) and bool(check.get("test"))


def documented_variables() -> set[str]:
    # An optional variable is documented by its commented-out default ("# NAME=value").
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE, re.MULTILINE))


def variables_read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "backend").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r"\benv_(?:str|bool|int|list)\(\s*[\"']([A-Z0-9_]+)[\"']", text))
    return names


def dockerfile_exec_form(instruction: str) -> list[str]:
    matches = re.findall(rf"^{instruction}\s+(\[.*\])\s*$", DOCKERFILE, re.MULTILINE)
    assert matches, f"the Dockerfile has no exec-form {instruction}"
    return json.loads(matches[-1])  # the last one is what the final stage runs


def repository_file(arg: str) -> Path | None:
    """The repository file an argument names inside the image, if it names one."""
    if arg.startswith(IMAGE_APP_DIR):
        return ROOT / arg.removeprefix(IMAGE_APP_DIR)
    if re.fullmatch(r"[\w./-]+\.(?:py|sh)", arg):  # relative to the WORKDIR, /app
        return ROOT / arg
    return None


def test_the_five_services_exist():
    assert {"db", "redis", "web", "worker", "beat"} <= set(SERVICES)


def test_web_worker_and_beat_run_one_image_built_from_the_dockerfile():
    images = set()
    for name in APP_SERVICES:
        build = SERVICES[name].get("build")
        assert build, f"{name} is not built from this repository"
        if isinstance(build, str):
            build = {"context": build}
        context = ROOT / build.get("context", ".")
        assert (context / build.get("dockerfile", "Dockerfile")).resolve() == ROOT / "Dockerfile"
        images.add(SERVICES[name].get("image"))
    assert len(images) == 1 and None not in images, f"one shared image name, not {images}"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_depends_on_waits_for_health_where_the_target_reports_it(name):
    for target, spec in depends_on(SERVICES[name]).items():
        assert target in SERVICES, f"{name} depends on unknown service {target}"
        if has_healthcheck(SERVICES[target]):
            assert spec.get("condition") == "service_healthy", (
                f"{name} starts before {target} is healthy"
            )


def test_services_that_take_traffic_or_are_waited_on_have_healthchecks():
    waited_on = {t for s in SERVICES.values() for t in depends_on(s)}
    with_ports = {name for name, s in SERVICES.items() if s.get("ports")}
    for name in MUST_HAVE_HEALTHCHECK | waited_on | with_ports:
        assert has_healthcheck(SERVICES[name]), f"{name} has no healthcheck"


def test_variables_used_in_the_compose_file_are_documented():
    # "$$" escapes a "$" for the container's shell; those are not compose variables.
    used = set(re.findall(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)", COMPOSE_TEXT))
    assert used, "expected ${...} variables (POSTGRES_PASSWORD at least)"
    assert used <= documented_variables(), f"undocumented: {sorted(used - documented_variables())}"


def test_every_variable_the_settings_read_is_documented():
    read = variables_read_by_settings()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= read
    missing = read - documented_variables()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_app_services_read_dot_env_and_use_the_stack_database_and_broker():
    for name in APP_SERVICES:
        service = SERVICES[name]
        env_files = service.get("env_file")
        assert ".env" in (env_files if isinstance(env_files, list) else [env_files])
        environment = service.get("environment", {})
        # Stand-ins for ${...}: their "?" and ":" would otherwise split the URL.
        db_url = re.sub(r"\$\{[^}]*\}", "x", environment["DATABASE_URL"])
        redis_url = re.sub(r"\$\{[^}]*\}", "x", environment["REDIS_URL"])
        db_host, redis_host = urlsplit(db_url).hostname, urlsplit(redis_url).hostname
        assert db_host == "db" and redis_host == "redis", (name, db_host, redis_host)


def test_web_serves_hep_wsgi_with_gunicorn_after_migrating():
    web = SERVICES["web"]
    command = as_list(web.get("command"))
    assert command[0] == "gunicorn" and "hep.wsgi:application" in command
    entrypoint = as_list(web.get("entrypoint"))
    script = repository_file(entrypoint[0]).read_text(encoding="utf-8")
    # set -e: a failed migration must stop the start, not serve a stale schema.
    positions = [script.index(s) for s in
                 ("set -eu", "manage.py migrate --noinput", "manage.py load_programs",
                  'exec "$@"')]
    assert positions == sorted(positions)


def test_worker_and_beat_run_celery_for_the_hep_app():
    assert as_list(SERVICES["worker"]["command"])[:4] == ["celery", "-A", "hep", "worker"]
    assert as_list(SERVICES["beat"]["command"])[:4] == ["celery", "-A", "hep", "beat"]


def test_files_the_image_runs_exist_and_scripts_are_executable():
    referenced = dockerfile_exec_form("CMD")
    for service in SERVICES.values():
        referenced += as_list(service.get("entrypoint")) + as_list(service.get("command"))
        referenced += as_list((service.get("healthcheck") or {}).get("test"))
    files = [path for arg in referenced if (path := repository_file(arg))]
    assert files, "expected the entrypoint, gunicorn config and healthcheck scripts"
    for path in files:
        assert path.is_file(), f"{path.relative_to(ROOT)} is referenced but missing"
        if path.suffix == ".sh":
            assert os.access(path, os.X_OK), f"{path.relative_to(ROOT)} is not executable"
    for copied in re.findall(r"^COPY\s+(?!--from)(?:--\S+\s+)*(.+?)\s+\S+$", DOCKERFILE,
                             re.MULTILINE):
        for source in copied.split():
            assert (ROOT / source).exists(), f"the Dockerfile copies missing {source}"


def test_image_runs_production_settings_as_a_non_root_user():
    final_stage = DOCKERFILE.rsplit("\nFROM ", 1)[-1]
    assert final_stage.startswith("python:3.11-slim")
    users = re.findall(r"^USER\s+(\S+)", final_stage, re.MULTILINE)
    assert users and users[-1] not in ("root", "0"), users
    assert "DJANGO_SETTINGS_MODULE=hep.settings.prod" in final_stage
    assert "uv sync --locked --no-dev" in DOCKERFILE


def test_gunicorn_config_binds_the_published_port_and_honours_web_concurrency(monkeypatch):
    config = ROOT / "docker" / "gunicorn.conf.py"
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    default = runpy.run_path(str(config))
    assert default["bind"] == "0.0.0.0:8000"
    assert any(p.endswith(":8000") for p in SERVICES["web"]["ports"])
    assert 1 <= default["workers"] <= 4
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(str(config))["workers"] == 7


def _compose_cli() -> list[str] | None:
    """`docker compose` (v2 plugin), else the standalone `docker-compose`, if either runs."""
    for cli in (["docker", "compose"], ["docker-compose"]):
        if not shutil.which(cli[0]):
            continue
        probe = subprocess.run([*cli, "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return cli
    return None


def test_docker_compose_config_accepts_the_file(tmp_path):
    cli = _compose_cli()
    if cli is None:
        pytest.skip("neither the docker compose plugin nor docker-compose is installed")
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    # Fill in the required values the example leaves empty on purpose.
    env = re.sub(r"^(SECRET_KEY|POSTGRES_PASSWORD)=$", r"\1=placeholder", ENV_EXAMPLE,
                 flags=re.MULTILINE)
    (tmp_path / ".env").write_text(env, encoding="utf-8")
    result = subprocess.run([*cli, "config", "-q"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_image_carries_the_built_pwa_where_django_serves_it():
    """Without it, / answers 503 ("run make run") in production."""
    from django.conf import settings

    served_from = settings.WHITENOISE_ROOT.relative_to(ROOT).as_posix()
    assert "npm run build" in DOCKERFILE
    assert re.search(rf"COPY --from=\w+ \S+/dist {served_from}/?\n", DOCKERFILE), served_from


def test_the_worker_is_health_checked_and_started_again_if_it_exits():
    worker = SERVICES["worker"]
    assert has_healthcheck(worker), "a hung worker must show as unhealthy"
    assert "inspect ping" in " ".join(as_list(worker["healthcheck"]["test"]))
    assert worker.get("restart") in {"always", "unless-stopped", "on-failure"}
