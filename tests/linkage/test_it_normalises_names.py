from maillage.linkage.normalize import normalize_name


def test_it_removes_accents_case_and_hyphens() -> None:
    assert normalize_name("  Hélène-Françoise ").full == "HELENEFRANCOISE"
    assert normalize_name("hélène françoise") == normalize_name("HELENE-FRANCOISE")


def test_it_joins_compound_names() -> None:
    assert normalize_name("Jean-Pierre") == normalize_name("Jean Pierre")
    assert normalize_name("Jean-Pierre").first_token == "JEAN"


def test_it_separates_particles_from_the_core() -> None:
    name = normalize_name("de la Fontaine")
    assert name.full == "DELAFONTAINE" and name.core == "FONTAINE"
    assert normalize_name("D'Artagnan").core == "ARTAGNAN"
    assert normalize_name("van der Berg").core == "BERG"
    assert normalize_name("Le Gall").variants() == ("LEGALL", "GALL")


def test_it_keeps_a_name_made_only_of_particles() -> None:
    assert normalize_name("Le").core == "LE"


def test_it_handles_ligatures_and_placeholders() -> None:
    assert normalize_name("Cœur").full == "COEUR"
    assert normalize_name("X") is None
    assert normalize_name("") is None
