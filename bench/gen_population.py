"""A synthetic French population seen by the partners of a local health network.

Persons live in the Métropole Européenne de Lille; each is seen by one to four
partners (hubs, a PASS, associations), and every record is typed anew, with
the errors clerks make. Error rates are set from what registration data
usually shows (a few percent of typos per field, partial dates for people born
abroad, married names, swapped fields) and are listed in `RATES`; they are not
tuned to any matcher.

`python bench/gen_population.py N OUT.csv TRUTH.csv [--seed S]`
"""

from __future__ import annotations

import argparse
import bisect
import csv
import random
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

RATES = {
    "records_per_person": {1: 0.50, 2: 0.28, 3: 0.14, 4: 0.08},
    "relative_of_previous": 0.25,  # shares surname, commune, maybe phone
    "twin_among_relatives": 0.04,
    "compound_first_name": 0.08,
    "double_surname": 0.03,
    "married_name": 0.45,  # women aged 25+ using a spouse's name
    "record_uses_birth_name": 0.35,
    "date_unknown_person": 0.06,  # born abroad, exact date unknown
    "has_phone": 0.65,
    "phone_recorded": 0.6,
    "phone_changed": 0.15,
    "has_nir": 0.4,
    "nir_recorded": 0.7,
    "nir_without_key": 0.5,
    "first_name_typo": 0.03,
    "last_name_typo": 0.03,
    "first_name_missing": 0.01,
    "last_name_missing": 0.005,
    "compound_truncated": 0.4,
    "double_surname_truncated": 0.3,
    "swapped_names": 0.02,
    "accents_kept": 0.5,
    "date_missing": 0.02,
    "date_year_only": 0.03,
    "date_year_month": 0.01,
    "date_day_or_month_typo": 0.02,
    "date_day_month_swapped": 0.01,
    "date_year_typo": 0.01,
    "sex_missing": 0.05,
    "sex_wrong": 0.005,
    "commune_missing": 0.1,
    "commune_moved": 0.1,
    "field_typo": 0.01,
}

# Population of the main communes of the Métropole Européenne de Lille (INSEE code).
COMMUNES = {
    "59350": 236, "59512": 98, "59599": 98, "59009": 62, "59650": 40, "59378": 39,
    "59328": 27, "59017": 25, "59163": 21, "59299": 18, "59360": 22, "59410": 21,
    "59368": 22, "59646": 20, "59279": 21, "59560": 13, "59220": 18, "59507": 19,
    "59286": 15, "59527": 12, "59421": 13, "59648": 14, "59367": 13, "59152": 12,
    "59090": 10, "59508": 13, "59636": 10, "59343": 8, "59339": 10, "59386": 10,
}  # fmt: skip
OUTSIDE_MEL = 0.08

SURNAMES = """MARTIN,BERNARD,THOMAS,PETIT,ROBERT,RICHARD,DURAND,DUBOIS,MOREAU,LAURENT,SIMON,MICHEL,
LEFEBVRE,LEROY,ROUX,DAVID,BERTRAND,MOREL,FOURNIER,GIRARD,BONNET,DUPONT,LAMBERT,FONTAINE,
ROUSSEAU,VINCENT,MULLER,LEFEVRE,FAURE,ANDRE,MERCIER,BLANC,GUERIN,BOYER,GARNIER,
CHEVALIER,FRANCOIS,LEGRAND,GAUTHIER,GARCIA,PERRIN,ROBIN,CLEMENT,MORIN,NICOLAS,HENRY,
ROUSSEL,MATHIEU,GAUTIER,MASSON,MARCHAND,DUVAL,DENIS,DUMONT,MARIE,LEMAIRE,NOEL,MEYER,
DUFOUR,MEUNIER,BRUN,BLANCHARD,GIRAUD,JOLY,RIVIÈRE,LUCAS,BRUNET,GAILLARD,BARBIER,ARNAUD,
MARTINEZ,GÉRARD,ROCHE,RENARD,SCHMITT,ROY,LEROUX,COLIN,VIDAL,CARON,PICARD,ROGER,FABRE,
AUBERT,LEMOINE,RENAUD,DUMAS,LACROIX,OLIVIER,PHILIPPE,BOURGEOIS,PIERRE,BENOÎT,REY,
LECLERC,PAYET,ROLLAND,LECLERCQ,GUILLAUME,LECOMTE,LOPEZ,JEAN,DUPUY,GUILLOT,HUBERT,BERGER,
CARPENTIER,SANCHEZ,DUPUIS,MOULIN,LOUIS,DESCHAMPS,HUET,VASSEUR,PEREZ,BOUCHER,FLEURY,
ROYER,KLEIN,JACQUET,ADAM,PARIS,POIRIER,DELATTRE,DUHAMEL,DESMET,DEVOS,DECOCK,
VANDENBERGHE,DUBRULLE,DELEPINE,DUBUS,DEBRUYNE,VERMEERSCH,BOUTRY,DEHAENE,DECLERCQ,
DELEMOTTE,DERYCKE,VANDAMME,DESCAMPS,DELANNOY,DUJARDIN,LEPERS,DELCROIX,DEWAELE,VERHAEGHE,
CATTEAU,DEBAISIEUX,PLANCKE,BEAUSSART,HOUZÉ,WAUQUIER,BENALI,BOUZID,HADDAD,MANSOURI,
KHELIFI,BENSAID,BELKACEM,BENAMAR,CHERIF,MEZIANE,BOUAZZA,AMRANI,SAIDI,HAMIDI,ZIANI,
BENMOUSSA,DIALLO,TRAORÉ,DIOP,NDIAYE,KONATÉ,CAMARA,SYLLA,KEITA,BALDÉ,BARRY,SOW,COULIBALY,
TOURÉ,NGUYEN,TRAN,POPESCU,IONESCU,KOWALSKI,NOWAK,YILMAZ,KAYA,DA SILVA,DOS SANTOS,
PEREIRA,FERREIRA,RODRIGUES,LE GALL,LE ROUX,LE GOFF,DE LA FONTAINE,D'HONDT,VAN DE VELDE,
DE SMET,VAN HECKE""".replace("\n", "").split(",")

