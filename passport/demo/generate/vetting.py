"""Demo vetting records: identity checks, DBS check decisions, Update Service subscriptions, training.

About half the volunteers hold a current check, so roles that need one have people who can apply; a few
checks have lapsed, so renewal has something to do. Whether a check is current is decided by the vetting
app's own rules (passport.vetting.validity), the ones eligibility applies.
"""

import datetime as dt

from passport.accounts.models import User
from passport.demo.generate.volunteers import Made
from passport.demo.generate.world import World, bulk
from passport.vetting import validity
from passport.vetting.models import CheckLevel as L
from passport.vetting.models import (
    DbsCheck,
    IdentityCheck,
    IdentityMethod,
    Outcome,
    Qualification,
    QualificationKind,
    StatusResult,
    UpdateServiceSubscription,
    Workforce,
)
from passport.vetting.selectors import rules
from passport.volunteers.models import age_on

CURRENT, LAPSED, REFUSED = 0.44, 0.06, 0.015
LEVELS = {L.BASIC: 30, L.STANDARD: 8, L.ENHANCED: 27, L.ENHANCED_ADULTS_BARRED: 12, L.ENHANCED_CHILDREN_BARRED: 13,
          L.ENHANCED_BOTH_BARRED: 10}
WORKFORCE = {L.ENHANCED_ADULTS_BARRED: Workforce.ADULT, L.ENHANCED_CHILDREN_BARRED: Workforce.CHILD,
             L.ENHANCED_BOTH_BARRED: Workforce.BOTH}
IDENTITY = {IdentityMethod.DOCUMENTS_IN_PERSON: 45, IdentityMethod.GOV_UK_ONE_LOGIN: 30,
            IdentityMethod.DOCUMENTS_VIDEO: 15, IdentityMethod.DIGITAL_IDENTITY: 10}
UPDATE_SERVICE = 0.35  # of enhanced checks
SKILL_TRAINING = {"first-aid": QualificationKind.FIRST_AID, "food-hygiene": QualificationKind.FOOD_HYGIENE,
                  "manual-handling": QualificationKind.MANUAL_HANDLING, "minibus-driving": QualificationKind.DRIVING_D1,
                  "sandbagging": QualificationKind.WATER_SAFETY}


def _level(world: World, age: int) -> str:
    if age < 18:
        return L.BASIC
    return world.rng.choices(list(LEVELS), weights=list(LEVELS.values()))[0]


def create(world: World, made: Made, officer: User) -> dict[str, int]:
    """Record checks in bulk; returns volunteer id -> rank of their best current check (see validity)."""
    rng, today, years = world.rng, world.today, rules().default_refresh_years
    identities, checks, subscriptions, training = [], [], [], []
    best: dict[str, int] = {}
    for v in made.volunteers:
        age = age_on(v.date_of_birth, today)
        roll = rng.random()
        if roll >= CURRENT + LAPSED + REFUSED:
            if rng.random() < 0.1:  # identity checked, DBS check still with the DBS
                identities.append(IdentityCheck(volunteer=v, method=_pick(world, IDENTITY), officer=officer,
                                                checked_on=today - dt.timedelta(days=rng.randint(2, 30))))
            continue
        level = _level(world, age)
        lapsed = CURRENT <= roll < CURRENT + LAPSED
        refused = roll >= CURRENT + LAPSED
        subscribed = level.startswith("enhanced") and not (lapsed or refused) and rng.random() < UPDATE_SERVICE
        # Current checks were issued at least 100 days ago, so volunteers held them when they applied; the
        # Update Service keeps an older certificate current.
        if lapsed:
            age_days = rng.randint(365 * years + 30, 365 * (years + 2))
        else:
            age_days = rng.randint(100, 365 * (years + 3) if subscribed else 365 * years - 20)
        issued = today - dt.timedelta(days=age_days)
        outcome = Outcome.SUITABLE if not refused else rng.choice([Outcome.NOT_SUITABLE, Outcome.REFERRED])
        workforce = WORKFORCE.get(level) or (rng.choice([Workforce.ADULT, Workforce.CHILD, Workforce.BOTH])
                                             if level == L.ENHANCED else Workforce.OTHER)
        check = DbsCheck(volunteer=v, level=level, workforce=workforce, issued_on=issued, outcome=outcome,
                         certificate_number=f"00{rng.randrange(10**10):010d}", officer=officer,
                         decided_at=world.ago((today - issued).days - rng.randint(1, 14)))
        checks.append(check)
        identities.append(IdentityCheck(volunteer=v, method=_pick(world, IDENTITY), officer=officer,
                                        checked_on=issued - dt.timedelta(days=rng.randint(10, 40))))
        checked = None
        if subscribed:
            checked = world.ago(rng.uniform(1, 80))
            subscriptions.append(UpdateServiceSubscription(
                volunteer=v, subscription_id=f"C{rng.randrange(10**10):010d}", dbs_check=check,
                consent_given_at=world.ago((today - issued).days), last_checked_at=checked,
                last_result=StatusResult.NO_NEW_INFORMATION,
            ))
        facts = validity.CheckFacts(level, workforce, issued, outcome, checked.date() if checked else None,
                                    StatusResult.NO_NEW_INFORMATION if checked else "")
        until = validity.valid_until(facts, rules())
        if until is not None and until >= today:
            best[str(v.id)] = max(best.get(str(v.id), 0), validity.LEVEL_RANK[level])
        if level in WORKFORCE and outcome == Outcome.SUITABLE:
            kind = (QualificationKind.SAFEGUARDING_ADULTS if workforce == Workforce.ADULT
                    else QualificationKind.SAFEGUARDING_CHILDREN)
            training.append(_training(world, v, kind, officer))
    for v in made.volunteers:
        for skill in made.skills[str(v.id)] & set(SKILL_TRAINING):
            if rng.random() < 0.6:
                training.append(_training(world, v, SKILL_TRAINING[skill], officer))
        if str(v.id) in made.reserve and rng.random() < 0.4:
            training.append(_training(world, v, QualificationKind.RESERVE_INDUCTION, officer, expires=False))
    bulk(IdentityCheck, identities)
    bulk(DbsCheck, checks)
    bulk(UpdateServiceSubscription, subscriptions)
    bulk(Qualification, training)
    return best


def _pick(world: World, weights: dict) -> str:
    return world.rng.choices(list(weights), weights=list(weights.values()))[0]


def _training(world: World, v: object, kind: str, officer: User, expires: bool = True) -> Qualification:
    issued = world.today - dt.timedelta(days=world.rng.randint(20, 1400))
    return Qualification(volunteer=v, kind=kind, issued_on=issued, recorded_by=officer,
                         expires_on=issued + dt.timedelta(days=3 * 365) if expires else None)
