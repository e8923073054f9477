"""GeoJSON boundaries: validation, and the numbers the inline SVG map is drawn from."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _polygons(geometry):
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates")]
    if geometry.get("type") == "MultiPolygon":
        return geometry.get("coordinates")
    raise ValidationError(
        _('The boundary must be a GeoJSON geometry of type "Polygon" or "MultiPolygon".'),
        code="boundary_type",
    )


def validate_boundary(value):
    """A GeoJSON Polygon or MultiPolygon geometry in longitude/latitude (RFC 7946)."""
    if value in (None, {}, ""):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("The boundary must be a GeoJSON object."), code="boundary_type")
    polygons = _polygons(value)
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError(_("The boundary has no coordinates."), code="boundary_empty")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(_("The boundary has no coordinates."), code="boundary_empty")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise ValidationError(
                    _("Each ring of the boundary needs at least four positions."),
                    code="boundary_ring",
                )
            for position in ring:
                if (
                    not isinstance(position, list | tuple)
                    or len(position) < 2
                    or not all(isinstance(n, int | float) for n in position[:2])
                    or not -180 <= position[0] <= 180
                    or not -90 <= position[1] <= 90
                ):
                    raise ValidationError(
                        _("Positions must be [longitude, latitude] numbers, e.g. [-90.1, 38.6]."),
                        code="boundary_position",
                    )
            if list(ring[0][:2]) != list(ring[-1][:2]):
                raise ValidationError(
                    _("Each ring of the boundary must end where it starts."),
                    code="boundary_open_ring",
                )


def boundary_rings(value):
    """Every ring of a validated boundary, as lists of (longitude, latitude)."""
    if not value:
        return []
    return [[(p[0], p[1]) for p in ring] for polygon in _polygons(value) for ring in polygon]
