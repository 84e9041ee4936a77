"""`passport demo`: a working Volunteer Passport with a believable country of data, in one command."""

import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from passport.activity.models import HoursEntry
from passport.core.models import LocalAuthority
from passport.demo import areas, personas, reset
from passport.demo import hours as demo_hours
from passport.demo import reserve as demo_reserve
from passport.demo import support as demo_support
from passport.demo.generate import ALL_LETTERS, generate
from passport.opportunities.models import Application, Opportunity
from passport.organisations.models import Organisation
from passport.reserve.models import Incident
from passport.support.models import SupportTask
from passport.vetting.models import DbsCheck
from passport.volunteers.models import Volunteer

IMD_FILE = "imd2019_england_lsoa.csv"  # English Indices of Deprivation 2019 by LSOA, in GEO_DATA_DIR


class Command(BaseCommand):
    help = (
        "Run the demo: create or update the database tables, load local authority names, create demo data "
        "unless it is already there (thousands of volunteers at real English postcodes with their DBS checks, "
        "organisations of every kind, opportunities and applications; the same every time for a given seed), "
        "run the journeys through the real services (a flood called out, filled and stood down; a prescription "
        "collected; hours logged, confirmed and badged), refresh the impact statistics, print a single-use sign-in "
        "link for each persona (a volunteer, two coordinators, a vetting officer, a reserve controller, a GP "
        "surgery's social prescriber, an analyst and an administrator), and serve the site on "
        "http://127.0.0.1:8000."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2020, help="Seed for the random generator (default 2020)")
        parser.add_argument("--volunteers", type=int, default=5000, help="Volunteers to create (default 5000)")
        parser.add_argument("--organisations", type=int, default=300, help="Organisations to create (default 300)")
        parser.add_argument("--opportunities", type=int, default=1500, help="Opportunities to create (default 1500)")
        parser.add_argument("--applications", type=int, default=None,
                            help="Applications to aim for (default: 8 for every 3 opportunities)")
        parser.add_argument("--letters", default=ALL_LETTERS,
                            help="Only use postcodes starting with these letters, e.g. L (a quicker, regional demo)")
        parser.add_argument("--reset", action="store_true", help="Delete the demo data first, then create it again")
        parser.add_argument("--no-serve", action="store_true", help="Stop after printing the links; do not serve")
        parser.add_argument("--no-impact", action="store_true",
                            help="Do not import deprivation (IMD 2019) or refresh the impact statistics (quicker; the "
                                 "worker refreshes them within the hour, or run `passport impact_refresh`)")
        parser.add_argument("--links", action="store_true",
                            help="Only print fresh sign-in links for the personas (links work once)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["links"]:
            if not personas.exists():
                raise CommandError("There is no demo data yet. Run `passport demo` first.")
            self._links()
            return
        for size in ("volunteers", "organisations", "opportunities", "applications"):
            if (options[size] or 0) < 0:
                raise CommandError(f"--{size} must be 0 or more")
        call_command("migrate", interactive=False, verbosity=0)
        self._areas()
        if options["reset"]:
            removed = reset.wipe()
            self.stdout.write("Removed demo data: " + ", ".join(f"{n:,} {what}" for what, n in removed.items()))
        if personas.exists():
            self.stdout.write("Demo data is already loaded (run `passport demo --reset` to start again).")
        else:
            self._generate(options)
        self._summary()
        self._links()
        if not options["no_serve"]:
            call_command("serve")

    def _areas(self) -> None:
        loaded = areas.local_authorities_load()
        if loaded is None:
            path = areas.data_path(areas.LA_FILE)
            self.stdout.write(f"No local authority names at {path}: area names will show as codes.")

    def _generate(self, options: dict[str, Any]) -> None:
        self.stdout.write("Creating demo data (this takes a little while the first time)...")
        started = time.monotonic()
        org_ids, names = personas.reserved()
        with transaction.atomic():
            users = personas.people()
            made = generate(
                officer=users[personas.DAVID.email], seed=options["seed"], volunteers=options["volunteers"],
                organisations=options["organisations"], opportunities=options["opportunities"],
                applications=options["applications"], letters=options["letters"].upper(), reserved_org_ids=org_ids,
                reserved_names=names,
            )
            generated = time.monotonic()
            personas.create(users=users, seed=options["seed"])
            demo_reserve.members(seed=options["seed"], officer=users[personas.DAVID.email])
            demo_support.neighbours(officer=users[personas.DAVID.email], volunteers=list(
                Volunteer.objects.filter(source_ref__startswith="reserve-kirkstall-").select_related("user")
                .order_by("source_ref")))
        matched = time.monotonic()
        self._match(users.get("sam@example.org"))
        steps = {**made.seconds, "personas": matched - generated, "matching": time.monotonic() - matched}
        steps.update(self._journeys(users, options["seed"]))
        if not options["no_impact"]:
            steps.update(self._impact())
        self.stdout.write(f"Created demo data in {time.monotonic() - started:.1f} s ("
                          + ", ".join(f"{step} {seconds:.1f}" for step, seconds in steps.items()) + ").")

    def _journeys(self, users: dict[str, Any], seed: int) -> dict[str, float]:
        """The reserve and hours journeys through the real services; returns how long each took."""
        from passport.activity import services as activity

        seconds = {}
        started = time.monotonic()
        council = Organisation.objects.get(source_ref="persona-council")
        food_bank = Organisation.objects.get(source_ref="persona-food-bank")
        aisha = Volunteer.objects.select_related("user").get(user__email=personas.AISHA.email)
        journey = demo_reserve.flood(controller=users[personas.FIONA.email], seed=seed, avoid=(aisha.pk,))
        reserve_entries = activity.callout_entries_create()
        self.stdout.write(journey.line())
        seconds["reserve"] = time.monotonic() - started
        started = time.monotonic()
        errand = demo_support.errand(referrer=users[personas.PRIYA.email],
                                     organisation=Organisation.objects.get(source_ref="persona-surgery"),
                                     avoid=(aisha.pk,))
        self.stdout.write(errand.line())
        seconds["support"] = time.monotonic() - started
        started = time.monotonic()
        made = demo_hours.generate(seed=seed, exclude_organisations=[council, food_bank])
        mine = demo_hours.personas(aisha=aisha, rachel=users[personas.RACHEL.email],
                                   bernard=users[personas.BERNARD.email], council=council, food_bank=food_bank)
        self.stdout.write(
            f"Hours: {made.entries:,} entries by {made.volunteers:,} volunteers ({made.confirmed:,} confirmed, "
            f"{made.pending:,} waiting, {made.queried:,} queried), {made.milestones:,} milestone badges for Leeds "
            f"volunteers; "
            f"{reserve_entries} reserve call-outs wait for {council.name} to confirm. Aisha has "
            f"{mine['statement'].total_hours} confirmed hours, {len(mine['badges'])} badges and a signed statement; "
            f"{demo_hours.pending_for(food_bank)} entries, hers among them, wait for Bernard.")
        seconds["hours"] = time.monotonic() - started
        return seconds

    def _impact(self) -> dict[str, float]:
        """Deprivation by LSOA when the file is there, then the statistics and index the impact pages show."""
        if not apps.is_installed("passport.impact"):
            return {}
        started = time.monotonic()
        self._deprivation()
        deprivation = time.monotonic() - started
        from passport.impact.refresh import refresh_all

        report = refresh_all()
        notes = "".join(f" {note}" for note in report.notes)
        self.stdout.write(f"Impact: {report.statistics:,} statistics and {report.index_scores:,} index scores "
                          f"refreshed for the national and local authority pages.{notes}")
        return {"deprivation": deprivation, "impact": time.monotonic() - started - deprivation}

    def _deprivation(self) -> None:
        """Import the IMD 2019 file from the shared data folder once; the demo carries on without it."""
        try:
            from passport.imports.csvfiles import FileRejected
            from passport.imports.imd import import_imd
        except ImportError:
            return
        from passport.impact.models import Area, AreaType

        path = areas.data_path(IMD_FILE)
        if not path.is_file():
            self.stdout.write(f"No deprivation file at {path}: the demo carries on without it.")
            return
        if Area.objects.filter(type=AreaType.LSOA, imd_rank__isnull=False).exists():
            return  # imported by an earlier run: areas are not demo data, so `--reset` keeps them
        try:
            self.stdout.write(import_imd(path).render().strip())
        except FileRejected as error:
            self.stdout.write(f"Deprivation not imported: {error}")

    def _match(self, actor: Any) -> Any:
        """A first matching round, so volunteers have offers and coordinators proposals to see."""
        from passport.matching import services as matching

        matching_round = matching.round_request(actor=actor)
        matching_round = matching.round_run(round_id=matching_round.pk, in_process=True)
        figures = (matching_round.report or {}).get("round", {})
        self.stdout.write(f"Matching round: {matching_round.get_status_display().lower()}, "
                          f"{figures.get('places_filled', 0):,} of {figures.get('places', 0):,} places offered.")
        return matching_round

    def _summary(self) -> None:
        def by_status(model: Any) -> str:
            counts = dict(model.objects.values_list("status").annotate(n=Count("pk")))
            return ", ".join(f"{label.lower()} {counts.get(value, 0):,}" for value, label in
                             model._meta.get_field("status").choices)

        rows = [
            ("Local authorities", f"{LocalAuthority.objects.count():,}"),
            ("Volunteers", f"{Volunteer.objects.count():,}"),
            ("DBS checks", f"{DbsCheck.objects.count():,}"),
            ("Organisations", f"{Organisation.objects.count():,}"),
            ("Opportunities", f"{Opportunity.objects.count():,} ({by_status(Opportunity)})"),
            ("Applications", f"{Application.objects.count():,} ({by_status(Application)})"),
            ("Hours entries", f"{HoursEntry.objects.count():,} ({by_status(HoursEntry)})"),
            ("Reserve incidents", f"{Incident.objects.count():,} ({by_status(Incident)})"),
            ("Support tasks", f"{SupportTask.objects.count():,} ({by_status(SupportTask)})"),
        ]
        self.stdout.write("")
        for label, value in rows:
            self.stdout.write(f"  {label:<18} {value}")

    def _links(self) -> None:
        issued = personas.links()
        self.stdout.write("")
        self.stdout.write("Sign in as one of these people. Each link works once, within 24 hours;")
        self.stdout.write("`passport demo --links` prints fresh ones.")
        for persona, url in issued:
            self.stdout.write(f"  {persona.role:<34} {persona.name:<15} {url}")
        self.stdout.write("")
        self.stdout.write(f"Every email and text the service sends lands in the outbox: {settings.SITE_URL}/outbox")
