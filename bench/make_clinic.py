"""Build the benchmark clinic: 1 therapist, 1,000 patients, 12 weeks of logs each.

    DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=backend:. python bench/make_clinic.py

Migrates, runs `load_programs`, then (once; `--rebuild` drops and recreates the database)
creates the clinic. Assignments go through `assignments.services.assignment_create` so
their rows are exactly what the API makes (phase changes through
`assignments.services.phase_change`); logs, users and check-ins are bulk-inserted. What is
due each day follows the schedule rules of `assignments.schedule` (phase in force, weekdays,
times a day), applied here to the history made here, and about 70% of due sessions are
logged.

Every run (also when the clinic already exists) deletes what earlier load runs posted
(session logs with the note "wrk"), makes fresh device tokens for the therapist and 50
patients, and writes them to bench/results/tokens.json and bench/results/tokens.lua.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
import zoneinfo
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
for p in (ROOT / "backend", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

CLINIC_NAME = "Bench Clinic"
PATIENTS = 1000
# The patient list is also measured for a clinic ten times that size (same generator).
LARGE_CLINIC_NAME = "Bench Clinic 10k"
LARGE_PATIENTS = 10_000
# Its patients have no programs or logs (assignment_create for 15,000 programs takes most
# of an hour on the shared machine): a page of the list reads the stored summaries only,
# whatever the history behind them, which the 1,000-patient clinic has in full.
LARGE_WEEKS = 0
WEEKS = 12
TOKEN_PATIENTS = 50
ADHERENCE = 0.70
WRK_NOTE = "wrk"  # the note the load scripts put on the session logs they post
ZONES = [
    "Europe/Oslo", "Europe/London", "America/New_York", "America/Chicago",
    "America/Los_Angeles", "America/Sao_Paulo", "America/St_Johns", "Pacific/Honolulu",
    "Pacific/Auckland", "Australia/Sydney", "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu",
    "Africa/Nairobi", "UTC",
]
MAIN_TEMPLATES = ["deep-neck-flexor-progression", "scapular-stability",
                  "neck-shoulder-stretching"]
AEROBIC = "aerobic-3x-week"
FIRST_NAMES = ["Ada", "Bo", "Cleo", "Dag", "Eli", "Frida", "Gus", "Hana", "Ivo", "June",
               "Kai", "Lea", "Mo", "Nina", "Otto", "Pia", "Quinn", "Rut", "Sami", "Tove"]
LAST_NAMES = ["Aas", "Berg", "Dahl", "Eide", "Foss", "Haug", "Lie", "Moen", "Nes", "Ruud",
              "Strand", "Vik", "Holm", "Lund", "Sand", "Hagen", "Bakke", "Moe", "Lien", "Roe"]


def _database_settings() -> dict:
    from django.conf import settings

    return settings.DATABASES["default"]


def _admin_connection():
    """A connection to the server's `postgres` database, for CREATE/DROP DATABASE."""
    import psycopg

    db = _database_settings()
    return psycopg.connect(
        dbname="postgres", user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None, port=db.get("PORT") or None, autocommit=True,
    )


