import datetime as dt

from maillage.programmes.models import Action, ActionStatus


def test_action_late_when_past_planned_end_and_not_done() -> None:
    today = dt.date(2020, 6, 1)
    action = Action(planned_end=dt.date(2020, 1, 1), status=ActionStatus.IN_PROGRESS)
    assert action.is_late(today)
    action.status = ActionStatus.DONE
    assert not action.is_late(today)
    action.status = ActionStatus.ABANDONED
    assert not action.is_late(today)
    assert not Action(planned_end=dt.date(2021, 1, 1)).is_late(today)
    assert not Action(planned_end=None).is_late(today)
