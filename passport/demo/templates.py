"""Opportunity templates: what organisations of each kind ask volunteers to do, in their own words."""

from dataclasses import dataclass

from passport.core.choices import DbsLevel
from passport.opportunities.models import OpportunityStream as S
from passport.opportunities.models import PublicServiceRole as R
from passport.organisations.models import OrganisationType as T

CHARITIES = frozenset({T.REGISTERED_CHARITY, T.CIO})
GRASSROOTS = frozenset({T.COMMUNITY_GROUP, T.FAITH_GROUP})
VOLUNTARY = CHARITIES | GRASSROOTS | {T.SOCIAL_ENTERPRISE}
# Who runs emergency and environmental responses locally: councils and charities (the NHS has its own).
LOCAL_RESPONDERS = frozenset({T.COUNCIL}) | CHARITIES


@dataclass(frozen=True)
class Template:
    title: str
    cause: str
    stream: str
    text: str  # may use {org} and {place}
    required: tuple[str, ...] = ()
    desirable: tuple[str, ...] = ()
    dbs: str = DbsLevel.NONE
    min_age: int = 16
    types: frozenset[str] = VOLUNTARY
    name_has: str = ""  # only organisations whose name contains this (a police force, a court)
    schedule: str = "weekly"  # weekly, shifts or flexible
    when: str = "daytime"  # key of WHEN in generate.opportunities
    places: tuple[int, int] = (1, 4)
    remote_ok: bool = False
    role: str = R.NONE
    youth: bool = False  # may be offered as a paid youth placement
    weight: float = 1.0


