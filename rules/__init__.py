"""The built-in rules: importing this package registers every one of them.

One module per rule or small family; codes are grouped by family in hundreds
(CD1xx placeholders, CD2xx credits, CD3xx attribution, CD4xx boilerplate,
CD5xx typography) so a prefix selects a family.
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