def ensure_database(*, rebuild: bool) -> None:
    from psycopg import sql

    name = _database_settings()["NAME"]
    with _admin_connection() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            print(f"Dropping database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            print(f"Creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _aware(day: date, at: dtime, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def build_clinic(rng: random.Random, *, name: str = CLINIC_NAME, size: int = PATIENTS,
                 prefix: str = "", weeks: int = WEEKS) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Clinic, Role, User
    from alerts.models import Alert, AlertKind, AlertStatus
    from assignments.models import WEEKDAYS, Assignment, AssignmentItem
    from assignments.services import assignment_create, phase_change
    from library.selectors import template_current_get
    from logs.models import DailyCheckin, HeadacheLog, SessionEntry, SessionLog

    started = time.monotonic()
    now = timezone.now()
    password = make_password("bench-password-1")  # one Argon2 hash, shared: login is not timed

    with transaction.atomic():
        clinic = Clinic.objects.create(name=name)
        therapist = User.objects.create(
            email=f"therapist{prefix}@bench.example", first_name="Thea", last_name="Therapist",
            role=Role.THERAPIST, clinic=clinic, timezone="Europe/Oslo", password=password,
        )
        patients = User.objects.bulk_create([
            User(email=f"patient{prefix}{i:05d}@bench.example" if prefix
                 else f"patient{i:04d}@bench.example",
                 first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                 last_name=f"{LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]}{i:04d}",
                 role=Role.PATIENT, clinic=clinic, timezone=ZONES[i % len(ZONES)],
                 primary_therapist=therapist, password=password,
                 baseline_headache_days_28=rng.randint(4, 16) if rng.random() < 0.8 else None)
            for i in range(size)
        ])
    print(f"  users: {len(patients) + 1} ({time.monotonic() - started:.1f} s)")
    if weeks == 0:
        return

    templates = {slug: template_current_get(slug=slug, clinic_id=clinic.pk)
                 for slug in [*MAIN_TEMPLATES, AEROBIC]}
    # {patient id: [(assignment, start date, [(effective date, phase), ...])]}: the
    # schedule history made here, so the logs below follow it without reading it back.
    history: dict[int, list[tuple[Assignment, date, list[tuple[date, int]]]]] = {}
    with transaction.atomic():
        for patient in patients:
            start = now.astimezone(patient.zone).date() - timedelta(weeks=weeks)
            slugs = [MAIN_TEMPLATES[patient.pk % len(MAIN_TEMPLATES)]]
            if rng.random() < 0.5:
                slugs.append(AEROBIC)
            for slug in slugs:
                template = templates[slug]
                # The aerobic program's days are chosen with the patient (3 a week).
                days = ({"aerobic-session": {"days_of_week": ["mon", "wed", "fri"]}}
                        if slug == AEROBIC else None)
                assignment = assignment_create(patient=patient, template=template,
                                               start_date=start, created_by=therapist,
                                               **({"overrides": days} if days else {}))
                assignment.patient = patient
                assignment.template = template
                timeline = [(start, 0)]
                # Phases advance on evidence; most patients progress, some stay put.
                day = start
                for to_phase in range(1, len(template.phases)):
                    day += timedelta(days=template.phases[to_phase - 1].get("min_days") or 14)
                    if day >= start + timedelta(weeks=weeks) or rng.random() < 0.25:
                        break
                    phase_change(assignment=assignment, to_phase=to_phase,
                                 changed_by=therapist, effective_date=day,
                                 reason="Met the advance criteria.")
                    timeline.append((day, to_phase))
                history.setdefault(patient.pk, []).append((assignment, start, timeline))
    items_of: dict[int, list[dict]] = {}
    for item in AssignmentItem.objects.filter(assignment__patient__clinic=clinic).values(
            "assignment_id", "phase", "exercise_id", "sets", "reps", "hold_seconds",
            "duration_minutes", "times_per_day", "days_of_week"):
        items_of.setdefault(item["assignment_id"], []).append(item)

    def due_on(assignment_id: int, start: date, timeline, day: date) -> list[tuple[dict, int]]:
        """The schedule rules (assignments.schedule): items of the phase in force that day,
        on their weekdays, `times_per_day` times. No pauses or end dates are made here."""
        if day < start:
            return []
        phase = [p for effective, p in timeline if effective <= day][-1]
        weekday = WEEKDAYS[day.weekday()]
        return [(item, item["times_per_day"] or 1) for item in items_of[assignment_id]
                if item["phase"] == phase
                and (not item["days_of_week"] or weekday in item["days_of_week"])]
    print(f"  assignments: {Assignment.objects.filter(patient__clinic=clinic).count()} "
          f"({time.monotonic() - started:.1f} s)")

    # Logs, in batches of patients so memory stays small.
    batch = 100
    totals = {"session_logs": 0, "session_entries": 0, "headache_logs": 0,
              "daily_checkins": 0, "alerts": 0}
    for offset in range(0, len(patients), batch):
        group = patients[offset:offset + batch]
        sessions: list[SessionLog] = []
        entries: list[list[dict]] = []
        headaches: list[HeadacheLog] = []
        checkins: list[DailyCheckin] = []
        flagged: list[int] = []  # indexes into `sessions` with pain above the limit
        for patient in group:
            zone = patient.zone
            today = now.astimezone(zone).date()
            start = today - timedelta(weeks=weeks)
            keen = rng.uniform(0.45, 0.95)  # this patient's adherence; mean about 70%
            flare_day = start + timedelta(days=rng.randint(0, weeks * 7 - 1))
            for offset_days in range(weeks * 7):  # start .. yesterday
                day = start + timedelta(days=offset_days)
                for assignment, assignment_start, timeline in history[patient.pk]:
                    due = due_on(assignment.pk, assignment_start, timeline, day)
                    sessions_due = max((times for _, times in due), default=0)
                    for n in range(sessions_due):
                        if rng.random() > keen:
                            continue
                        at = _aware(day, dtime(7 + 5 * n, rng.randint(0, 59)), zone)
                        pain = rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
                        if day == flare_day and n == 0 and rng.random() < 0.3:
                            pain = 7
                            flagged.append(len(sessions))
                        sessions.append(SessionLog(
                            patient=patient, assignment=assignment,
                            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                            performed_at=at, local_date=day, pain_during=pain,
                            soreness_after=rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6]),
                        ))
                        entries.append([
                            {"exercise_id": item["exercise_id"], "sets": item["sets"],
                             "reps": item["reps"], "hold_seconds": item["hold_seconds"],
                             "duration_minutes": item["duration_minutes"],
                             "rpe": rng.randint(11, 15) if item["duration_minutes"] else None}
                            for item, times in due if times > n
                        ])
                # Headaches get rarer as the weeks go by (the program is working).
                headache = rng.random() < 0.25 - 0.12 * offset_days / (weeks * 7)
                if headache:
                    begin = _aware(day, dtime(rng.randint(8, 20), rng.randint(0, 59)), zone)
                    headaches.append(HeadacheLog(
                        patient=patient, client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        started_at=begin, ended_at=begin + timedelta(hours=rng.randint(2, 12)),
                        local_date=day, peak_pain=rng.randint(3, 9),
                        migraine=rng.random() < 0.6, medication_taken=rng.random() < 0.5,
                    ))
                if rng.random() < 0.65:
                    checkins.append(DailyCheckin(
                        patient=patient, date=day, neck_soreness=rng.randint(0, 6),
                        headache_free=not headache,
                    ))
        with transaction.atomic():
            SessionLog.objects.bulk_create(sessions, batch_size=2000)
            SessionEntry.objects.bulk_create(
                (SessionEntry(session=s, **e) for s, es in zip(sessions, entries, strict=True)
                 for e in es),
                batch_size=5000,
            )
            HeadacheLog.objects.bulk_create(headaches, batch_size=2000)
            DailyCheckin.objects.bulk_create(checkins, batch_size=2000)
            alerts = []
            for index in flagged:
                s = sessions[index]
                recent = (now.date() - s.local_date).days <= 14
                alerts.append(Alert(
                    patient=s.patient, clinic=clinic, kind=AlertKind.PAIN_ABOVE_LIMIT,
                    session_log=s,
                    status=AlertStatus.OPEN if recent else AlertStatus.RESOLVED,
                    resolved_at=None if recent else now, resolved_by=None if recent else therapist,
                    details={"pain_during": s.pain_during, "limit": 5,
                             "date": s.local_date.isoformat()},
                ))
            Alert.objects.bulk_create(alerts)
        totals["session_logs"] += len(sessions)
        totals["session_entries"] += sum(len(e) for e in entries)
        totals["headache_logs"] += len(headaches)
        totals["daily_checkins"] += len(checkins)
        totals["alerts"] += len(alerts)
        print(f"  logs: patients {offset + len(group)}/{len(patients)} "
              f"({time.monotonic() - started:.1f} s)", flush=True)

    # auto_now stamped every check-in with the build time; give each its evening instead.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {DailyCheckin._meta.db_table} SET updated_at = "  # noqa: S608
            "(date + time '20:00') AT TIME ZONE 'UTC'"
        )
        cursor.execute("ANALYZE")
    print(f"Built {name} in {time.monotonic() - started:.1f} s: "
          + ", ".join(f"{k} {v}" for k, v in totals.items()))


