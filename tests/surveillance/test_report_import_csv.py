import pytest

from maillage.core.models import Role
from maillage.surveillance.models import WeeklyCount, WeeklyReport, WeeklyReportRevision
from maillage.surveillance.services import reports_import_csv
from maillage.surveillance.weeks import last_closed_week, week_label
from tests.factories import make_organisation, make_user
from tests.surveillance.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    make_signal("gale")
    make_signal("grippe")
    partner = make_partner()
    staff = make_user(role=Role.PROFESSIONAL, organisation=partner)
    return partner, staff


def _csv(*rows: str) -> str:
    return "\n".join(["organisation,week,gale,grippe", *rows]) + "\n"


def test_it_imports_every_row_of_a_good_file(setup):
    partner, staff = setup
    week = week_label(last_closed_week())
    result = reports_import_csv(
        actor=staff, text=_csv(f"{partner.slug},{week},2,", f"{partner.slug},2025-W10,0,7")
    )
    assert result.ok and result.imported == 2
    assert WeeklyReport.objects.count() == 2
    assert set(WeeklyReportRevision.objects.values_list("source", flat=True)) == {"csv"}
    assert sorted(WeeklyCount.objects.values_list("count", flat=True)) == [0, 2, 7]


def test_it_imports_nothing_and_names_every_bad_row(setup):
    partner, staff = setup
    other = make_organisation()
    week = week_label(last_closed_week())
    text = _csv(
        f"{partner.slug},{week},2,3",
        f"nowhere,{week},1,1",
        f"{partner.slug},week 12,1,1",
        f"{partner.slug},2025-W11,-4,1",
        f"{other.slug},2025-W11,1,1",
        f"{partner.slug},{week},5,5",
        f"{partner.slug},2099-W01,1,1",
    )
    result = reports_import_csv(actor=staff, text=text)
    assert not result.ok
    assert [e.line for e in result.errors] == [3, 4, 5, 6, 7, 8]
    assert "unknown organisation" in result.errors[0].message
    assert "twice" in result.errors[4].message
    assert not WeeklyReport.objects.exists()


def test_it_refuses_a_file_with_unknown_columns(setup):
    _, staff = setup
    result = reports_import_csv(actor=staff, text="organisation,week,cholera\n")
    assert [(e.line, e.message) for e in result.errors] == [(1, "unknown signal column: cholera")]


def test_a_correction_by_csv_becomes_a_new_revision(setup):
    partner, staff = setup
    week = week_label(last_closed_week())
    reports_import_csv(actor=staff, text=_csv(f"{partner.slug},{week},2,3"))
    reports_import_csv(actor=staff, text=_csv(f"{partner.slug},{week},4,3"))
    report = WeeklyReport.objects.get()
    assert report.revision_count == 2
    assert report.counts.get(signal__code="gale").count == 4
