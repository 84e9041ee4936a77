"""Grid references become WGS84 latitude and longitude by the Ordnance Survey's published method."""

import pytest

from passport.opendata.coords import bng_to_wgs84, postcode_centre

# (easting, northing) -> (latitude, longitude) as PROJ computes them (EPSG:27700 to EPSG:4326).
KNOWN = [
    ((529090, 179645), (51.5010089, -0.1415876)),  # SW1A 1AA, Westminster
    ((430000, 433000), (53.7924539, -1.5460862)),  # Leeds
    ((326000, 673000), (55.9443222, -3.1863793)),  # Edinburgh
    ((145000, 30000), (50.1151892, -5.5682967)),  # Penzance
    ((460000, 1200000), (60.6787291, -0.9035635)),  # Shetland
]


@pytest.mark.parametrize(("grid", "expected"), KNOWN)
def test_it_places_points_across_great_britain_within_a_metre(grid, expected):
    lat, lon = bng_to_wgs84(*grid)

    assert lat == pytest.approx(expected[0], abs=1e-5)  # 1e-5 degrees is about a metre
    assert lon == pytest.approx(expected[1], abs=1e-5)


def test_it_agrees_with_pyproj_across_the_grid_when_pyproj_is_installed():
    """Over Great Britain's whole land extent: the OS series drifts only far offshore (130 m at 700 km east)."""
    pyproj = pytest.importorskip("pyproj")
    transformer = pyproj.Transformer.from_crs(27700, 4326, always_xy=True)
    for easting in range(0, 660_001, 60_000):
        for northing in range(0, 1_230_001, 123_000):
            lon, lat = transformer.transform(easting, northing)
            ours = bng_to_wgs84(easting, northing)
            assert ours == pytest.approx((lat, lon), abs=1e-5), (easting, northing)


def test_a_northern_ireland_postcode_gets_no_published_centre():
    assert postcode_centre("BT1 5GS", 333_000, 374_000) is None  # Irish Grid figures, not British
    assert postcode_centre("LS1 4DY", 430_000, 433_000) == bng_to_wgs84(430_000, 433_000)
    assert postcode_centre("LS1 4DY", None, None) is None
