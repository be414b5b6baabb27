from maillage.directory import text


def test_it_removes_accents_ligatures_and_case():
    assert text.words("Œuvre ÉTÉ Côlon") == ["oeuvre", "ete", "colon"]


def test_it_stems_french_plurals_and_forms():
    assert text.tokens("dépistages") == text.tokens("Dépistage") == text.tokens("depistage")
    assert text.tokens("vaccinations") == text.tokens("vaccination")


def test_it_drops_stop_words():
    assert text.words("le centre de santé des femmes") == ["centre", "sante", "femmes"]


def test_it_builds_a_padded_document_of_distinct_tokens():
    assert text.document("Santé santé", "mentale") == " sant mental "


def test_it_makes_facet_tokens_alphanumeric():
    assert text.facet_token("t", "sante--droits-ame") == "xtsantedroitsame"
