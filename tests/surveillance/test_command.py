import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import Role
from maillage.surveillance.models import DetectionRun, SurveillanceAlert, WeeklyReport
from maillage.surveillance.weeks import current_week, last_closed_week, week_label
from tests.factories import make_user
from tests.surveillance.factories import make_partner, make_signal, seed_history

pytestmark = pytest.mark.django_db


def test_the_command_runs_the_detection_for_a_week(capsys):
    make_signal("gale")
    partner = make_partner()
    seed_history(partner, {"gale": [1, 2, 1, 2, 1, 2, 1, 2, 30]}, last=current_week())
    call_command("surveillance", "run")
    call_command("surveillance", "run", "--week", week_label(last_closed_week()))
    assert DetectionRun.objects.filter(status=DetectionRun.Status.DONE).count() == 2
    assert SurveillanceAlert.objects.count() == 3
    assert "0 new alert" in capsys.readouterr().out


def test_the_command_imports_a_csv_all_or_nothing(tmp_path):
    make_signal("gale")
    partner = make_partner()
    user = make_user(role=Role.PROFESSIONAL, organisation=partner)
    good = tmp_path / "good.csv"
    good.write_text(f"organisation,week,gale\n{partner.slug},2026-W01,2\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"organisation,week,gale\n{partner.slug},2026-W02,x\n", encoding="utf-8")
    call_command("surveillance", "import", str(good), "--user", user.email)
    with pytest.raises(CommandError):
        call_command("surveillance", "import", str(bad), "--user", user.email)
    assert WeeklyReport.objects.count() == 1
