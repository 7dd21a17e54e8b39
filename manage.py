#!/usr/bin/env python
"""Django's command-line utility; the project's code lives in backend/."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent / "backend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hep.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
