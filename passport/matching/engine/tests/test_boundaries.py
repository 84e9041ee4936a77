"""The engine stands alone: no Django, and inputs are checked at the door."""

import subprocess
import sys

import numpy as np
import pytest

from passport.matching.engine import Opportunities, Volunteers


def test_importing_the_engine_loads_no_part_of_django():
    code = (
        "import sys, passport.matching.engine, passport.matching.engine.solve, passport.matching.engine.report;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_negative_or_missing_grid_reference_means_no_location():
    vols = Volunteers(id=[1, 2, 3], easting=[-1, np.nan, 400_000], northing=[-1, 300_000, 300_000])
    assert vols.located.tolist() == [False, False, True]


def test_an_opportunity_without_a_location_is_remote():
    opps = Opportunities(id=[1, 2], easting=[np.nan, 400_000], northing=[np.nan, 300_000])
    assert opps.remote.tolist() == [True, False]


def test_defaults_fill_every_field_with_its_documented_value():
    vols = Volunteers(id=[7])
    assert (vols.capacity[0], vols.max_travel_m[0], bool(vols.remote_ok[0])) == (1, 16_093.0, True)
    assert vols.skills.dtype == np.uint64 and vols.availability.dtype == np.uint32


def test_arrays_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError, match="skills"):
        Volunteers(id=[1, 2], skills=[1])


def test_an_unknown_stream_code_is_refused():
    with pytest.raises(ValueError, match="stream"):
        Opportunities(id=[1], stream=[9])
