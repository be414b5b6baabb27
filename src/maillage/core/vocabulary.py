"""Vocabularies that several apps store: one set of codes, whichever table holds them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """A person's sex as stated, on a pathway file and on an activity contact. F and M are the
    codes the linkage engine and the activity imports read; the field is one character."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "O", _("Other")
    UNKNOWN = "U", _("Not stated")
