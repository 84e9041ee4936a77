"""Fallback area names for when the ONS local authority file is not beside the checkout: the town each
English postcode area is named after (Royal Mail postcode areas), so demo organisations get real place
names instead of ONS codes."""

from collections import Counter, defaultdict

from passport.core import geo

POSTCODE_AREA_TOWNS = {
    "AL": "St Albans", "B": "Birmingham", "BA": "Bath", "BB": "Blackburn", "BD": "Bradford", "BH": "Bournemouth",
    "BL": "Bolton", "BN": "Brighton", "BR": "Bromley", "BS": "Bristol", "CA": "Carlisle", "CB": "Cambridge",
    "CH": "Chester", "CM": "Chelmsford", "CO": "Colchester", "CR": "Croydon", "CT": "Canterbury",
    "CV": "Coventry", "CW": "Crewe", "DA": "Dartford", "DE": "Derby", "DH": "Durham", "DL": "Darlington",
    "DN": "Doncaster", "DT": "Dorchester", "DY": "Dudley", "E": "East London", "EC": "City of London",
    "EN": "Enfield", "EX": "Exeter", "FY": "Blackpool", "GL": "Gloucester", "GU": "Guildford", "HA": "Harrow",
    "HD": "Huddersfield", "HG": "Harrogate", "HP": "Hemel Hempstead", "HR": "Hereford", "HU": "Hull",
    "HX": "Halifax", "IG": "Ilford", "IP": "Ipswich", "KT": "Kingston upon Thames", "L": "Liverpool",
    "LA": "Lancaster", "LE": "Leicester", "LN": "Lincoln", "LS": "Leeds", "LU": "Luton", "M": "Manchester",
    "ME": "Medway", "MK": "Milton Keynes", "N": "North London", "NE": "Newcastle upon Tyne", "NG": "Nottingham",
    "NN": "Northampton", "NR": "Norwich", "NW": "North West London", "OL": "Oldham", "OX": "Oxford",
    "PE": "Peterborough", "PL": "Plymouth", "PO": "Portsmouth", "PR": "Preston", "RG": "Reading",
    "RH": "Redhill", "RM": "Romford", "S": "Sheffield", "SE": "South East London", "SG": "Stevenage",
    "SK": "Stockport", "SL": "Slough", "SM": "Sutton", "SN": "Swindon", "SO": "Southampton", "SP": "Salisbury",
    "SR": "Sunderland", "SS": "Southend-on-Sea", "ST": "Stoke-on-Trent", "SW": "South West London",
    "SY": "Shrewsbury", "TA": "Taunton", "TF": "Telford", "TN": "Tonbridge", "TQ": "Torquay", "TR": "Truro",
    "TS": "Middlesbrough", "TW": "Twickenham", "UB": "Southall", "W": "West London", "WA": "Warrington",
    "WC": "Central London", "WD": "Watford", "WF": "Wakefield", "WN": "Wigan", "WR": "Worcester",
    "WS": "Walsall", "WV": "Wolverhampton", "YO": "York",
}


def postcode_area(postcode: str) -> str:
    return "".join(ch for ch in postcode.split(" ")[0] if ch.isalpha())


def town_names_by_authority(letters: str) -> dict[str, str]:
    """Each local authority's most common postcode town, from the postcodes of the given first letters."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for postcode, _east, _north, la_code in geo.all_postcodes(letters):
        town = POSTCODE_AREA_TOWNS.get(postcode_area(postcode))
        if town:
            counts[la_code][town] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in counts.items()}
