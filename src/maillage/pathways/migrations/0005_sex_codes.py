"""A file's sex in the codes activity's contacts use (core.vocabulary.Sex): female -> F, and so on.

The column shrinks to one character in the next migration, apart from this data change (PostgreSQL
refuses to alter a table with pending trigger events in the same transaction)."""

from django.db import migrations

CODES = {"female": "F", "male": "M", "other": "O", "unknown": "U"}


def _recode(apps, codes):
    beneficiary = apps.get_model("pathways", "Beneficiary")
    for old, new in codes.items():
        beneficiary.objects.filter(sex=old).update(sex=new)


def forwards(apps, schema_editor):
    _recode(apps, CODES)


def backwards(apps, schema_editor):
    _recode(apps, {new: old for old, new in CODES.items()})


class Migration(migrations.Migration):
    dependencies = [("pathways", "0004_audit_subjects")]

    operations = [migrations.RunPython(forwards, backwards)]
