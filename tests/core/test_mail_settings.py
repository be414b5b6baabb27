import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_it_sends_mail_through_the_default_mailer_that_tests_read() -> None:
    mail.send_mail("Objet", "Corps", None, ["coordination@example.org"])
    assert [message.to for message in mail.outbox] == [["coordination@example.org"]]
    assert mail.outbox[0].from_email.endswith("<noreply@maillage.invalid>")
