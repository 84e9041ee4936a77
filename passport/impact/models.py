"""Areas, precomputed statistics and the social infrastructure index (issue #6). Definitions: docs/impact.md.

Everything here is written by `passport.impact.refresh` (and areas by `passport.impact.areas`), read through
`passport.impact.selectors`, and shown to the public only through `passport.impact.disclosure`.
"""

from django.db import models


class AreaType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    LA = "la", "Local authority"
    LSOA = "lsoa", "Neighbourhood (LSOA)"


class Area(models.Model):
    """An ONS geography (GSS code): England, a region, a local authority district or a 2011 LSOA."""

    code = models.CharField(max_length=9, primary_key=True)
    type = models.CharField(max_length=8, choices=AreaType.choices, db_index=True)
    name = models.CharField(max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    population = models.PositiveIntegerField(default=0)
    population_source = models.CharField(max_length=200, blank=True)
    # LSOAs only: the population-weighted centroid in British National Grid metres, and deprivation (IMD 2019).
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    imd_rank = models.PositiveIntegerField(null=True, blank=True, help_text="1 is the most deprived LSOA")
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is the most deprived 10%")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["type", "name"])]

    def __str__(self) -> str:
        return self.name


class Measure(models.TextChoices):
    VOLUNTEERS_REGISTERED = "volunteers_registered", "Volunteers registered"
    VOLUNTEERS_ACTIVE = "volunteers_active", "Volunteers active"
    HOURS_CONFIRMED = "hours_confirmed", "Hours confirmed"
    VALUE_GBP = "value_gbp", "Economic value (replacement cost)"
    OPPORTUNITIES_POSTED = "opportunities_posted", "Opportunities posted"
    OPPORTUNITIES_FILLED = "opportunities_filled", "Opportunities filled"
    FILL_RATE = "fill_rate", "Fill rate"
    MEDIAN_DAYS_TO_FIRST_RESPONSE = "median_days_to_first_response", "Median days to first response"
    RESERVE_CALLOUTS = "reserve_callouts", "Reserve call-outs"
    RESERVE_MEDIAN_MINUTES_TO_FILL = "reserve_median_minutes_to_fill", "Median minutes to fill a reserve need"
    SUPPORT_TASKS = "support_tasks", "Community support tasks done"
    SUPPORT_DONE_WITHIN_24H = "support_done_within_24h", "Community support tasks done within 24 hours"
    ORGANISATIONS = "organisations", "Organisations"


# Each measure's unit and whether it is a count (suppressed below 10 itself) or derived from records (suppressed
# when fewer than 10 records lie behind it): what disclosure.protect needs to know.
MEASURE_UNITS: dict[str, tuple[str, bool]] = {
    Measure.VOLUNTEERS_REGISTERED: ("count", True),
    Measure.VOLUNTEERS_ACTIVE: ("count", True),
    Measure.HOURS_CONFIRMED: ("hours", False),
    Measure.VALUE_GBP: ("gbp", False),
    Measure.OPPORTUNITIES_POSTED: ("count", True),
    Measure.OPPORTUNITIES_FILLED: ("count", True),
    Measure.FILL_RATE: ("percent", False),
    Measure.MEDIAN_DAYS_TO_FIRST_RESPONSE: ("days", False),
    Measure.RESERVE_CALLOUTS: ("count", True),
    Measure.RESERVE_MEDIAN_MINUTES_TO_FILL: ("minutes", False),
    Measure.SUPPORT_TASKS: ("count", True),
    Measure.SUPPORT_DONE_WITHIN_24H: ("count", True),
    Measure.ORGANISATIONS: ("count", True),
}


class Dimension(models.TextChoices):
    NONE = "", "All"
    STREAM = "stream", "Stream"
    CAUSE = "cause", "Cause"
    ORG_SIZE = "org_size", "Organisation size"


class Statistic(models.Model):
    """One precomputed figure, before disclosure control. `base` is how many records it was derived from."""

    id = models.BigAutoField(primary_key=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statistics")
    period = models.CharField(max_length=7, help_text='"all", "2026", "2026-Q4" or "2026-11"')
    measure = models.CharField(max_length=40, choices=Measure.choices)
    dimension = models.CharField(max_length=10, choices=Dimension.choices, blank=True, default="")
    category = models.CharField(max_length=60, blank=True, default="")
    value = models.FloatField(null=True, blank=True)
    base = models.PositiveIntegerField(null=True, blank=True, help_text="Records a rate or median is derived from")
    count_based = models.BooleanField(default=True)
    refreshed_at = models.DateTimeField(help_text="When this value was written (unchanged values are kept)")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "measure", "dimension", "category"], name="one_statistic_per_cell"
            )
        ]
        indexes = [models.Index(fields=["measure", "period", "dimension"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.period} {self.area_id} {self.dimension}={self.category}: {self.value}"


class IndexScore(models.Model):
    """The social infrastructure index of one area for one period: each part and the score run from 0 to 100."""

    id = models.BigAutoField(primary_key=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="index_scores")
    period = models.CharField(max_length=7)
    civic_assets = models.FloatField(null=True, blank=True)
    connectedness = models.FloatField(null=True, blank=True)
    active_community = models.FloatField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    left_behind = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(null=True, blank=True, help_text="1 is the strongest social infrastructure")

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["area", "period"], name="one_index_score_per_period")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period}: {self.score}"


