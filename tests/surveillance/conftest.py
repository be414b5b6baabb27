import pytest

from maillage.core.models import Role
from maillage.surveillance.services import detection_run_request, report_submit
from maillage.surveillance.weeks import last_closed_week
from tests.factories import make_user
from tests.surveillance.factories import make_partner, make_signal, seed_history


@pytest.fixture
def raised():
    """A partner's scabies burst, judged: alerts exist for its quartier, commune and network."""
    signal = make_signal("gale", name="Gale")
    partner = make_partner()
    seed_history(partner, {"gale": [2, 1, 2, 3, 2, 2, 1, 2, 2, 2]})
    staff = make_user(role=Role.PROFESSIONAL, organisation=partner)
    report_submit(
        actor=staff, organisation=partner, week_start=last_closed_week(), counts={"gale": 20}
    )
    coordinator = make_user(role=Role.COORDINATOR)
    detection_run_request(actor=coordinator)
    return {"signal": signal, "partner": partner, "staff": staff, "coordinator": coordinator}
