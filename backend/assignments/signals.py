"""What a change to an assignment announces to the apps above (assignments imports none).

`program_changed(assignment)`: a therapist changed the dose, the status, the phase or the
thresholds. Sent inside the change's transaction; receivers act before the change is
answered (the progression shown with the assignment must not be the old one).
"""

from django.dispatch import Signal

program_changed = Signal()
