"""Every shipped exercise sends vascular and neurological warning signs to emergency care,
never only to the therapist (shared clinical reference §6)."""

import pytest

from library.loader import programs_read

SIGNS = ("double vision", "speaking or swallowing", "numbness of the face",
         "sudden severe headache")


@pytest.mark.parametrize("slug", sorted(programs_read().exercises))
def test_the_stop_rule_says_call_the_emergency_number_now(slug):
    stop_if = " ".join(programs_read().exercises[slug].document["stop_if"].split())
    assert "call your local emergency number now" in stop_if
    emergency_part = stop_if[stop_if.index("emergency number now"):]
    assert all(sign in emergency_part for sign in SIGNS), slug


def test_the_snag_requires_screening_and_a_chosen_side():
    snag = programs_read().exercises["c1-c2-self-snag"].document
    assert snag["requires_screening"] is True and snag["required_prescription"] == ["side"]
