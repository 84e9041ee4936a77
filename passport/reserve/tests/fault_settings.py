"""Settings for the crash test's worker only: the service's settings, plus the fault-injection point to die at
(reserve.services._test_fault_point). Never used by the service."""

from passport.settings import *  # noqa: F403

RESERVE_TEST_FAULT = "reserve.wave_before_commit"
