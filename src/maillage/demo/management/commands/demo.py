from typing import Any

from django.core.management.base import BaseCommand

from maillage.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from maillage.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo network and its demo accounts; existing data is kept."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo(progress=lambda step: self.stderr.write(f"demo: loading {step}…"))
        self.stdout.write(self.style.SUCCESS("Demo network loaded. Demo accounts (fictitious):"))
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
        for account in DEMO_ACCOUNTS:
            totp = f"  TOTP secret {account.totp_secret}" if account.totp_secret else ""
            self.stdout.write(f"  {account.email:<42} {account.role.label}{totp}")
        self.stdout.write(
            "  Add the TOTP secret to an authenticator app, or compute the code "
            "with: maillage totp SECRET"
        )
