"""The directory's map: inline SVG drawn from the boundaries, nothing fetched from elsewhere."""

import math
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from neighborhoods.maps import HEIGHT, PADDING, WIDTH, neighborhood_map
from neighborhoods.models import Neighborhood
from tests.factories import AssociationFactory, NeighborhoodFactory


def square(west, south, size=0.01):
    """A closed GeoJSON polygon, as an editor would paste it from geojson.io."""
    east, north = west + size, south + size
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }


def points(path):
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path)]


def test_a_square_on_the_ground_is_drawn_as_a_square():
    # At 60° north a degree of longitude is half a degree of latitude on the ground.
    ring = [[10, 60], [10.04, 60], [10.04, 60.02], [10, 60.02], [10, 60]]
    place = Neighborhood(
        name="North End", slug="north-end", boundary={"type": "Polygon", "coordinates": [ring]}
    )

    (shape,) = neighborhood_map([place]).shapes

    xs, ys = zip(*points(shape.path), strict=True)
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width == pytest.approx(height, rel=0.01)
    # It fills the box's shorter side, centered, inside the padding.
    assert height == pytest.approx(HEIGHT - 2 * PADDING, abs=0.1)
    assert (min(xs) + max(xs)) / 2 == pytest.approx(WIDTH / 2, abs=0.1)


def test_every_neighborhood_shares_one_projection_so_neighbors_touch():
    west = Neighborhood(name="West", slug="west", boundary=square(-90.2, 38.6))
    east = Neighborhood(name="East", slug="east", boundary=square(-90.19, 38.6))

    west_shape, east_shape = neighborhood_map([west, east]).shapes

    west_edge = max(x for x, _ in points(west_shape.path))
    east_edge = min(x for x, _ in points(east_shape.path))
    assert west_edge == pytest.approx(east_edge, abs=0.1)
    assert all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in points(west_shape.path))


def test_north_is_up():
    south = Neighborhood(name="South", slug="south", boundary=square(-90.2, 38.6))
    north = Neighborhood(name="North", slug="north", boundary=square(-90.2, 38.61))

    south_shape, north_shape = neighborhood_map([south, north]).shapes

    assert float(north_shape.label_y) < float(south_shape.label_y)


def test_coordinates_are_rounded_to_keep_the_page_small():
    place = Neighborhood(name="Eastbank", slug="eastbank", boundary=square(-90.123456789, 38.6))

    (shape,) = neighborhood_map([place]).shapes

    assert re.fullmatch(r"M(-?\d+(\.\d)?,-?\d+(\.\d)? ){3}-?\d+(\.\d)?,-?\d+(\.\d)?Z", shape.path)


def test_the_label_sits_at_the_stored_center_or_else_the_middle_of_the_shape():
    plain = Neighborhood(name="Plain", slug="plain", boundary=square(-90.2, 38.6, size=0.02))
    centered = Neighborhood(
        name="Centered",
        slug="centered",
        boundary=square(-90.2, 38.6, size=0.02),
        center_longitude=Decimal("-90.195"),
        center_latitude=Decimal("38.615"),
    )

    plain_shape, centered_shape = neighborhood_map([plain, centered]).shapes

    xs, ys = zip(*points(plain_shape.path), strict=True)
    assert float(plain_shape.label_x) == pytest.approx((min(xs) + max(xs)) / 2, abs=0.1)
    assert float(plain_shape.label_y) == pytest.approx((min(ys) + max(ys)) / 2, abs=0.1)
    # A quarter of the way in from the west, a quarter of the way down from the north.
    assert float(centered_shape.label_x) == pytest.approx(
        min(xs) + (max(xs) - min(xs)) / 4, abs=0.1
    )
    assert float(centered_shape.label_y) == pytest.approx(
        min(ys) + (max(ys) - min(ys)) / 4, abs=0.1
    )


def test_a_multipolygon_with_a_hole_draws_every_ring():
    outer = [[0, 0], [0.03, 0], [0.03, 0.03], [0, 0.03], [0, 0]]
    hole = [[0.01, 0.01], [0.02, 0.01], [0.02, 0.02], [0.01, 0.02], [0.01, 0.01]]
    island = [[0.05, 0], [0.06, 0], [0.06, 0.01], [0.05, 0.01], [0.05, 0]]
    place = Neighborhood(
        name="Islands",
        slug="islands",
        boundary={"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]},
    )

    (shape,) = neighborhood_map([place]).shapes

    assert shape.path.count("M") == 3 and shape.path.count("Z") == 3
    # The label goes in the biggest ring, not in the sea between the islands.
    xs = [x for x, _ in points(shape.path)]
    assert float(shape.label_x) < min(xs) + (max(xs) - min(xs)) / 2


def test_no_map_without_any_boundary():
    assert neighborhood_map([Neighborhood(name="Old Town", slug="old-town")]) is None


def test_one_point_boundary_does_not_break_the_map():
    dot = {"type": "Polygon", "coordinates": [[[-90.2, 38.6]] * 4]}

    (shape,) = neighborhood_map([Neighborhood(name="Dot", slug="dot", boundary=dot)]).shapes

    assert all(math.isfinite(v) for point in points(shape.path) for v in point)


@pytest.mark.django_db
def test_directory_map_links_each_bounded_neighborhood_and_requests_nothing_elsewhere(client):
    eastbank = NeighborhoodFactory(name="Eastbank", boundary=square(-90.19, 38.6))
    old_town = NeighborhoodFactory(name="Old Town", boundary=square(-90.2, 38.6))
    NeighborhoodFactory(name="Riverside", boundary=None)

    content = client.get(reverse("neighborhoods:list")).content.decode()

    svg = re.search(r"<svg\b.*?</svg>", content, re.S).group()
    links = re.findall(r'<a href="([^"]+)"', svg)
    assert sorted(links) == sorted([eastbank.get_absolute_url(), old_town.get_absolute_url()])
    assert "<title>Eastbank</title>" in svg and "<title>Old Town</title>" in svg
    assert "Riverside" not in svg
    assert 'aria-label="Map of the neighborhoods' in svg
    assert len(re.findall(r"<path d=", svg)) == 2
    # Nothing on the page, map included, points a browser at another site or runs a script.
    assert "<script" not in content
    assert not re.search(r"https?://", svg)
    # (The canonical link names this very page, on this very site.)
    assert not re.search(r'(src|href)="(https?:)?//(?!testserver/)', content)


@pytest.mark.django_db
def test_directory_lists_every_neighborhood_even_without_a_map(client):
    riverside = NeighborhoodFactory(name="Riverside", description="Along the water.")
    AssociationFactory(name="Riverside Residents", neighborhoods=[riverside])

    content = client.get(reverse("neighborhoods:list")).content.decode()

    assert "<svg" not in content
    assert f'href="{riverside.get_absolute_url()}">Riverside</a>' in content
    assert "Along the water." in content
    assert "Riverside Residents" in content


@pytest.mark.django_db
def test_directory_with_map_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(10):
        neighborhood = NeighborhoodFactory(boundary=square(-90.2 + n * 0.01, 38.6))
        AssociationFactory.create_batch(2, neighborhoods=[neighborhood])

    # The neighborhoods with their counts, their associations, and the site's sections.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("neighborhoods:list"))

    assert response.content.decode().count('class="neighborhood-map-area"') == 10
