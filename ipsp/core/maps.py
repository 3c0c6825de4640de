"""The small self-hosted map of an entry's places (initiative and organisation pages).

No tile server and no request elsewhere: the page draws the world outline
(``static/core/world-land-110m.svg``) and one point per place, in the view box
``map_view`` computes around the places.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

# The world outline is drawn in an equirectangular projection:
# x = longitude + 180, y = 90 - latitude.
WORLD_WIDTH = 360.0
WORLD_HEIGHT = 180.0
MIN_VIEW_WIDTH = 100.0  # degrees of longitude: a single place is shown with its region


class Place(Protocol):
    """What the map reads of a place (an initiative's or an actor's place, a public view)."""

    @property
    def name(self) -> str: ...

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...


@dataclass(frozen=True)
class MapPoint:
    name: str
    x: float
    y: float


@dataclass(frozen=True)
class MapView:
    view_box: str
    points: list[MapPoint]
    radius: float  # of a point, in view units (scaled with the view)
    stroke: float


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def map_view(places: Iterable[Place]) -> MapView | None:
    """The view box around the places (2:1, at least a region wide) and their points."""
    points = [
        MapPoint(
            name=place.name,
            x=round(_clamp(place.longitude, -180, 180) + 180, 3),
            y=round(90 - _clamp(place.latitude, -90, 90), 3),
        )
        for place in places
    ]
    if not points:
        return None
    xs = [point.x for point in points]
    ys = [point.y for point in points]
    width = max(MIN_VIEW_WIDTH, (max(xs) - min(xs)) * 1.4, (max(ys) - min(ys)) * 2 * 1.4)
    width = min(width, WORLD_WIDTH)
    height = width / 2
    centre_x = (max(xs) + min(xs)) / 2
    centre_y = (max(ys) + min(ys)) / 2
    left = _clamp(centre_x - width / 2, 0, WORLD_WIDTH - width)
    top = _clamp(centre_y - height / 2, 0, WORLD_HEIGHT - height)
    scale = width / WORLD_WIDTH
    return MapView(
        view_box=f"{left:.2f} {top:.2f} {width:.2f} {height:.2f}",
        points=points,
        radius=round(max(4.0 * scale, 0.6), 3),
        stroke=round(max(1.2 * scale, 0.2), 3),
    )