FEMALE = """MARIE NATHALIE ISABELLE SYLVIE CATHERINE FRANÇOISE VALÉRIE CHRISTINE SANDRINE MONIQUE
NICOLE VÉRONIQUE STÉPHANIE SOPHIE CÉLINE CHANTAL PATRICIA ANNE BRIGITTE JULIE AURÉLIE
MARTINE ÉMILIE CAROLINE LAURENCE CAMILLE SARAH LÉA MANON CHLOÉ EMMA INÈS JADE LOUISE ALICE
LÉNA ZOÉ JEANNE CLARA ANAÏS PAULINE MATHILDE ÉLODIE AUDREY MÉLANIE VIRGINIE CORINNE HÉLÈNE
DANIELLE JACQUELINE DENISE MICHÈLE ODILE COLETTE GINETTE YVETTE SIMONE GENEVIÈVE AGNÈS
FATIMA KHADIJA AÏCHA YASMINE NADIA SAMIRA LEÏLA MALIKA AMINATA FATOUMATA MARIAM AWA
OLENA ANNA IRINA NATALIA ELENA MARIA SOFIA ROSA LUCIE MARGOT ROMANE OCÉANE MORGANE""".split()

MALE = """JEAN PHILIPPE MICHEL ALAIN PATRICK NICOLAS CHRISTOPHE PIERRE CHRISTIAN ÉRIC FRÉDÉRIC
LAURENT STÉPHANE DAVID PASCAL DANIEL SÉBASTIEN JULIEN THIERRY OLIVIER BERNARD THOMAS
ALEXANDRE GÉRARD DIDIER DOMINIQUE VINCENT FRANÇOIS BRUNO GUILLAUME JACQUES MARC ANTOINE
LUCAS HUGO LOUIS GABRIEL ARTHUR JULES RAPHAËL LÉO NATHAN ADAM ETHAN NOAH MAËL PAUL ENZO
MATHIS KEVIN ANTHONY MAXIME ROMAIN JÉRÔME CÉDRIC FABRICE LUDOVIC GRÉGORY FRANCK YANNICK
ANDRÉ RENÉ ROGER GEORGES HENRI MARCEL ROBERT RAYMOND CLAUDE GILLES SERGE
MOHAMED MOHAMMED AHMED KARIM KAMEL RACHID SAÏD YOUSSEF MEHDI BILAL AMINE SOFIANE
MAMADOU MOUSSA IBRAHIMA OUSMANE ABDOULAYE SEYDOU ANDRIY IVAN SERGEI IOAN MIHAI DIMITRI""".split()

