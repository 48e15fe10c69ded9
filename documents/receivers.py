"""What documents does when the apps below it say something (connected in ``DocumentsConfig.ready()``)."""

from __future__ import annotations

from . import services


def units_created_open_registers(sender, *, units, **kwargs) -> None:
    """New units that issue documents get their general sổ văn bản đi (``orgchart.signals.units_created``)."""
    for unit in units:
        services.register_open_general(unit=unit)
