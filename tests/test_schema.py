"""The normcheck/v1 JSON Schema validates real output and rejects broken output."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

import normcheck

SCHEMA = json.loads(
    (Path(normcheck.__file__).parent / "schema" / "normcheck-v1.schema.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def report_dict():
    text = (
        "Vi söker en driven och självständig talesman.\n\nHan ska ha svenska som modersmål.\n\n"
        "We are looking for a competitive salesman. He must be a digital native.\n"
    )
    return normcheck.scan_text(text).to_dict()


def test_real_output_validates(report_dict):
    jsonschema.Draft202012Validator(SCHEMA).validate(report_dict)
    assert report_dict["documents"][0]["findings"]


def test_gender_decoder_output_validates():
    jsonschema.validate(normcheck.scan_text("An ambitious leader.", profile="gender-decoder").to_dict(), SCHEMA)


def test_errors_validate(tmp_path):
    report = normcheck.scan([tmp_path / "missing.txt"])
    jsonschema.validate(report.to_dict(), SCHEMA)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.update(schema="normcheck/v2"),
        lambda d: d["documents"][0]["findings"][0].update(severity="fatal"),
        lambda d: d["documents"][0]["findings"][0].pop("rule"),
        lambda d: d["documents"][0]["scores"]["gender_coding"].update(verdict="macho"),
        lambda d: d["documents"][0].update(extra=1),
    ],
)
def test_broken_output_is_rejected(report_dict, breakage):
    broken = copy.deepcopy(report_dict)
    breakage(broken)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)
