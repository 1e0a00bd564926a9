"""API eras in the matrix (docs/api.md "API eras"): `run.py --api-era ERA` starts every server
with `--api-era ERA`. An expectation or a scenario may carry "eras": the list of eras it
applies to. Out of its eras an expectation is dropped (the cell is expected to pass) and a
scenario is N/A (it checks a behaviour the era does not have)."""
from typing import Optional

ERAS = ("current", "2024", "2022")
DEFAULT = "current"


def expectation_in_era(exp: dict, era: str) -> dict:
    """The expectation as it applies in `era`: itself, or {} when its "eras" exclude `era`."""
    eras = exp.get("eras")
    if eras is not None and era not in eras:
        return {}
    return exp


def scenario_na_in_era(scenario: dict, era: str) -> Optional[str]:
    """Why the scenario is not run in `era` (its "eras" exclude it), or None."""
    eras = scenario.get("eras")
    if eras is not None and era not in eras:
        return "scenario for the API era(s) %s; this run is in %s" % (", ".join(eras), era)
    return None


def server_flags(era: str) -> list:
    """The server flags for an era: none for the default one (servers that predate eras still run)."""
    return [] if era == DEFAULT else ["--api-era", era]
