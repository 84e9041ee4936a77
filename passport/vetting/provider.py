"""DBS Update Service status checks behind one interface.

`HttpUpdateService` speaks the DBS Multiple Status Check Facility's published interface:
GET {base}/crsc/api/status/{certificate number}?dateOfBirth=DD/MM/YYYY&surname=...&hasAgreedTermsAndConditions=true
&organisationName=...&employeeForename=...&employeeSurname=...  answering XML whose <status> is one of
BLANK_NO_NEW_INFO, NON_BLANK_NO_NEW_INFO, NEW_INFO or NO_MATCH_FOUND.

We keep only whether there is new information. "NON_BLANK" (the certificate held information) is about
the content of a criminal record, so it is folded into "no new information" and never stored.
"""

import datetime as dt
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol
from xml.etree import ElementTree

from django.conf import settings

NO_NEW_INFORMATION = "no_new_information"
NEW_INFORMATION = "new_information"
NOT_FOUND = "not_found"

STATUS_MAP = {
    "BLANK_NO_NEW_INFO": NO_NEW_INFORMATION,
    "NON_BLANK_NO_NEW_INFO": NO_NEW_INFORMATION,
    "NEW_INFO": NEW_INFORMATION,
    "NO_MATCH_FOUND": NOT_FOUND,
}


class StatusCheckFailed(Exception):
    """The service could not answer (network, server error, unreadable reply); try again later."""


@dataclass(frozen=True)
class StatusResult:
    result: str  # one of NO_NEW_INFORMATION, NEW_INFORMATION, NOT_FOUND


class UpdateServiceProvider(Protocol):
    def status_check(self, certificate_number: str, surname: str, date_of_birth: dt.date) -> StatusResult: ...


class HttpUpdateService:
    def __init__(self, base_url: str, organisation: str, checker_forename: str, checker_surname: str,
                 timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.organisation = organisation
        self.checker_forename = checker_forename
        self.checker_surname = checker_surname
        self.timeout = timeout

    def status_check(self, certificate_number: str, surname: str, date_of_birth: dt.date) -> StatusResult:
        query = urllib.parse.urlencode({
            "dateOfBirth": date_of_birth.strftime("%d/%m/%Y"),
            "surname": surname.upper(),
            "hasAgreedTermsAndConditions": "true",
            "organisationName": self.organisation,
            "employeeForename": self.checker_forename,
            "employeeSurname": self.checker_surname,
        })
        url = f"{self.base_url}/crsc/api/status/{urllib.parse.quote(certificate_number)}?{query}"
        request = urllib.request.Request(url, headers={"Accept": "application/xml"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                body = response.read(64 * 1024)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise StatusCheckFailed(f"the Update Service did not answer: {error}") from None
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError:
            raise StatusCheckFailed("the Update Service sent a reply we could not read") from None
        if (root.findtext("statusCheckResultType") or "").strip() != "SUCCESS":
            raise StatusCheckFailed("the Update Service could not complete the check")
        status = (root.findtext("status") or "").strip()
        if status not in STATUS_MAP:
            raise StatusCheckFailed(f"the Update Service sent an unknown status {status[:40]!r}")
        return StatusResult(STATUS_MAP[status])


def configured_provider() -> UpdateServiceProvider | None:
    if not settings.DBS_UPDATE_SERVICE_URL:
        return None
    return HttpUpdateService(
        settings.DBS_UPDATE_SERVICE_URL, settings.DBS_UPDATE_SERVICE_ORGANISATION,
        "Volunteer", "Passport",
    )
