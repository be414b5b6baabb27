import pytest

from maillage.directory.selectors import SearchParams, services_search
from tests.directory.factories import make_service

pytestmark = pytest.mark.django_db


def names(**params):
    page = services_search(actor=None, params=SearchParams(**params))
    return [hit.service.name for hit in page.hits]


def test_it_ignores_accents_and_stems_french_words():
    make_service("Dépistage organisé du cancer du sein")
    make_service("Atelier cuisine")
    assert names(q="depistage") == ["Dépistage organisé du cancer du sein"]
    assert names(q="DÉPISTAGES organisés") == ["Dépistage organisé du cancer du sein"]


def test_it_requires_every_word():
    make_service("Dépistage du cancer du côlon")
    make_service("Dépistage de la tuberculose")
    assert names(q="dépistage colon") == ["Dépistage du cancer du côlon"]


def test_it_matches_the_last_word_as_a_prefix():
    make_service("Vaccination gratuite")
    assert names(q="vacc") == ["Vaccination gratuite"]


def test_it_finds_words_of_the_description_and_theme_labels():
    make_service("Permanence santé", description="Ouverture des droits à l'AME.")
    make_service("Permanence droits", themes=["sante--droits-complementaire-sante-solidaire"])
    assert names(q="AME") == ["Permanence santé"]
    assert names(q="complémentaire santé solidaire") == ["Permanence droits"]


def test_it_ranks_title_matches_first():
    in_text = make_service("Permanence", description="Dépistage possible.")
    in_title = make_service("Dépistage", description="Permanence.")
    page = services_search(actor=None, params=SearchParams(q="depistage"))
    assert [hit.service.pk for hit in page.hits] == [in_title.pk, in_text.pk]


def test_it_leaves_out_inactive_services():
    make_service("Vaccination", is_active=False)
    assert names(q="vaccination") == []


def test_it_treats_punctuation_as_plain_text():
    make_service("Échange de seringues")
    assert names(q='seringues" OR "x*') == []
    assert names(q="(seringue)") == ["Échange de seringues"]
