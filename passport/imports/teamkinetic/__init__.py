"""Importing a TeamKinetic CSV export: volunteers, providers (organisations), opportunities and sessions.

Every file is read and checked before anything is written, so an unreadable file or a missing column imports
nothing. DBS check and hours columns are then forgotten. Each row is written in its own savepoint through the
domain services, and found again on the next run by source="teamkinetic" and source_ref = VOLID, PROVIDERID or
PLACEMENTID.
"""

from __future__ import annotations

from pathlib import Path

from passport.imports.common import ProgressFactory, import_user, no_progress, whole_run
from passport.imports.report import ImportReport, plural
from passport.imports.teamkinetic.files import (
    FILES,
    OPPORTUNITIES,
    PROVIDERS,
    SESSIONS,
    VOLUNTEERS,
    drop_never_imported,
    is_dbs_column,
    load,
    unused_columns,
)
from passport.imports.teamkinetic.opportunities import OpportunityImport
from passport.imports.teamkinetic.providers import Providers, import_providers, org_identity
from passport.imports.teamkinetic.volunteers import import_volunteers

__all__ = ["import_teamkinetic", "is_dbs_column", "load", "org_identity"]


def import_teamkinetic(
    directory: Path, *, dry_run: bool = False, progress: ProgressFactory = no_progress
) -> ImportReport:
    """Import a TeamKinetic export folder; raises FileRejected (nothing imported) if a file cannot be read."""
    tables = load(directory)
    report = ImportReport(title=f"TeamKinetic import from {directory}", dry_run=dry_run)
    found = [name for name in FILES if name in tables]
    missing = [name for name in FILES if name not in tables]
    report.preamble.append(f"Found: {', '.join(found)}." + (f" Not found: {', '.join(missing)}." if missing else ""))
    with_dbs = with_hours = 0
    for table in tables.values():
        report.file(table.name)
        dbs, hours = drop_never_imported(table)
        with_dbs, with_hours = with_dbs + dbs, with_hours + hours
        if table.encoding == "cp1252":
            report.preamble.append(
                f"{table.name} is not UTF-8: it was read as Windows-1252 (cp1252). Check accented names look right."
            )
        if unused := unused_columns(table):
            report.notes.append(f"{table.name}: these columns were not imported: {', '.join(unused)}.")
    if with_dbs:
        report.notes.append(f"{plural(with_dbs, 'row')} carried DBS check data, which was not imported: "
                            "vetting officers must record checks.")
    if with_hours:
        report.notes.append(f"{plural(with_hours, 'row')} carried volunteering hours (TOTALVOLHOURS), which were "
                            "not imported: Volunteer Passport does not import past hours yet.")

    with whole_run(dry_run):
        actor = import_user()
        import_volunteers(tables[VOLUNTEERS], report.file(VOLUNTEERS), actor, progress)
        providers = Providers()
        if PROVIDERS in tables:
            providers = import_providers(tables[PROVIDERS], report.file(PROVIDERS), actor, progress)
        opportunities = OpportunityImport(report, actor, progress, providers)
        if SESSIONS in tables:
            opportunities.read_sessions(tables[SESSIONS])
        if OPPORTUNITIES in tables:
            opportunities.import_opportunities(tables[OPPORTUNITIES])
        if SESSIONS in tables:
            opportunities.report_sessions(tables[SESSIONS])
        opportunities.add_notes()
    return report
