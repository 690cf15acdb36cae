"""What the package's Table Schemas allow a value of the Library's to be: every constraint of
every field the value fills, read from the schemas (never a second grammar written here).

A resolution symbol fills `resolution` in resolutions, roll_calls and every table of what the
Library adds (resolution_subjects and the others, at most 50 characters); a meeting symbol
fills `meeting` in roll_calls and resolutions. A value one of them refuses would make the
edition fail to validate, naming a line of a file never written: instead the value is no
value (the rule that then leaves out its vote or row, or leaves the cell empty, is counted,
naming the Library's file and line), and `refused` says which constraint of which field.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ...package import Package
from ...package.constraints import anchored

HELD = ("pattern", "maxLength", "minLength", "enum")  # what a text value can break


@dataclass(frozen=True)
class Allowed:
    """The constraints of the fields named `name`: (resource.field, constraint, value)."""

    name: str
    constraints: tuple[tuple[str, str, object], ...]

    def refused(self, value: pl.Expr) -> pl.Expr:
        """The first constraint `value` breaks, as `resource.field: what it allows`; null
        where every field can hold it (or it is null)."""
        reasons = [pl.when(~ok).then(pl.lit(why)) for ok, why in self._checks(value)]
        return pl.coalesce(reasons) if reasons else pl.lit(None, pl.String)

    def ok(self, value: pl.Expr) -> pl.Expr:
        """Whether every field can hold `value` (null where it is null)."""
        checks = [ok for ok, _ in self._checks(value)]
        return pl.all_horizontal(checks) if checks else value.is_not_null()

    def _checks(self, value: pl.Expr) -> list[tuple[pl.Expr, str]]:
        out = []
        for where, kind, limit in self.constraints:
            if kind == "pattern":
                out.append((value.str.contains(anchored(str(limit))), f"{where}: its pattern"))
            elif kind == "maxLength":
                ok = value.str.len_chars() <= int(str(limit))
                out.append((ok, f"{where}: at most {limit} characters"))
            elif kind == "minLength":
                ok = value.str.len_chars() >= int(str(limit))
                out.append((ok, f"{where}: at least {limit} characters"))
            elif kind == "enum":
                out.append((value.is_in(list(limit)), f"{where}: one of its values"))  # type: ignore[call-overload]
        return out


def allowed(package: Package, name: str) -> Allowed:
    """Every constraint a value of a field called `name` must meet, in any resource."""
    found = []
    for resource in package.resources.values():
        if name not in resource.field_names:
            continue
        constraints = resource.field(name).get("constraints", {})
        found += [(f"{resource.name}.{name}", k, constraints[k]) for k in HELD if k in constraints]
    return Allowed(name, tuple(found))


@dataclass(frozen=True)
class Checks:
    """What the Library's symbols and meeting symbols may be, from the package's schemas."""

    symbol: Allowed
    meeting: Allowed


def checks(package: Package) -> Checks:
    return Checks(allowed(package, "resolution"), allowed(package, "meeting"))


__all__ = ["Allowed", "Checks", "allowed", "checks"]