COMPOUND_FIRST = {"JEAN", "MARIE", "ANNE", "PIERRE", "LOUIS", "PAUL", "CLAUDE"}
SYLLABLES = (
    "BA BE BI BO BOU CA CHA CHE CO DA DE DI DO DU FA FE FO GA GO GUI HA HE JA JO KA "
    "LA LE LI LO LU MA ME MI MO MOU NA NE NI NO PA PE PI PO RA RE RI RO SA SE SI SO "
    "TA TE TI TO VA VE VI VAN WA ZA"
).split()
ENDINGS = (
    "RT LLE NET RD RAND CQ CK RE TTE UX Z N ND S AUD ERT IN OT EAU IER ELLE AERT GHE "
    "MANS OUX IAUX AN ON ER EZ ARD IOT ENS OIS IS"
).split()
QWERTY_NEIGHBOURS = "AZERTYUIOPQSDFGHJKLMWXCVBN"


@dataclass(frozen=True)
class Person:
    person_id: int
    sex: str
    first_name: str
    birth_surname: str
    used_surname: str
    year: int
    month: int
    day: int
    date_known: bool
    commune: str
    phone: str | None
    nir: str | None


class Vocabulary:
    """Names with Zipf-like frequencies: a real head and a synthetic long tail."""

    def __init__(self, rng: random.Random) -> None:
        self.surnames = _zipf_table(SURNAMES, exponent=0.7)
        self.surname_tail = _zipf_table(_synthetic(rng, 100_000), exponent=0.5)
        self.female = _zipf_table(FEMALE, exponent=0.6)
        self.male = _zipf_table(MALE, exponent=0.6)
        self.first_tail = _zipf_table(_synthetic(rng, 20_000), exponent=0.5)

    def surname(self, rng: random.Random) -> str:
        return _draw(rng, self.surnames if rng.random() < 0.12 else self.surname_tail)

    def first_name(self, rng: random.Random, sex: str) -> str:
        if rng.random() < 0.3:
            return _draw(rng, self.first_tail)
        return _draw(rng, self.female if sex == "F" else self.male)


def _zipf_table(names: list[str], exponent: float) -> tuple[list[str], list[float]]:
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(names))]
    total = sum(weights)
    cumulative, running = [], 0.0
    for weight in weights:
        running += weight / total
        cumulative.append(running)
    return names, cumulative


