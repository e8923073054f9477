"""The directory's map: neighborhood boundaries projected into numbers an inline <svg> can draw.

Drawn by the page itself, with no tile server and no script, so it costs readers nothing
beyond the HTML and never tells a third party who is looking at which part of town.
"""

import math
from dataclasses import dataclass

from .geo import boundary_rings

# A fixed drawing area; the <svg> scales it to the column with CSS, keeping the shape.
WIDTH = 800
HEIGHT = 600
PADDING = 24
# One decimal in an 800-unit box is far finer than a screen pixel and keeps paths short.
PRECISION = 1


@dataclass(frozen=True)
class MapShape:
    neighborhood: object
    path: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class NeighborhoodMap:
    shapes: list
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def _number(value):
    """Shortest text for a rounded coordinate: 12.0 -> "12", -0.0 -> "0"."""
    rounded = round(value, PRECISION)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{PRECISION}f}"


def _point(x, y):
    return f"{_number(x)},{_number(y)}"


def _signed_area_and_centroid(ring):
    """The shoelace formula; falls back to the mean of the points for a degenerate ring."""
    area2 = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area2) < 1e-12:
        return 0.0, (
            sum(x for x, _ in ring) / len(ring),
            sum(y for _, y in ring) / len(ring),
        )
    return area2 / 2, (cx / (3 * area2), cy / (3 * area2))


def _label_position(neighborhood, rings):
    """The stored center if the editor set one, else the centroid of the largest ring."""
    if neighborhood.center_longitude is not None and neighborhood.center_latitude is not None:
        return float(neighborhood.center_longitude), float(neighborhood.center_latitude)
    largest = max((_signed_area_and_centroid(ring) for ring in rings), key=lambda a: abs(a[0]))
    return largest[1]


def neighborhood_map(neighborhoods):
    """Project every bounded neighborhood with one shared projection, or None if none has one.

    Equirectangular, with longitudes shrunk by cos(mean latitude): at a city's scale this is
    indistinguishable from a proper projection, and needs no library.
    """
    bounded = []
    for neighborhood in neighborhoods:
        # GeoJSON repeats the first position at the end; "Z" closes the path without it.
        rings = [
            ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
            for ring in boundary_rings(neighborhood.boundary)
        ]
        if rings:
            bounded.append((neighborhood, rings))
    if not bounded:
        return None

    longitudes = [lon for _, rings in bounded for ring in rings for lon, _ in ring]
    latitudes = [lat for _, rings in bounded for ring in rings for _, lat in ring]
    # The middle of the area shown, so the east-west scale is right where the map is.
    shrink = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
    west, east = min(longitudes), max(longitudes)
    south, north = min(latitudes), max(latitudes)
    span_x = max((east - west) * shrink, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = min((WIDTH - 2 * PADDING) / span_x, (HEIGHT - 2 * PADDING) / span_y)
    # Centered in the box, so a tall town is not drawn hugging the left edge.
    offset_x = (WIDTH - span_x * scale) / 2
    offset_y = (HEIGHT - span_y * scale) / 2

    def project(lon, lat):
        # SVG's y axis points down; north is up on the map.
        return (
            offset_x + (lon - west) * shrink * scale,
            offset_y + (north - lat) * scale,
        )

    shapes = []
    for neighborhood, rings in bounded:
        # One subpath per ring; the template's fill-rule="evenodd" turns inner rings into holes.
        path = "".join(
            "M" + " ".join(_point(*project(lon, lat)) for lon, lat in ring) + "Z" for ring in rings
        )
        label_x, label_y = project(*_label_position(neighborhood, rings))
        shapes.append(
            MapShape(
                neighborhood=neighborhood,
                path=path,
                # A center typed outside the drawn area would put the label off the map.
                label_x=_number(min(max(label_x, PADDING), WIDTH - PADDING)),
                label_y=_number(min(max(label_y, PADDING), HEIGHT - PADDING)),
            )
        )
    return NeighborhoodMap(shapes=shapes)
