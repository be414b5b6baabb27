"""Name the person each existing audit event concerns, where its object leads to a file."""

from django.db import migrations

# Objects that lead to a file: model name -> path from the object to its file's id.
PATHS = {
    "beneficiary": "id",
    "need": "beneficiary_id",
    "note": "beneficiary_id",
    "informationnotice": "beneficiary_id",
    "consent": "beneficiary_id",
    "careteammember": "beneficiary_id",
    "pathway": "beneficiary_id",
    "pathwaystep": "pathway__beneficiary_id",
    "referral": "beneficiary_id",
    "referralattachment": "referral__beneficiary_id",
    "hospitalstay": "beneficiary_id",
    "alert": "beneficiary_id",
}


def name_subjects(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    file_type, _ = ContentType.objects.get_or_create(app_label="pathways", model="beneficiary")
    for model_name, path in PATHS.items():
        model = apps.get_model("pathways", model_name)
        events = AuditEvent.objects.filter(
            object_type=f"pathways.{model_name}", subject_id="", object_id__gt=""
        )
        ids = set(events.values_list("object_id", flat=True))
        objects = model.objects.filter(pk__in=[i for i in ids if _is_key(model, i)])
        file_of = dict(objects.values_list("pk", path))
        for object_id, file_id in file_of.items():
            events.filter(object_id=str(object_id)).update(
                subject_type=file_type, subject_id=str(file_id)
            )


def _is_key(model, value: str) -> bool:
    try:
        model._meta.pk.to_python(value)
    except Exception:  # a malformed id in the trail is left without a subject
        return False
    return True


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0003_worklist_indexes"),
        ("core", "0004_audit_subject"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(name_subjects, migrations.RunPython.noop)]
