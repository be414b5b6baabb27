from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = "Print the current TOTP code for a base32 secret (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("secret")

    def handle(self, *args: Any, secret: str, **options: Any) -> None:
        counter = int(timezone.now().timestamp()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))
