"""A patient's copy of their data (GDPR articles 15 and 20, HIPAA §164.524): a ZIP with one
JSON file per kind of record (privacy.registry) and a readable summary."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import Any
from uuid import UUID

from django.utils import timezone

from accounts.models import User
from privacy.registry import PATIENT_DATA, PatientData


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def rows_of(entry: PatientData, patient_id: int) -> list[dict[str, Any]]:
    fields = [f for f in entry.model._meta.concrete_fields if f.name not in entry.omit]
    out = []
    for row in entry.rows(patient_id):
        out.append({(f.name if not f.is_relation else f.attname): _plain(getattr(row, f.attname))
                    for f in fields})
    return out


def collect(patient: User) -> dict[str, list[dict[str, Any]]]:
    return {entry.name: rows_of(entry, patient.pk) for entry in PATIENT_DATA}


def _summary(patient: User, data: dict[str, list[dict[str, Any]]], made_at: datetime) -> str:
    titles = {entry.name: entry.title for entry in PATIENT_DATA}
    name = escape(patient.get_full_name() or patient.email)
    lines = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>HEP Tracker: the data held about {name}</title></head><body>",
        f"<h1>The data HEP Tracker holds about {name}</h1>",
        f"<p>Made on {escape(made_at.strftime('%Y-%m-%d %H:%M UTC'))}. "
        "Each kind of record is also in this archive as a JSON file, for another program.</p>",
        "<table><thead><tr><th scope=\"col\">What</th><th scope=\"col\">Records</th>"
        "<th scope=\"col\">File</th></tr></thead><tbody>",
    ]
    for key, rows in data.items():
        lines.append(f"<tr><td>{escape(titles[key])}</td><td>{len(rows)}</td>"
                     f"<td>{escape(key)}.json</td></tr>")
    lines.append("</tbody></table>")
    profile = data["profile"][0] if data["profile"] else {}
    lines.append("<h2>Your profile</h2><dl>")
    for label, key in (("Email", "email"), ("First name", "first_name"),
                       ("Last name", "last_name"), ("Time zone", "timezone"),
                       ("Account created", "date_joined")):
        lines.append(f"<dt>{label}</dt><dd>{escape(str(profile.get(key) or ''))}</dd>")
    lines.append("</dl>")
    for key in ("session_logs", "headache_logs", "measures"):
        rows = data[key]
        if not rows:
            continue
        lines.append(f"<h2>{escape(titles[key])}</h2><ul>")
        for row in rows[-200:]:
            lines.append(f"<li>{escape(_line(key, row))}</li>")
        lines.append("</ul>")
    lines.append("</body></html>")
    return "\n".join(lines)


def _line(key: str, row: dict[str, Any]) -> str:
    if key == "session_logs":
        text = f"{row['local_date']}: session"
        if row.get("pain_during") is not None:
            text += f", pain {row['pain_during']}/10"
        return text + (f". {row['notes']}" if row.get("notes") else "")
    if key == "headache_logs":
        text = f"{row['local_date']}: headache, peak pain {row['peak_pain']}/10"
        return text + (f". {row['notes']}" if row.get("notes") else "")
    return f"{row['local_date']}: {row['instrument']} score {row['score']}"


def build_zip(patient: User) -> tuple[bytes, str]:
    """The archive and its file name."""
    made_at = timezone.now()
    data = collect(patient)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, rows in data.items():
            archive.writestr(f"{key}.json", json.dumps(rows, indent=2, ensure_ascii=False))
        archive.writestr("summary.html", _summary(patient, data, made_at))
    return buffer.getvalue(), f"hep-tracker-data-{patient.pk}-{made_at:%Y%m%d}.zip"
