"""API eras in the matrix (docs/api.md "API eras"): `run.py --api-era ERA` starts every server
with `--api-era ERA`. An expectation or a scenario may carry "eras": the list of eras it
applies to. Out of its eras an expectation is dropped (the cell is expected to pass) and a
scenario is N/A (it checks a behaviour the era does not have). A scenario states an answer
that differs between eras with a placeholder, replaced before it runs (scenario_for_era):
"${era:void_status}" (a whole string: the status of a void answer, 204 or 200) and
"${era:txt_quote}" (inside a string: the quote around a TXT target the era returns, or nothing)."""
from typing import Any, Optional

ERAS = ("current", "2024", "2022")
DEFAULT = "current"


def expectation_in_era(exp: dict, era: str) -> dict:
    """The expectation as it applies in `era`: {} when its "eras" exclude `era`, else itself with
    the fields its "in_era" gives for `era` replaced."""
    eras = exp.get("eras")
    if eras is not None and era not in eras:
        return {}
    if era in exp.get("in_era", {}):
        return {**exp, **exp["in_era"][era]}
    return exp


def scenario_na_in_era(scenario: dict, era: str) -> Optional[str]:
    """Why the scenario is not run in `era` (its "eras" exclude it), or None."""
    eras = scenario.get("eras")
    if eras is not None and era not in eras:
        return "scenario for the API era(s) %s; this run is in %s" % (", ".join(eras), era)
    return None


# What each era answers (docs/api.md "API eras").
ERA_VALUES = {
    "current": {"void_status": 204, "txt_quote": '"'},
    "2024": {"void_status": 204, "txt_quote": ""},
    "2022": {"void_status": 200, "txt_quote": ""},
}


def scenario_for_era(value: Any, era: str) -> Any:
    """The scenario (or any part of it) with its ${era:NAME} placeholders replaced for `era`."""
    values = ERA_VALUES[era]
    if isinstance(value, dict):
        return {k: scenario_for_era(v, era) for k, v in value.items()}
    if isinstance(value, list):
        return [scenario_for_era(v, era) for v in value]
    if isinstance(value, str) and "${era:" in value:
        for name, v in values.items():
            if value == "${era:%s}" % name:
                return v
            value = value.replace("${era:%s}" % name, str(v))
    return value


def server_flags(era: str) -> list:
    """The server flags for an era: none for the default one (servers that predate eras still run)."""
    return [] if era == DEFAULT else ["--api-era", era]