TEMPLATES: list[Template] = [
    # Community support: help for people in crisis, near where the volunteer lives.
    Template("Shopping and prescription collection volunteer", "older-people", S.COMMUNITY,
             "Collect shopping and prescriptions for neighbours in {place} who cannot get out. You choose the "
             "requests that suit you and we match you with people close to home.",
             ("shopping-errands",), ("driving",), DbsLevel.BASIC, 18, VOLUNTARY, schedule="flexible",
             places=(3, 12), weight=2),
    Template("Telephone befriender", "older-people", S.COMMUNITY,
             "Make a friendly weekly phone call to an older person who lives alone. Calls last about half an hour "
             "and you can make them from home; we give you training and a named contact at {org}.",
             ("befriending",), ("dementia-care",), DbsLevel.BASIC, 18, VOLUNTARY | {T.COUNCIL},
             schedule="flexible", when="any", places=(2, 10), remote_ok=True, weight=2),
    Template("Befriending visitor for an older neighbour", "older-people", S.COMMUNITY,
             "Visit the same older person in {place} for an hour or two each week: a cup of tea, a walk, a game "
             "of cards. Many of the people we support have nobody else who visits.",
             ("befriending",), ("dementia-care",), DbsLevel.ENHANCED, 18, places=(1, 6), weight=1.5),
    Template("Volunteer driver for hospital appointments", "health", S.COMMUNITY,
             "Drive people who cannot use public transport to hospital and GP appointments, using your own car. "
             "We pay 45p a mile and book every journey in advance.",
             ("driving",), ("customer-service",), DbsLevel.BASIC, 21, VOLUNTARY | {T.NHS_BODY},
             places=(2, 8)),
    Template("Hot meals delivery driver", "poverty", S.COMMUNITY,
             "Deliver hot meals from our kitchen to people recovering at home in {place}. A round takes about two "
             "hours and you will often be the only person they see that day.",
             ("driving",), ("food-hygiene",), DbsLevel.BASIC, 18, places=(2, 6)),
    Template("Check-in caller for people who are shielding", "health", S.COMMUNITY,
             "Call people who are shielding to check they have food, medicine and someone to talk to, and pass on "
             "anything urgent to our duty worker.",
             ("befriending",), ("mental-health",), DbsLevel.BASIC, 18, VOLUNTARY | {T.COUNCIL, T.NHS_BODY},
             schedule="flexible", when="any", places=(3, 15), remote_ok=True),
    Template("Dog walker for housebound owners", "animals", S.COMMUNITY,
             "Walk the dogs of people who are ill or recovering, so they can keep their companion at home.",
             (), ("animal-care",), DbsLevel.BASIC, 16, schedule="flexible", places=(1, 5), youth=True),
    # General volunteering.
    Template("Food bank volunteer: sorting and packing", "poverty", S.GENERAL,
             "Sort donations, check dates and pack food parcels at {org}. No experience needed: you will work "
             "alongside a friendly team and it is a good way to meet people in {place}.",
             (), ("manual-handling", "food-hygiene"), places=(4, 12), youth=True, weight=2.5),
    Template("Food bank welcome team", "poverty", S.GENERAL,
             "Greet people when they arrive, offer a hot drink and a listening ear, and help them get advice on "
             "benefits, debt or energy bills.",
             (), ("customer-service", "befriending"), DbsLevel.BASIC, 18, places=(2, 6), weight=1.5),
    Template("Charity shop assistant", "community", S.GENERAL,
             "Serve customers, sort and price donations and dress the window in our shop. Every sale funds our "
             "work in {place}.",
             (), ("retail", "customer-service"), types=CHARITIES, places=(2, 8), youth=True),
    Template("Homework club helper", "education", S.GENERAL,
             "Help children aged 8 to 14 with reading, maths and homework after school. You do not need to be a "
             "teacher, just patient and encouraging.",
             ("teaching",), ("mentoring",), DbsLevel.ENHANCED_BARRED, 18, VOLUNTARY | {T.SCHOOL},
             when="evenings", places=(2, 6)),
    Template("Youth club session volunteer", "children-young-people", S.GENERAL,
             "Help run our evening youth club: sport, games, cooking and a safe place to be. You will work with "
             "our qualified youth workers.",
             (), ("youth-work", "sports-coaching"), DbsLevel.ENHANCED_BARRED, 18, when="evenings",
             places=(2, 5)),
    Template("Reading volunteer", "education", S.GENERAL,
             "Listen to children read for an hour a week during the school day. It makes a measurable difference "
             "to children who do not read at home.",
             (), ("teaching",), DbsLevel.ENHANCED_BARRED, 18, frozenset({T.SCHOOL}), when="weekday_mornings",
             places=(2, 8), weight=2),
    Template("Careers mentor for Year 11 students", "education", S.GENERAL,
             "Meet a student six times over the year to talk about their plans, practise interviews and open "
             "doors to work experience.",
             ("mentoring",), ("hr",), DbsLevel.ENHANCED, 21, frozenset({T.SCHOOL}), places=(3, 10)),
    Template("Digital skills buddy", "education", S.GENERAL,
             "Help people get online: set up email, video-call family, book GP appointments and stay safe from "
             "scams. Sessions are one to one and relaxed.",
             ("digital-skills",), ("it-support",), DbsLevel.BASIC, 16, VOLUNTARY | {T.COUNCIL},
             places=(2, 6), youth=True),
    Template("English conversation club host", "refugees", S.GENERAL,
             "Chat with people learning English over tea and biscuits. Speaking another language helps but is not "
             "needed.",
             (), ("teaching", "translation"), DbsLevel.BASIC, 18, when="evenings", places=(2, 6)),
    Template("Community garden volunteer", "environment", S.GENERAL,
             "Grow vegetables, build raised beds and keep the paths tidy at our garden in {place}. Tools, gloves "
             "and tea provided.",
             (), ("gardening",), when="weekend", places=(3, 15), youth=True, weight=1.5),
    Template("Repair café fixer", "environment", S.GENERAL,
             "Fix lamps, toasters, clothes and bikes with their owners, and show them how, at our monthly repair "
             "café.",
             ("diy",), ("it-support",), when="saturday", places=(2, 8)),
    Template("Social media volunteer", "community", S.GENERAL,
             "Tell {org}'s story: plan posts, take photos at events and answer messages. A few hours a week from "
             "home.",
             ("marketing",), ("photography",), schedule="flexible", when="any", remote_ok=True, places=(1, 2),
             youth=True),
    Template("Bookkeeping volunteer", "community", S.GENERAL,
             "Keep our accounts up to date, reconcile the bank and prepare figures for the trustees each quarter.",
             ("bookkeeping",), ("data-analysis",), schedule="flexible", when="any", remote_ok=True, places=(1, 1)),
    Template("Website volunteer", "community", S.GENERAL,
             "Look after our website: keep opening times and events up to date and make it work well on phones "
             "and with screen readers.",
             ("web-development",), ("marketing",), schedule="flexible", when="any", remote_ok=True, places=(1, 1)),
    Template("Data volunteer: show our impact", "community", S.GENERAL,
             "Turn our attendance records into clear charts for funders, and help us decide what to count.",
             ("data-analysis",), ("research",), schedule="flexible", when="any", remote_ok=True, places=(1, 1)),
    Template("Fundraising events volunteer", "community", S.GENERAL,
             "Help at our fun run, quiz nights and bucket collections: stewarding, selling raffle tickets and "
             "cheering people on.",
             (), ("fundraising", "event-stewarding"), types=CHARITIES, schedule="shifts", when="weekend",
             places=(5, 20), youth=True),
    Template("Ward volunteer", "health", S.GENERAL,
             "Spend time with patients on the wards: chat, help at mealtimes and run errands so nurses can nurse.",
             (), ("customer-service", "befriending"), DbsLevel.ENHANCED, 18, frozenset({T.NHS_BODY}),
             schedule="shifts", places=(4, 15), weight=2),
    Template("Hospital welcome and wayfinding volunteer", "health", S.GENERAL,
             "Welcome patients and visitors at the main entrance and show them the way to clinics and wards.",
             (), ("customer-service",), DbsLevel.BASIC, 16, frozenset({T.NHS_BODY}), when="weekday_mornings",
             places=(4, 12), youth=True, weight=2),
    Template("Chaplaincy visitor", "faith", S.GENERAL,
             "Visit patients of any faith or none who would like company or someone to pray with.",
             (), ("befriending",), DbsLevel.ENHANCED, 18, frozenset({T.NHS_BODY, T.FAITH_GROUP}), places=(1, 4)),
    Template("Dementia café host", "older-people", S.GENERAL,
             "Welcome people living with dementia and their carers to our monthly café: music, reminiscence and "
             "good cake.",
             (), ("dementia-care", "cooking"), DbsLevel.BASIC, 18, places=(2, 6)),
    Template("Peer support group facilitator", "mental-health", S.GENERAL,
             "Co-facilitate a weekly peer support group for people living with anxiety or depression. Lived "
             "experience welcome; full training given.",
             ("mental-health",), ("counselling",), DbsLevel.ENHANCED, 21, VOLUNTARY | {T.NHS_BODY},
             when="evenings", places=(1, 3)),
    Template("Walking football coach", "sport", S.GENERAL,
             "Run friendly walking football sessions for over-50s in {place}: warm-ups, games and a brew after.",
             ("sports-coaching",), ("first-aid",), DbsLevel.BASIC, 18, when="daytime", places=(1, 3)),
    Template("Junior football coach", "sport", S.GENERAL,
             "Coach our under-10s on Saturday mornings. We pay for your FA introductory coaching course.",
             ("sports-coaching",), ("first-aid", "youth-work"), DbsLevel.ENHANCED_BARRED, 18,
             VOLUNTARY | {T.SCHOOL}, when="saturday", places=(1, 4), youth=True),
    Template("Heritage tour guide", "heritage", S.GENERAL,
             "Lead visitors around {place}'s historic buildings and share the stories we have collected.",
             (), ("public-speaking", "research"), when="weekend", places=(2, 6)),
    Template("Arts workshop assistant", "arts-culture", S.GENERAL,
             "Set up materials and support participants at our family art workshops.",
             (), ("arts-crafts",), DbsLevel.ENHANCED, 18, when="weekend", places=(2, 6), youth=True),
    Template("Advice line volunteer", "poverty", S.GENERAL,
             "Answer calls to our advice line and help people with benefits, debt and housing questions, with a "
             "supervisor on hand.",
             (), ("legal", "customer-service"), DbsLevel.BASIC, 18, CHARITIES, remote_ok=True, places=(2, 8)),
    Template("Night shelter volunteer", "homelessness", S.GENERAL,
             "Set up beds, cook an evening meal and stay overnight as one of a team of three at our winter night "
             "shelter.",
             (), ("cooking", "first-aid"), DbsLevel.ENHANCED, 18, schedule="shifts", when="evenings",
             places=(6, 20)),
    Template("Soup kitchen cook", "homelessness", S.GENERAL,
             "Cook and serve a hot meal for up to 60 guests. Ingredients are donated, so every week is different.",
             ("cooking",), ("food-hygiene",), when="evenings", places=(2, 6)),
    Template("Refugee welcome mentor", "refugees", S.GENERAL,
             "Help a newly arrived family find their feet: registering with a GP, school places, bus routes and "
             "the best market in {place}.",
             ("mentoring",), ("translation",), DbsLevel.ENHANCED, 21, places=(2, 8)),
    Template("Interpreter for advice sessions", "refugees", S.GENERAL,
             "Interpret at our weekly advice sessions so people can explain their situation in their own language.",
             ("translation",), ("legal",), DbsLevel.BASIC, 18, places=(1, 4)),
    Template("Kennel and cattery assistant", "animals", S.GENERAL,
             "Clean, feed and socialise the animals in our care, and help with the weekend open days.",
             (), ("animal-care",), when="weekend", places=(3, 10), youth=True),
    Template("Veterans' breakfast club host", "veterans", S.GENERAL,
             "Welcome veterans to our monthly breakfast club, make the tea and make sure nobody sits alone.",
             (), ("cooking", "befriending"), when="saturday", places=(1, 3)),
    Template("Lunch club helper", "older-people", S.GENERAL,
             "Serve a two-course lunch to older people in {place}, wash up and join in the quiz afterwards.",
             (), ("cooking", "food-hygiene"), DbsLevel.BASIC, 16, GRASSROOTS | CHARITIES, when="weekday_daytime",
             places=(2, 8), weight=2),
    Template("Langar and community kitchen volunteer", "faith", S.GENERAL,
             "Prepare and serve free meals for anyone who comes, whatever their faith.",
             (), ("cooking", "food-hygiene"), types=frozenset({T.FAITH_GROUP}), schedule="shifts", when="weekend",
             places=(5, 20)),
    Template("Library home delivery volunteer", "older-people", S.GENERAL,
             "Choose and deliver library books to readers who cannot get to the library, and stay for a chat.",
             ("driving",), ("befriending",), DbsLevel.ENHANCED, 18, frozenset({T.COUNCIL}), places=(2, 8)),
    Template("Warm space host", "poverty", S.GENERAL,
             "Welcome people to a warm, free place to spend winter afternoons, with hot drinks and board games.",
             (), ("customer-service", "befriending"), DbsLevel.BASIC, 16,
             frozenset({T.COUNCIL, T.FAITH_GROUP, T.COMMUNITY_GROUP}), when="weekday_daytime", places=(3, 10)),
    # National Volunteer Reserve: emergencies and environmental projects.
    Template("Flood response volunteer", "emergency-response", S.RESERVE,
             "Join the reserve team that fills and lays sandbags, moves furniture upstairs and helps clear up "
             "after floods in and around {place}. We call you out only when needed.",
             (), ("sandbagging", "manual-handling"), DbsLevel.NONE, 18, LOCAL_RESPONDERS, schedule="shifts",
             when="any", places=(20, 60), weight=1.5),
    Template("Vaccination centre steward", "health", S.RESERVE,
             "Welcome people, manage queues and keep the flow moving at vaccination clinics, on shifts that suit "
             "you.",
             (), ("vaccination-support", "event-stewarding"), DbsLevel.BASIC, 18,
             frozenset({T.NHS_BODY, T.COUNCIL}), schedule="shifts", when="any", places=(10, 40), weight=2),
    Template("Emergency rest centre volunteer", "emergency-response", S.RESERVE,
             "Help run a rest centre for people evacuated from their homes: registration, hot drinks, bedding and "
             "a calm presence.",
             (), ("first-aid", "customer-service"), DbsLevel.BASIC, 18, LOCAL_RESPONDERS, schedule="shifts", when="any",
             places=(10, 30), weight=2),
    Template("Community resilience volunteer: winter checks", "older-people", S.RESERVE,
             "In cold snaps and power cuts, check on vulnerable residents near you and report anyone who needs "
             "help.",
             (), ("befriending", "driving"), DbsLevel.BASIC, 18, LOCAL_RESPONDERS | GRASSROOTS, schedule="flexible",
             when="any", places=(10, 40)),
    Template("Tree planting day", "environment", S.RESERVE,
             "Plant native trees with the reserve's environmental team. Spades, gloves and lunch provided.",
             (), ("gardening", "manual-handling"), DbsLevel.NONE, 16, LOCAL_RESPONDERS | GRASSROOTS,
             schedule="shifts", when="weekend", places=(10, 50), youth=True),
    Template("River clean-up crew", "environment", S.RESERVE,
             "Pull litter and invasive plants from the river in waders, with the reserve's environmental team.",
             (), ("manual-handling",), DbsLevel.NONE, 18, LOCAL_RESPONDERS | GRASSROOTS, schedule="shifts",
             when="weekend", places=(10, 30)),
    Template("Lowland search support volunteer", "emergency-response", S.RESERVE,
             "Support police-led searches for missing people in towns and countryside, after training with us.",
             ("search-rescue",), ("first-aid", "driving"), DbsLevel.STANDARD, 18, LOCAL_RESPONDERS,
             schedule="flexible", when="any", places=(5, 20)),
    Template("Emergency food distribution driver", "emergency-response", S.RESERVE,
             "Deliver emergency food and supplies to people cut off by floods, snow or an outbreak.",
             ("driving",), ("logistics",), DbsLevel.BASIC, 21, LOCAL_RESPONDERS, schedule="flexible",
             when="any", places=(5, 20)),
    # Public service: formal civic roles.
    Template("Magistrate", "civic", S.PUBLIC_SERVICE,
             "Sit as one of three magistrates deciding cases in {place}'s court, at least 13 days a year. No legal "
             "experience is needed: a legal adviser supports every bench and you are fully trained.",
             (), ("legal", "public-speaking"), DbsLevel.BASIC, 18, frozenset({T.OTHER_PUBLIC_BODY}),
             name_has="Magistrates", when="weekday_daytime", places=(2, 8), role=R.MAGISTRATE, weight=4),
    Template("Special constable", "civic", S.PUBLIC_SERVICE,
             "Volunteer as a police officer with the same powers as regular officers, for at least 16 hours a "
             "month, after training on evenings and weekends.",
             (), ("first-aid", "driving"), DbsLevel.ENHANCED, 18, frozenset({T.OTHER_PUBLIC_BODY}),
             name_has="Police", schedule="shifts", when="any", places=(5, 20), role=R.SPECIAL_CONSTABLE, weight=4),
    Template("Independent custody visitor", "human-rights", S.PUBLIC_SERVICE,
             "Make unannounced visits to police custody to check that detainees are treated fairly.",
             (), ("legal",), DbsLevel.ENHANCED, 18, frozenset({T.OTHER_PUBLIC_BODY}), name_has="Police",
             schedule="flexible", when="any", places=(2, 6), role=R.OTHER, weight=2),
    Template("On-call firefighter support volunteer", "emergency-response", S.RESERVE,
             "Support crews at incidents with welfare, logistics and community safety visits.",
             (), ("logistics", "first-aid"), DbsLevel.STANDARD, 18, frozenset({T.OTHER_PUBLIC_BODY}),
             name_has="Fire", schedule="flexible", when="any", places=(5, 15), weight=4),
    Template("Home fire safety visitor", "older-people", S.GENERAL,
             "Visit older residents to fit smoke alarms and talk through a fire escape plan.",
             (), ("diy",), DbsLevel.ENHANCED, 18, frozenset({T.OTHER_PUBLIC_BODY}), name_has="Fire",
             places=(2, 8), weight=3),
    Template("Charity trustee", "civic", S.PUBLIC_SERVICE,
             "Join {org}'s board of trustees: six evening meetings a year to set direction, check the money and "
             "support our staff and volunteers.",
             (), ("governance", "hr", "legal"), DbsLevel.BASIC, 18, CHARITIES | {T.FAITH_GROUP, T.SOCIAL_ENTERPRISE},
             when="evenings", places=(1, 2), remote_ok=True, role=R.TRUSTEE, weight=1.5),
    Template("Treasurer (trustee)", "civic", S.PUBLIC_SERVICE,
             "Be {org}'s treasurer: oversee the budget, present the accounts and help us apply for grants.",
             ("bookkeeping",), ("governance",), DbsLevel.BASIC, 18, CHARITIES | GRASSROOTS, when="evenings",
             places=(1, 1), remote_ok=True, role=R.TRUSTEE),
    Template("School governor", "education", S.PUBLIC_SERVICE,
             "Help set the direction of {org}: meet once or twice a term, visit the school and hold the head to "
             "account. Governors need no background in education.",
             (), ("governance", "data-analysis"), DbsLevel.ENHANCED, 18, frozenset({T.SCHOOL}), when="evenings",
             places=(1, 2), role=R.SCHOOL_GOVERNOR, weight=4),
    Template("Community panel member", "human-rights", S.PUBLIC_SERVICE,
             "Sit on restorative justice panels where people who caused harm meet those affected and agree how to "
             "put things right.",
             (), ("mentoring",), DbsLevel.ENHANCED, 18, frozenset({T.COUNCIL}), when="evenings", places=(3, 10),
             role=R.OTHER),
]

FOOTERS = [
    "We pay travel expenses and give you all the training you need.",
    "Full training is given; no experience needed.",
    "You will have a named contact, regular check-ins and a thank-you party every summer.",
    "We welcome volunteers of every background, and we can adapt the role for disabilities.",
    "Come and see us before you decide: there is no obligation.",
]

APPLICATION_MESSAGES = [
    "I live nearby and I'm free most weeks.",
    "I've done something similar before and really enjoyed it.",
    "I'm retired and looking for something useful to do with my time.",
    "I'm a student and I'd like to help in the community while I study.",
    "My mum used a service like yours and I'd like to give something back.",
    "I can start straight away.",
    "I work shifts, so my availability changes, but I can give at least two sessions a month.",
    "I speak two languages, if that helps.",
]

ACCEPT_MESSAGES = [
    "Thank you! We'd love to have you. We'll ring you to arrange a first session.",
    "Welcome aboard. Please come to our induction next week; details to follow.",
    "",
]

DECLINE_MESSAGES = [
    "Thank you for applying. We've filled this role for now, but please look at our other opportunities.",
    "Thanks for your interest. This role needs someone closer by; we hope you find something nearer home.",
    "",
]
