"""geometry.py: TopoJSON arcs decoded, polygon areas and centroids, the dots placed for members
too small for the coarse map, and the world the vote maps draw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT

from unga_votes.site.geometry import (
    COARSE,
    FINE,
    _arc,
    _area_centroid,
    _ring,
    country_ids,
    dots,
    world,
)

# A quantised topology: arc 0 is a square from (10, 20) to (11, 21), arc 1 a smaller one.
FINE_MAP = {
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]], [[8, 8], [1, 0], [0, 1], [-1, 0]]],
    "objects": {"countries": {"geometries": [
        {"id": "250", "type": "Polygon", "arcs": [[0]]},
        {"id": "492", "type": "MultiPolygon", "arcs": [[[1]], [[0]]]},
    ]}},
}  # fmt: skip
COARSE_MAP = {"objects": {"countries": {"geometries": [
    {"id": "250", "type": "Polygon", "arcs": [[0]]},
    {"type": "Polygon", "arcs": [[0]]},  # a territory without a code
]}}}  # fmt: skip


def test_dots_for_countries_too_small_for_the_coarse_map() -> None:
    coarse = {"objects": {"countries": {"geometries": [{"id": "250", "type": "Polygon",
                                                       "arcs": [[0]]}]}}}  # fmt: skip
    fine = {
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]], [[8, 8], [1, 0], [0, 1], [-1, 0]]],
        "objects": {"countries": {"geometries": [
            {"id": "250", "type": "Polygon", "arcs": [[0]]},
            {"id": "492", "type": "MultiPolygon", "arcs": [[[1]], [[0]]]},
        ]}},
    }  # fmt: skip
    # Monaco's larger polygon (arc 0, a square from (10, 20) to (11, 21)) gives its dot;
    # France has a coarse polygon and no dot; a country in neither map is left out.
    assert dots(coarse, fine, {"250", "492", "999"}) == {"492": [10.5, 20.5]}
    assert json.dumps(dots(coarse, fine, set())) == "{}"


def test_country_ids_skip_geometries_without_a_code() -> None:
    assert country_ids(COARSE_MAP) == {"250"}


def test_arcs_are_delta_decoded_and_reversed_by_a_negative_index() -> None:
    assert _arc(FINE_MAP, 0) == [(10, 20), (11, 20), (11, 21), (10, 21), (10, 20)]
    # ~0 == -1: the same arc walked backwards (TopoJSON's one's complement).
    assert _arc(FINE_MAP, ~0) == [(10, 20), (10, 21), (11, 21), (11, 20), (10, 20)]
    plain = {"arcs": [[[1.5, 2], [3, 4]]]}  # no transform: absolute positions
    assert _arc(plain, 0) == [(1.5, 2), (3, 4)]
    assert _arc(plain, -1) == [(3, 4), (1.5, 2)]


def test_a_ring_of_several_arcs_shares_their_joints() -> None:
    topology = {"arcs": [[[0, 0], [4, 0], [4, 4]], [[4, 4], [0, 4], [0, 0]]]}
    assert _ring(topology, [0, 1]) == [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]


def test_area_and_centroid_whatever_the_winding() -> None:
    square = [(2, 2), (4, 2), (4, 4), (2, 4)]
    assert _area_centroid(square) == (4.0, 3.0, 3.0)
    assert _area_centroid(square[::-1]) == (4.0, 3.0, 3.0)  # clockwise: the same
    # A polygon of no area (a line) is placed at its first point rather than divided by 0.
    assert _area_centroid([(5, 6), (7, 8)]) == (0.0, 5, 6)


def test_dots_pick_the_largest_polygon_and_round_to_three_places() -> None:
    fine = {
        "arcs": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
                 [[50, 50], [50.00012, 50], [50.00012, 50.00013], [50, 50.00013], [50, 50]]],
        "objects": {"countries": {"geometries": [
            {"id": "020", "type": "MultiPolygon", "arcs": [[[1]], [[0]]]},
            {"id": "010", "type": "Polygon", "arcs": [[1]]},
        ]}},
    }  # fmt: skip
    placed = dots({"objects": {"countries": {"geometries": []}}}, fine, {"010", "020"})
    assert placed == {"010": [50.0, 50.0], "020": [0.5, 0.5]}
    assert list(placed) == ["010", "020"]  # sorted by code: the same bytes every build


def _atlas(folder: Path) -> Path:
    folder.mkdir()
    (folder / COARSE).write_text(json.dumps(COARSE_MAP), encoding="utf-8")
    (folder / FINE).write_text(json.dumps(FINE_MAP), encoding="utf-8")
    return folder


def test_world_is_the_coarse_map_as_is_with_the_dots(tmp_path: Path) -> None:
    atlas = _atlas(tmp_path / "atlas")
    coarse, placed, drawn = world(atlas, {"250", "492", "999"})
    assert coarse == (atlas / COARSE).read_bytes()  # served unchanged
    assert placed == {"492": [10.5, 20.5]}
    assert drawn == {"250", "492"}  # 999 is in neither map


def test_world_with_the_real_atlas() -> None:
    atlas = ROOT / "node_modules" / "world-atlas"
    if not (atlas / FINE).is_file():
        pytest.fail("node_modules missing: make node_modules/.installed")
    # France (250) and Monaco (492), Tuvalu (798), Nauru (520): only the large one is drawn
    # from the coarse map; the small ones get a dot inside their own bounds.
    _, placed, drawn = world(atlas, {"250", "492", "798", "520"})
    assert drawn == {"250", "492", "798", "520"}
    assert set(placed) == {"492", "798", "520"}
    lon, lat = placed["492"]
    assert 7.3 < lon < 7.5 and 43.7 < lat < 43.8  # Monaco, on the coast by Nice
