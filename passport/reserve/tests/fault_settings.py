"""Settings for the crash tests' processes only: the service's settings, plus the fault-injection point to die at
(reserve.services._test_fault_point), the wave's by default. Never used by the service."""

import os

from passport.settings import *  # noqa: F403

RESERVE_TEST_FAULT = os.environ.get("RESERVE_TEST_FAULT", "reserve.wave_before_commit")
