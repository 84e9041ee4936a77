"""Names for demo people, places and organisations.

People: mostly Faker's en_GB names, plus name pools for communities whose second language the census counts
in large numbers, so a volunteer's languages fit their name. Organisations: type-specific patterns filled with
place names (the focus city's neighbourhoods, otherwise local authority names).
"""

import random
import re
import unicodedata
from dataclasses import dataclass

from faker import Faker

from passport.organisations.models import OrganisationType

# (weight in %, extra language, women's first names, men's first names, family names)
COMMUNITIES: list[tuple[float, str, list[str], list[str], list[str]]] = [
    (3.0, "ur", ["Fatima", "Zainab", "Maryam", "Ayesha", "Hina", "Sana", "Amina", "Saima", "Nadia", "Rabia"],
     ["Mohammed", "Ali", "Imran", "Bilal", "Usman", "Hamza", "Tariq", "Zain", "Adil", "Yusuf"],
     ["Khan", "Hussain", "Ahmed", "Akhtar", "Iqbal", "Mahmood", "Rashid", "Malik", "Butt", "Aslam"]),
    (1.5, "pa", ["Harpreet", "Gurpreet", "Jaspreet", "Manjit", "Simran", "Amrit", "Kiran", "Navdeep"],
     ["Harjit", "Kuldip", "Rajinder", "Baljit", "Sukhwinder", "Jaswinder", "Arjun", "Ranjit"],
     ["Singh", "Kaur", "Sandhu", "Gill", "Dhillon", "Sidhu", "Bains", "Johal", "Grewal"]),
    (1.5, "gu", ["Priya", "Nisha", "Anjali", "Hetal", "Dipa", "Meera", "Pooja", "Bhavna"],
     ["Rakesh", "Nikesh", "Sanjay", "Bhavesh", "Vijay", "Kiran", "Hitesh", "Dilip"],
     ["Patel", "Shah", "Mistry", "Parmar", "Chauhan", "Solanki", "Lad", "Desai"]),
    (1.0, "bn", ["Nusrat", "Shirin", "Rahima", "Tahmina", "Salma", "Ruksana", "Jahanara"],
     ["Abdul", "Rahim", "Jamal", "Shahid", "Anwar", "Mizanur", "Shahin"],
     ["Miah", "Uddin", "Rahman", "Islam", "Chowdhury", "Begum", "Hoque", "Ali"]),
    (2.0, "pl", ["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Monika", "Ewa", "Karolina"],
     ["Piotr", "Tomasz", "Krzysztof", "Marcin", "Paweł", "Łukasz", "Michał", "Jakub"],
     ["Nowak", "Kaczmarek", "Wójcik", "Mazur", "Krawczyk", "Zając", "Król", "Wieczorek", "Pawlak"]),
    (1.0, "ro", ["Andreea", "Ioana", "Elena", "Mihaela", "Alina", "Cristina"],
     ["Andrei", "Alexandru", "Ionuț", "Mihai", "Florin", "Bogdan"],
     ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Munteanu", "Rusu"]),
    (2.5, "en", ["Chiamaka", "Ngozi", "Adaeze", "Funmilayo", "Ama", "Abena", "Folake", "Grace", "Blessing"],
     ["Chinedu", "Oluwaseun", "Emeka", "Kwame", "Kofi", "Tunde", "Samuel", "Daniel"],
     ["Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Asante", "Eze", "Balogun", "Owusu"]),
    (0.8, "so", ["Hodan", "Amran", "Sahra", "Faduma", "Hibo", "Ayan"],
     ["Abdi", "Mohamed", "Abdirahman", "Liban", "Mahad", "Hassan"],
     ["Ali", "Hassan", "Farah", "Warsame", "Abdi", "Yusuf", "Osman", "Jama"]),
    (0.7, "ar", ["Layla", "Noor", "Rania", "Huda", "Dalia"], ["Omar", "Khalid", "Sami", "Tarek", "Karim"],
     ["Al-Hassan", "Haddad", "Nasser", "Mansour", "Saleh", "Aziz"]),
    (0.8, "pt", ["Ana", "Beatriz", "Inês", "Mariana", "Sofia"], ["João", "Tiago", "Rui", "Pedro", "Diogo"],
     ["Silva", "Santos", "Ferreira", "Costa", "Pereira", "Oliveira"]),
    (0.7, "zh", ["Mei", "Lin", "Jia", "Xiu", "Ying"], ["Wei", "Jun", "Hao", "Ming", "Chen"],
     ["Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lam"]),
]


@dataclass(frozen=True)
class PersonName:
    first: str
    last: str
    language: str  # a second language that goes with the name, or "en"


def person(rng: random.Random, fake: Faker) -> PersonName:
    """A British name; about one in six comes from a community pool and brings its language."""
    woman = rng.random() < 0.54  # women are a little more likely to volunteer formally
    roll = rng.uniform(0, 100)
    for weight, language, women, men, families in COMMUNITIES:
        if roll < weight:
            return PersonName(rng.choice(women if woman else men), rng.choice(families), language)
        roll -= weight
    first = fake.first_name_female() if woman else fake.first_name_male()
    return PersonName(first, fake.last_name(), "en")


def ascii_slug(text: str, sep: str = "") -> str:
    """'Łukasz O'Brien' -> 'lukaszobrien': safe in email addresses and host names."""
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", sep, text).strip(sep)


def email_for(name: PersonName, number: int) -> str:
    return f"{ascii_slug(name.first)}.{ascii_slug(name.last)}.{number}@example.org"


# Neighbourhoods of the focus city (Leeds) by postcode district, so its many organisations are not all called
# "Leeds ..." and each is named after where it really is.
FOCUS_NEIGHBOURHOODS = {
    "LS1": ["Leeds City Centre"], "LS2": ["Leeds City Centre", "Woodhouse"], "LS3": ["Burley"],
    "LS4": ["Burley", "Kirkstall"], "LS5": ["Kirkstall", "Hawksworth"],
    "LS6": ["Headingley", "Hyde Park", "Meanwood"], "LS7": ["Chapeltown", "Chapel Allerton", "Potternewton"],
    "LS8": ["Harehills", "Roundhay", "Gipton"], "LS9": ["Burmantofts", "Richmond Hill", "Osmondthorpe", "Harehills"],
    "LS10": ["Hunslet", "Belle Isle", "Middleton"],
    "LS11": ["Beeston", "Holbeck"], "LS12": ["Armley", "Wortley", "Farnley"], "LS13": ["Bramley", "Rodley"],
    "LS14": ["Seacroft", "Swarcliffe", "Whinmoor"], "LS15": ["Cross Gates", "Halton", "Manston"],
    "LS16": ["Adel", "Cookridge", "Ireland Wood"], "LS17": ["Alwoodley", "Moortown"], "LS18": ["Horsforth"],
    "LS19": ["Yeadon", "Rawdon"], "LS20": ["Guiseley"], "LS21": ["Otley"], "LS22": ["Wetherby"], "LS23": ["Boston Spa"],
    "LS25": ["Garforth", "Kippax"], "LS26": ["Rothwell", "Oulton"], "LS27": ["Morley", "Churwell"],
    "LS28": ["Pudsey", "Farsley", "Stanningley"], "WF3": ["Tingley", "East Ardsley"], "BD11": ["Drighlington"],
    "WF10": ["Allerton Bywater"],
}


def neighbourhood(rng: random.Random, postcode: str, default: str) -> str:
    return rng.choice(FOCUS_NEIGHBOURHOODS.get(postcode.split()[0], [default]))


SAINTS = [
    "Mary", "John", "Peter", "Paul", "Andrew", "Michael", "George", "Margaret", "Luke", "Mark", "Chad",
    "Aidan", "Hilda", "Anne", "James", "Stephen", "Bartholomew", "Oswald", "Wilfrid", "Cuthbert", "Augustine",
]


def clean_area_name(name: str) -> str:
    """'Bristol, City of' -> 'Bristol'."""
    return re.sub(r",\s*(City|County) of$", "", name).strip()


# Patterns per type: (name pattern, causes the organisation works on, one-line description).
# {place} is a neighbourhood or town, {saint} a saint's name.
ORG_PATTERNS: dict[str, list[tuple[str, list[str], str]]] = {
    OrganisationType.REGISTERED_CHARITY: [
        ("{place} Food Bank", ["poverty"], "A food bank giving emergency food and support to people in {place}."),
        ("{place} Carers Network", ["health", "disability"], "Support, breaks and advice for unpaid carers."),
        ("{place} Youth Project", ["children-young-people"], "Youth clubs, mentoring and trips for young people."),
        ("{place} Older People's Forum", ["older-people"], "Lunch clubs, outings and a friendly phone call."),
        ("{place} Refugee Welcome", ["refugees"], "Helping people seeking sanctuary settle in {place}."),
        ("{place} Advice Centre", ["poverty", "human-rights"], "Free advice on benefits, debt and housing."),
        ("{place} Hospice", ["health"], "Care for people with life-limiting illnesses and their families."),
        ("{place} Homeless Support", ["homelessness"], "Shelter, meals and a route into a home."),
        ("{place} Heritage Trust", ["heritage"], "Looking after {place}'s historic buildings and stories."),
        ("{place} Community Transport", ["older-people", "disability"], "Door-to-door minibus and car trips."),
        ("{place} Wildlife Group", ["environment"], "Volunteers caring for green spaces and wildlife."),
        ("{place} Women's Centre", ["human-rights", "mental-health"], "A safe place, courses and support."),
        ("{place} Animal Rescue", ["animals"], "Rescuing, caring for and rehoming animals."),
        ("{place} Arts Centre", ["arts-culture"], "Exhibitions, workshops and shows for everyone."),
        ("{place} Mental Health Network", ["mental-health"], "Peer support groups and wellbeing courses."),
        ("{place} Veterans' Association", ["veterans"], "Friendship and practical help for veterans."),
    ],
    OrganisationType.COMMUNITY_GROUP: [
        ("{place} Mutual Aid", ["community", "poverty"], "Neighbours helping neighbours since spring 2020."),
        ("{place} Residents' Association", ["community"], "Residents working together to improve {place}."),
        ("{place} Litter Pickers", ["environment"], "Monthly litter picks and a tidier {place}."),
        ("{place} Community Garden", ["environment", "community"], "Growing food and friendships."),
        ("{place} Good Neighbours", ["older-people", "community"], "Lifts, shopping and a chat for neighbours."),
        ("{place} Repair Café", ["environment"], "Fixing things together instead of throwing them away."),
        ("{place} Walking Group", ["sport", "mental-health"], "Friendly walks for all abilities."),
        ("{place} Community Fridge", ["poverty", "environment"], "Sharing surplus food with anyone who needs it."),
        ("{place} Parents' Group", ["children-young-people"], "Stay-and-play sessions and support for parents."),
    ],
    OrganisationType.CIO: [
        ("{place} Community Trust", ["community"], "Running the community centre and its activities."),
        ("{place} Dementia Café", ["older-people", "mental-health"], "A monthly café for people with dementia."),
        ("{place} Sports Foundation", ["sport", "children-young-people"], "Free sport for young people."),
        ("{place} Literacy Project", ["education"], "Volunteers helping children and adults read."),
        ("{place} Befriending Service", ["older-people"], "Matching lonely people with a volunteer friend."),
        ("{place} Family Support", ["children-young-people", "poverty"], "Practical help for families."),
        ("{place} Conservation Volunteers", ["environment"], "Practical conservation on local sites."),
    ],
    OrganisationType.FAITH_GROUP: [
        ("St {saint}'s Church Lunch Club", ["older-people", "faith"], "A hot lunch and company every week."),
        ("St {saint}'s Parish Church", ["faith", "community"], "A parish church open to all in {place}."),
        ("{place} Methodist Church", ["faith", "poverty"], "A church running a café and a clothes bank."),
        ("{place} Baptist Church", ["faith", "community"], "A church family serving {place}."),
        ("{place} Jamia Masjid", ["faith", "community"], "A mosque serving the community, with a food bank."),
        ("{place} Gurdwara", ["faith", "poverty"], "A gurdwara whose langar feeds anyone, every day."),
        ("{place} Hindu Mandir", ["faith", "community"], "A temple and community centre."),
        ("{place} Islamic Centre", ["faith", "children-young-people"], "Classes, youth work and food parcels."),
        ("{place} Quaker Meeting", ["faith", "refugees"], "A Quaker meeting that hosts a drop-in for asylum seekers."),
        ("{place} Hebrew Congregation", ["faith", "older-people"], "A synagogue with a welfare team."),
    ],
    OrganisationType.COUNCIL: [],  # real names from the org-id register
    OrganisationType.NHS_BODY: [
        ("{area} Teaching Hospitals NHS Trust", ["health"], "Hospitals serving {area} and beyond."),
        ("{area} Community Healthcare NHS Trust", ["health"], "Community nurses, therapists and clinics."),
        ("{area} Mental Health NHS Foundation Trust", ["mental-health", "health"], "Mental health services."),
        ("{area} and District Primary Care Network", ["health"], "GP practices working together."),
    ],
    OrganisationType.SCHOOL: [
        ("{place} Primary School", ["education", "children-young-people"], "A primary school in {place}."),
        ("St {saint}'s Catholic Primary School", ["education", "children-young-people"], "A Catholic primary."),
        ("{place} C of E Primary School", ["education", "children-young-people"], "A Church of England primary."),
        ("{place} Academy", ["education", "children-young-people"], "A secondary academy in {place}."),
        ("{place} High School", ["education", "children-young-people"], "A secondary school in {place}."),
    ],
    OrganisationType.SOCIAL_ENTERPRISE: [
        ("{place} Community Café CIC", ["community", "poverty"], "A pay-as-you-feel café."),
        ("{place} Bike Kitchen CIC", ["environment", "sport"], "Refurbishing bikes and teaching repairs."),
        ("{place} Scrapstore CIC", ["environment", "arts-culture"], "Reusing business waste for creative play."),
        ("{place} Furniture Reuse", ["poverty", "environment"], "Furniture for families setting up home."),
        ("{place} Community Energy", ["environment"], "Community-owned solar and warm homes advice."),
    ],
    OrganisationType.OTHER_PUBLIC_BODY: [
        ("{area} Magistrates' Court", ["civic", "human-rights"], "HM Courts and Tribunals Service in {area}."),
        ("{group} Police", ["civic"], "The police force for {group}."),
        ("{group} Fire and Rescue Service", ["emergency-response"], "Fire and rescue for {group}."),
    ],
}

# Combined authorities whose police force goes by another name.
POLICE_AREAS = {"Tees Valley": "Cleveland", "North East": "Northumbria", "Liverpool City Region": "Merseyside",
                "Greater London Authority": "Metropolitan", "West of England": "Avon and Somerset",
                "Cambridgeshire and Peterborough": "Cambridgeshire", "London": "Metropolitan"}


def org_name(rng: random.Random, org_type: str, *, place: str, area: str, group: str) -> tuple[str, list[str], str]:
    """A name, causes and description for an organisation of this type in this place."""
    pattern, causes, description = rng.choice(ORG_PATTERNS[org_type])
    if "Police" in pattern:
        group = POLICE_AREAS.get(group, group)
    fill = {"place": place, "area": area, "group": group or area, "saint": rng.choice(SAINTS)}
    return pattern.format(**fill), causes, description.format(**fill)
