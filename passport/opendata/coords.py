"""British National Grid (OSGB36) eastings and northings to WGS84 latitude and longitude, for open data.

Our places are stored as BNG metres (the ONS Postcode Directory's grid reference). Open data formats want
WGS84 degrees. This is the Ordnance Survey's published method ("A guide to coordinate systems in Great
Britain", annex C for the inverse Transverse Mercator projection and section 6 for the 7-parameter Helmert
transformation from OSGB36 to WGS84), accurate to about 5 metres, far finer than a postcode centroid. It needs
no PROJ grid files and gives the same answer on every machine; the tests compare it with pyproj when installed.
"""

import math

# Airy 1830 ellipsoid and the National Grid's projection (OS guide, tables A.1 and A.2)
_AIRY_A, _AIRY_B = 6377563.396, 6356256.909
_F0 = 0.9996012717
_LAT0, _LON0 = math.radians(49), math.radians(-2)
_E0, _N0 = 400000.0, -100000.0
# GRS80 / WGS84 ellipsoid
_WGS_A, _WGS_B = 6378137.000, 6356752.3141
# OSGB36 -> WGS84 Helmert parameters: metres, parts per million, arc seconds (the OS guide's WGS84 -> OSGB36
# parameters with their signs reversed)
_TX, _TY, _TZ = 446.448, -125.157, 542.060
_S = -20.4894e-6
_RX, _RY, _RZ = (math.radians(v / 3600) for v in (0.1502, 0.2470, 0.8421))


def _meridional_arc(lat: float) -> float:
    n = (_AIRY_A - _AIRY_B) / (_AIRY_A + _AIRY_B)
    d, s = lat - _LAT0, lat + _LAT0
    return _AIRY_B * _F0 * (
        (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * d
        - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
        + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
        - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
    )


def _grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    """Inverse Transverse Mercator on the Airy ellipsoid: radians of latitude and longitude."""
    a, e2 = _AIRY_A, 1 - (_AIRY_B**2) / (_AIRY_A**2)
    lat = (northing - _N0) / (a * _F0) + _LAT0
    m = _meridional_arc(lat)
    while abs(northing - _N0 - m) >= 0.00001:  # to 0.01 mm
        lat += (northing - _N0 - m) / (a * _F0)
        m = _meridional_arc(lat)
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * _F0 / math.sqrt(1 - e2 * sin_lat**2)
    rho = a * _F0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    sec = 1 / cos_lat
    t2, t4, t6 = tan_lat**2, tan_lat**4, tan_lat**6
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * t2)
    xii = sec / (120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * t6)
    de = easting - _E0
    return (
        lat - vii * de**2 + viii * de**4 - ix * de**6,
        _LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7,
    )


def _to_cartesian(lat: float, lon: float, a: float, b: float) -> tuple[float, float, float]:
    e2 = 1 - b**2 / a**2
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (nu * math.cos(lat) * math.cos(lon), nu * math.cos(lat) * math.sin(lon), (1 - e2) * nu * math.sin(lat))


def _from_cartesian(x: float, y: float, z: float, a: float, b: float) -> tuple[float, float]:
    e2 = 1 - b**2 / a**2
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) in WGS84 degrees of a British National Grid point, rounded to 6 places."""
    lat, lon = _grid_to_osgb36(easting, northing)
    x, y, z = _to_cartesian(lat, lon, _AIRY_A, _AIRY_B)
    k = 1 + _S
    x2 = _TX + k * x - _RZ * y + _RY * z
    y2 = _TY + _RZ * x + k * y - _RX * z
    z2 = _TZ - _RY * x + _RX * y + k * z
    lat, lon = _from_cartesian(x2, y2, z2, _WGS_A, _WGS_B)
    return round(math.degrees(lat), 6), round(math.degrees(lon), 6)


def postcode_centre(postcode: str, easting: float | None, northing: float | None) -> tuple[float, float] | None:
    """The published WGS84 centre of a postcode, or None. Northern Ireland (BT) postcodes get none: the ONS
    Postcode Directory gives their grid references on the Irish Grid, not the British one, and licenses their
    data separately from the OGL for Great Britain."""
    if easting is None or northing is None or not postcode or postcode.upper().startswith("BT"):
        return None
    return bng_to_wgs84(easting, northing)
