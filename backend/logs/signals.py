"""What the diary announces to the apps above it (they connect receivers; logs imports
none of them).

`evidence_logged(patient_id, assignment_id)`: a log that the progression engine reads was
stored or changed (a session: its assignment; a headache or a check-in: `assignment_id`
None, every active program of the patient). Sent inside the write's transaction, so a
receiver's own writes commit or roll back with the log.

`headache_logged(patient_id)`: the patient's headache days may have changed (a headache log,
a check-in answering "headache-free?"). Sent inside the write's transaction.
"""

from django.dispatch import Signal

evidence_logged = Signal()
headache_logged = Signal()
