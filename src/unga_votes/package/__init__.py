"""The data package layer: where its bytes come from, its descriptor, its tables, cells and keys."""

from .descriptor import (
    ForeignKey,
    Package,
    Resource,
    load_bundle,
    load_package,
    load_revision,
    package_files,
    parse_package,
)
from .files import PackageError
from .read import LINE, Table, read_bytes, read_table

__all__ = [
    "LINE",
    "ForeignKey",
    "Package",
    "PackageError",
    "Resource",
    "Table",
    "load_bundle",
    "load_package",
    "load_revision",
    "package_files",
    "parse_package",
    "read_bytes",
    "read_table",
]
