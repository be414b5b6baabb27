"""The directory's controlled vocabulary: data·inclusion's enumerations, extended for health.

data·inclusion (`data-inclusion-schema`) is the source of truth for categories, themes, service
types and publics. Our seeds need finer health themes; they live under the `sante--` namespace
and each maps to the nearest data·inclusion theme for exports.
"""

from __future__ import annotations

from collections.abc import Mapping

from data_inclusion.schema import v1
from django.utils.translation import gettext_lazy as _

DI_ACCESS_TO_RIGHTS = (
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
)

# value, French label, data·inclusion theme used on export
HEALTH_THEMES: list[tuple[str, str, str]] = [
    ("sante--bilan-de-sante", "Bilan de santé", "sante--acces-aux-soins"),
    (
        "sante--depistage-cancer-sein",
        "Dépistage organisé du cancer du sein",
        "sante--acces-aux-soins",
    ),
    (
        "sante--depistage-cancer-colon",
        "Dépistage organisé du cancer du côlon",
        "sante--acces-aux-soins",
    ),
    (
        "sante--depistage-cancer-col-uterus",
        "Dépistage organisé du cancer du col de l'utérus",
        "sante--acces-aux-soins",
    ),
    ("sante--vaccination", "Vaccination", "sante--acces-aux-soins"),
    ("sante--sante-bucco-dentaire", "Santé bucco-dentaire", "sante--acces-aux-soins"),
    ("sante--nutrition", "Nutrition et équilibre alimentaire", "sante--acces-aux-soins"),
    ("sante--contraception", "Contraception", "sante--sante-sexuelle"),
    ("sante--prevention-alcool", "Prévention des risques liés à l'alcool", "sante--addictions"),
    ("sante--prevention-tabac", "Prévention du tabagisme", "sante--addictions"),
    ("sante--reduction-des-risques", "Réduction des risques", "sante--addictions"),
    (
        "sante--echange-de-seringues",
        "Échange et récupération de seringues",
        "sante--addictions",
    ),
    (
        "sante--environnement-interieur-asthme",
        "Environnement intérieur, asthme et allergies",
        "sante--acces-aux-soins",
    ),
    ("sante--droits-puma", "Protection universelle maladie (PUMa)", DI_ACCESS_TO_RIGHTS),
    (
        "sante--droits-complementaire-sante-solidaire",
        "Complémentaire santé solidaire (C2S)",
        DI_ACCESS_TO_RIGHTS,
    ),
    ("sante--droits-ame", "Aide médicale de l'État (AME)", DI_ACCESS_TO_RIGHTS),
]

THEMES: dict[str, str] = {t.value: t.label for t in v1.Thematique} | {
    value: label for value, label, _di in HEALTH_THEMES
}
THEME_TO_DI: dict[str, str] = {t.value: t.value for t in v1.Thematique} | {
    value: di for value, _label, di in HEALTH_THEMES
}
CATEGORIES: dict[str, str] = {c.value: c.label for c in v1.Categorie}
SERVICE_TYPES: dict[str, str] = {t.value: t.label for t in v1.TypeService}
PUBLICS: dict[str, str] = {p.value: p.label for p in v1.Public}


def theme_category(theme: str) -> str:
    return theme.split("--", 1)[0]


def themes_in_category(category: str) -> list[str]:
    return [value for value in THEMES if theme_category(value) == category]


CONDITIONS: dict[str, object] = {
    "free": _("Free of charge"),
    "without-appointment": _("Without appointment"),
    "without-health-cover": _("Without health cover"),
    "anonymous": _("Anonymous"),
}

MODES: dict[str, object] = {
    "on-site": _("On site"),
    "phone": _("By phone"),
    "home-visit": _("Home visit"),
    "remote": _("Remote"),
}
# data·inclusion's modes d'accueil: everything but "on site" is "à distance".
MODE_TO_DI = {"on-site": "en-presentiel", "phone": "a-distance", "home-visit": "a-distance"}
MODE_TO_DI["remote"] = "a-distance"

# ISO 639-1 codes of the languages most asked for in the network; labels in French.
LANGUAGES: dict[str, str] = {
    "fr": "Français",
    "en": "Anglais",
    "ar": "Arabe",
    "ro": "Roumain",
    "es": "Espagnol",
    "pt": "Portugais",
    "it": "Italien",
    "de": "Allemand",
    "nl": "Néerlandais",
    "ru": "Russe",
    "uk": "Ukrainien",
    "tr": "Turc",
    "fa": "Persan (dari, farsi)",
    "ps": "Pachto",
    "ku": "Kurde",
    "ti": "Tigrigna",
    "so": "Somali",
    "bm": "Bambara",
    "wo": "Wolof",
    "sq": "Albanais",
    "ka": "Géorgien",
    "hy": "Arménien",
    "zh": "Chinois",
    "vi": "Vietnamien",
    "lsf": "Langue des signes française",
}


def choices(vocabulary: Mapping[str, object]) -> list[tuple[str, object]]:
    return list(vocabulary.items())