class PointArea(models.Model):
    """The nearest LSOA centroid to a grid point where volunteers, organisations or opportunities are. Filled by
    the refresh for points it has not seen, so locating a million volunteers is one join, not a million searches."""

    id = models.BigAutoField(primary_key=True)
    easting = models.IntegerField()
    northing = models.IntegerField()
    lsoa = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["easting", "northing"], name="one_lsoa_per_point")]

    def __str__(self) -> str:
        return f"({self.easting}, {self.northing}) in {self.lsoa_id}"


class Refresh(models.Model):
    """One completed refresh of the statistics: when, how long, and how many figures it changed. A refresh
    rewrites only the figures whose value changed, so this, not the statistics' own times, says when the
    figures were last recomputed."""

    id = models.BigAutoField(primary_key=True)
    finished_at = models.DateTimeField()
    seconds = models.FloatField()
    statistics = models.PositiveIntegerField(help_text="Statistics after the refresh")
    changed = models.PositiveIntegerField(help_text="Statistics and index scores written or removed")

    def __str__(self) -> str:
        return f"Refresh at {self.finished_at:%Y-%m-%d %H:%M}: {self.changed} changed"


class TallyCell(models.Model):
    """A running total's cell: an area (local authority or LSOA code), a period and a breakdown."""

    id = models.BigAutoField(primary_key=True)
    area_code = models.CharField(max_length=9)
    period = models.CharField(max_length=7)
    dimension = models.CharField(max_length=10, blank=True, default="")
    category = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        abstract = True


class HoursTally(TallyCell):
    """Confirmed hours, their value and the volunteers behind them, per area (local authority or LSOA), period and
    breakdown: the cells of the hours measures, kept up to date as hours are confirmed (`passport.impact.tally`) so
    the refresh need not read every hours entry. Not public on its own: the refresh copies it into Statistic."""

    hours = models.FloatField(default=0)
    value = models.FloatField(default=0, help_text="Replacement cost at the wage table of TallyState.fingerprint")
    volunteers = models.IntegerField(default=0, help_text="Volunteers with confirmed hours in this cell")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area_code", "period", "dimension", "category"], name="one_tally_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.period} {self.dimension}={self.category}: {self.hours} h"


class RegistrationTally(TallyCell):
    """Volunteers registered (not erased), per area (local authority or LSOA), period of registration and breakdown
    (stream consented to, cause chosen): the cells of "volunteers registered", kept up to date as volunteers
    register, change their streams, causes or postcode, or are erased (`passport.impact.tally`)."""

    volunteers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area_code", "period", "dimension", "category"],
                                    name="one_registration_tally_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.period} {self.dimension}={self.category}: {self.volunteers}"


class TallyState(models.Model):
    """What a tally was built from, one row per tally (1: hours, 2: registrations): the wage table and LSOAs in
    force (fingerprint), and counts of what it holds (hours: confirmed entries and their sum; registrations:
    volunteers not erased, live stream consents and cause choices), which the refresh compares with the tables."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    fingerprint = models.CharField(max_length=64)
    entries = models.BigIntegerField(default=0)
    hours = models.FloatField(default=0)
    consents = models.BigIntegerField(default=0)
    causes = models.BigIntegerField(default=0)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Hours tally of {self.entries} entries, built {self.built_at:%Y-%m-%d %H:%M}"
