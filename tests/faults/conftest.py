# The progression tests' patient, program and assignment; the outage of their broker; the
# reminders tests' push receiver.
from tests.progression.conftest import assignment, cuff_program, nod  # noqa: F401
from tests.progression.test_pending import broker_down  # noqa: F401
from tests.reminders.conftest import receiver  # noqa: F401
