"""The curated images (nginx, node, ubuntu, alpine ...), their root filesystems and program texts.

Data lives in ``data/``; ``CATALOG`` loads it once per process on first use and every session
shares the result (layers are never copied into a session's state).
"""

from engine.catalog.loader import CATALOG, Catalog, CatalogImage

__all__ = ["CATALOG", "Catalog", "CatalogImage"]
