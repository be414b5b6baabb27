"""Territories of the demo: the Métropole Européenne de Lille, its communes, Lille's quartiers.

INSEE codes are the official ones; centroids are approximate town-hall coordinates.
"""

from __future__ import annotations

MEL = ("Métropole Européenne de Lille", "245900410", 50.6330, 3.0586)

# name, INSEE code, latitude, longitude
MEL_COMMUNES: list[tuple[str, str, float, float]] = [
    ("Lille", "59350", 50.6365, 3.0635),
    ("Lomme", "59355", 50.6430, 2.9870),
    ("Hellemmes", "59298", 50.6270, 3.1090),
    ("Roubaix", "59512", 50.6942, 3.1746),
    ("Tourcoing", "59599", 50.7239, 3.1612),
    ("Villeneuve-d'Ascq", "59009", 50.6233, 3.1450),
    ("Seclin", "59560", 50.5485, 3.0292),
    ("Marcq-en-Barœul", "59378", 50.6710, 3.0970),
    ("Wattrelos", "59650", 50.7010, 3.2170),
    ("Lambersart", "59328", 50.6500, 3.0250),
    ("Armentières", "59017", 50.6880, 2.8810),
    ("La Madeleine", "59368", 50.6550, 3.0710),
    ("Mons-en-Barœul", "59410", 50.6410, 3.1100),
    ("Croix", "59163", 50.6780, 3.1500),
    ("Wasquehal", "59646", 50.6700, 3.1300),
    ("Loos", "59360", 50.6130, 3.0160),
    ("Faches-Thumesnil", "59220", 50.5870, 3.0670),
    ("Ronchin", "59507", 50.6050, 3.0900),
    ("Lesquin", "59343", 50.5890, 3.1110),
    ("Hem", "59299", 50.6550, 3.1880),
    ("Saint-André-lez-Lille", "59527", 50.6600, 3.0450),
    ("Haubourdin", "59286", 50.6090, 2.9870),
    ("Halluin", "59279", 50.7840, 3.1260),
    ("Mouvaux", "59421", 50.7030, 3.1380),
    ("Wattignies", "59648", 50.5860, 3.0430),
    ("Comines", "59152", 50.7610, 3.0080),
    ("Bondues", "59090", 50.7020, 3.0950),
    ("Roncq", "59508", 50.7540, 3.1210),
    ("Lys-lez-Lannoy", "59367", 50.6710, 3.2150),
    ("Templemars", "59585", 50.5720, 3.0560),
]

# Lille's quartiers; the first five host a pôle ressources santé.
LILLE_QUARTIERS: list[tuple[str, float, float]] = [
    ("Faubourg de Béthune", 50.6190, 3.0320),
    ("Fives", 50.6320, 3.0900),
    ("Lille-Sud", 50.6080, 3.0540),
    ("Moulins", 50.6200, 3.0680),
    ("Wazemmes", 50.6250, 3.0500),
    ("Vieux-Lille", 50.6420, 3.0630),
    ("Lille-Centre", 50.6340, 3.0630),
    ("Vauban-Esquermes", 50.6300, 3.0400),
    ("Bois-Blancs", 50.6370, 3.0250),
    ("Saint-Maurice Pellevoisin", 50.6400, 3.0850),
]

# Communes outside the Métropole, for the Rosny-sous-Bois CLS.
OTHER_COMMUNES: list[tuple[str, str, float, float]] = [
    ("Rosny-sous-Bois", "93064", 48.8745, 2.4860),
    ("Montreuil", "93048", 48.8638, 2.4485),
    ("Neuilly-sur-Marne", "93050", 48.8537, 2.5300),
    ("Bagnolet", "93006", 48.8692, 2.4180),
    ("Bobigny", "93008", 48.9077, 2.4397),
]