def _draw(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    names, cumulative = table
    return names[min(bisect.bisect(cumulative, rng.random()), len(names) - 1)]


def _synthetic(rng: random.Random, count: int) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
        names[stem + rng.choice(ENDINGS)] = None
    return list(names)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = Vocabulary(self.rng)
        codes = list(COMMUNES)
        self.communes = _zipf_like(codes, [COMMUNES[c] for c in codes])
        self.next_phone = 600_000_000

    # -- persons ---------------------------------------------------------
    def person(self, person_id: int, relative: Person | None) -> Person:
        rng = self.rng
        sex = rng.choice("MF")
        year, month, day = self._birth(relative)
        birth = relative.birth_surname if relative else self._surname()
        used = birth
        if sex == "F" and 2025 - year >= 25 and rng.random() < RATES["married_name"]:
            used = self._surname()
        return Person(
            person_id=person_id,
            sex=sex,
            first_name=self._first_name(sex, relative),
            birth_surname=birth,
            used_surname=used,
            year=year,
            month=month,
            day=day,
            date_known=rng.random() >= RATES["date_unknown_person"],
            commune=relative.commune if relative else self._commune(),
            phone=self._phone(relative),
            nir=None,
        )

    def with_nir(self, person: Person) -> Person:
        if self.rng.random() >= RATES["has_nir"]:
            return person
        department = person.commune[:2] if person.commune[:2].isdigit() else "99"
        body = (
            f"{1 if person.sex == 'M' else 2}{person.year % 100:02d}{person.month:02d}"
            f"{department}{self.rng.randint(1, 999):03d}{self.rng.randint(1, 999):03d}"
        )
        return replace(person, nir=body + f"{97 - int(body) % 97:02d}")

    def _birth(self, relative: Person | None) -> tuple[int, int, int]:
        rng = self.rng
        if relative and rng.random() < RATES["twin_among_relatives"]:
            return relative.year, relative.month, relative.day
        if relative:
            year = relative.year + rng.choice([-30, -25, -5, -3, -2, 2, 3, 5, 25, 30])
            year = min(max(year, 1930), 2024)
        else:
            year = 2025 - min(max(int(rng.gauss(40, 20)), 0), 95)
        month = rng.randint(1, 12)
        return year, month, rng.randint(1, 28 if month == 2 else 30)

    def _surname(self) -> str:
        name = self.vocabulary.surname(self.rng)
        if self.rng.random() < RATES["double_surname"]:
            name += "-" + self.vocabulary.surname(self.rng)
        return name

    def _first_name(self, sex: str, relative: Person | None) -> str:
        name = self.vocabulary.first_name(self.rng, sex)
        # Siblings never share a first name; a parent and child sometimes do.
        while relative and name == relative.first_name and self.rng.random() < 0.9:
            name = self.vocabulary.first_name(self.rng, sex)
        if name in COMPOUND_FIRST or self.rng.random() < RATES["compound_first_name"]:
            if self.rng.random() < 0.5:
                name += "-" + self.vocabulary.first_name(self.rng, sex)
        return name

    def _commune(self) -> str:
        if self.rng.random() < OUTSIDE_MEL:
            return f"{self.rng.choice([59, 62, 75, 80, 2])}{self.rng.randint(1, 600):03d}"
        return _draw(self.rng, self.communes)

    def _phone(self, relative: Person | None) -> str | None:
        if relative and relative.phone and self.rng.random() < 0.5:
            return relative.phone
        if self.rng.random() >= RATES["has_phone"]:
            return None
        self.next_phone += self.rng.randint(1, 300)
        return f"0{self.next_phone}"

    # -- records ---------------------------------------------------------
    def record(self, person: Person) -> dict[str, str]:
        first, last = self._typed_name(person)
        return {
            "first_name": first,
            "last_name": last,
            "birth_date": self._typed_date(person),
            "sex": self._typed_sex(person),
            "commune": self._typed_commune(person),
            "phone": self._typed_phone(person),
            "nir": self._typed_nir(person),
        }

    def _typed_name(self, person: Person) -> tuple[str, str]:
        rng = self.rng
        first = self._variant(person.first_name, "first_name", "compound_truncated")
        surname = person.used_surname
        if rng.random() < RATES["record_uses_birth_name"]:
            surname = person.birth_surname
        last = self._variant(surname, "last_name", "double_surname_truncated")
        if rng.random() < RATES["swapped_names"]:
            first, last = last, first
        return first, last

    def _variant(self, name: str, field: str, truncation: str) -> str:
        rng = self.rng
        if rng.random() < RATES[f"{field}_missing"]:
            return ""
        if "-" in name and rng.random() < RATES[truncation]:
            name = name.split("-")[0]
        if " " in name or "'" in name:
            name = rng.choice(
                [name, name.replace(" ", "").replace("'", ""), name.replace(" ", "-")]
            )
        if rng.random() < RATES[f"{field}_typo"]:
            name = typo(rng, strip_accents(name))
        if rng.random() >= RATES["accents_kept"]:
            name = strip_accents(name)
        return name if rng.random() < 0.6 else name.title()

    def _typed_date(self, person: Person) -> str:
        rng = self.rng
        y, m, d = person.year, person.month, person.day
        if not person.date_known:
            y -= rng.choice([0] * 9 + [1])
            return rng.choice([f"{y}", f"{y}-01-01"])
        draw = rng.random()
        for name in ("missing", "year_only", "year_month", "day_or_month_typo"):
            draw -= RATES[f"date_{name}"]
            if draw < 0:
                break
        else:
            name = "swapped" if draw < RATES["date_day_month_swapped"] and d <= 12 else "ok"
            if name == "ok" and rng.random() < RATES["date_year_typo"]:
                delta = rng.choice([1, 10])
                y = y - delta if y + delta > 2025 or rng.random() < 0.5 else y + delta
        return _format_date(rng, name, y, m, d)

    def _typed_sex(self, person: Person) -> str:
        draw = self.rng.random()
        if draw < RATES["sex_missing"]:
            return ""
        sex = (
            person.sex
            if draw >= RATES["sex_missing"] + RATES["sex_wrong"]
            else "MF"[person.sex == "M"]
        )
        return self.rng.choice([sex, sex, {"M": "1", "F": "2"}[sex], {"M": "H", "F": "F"}[sex]])

    def _typed_commune(self, person: Person) -> str:
        draw = self.rng.random()
        if draw < RATES["commune_missing"]:
            return ""
        if draw < RATES["commune_missing"] + RATES["commune_moved"]:
            return self._commune()
        return person.commune

    def _typed_phone(self, person: Person) -> str:
        rng = self.rng
        if not person.phone or rng.random() >= RATES["phone_recorded"]:
            return ""
        phone = person.phone
        if rng.random() < RATES["phone_changed"]:
            phone = f"07{rng.randint(0, 99_999_999):08d}"
        if rng.random() < RATES["field_typo"]:
            phone = _digit_typo(rng, phone)
        return rng.choice(
            [phone, "+33 " + phone[1:], " ".join(_pairs(phone)), ".".join(_pairs(phone))]
        )

    def _typed_nir(self, person: Person) -> str:
        rng = self.rng
        if not person.nir or rng.random() >= RATES["nir_recorded"]:
            return ""
        nir = person.nir[:13] if rng.random() < RATES["nir_without_key"] else person.nir
        return _digit_typo(rng, nir) if rng.random() < RATES["field_typo"] else nir


def _zipf_like(values: list[str], weights: list[float]) -> tuple[list[str], list[float]]:
    total, running, cumulative = sum(weights), 0.0, []
    for weight in weights:
        running += weight / total
        cumulative.append(running)
    return values, cumulative


def _format_date(rng: random.Random, kind: str, y: int, m: int, d: int) -> str:
    if kind == "missing":
        return ""
    if kind == "year_only":
        return f"{y}"
    if kind == "year_month":
        return f"{y}-{m:02d}"
    if kind == "day_or_month_typo":
        if rng.random() < 0.7:
            d = max(1, min(28, d + rng.choice([-10, -1, 1, 10])))
        else:
            m = max(1, min(12, m + rng.choice([-1, 1])))
            d = min(d, 28) if m == 2 else d
    if kind == "swapped":
        m, d = d, m
    return f"{y}-{m:02d}-{d:02d}"


def typo(rng: random.Random, name: str) -> str:
    if len(name) < 2:
        return name
    i = rng.randrange(len(name))
    letter = rng.choice(QWERTY_NEIGHBOURS)
    operation = rng.choice(("substitute", "delete", "insert", "transpose"))
    if operation == "substitute":
        return name[:i] + letter + name[i + 1 :]
    if operation == "delete":
        return name[:i] + name[i + 1 :]
    if operation == "insert":
        return name[:i] + letter + name[i:]
    i = min(i, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _digit_typo(rng: random.Random, value: str) -> str:
    positions = [i for i, c in enumerate(value) if c.isdigit()]
    i = rng.choice(positions)
    return value[:i] + str((int(value[i]) + rng.randint(1, 9)) % 10) + value[i + 1 :]


def _pairs(phone: str) -> list[str]:
    return [phone[i : i + 2] for i in range(0, len(phone), 2)]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


SOURCES = ["pass-chu-lille", "pass-roubaix", "pass-tourcoing", "pole-lille-sud", "pole-roubaix"]
SOURCES += ["pole-tourcoing", "pole-villeneuve", "asso-abej", "asso-secours", "asso-gynecologie"]
SOURCES += ["asso-cimade", "pmi-lille"]


def population(n_records: int, seed: int = 1) -> Iterator[tuple[dict[str, str], int]]:
    """(record, person id) pairs, n_records of them, each person's copies together."""
    generator = Generator(seed)
    rng = generator.rng
    sizes, weights = zip(*RATES["records_per_person"].items(), strict=True)
    produced, person_id, previous = 0, 0, None
    while produced < n_records:
        relative = previous if previous and rng.random() < RATES["relative_of_previous"] else None
        person = generator.with_nir(generator.person(person_id, relative))
        copies = min(rng.choices(sizes, weights)[0], n_records - produced)
        for source in rng.sample(SOURCES, copies):
            yield {"source": source, **generator.record(person)}, person_id
        produced += copies
        person_id, previous = person_id + 1, person


HEADER = ["record_id", "source", "first_name", "last_name", "birth_date", "sex", "commune"]
HEADER += ["phone", "nir"]


def write(n_records: int, out: Path, truth: Path, seed: int = 1) -> int:
    """Write the records (shuffled) and the truth; return the number of persons."""
    rows = [(record, person) for record, person in population(n_records, seed)]
    random.Random(seed + 1).shuffle(rows)
    with out.open("w", newline="") as data, truth.open("w", newline="") as answers:
        records, persons = csv.writer(data), csv.writer(answers)
        records.writerow(HEADER)
        persons.writerow(["record_id", "person_id"])
        for index, (record, person) in enumerate(rows):
            record_id = f"R{index:07d}"
            records.writerow([record_id] + [record[h] for h in HEADER[1:]])
            persons.writerow([record_id, person])
    return len({person for _, person in rows})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    persons = write(args.n, args.out, args.truth, args.seed)
    print(f"{args.n} records of {persons} persons", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
