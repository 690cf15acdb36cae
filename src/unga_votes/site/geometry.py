"""The one world map every vote map draws: Natural Earth's 1:110m countries, plus a dot for
each member too small to have a polygon at that scale (placed from the 1:10m countries).

Both files come from the npm registry's `world-atlas` (public domain); countries are keyed by
their ISO 3166-1 numeric code, which is the `m49` column of the states table.
"""

from __future__ import annotations

import json
from pathlib import Path

COARSE = "countries-110m.json"
FINE = "countries-10m.json"


def country_ids(topology: dict) -> set[str]:
    return {g["id"] for g in topology["objects"]["countries"]["geometries"] if "id" in g}


def _arc(topology: dict, index: int) -> list[tuple[float, float]]:
    """One arc, decoded (delta-encoded and quantised when the topology has a transform)."""
    arc = topology["arcs"][index if index >= 0 else ~index]
    transform = topology.get("transform")
    if transform:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        qx = qy = 0
        points = []
        for dx, dy in arc:
            qx, qy = qx + dx, qy + dy
            points.append((qx * sx + tx, qy * sy + ty))
    else:
        points = [(p[0], p[1]) for p in arc]
    return points if index >= 0 else points[::-1]


def _ring(topology: dict, arcs: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in arcs:
        part = _arc(topology, index)
        points.extend(part[1:] if points else part)
    return points


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Planar area and centroid in longitude and latitude (good enough for small islands)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def dots(coarse: dict, fine: dict, wanted: set[str]) -> dict[str, list[float]]:
    """[longitude, latitude] of the largest polygon of each wanted country missing from the
    coarse map, from the fine one; countries in neither are left out."""
    have = country_ids(coarse)
    out = {}
    for geometry in fine["objects"]["countries"]["geometries"]:
        gid = geometry.get("id")
        if gid not in wanted or gid in have:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        best = max(_area_centroid(_ring(fine, polygon[0])) for polygon in polygons)
        out[gid] = [round(best[1], 3), round(best[2], 3)]
    return dict(sorted(out.items()))


def world(atlas: Path, wanted: set[str]) -> tuple[bytes, dict[str, list[float]], set[str]]:
    """The coarse map's bytes, the dots, and every wanted code drawn by one or the other."""
    coarse_bytes = (atlas / COARSE).read_bytes()
    coarse = json.loads(coarse_bytes)
    fine = json.loads((atlas / FINE).read_bytes())
    placed = dots(coarse, fine, wanted)
    drawn = (country_ids(coarse) & wanted) | set(placed)
    return coarse_bytes, placed, drawn