def refresh_summaries() -> None:
    """The patient list's summaries (monitoring.PatientSummary): the build bulk-inserts
    users and logs, which no write path sees, so every patient's row is made here."""
    from django.core.management import call_command

    started = time.monotonic()
    call_command("refresh_summaries")
    print(f"  summaries ({time.monotonic() - started:.1f} s)")


def counts() -> dict[str, int]:
    from accounts.models import Clinic, Role, User
    from alerts.models import Alert, AlertStatus
    from assignments.models import Assignment, AssignmentItem
    from logs.models import DailyCheckin, HeadacheLog, SessionEntry, SessionLog

    clinic = Clinic.objects.get(name=CLINIC_NAME)
    in_clinic = {"patient__clinic": clinic}
    return {
        "patients": User.objects.filter(clinic=clinic, role=Role.PATIENT).count(),
        "assignments": Assignment.objects.filter(**in_clinic).count(),
        "assignment_items": AssignmentItem.objects.filter(assignment__patient__clinic=clinic)
        .count(),
        "session_logs": SessionLog.objects.filter(**in_clinic).count(),
        "session_entries": SessionEntry.objects.filter(session__patient__clinic=clinic).count(),
        "headache_logs": HeadacheLog.objects.filter(**in_clinic).count(),
        "daily_checkins": DailyCheckin.objects.filter(**in_clinic).count(),
        "open_alerts": Alert.objects.filter(clinic=clinic, status=AlertStatus.OPEN).count(),
    }


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def write_tokens() -> None:
    """Fresh device tokens for the therapist and 50 patients spread over the time zones."""
    from knox.models import AuthToken

    from accounts.models import Clinic, Role, User
    from assignments.models import Assignment

    clinic = Clinic.objects.get(name=CLINIC_NAME)
    therapist = User.objects.get(clinic=clinic, role=Role.THERAPIST)
    large = Clinic.objects.filter(name=LARGE_CLINIC_NAME).first()
    large_therapist = (User.objects.get(clinic=large, role=Role.THERAPIST) if large else None)
    patients = list(User.objects.filter(clinic=clinic, role=Role.PATIENT).order_by("pk"))
    step = max(1, len(patients) // TOKEN_PATIENTS)
    chosen = patients[::step][:TOKEN_PATIENTS]
    AuthToken.objects.filter(user__in=[therapist, *chosen]).delete()

    out = {"therapist": {"id": therapist.pk, "token": AuthToken.objects.create(therapist)[1]},
           "patients": []}
    if large_therapist is not None:
        AuthToken.objects.filter(user=large_therapist).delete()
        out["therapist_10k"] = {"id": large_therapist.pk,
                                "token": AuthToken.objects.create(large_therapist)[1]}
    for patient in chosen:
        assignments = []
        for a in (Assignment.objects.filter(patient=patient, status="active")
                  .prefetch_related("items__exercise").order_by("pk")):
            slugs = [i.exercise.slug for i in a.items.all() if i.phase == a.current_phase]
            assignments.append({"id": a.pk, "exercises": slugs})
        out["patients"].append({"id": patient.pk, "timezone": patient.timezone,
                                "token": AuthToken.objects.create(patient)[1],
                                "assignments": assignments})
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tokens.json").write_text(json.dumps(out, indent=1))

    lines = ["-- Generated by bench/make_clinic.py; device tokens for the load scripts.",
             f"therapist_token = {_lua_string(out['therapist']['token'])}",
             "therapist_10k_token = "
             + _lua_string(out.get("therapist_10k", out["therapist"])["token"]),
             "patients = {"]
    for p in out["patients"]:
        assignments = ", ".join(
            "{id = " + str(a["id"]) + ", exercises = {"
            + ", ".join(_lua_string(slug) for slug in a["exercises"]) + "}}"
            for a in p["assignments"]
        )
        lines.append(f"  {{token = {_lua_string(p['token'])}, assignments = {{{assignments}}}}},")
    lines.append("}")
    (RESULTS / "tokens.lua").write_text("\n".join(lines) + "\n")
    print(f"Tokens: therapist + {len(chosen)} patients -> {RESULTS / 'tokens.json'}")


def remove_load_logs() -> None:
    """Session logs posted by earlier load runs would make later runs' `today` heavier."""
    from alerts.models import Alert
    from logs.models import SessionLog

    posted = SessionLog.objects.filter(notes=WRK_NOTE)
    sessions = posted.count()
    Alert.objects.filter(session_log__in=posted).delete()
    deleted, _ = posted.delete()
    if deleted:
        print(f"Removed {sessions} session logs ({deleted} rows with their entries) "
              "posted by load runs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true",
                        help="drop and recreate the database first")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--no-large", action="store_true",
                        help=f"skip the {LARGE_PATIENTS:,}-patient clinic")
    parser.add_argument("--clean-only", action="store_true",
                        help="only remove the session logs load runs posted")
    args = parser.parse_args(argv)

    import django

    django.setup()
    if args.clean_only:
        remove_load_logs()
        return 0
    from django.core.management import call_command

    from accounts.models import Clinic, User

    ensure_database(rebuild=args.rebuild)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_programs")
    if Clinic.objects.filter(name=CLINIC_NAME).exists():
        print(f"{CLINIC_NAME} already built (use --rebuild to start again)")
    else:
        build_clinic(random.Random(args.seed))
    if not args.no_large:
        large = Clinic.objects.filter(name=LARGE_CLINIC_NAME).first()
        if large is not None and User.objects.filter(clinic=large).count() <= LARGE_PATIENTS:
            # Interrupted while building: start it again.
            User.objects.filter(clinic=large).delete()
            large.delete()
            large = None
        if large is not None:
            print(f"{LARGE_CLINIC_NAME} already built")
        else:
            build_clinic(random.Random(args.seed + 1), name=LARGE_CLINIC_NAME,
                         size=LARGE_PATIENTS, prefix="10k-", weeks=LARGE_WEEKS)
    remove_load_logs()
    refresh_summaries()
    print("Counts: " + ", ".join(f"{k} {v}" for k, v in counts().items()))
    write_tokens()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
