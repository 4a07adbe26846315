"""normcheck evaluate: synthetic ads with a known (or no) effect of wording on who applies.

The ads are written here from neutral sentences and coded words; the share of women among each
ad's applicants is drawn from a logistic model whose coefficients the test knows. The whole
pipeline runs (CSV/JSONL → scan → features → model), and the estimates must come back with the
right sign and with intervals that cover the true values; with no effect planted, the intervals
must cover zero.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("sklearn", reason="the eval extra is not installed")
np = pytest.importorskip("numpy")

from normcheck import evaluation  # noqa: E402
from normcheck.cli import _register_plugin_commands, cli  # noqa: E402
from normcheck.lang import count_words  # noqa: E402

MASCULINE = ["ambitious", "assertive", "decisive", "confident", "competitive", "fearless"]
FEMININE = ["supportive", "compassionate", "considerate", "gentle", "polite", "sympathetic"]
FILLER = [
    "The position is in our office in the city centre.",
    "The hours are from nine to five.",
    "The salary is paid monthly.",
    "You will write reports and plan projects with colleagues.",
    "The company makes furniture and sells it online.",
    "Please send your application before the end of the month.",
    "We use modern tools for accounting and logistics.",
    "Lunch is served in the canteen on weekdays.",
]
INTERCEPT = -0.2


def make_ads(
    n: int,
    beta_m: float,
    beta_f: float,
    seed: int,
    *,
    companies: int = 0,
    shift: float = 0.0,
    noise: float = 0.15,
) -> list[dict]:
    """Ads whose share of women follows logit(p) = a + beta_m·masc/100w + beta_f·fem/100w (+ noise).

    ``shift`` makes "after" ads use fewer masculine-coded words (for the before/after test).
    """
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        period = "after" if i >= n // 2 else "before"
        top = 5 if period == "before" or not shift else max(0, int(5 - shift))
        m, f = rng.randint(0, top), rng.randint(0, 5)
        sentences = [rng.choice(FILLER) for _ in range(rng.randint(4, 12))]
        sentences += [f"You are {w}." for w in rng.sample(MASCULINE, m)] + [f"You are {w}." for w in rng.sample(FEMININE, f)]
        rng.shuffle(sentences)
        text = " ".join(sentences)
        words = count_words(text)
        company = f"company-{i % companies}" if companies else ""
        company_effect = ((i % companies) % 7 - 3) * 0.05 if companies else 0.0  # employers differ
        eta = INTERCEPT + beta_m * m * 100 / words + beta_f * f * 100 / words + rng.gauss(0, noise) + company_effect
        p = 1 / (1 + math.exp(-eta))
        applicants = rng.randint(15, 90)
        women = sum(rng.random() < p for _ in range(applicants))
        rows.append({"ad": f"ad-{i}", "body": text, "women": women, "men": applicants - women,
                     "company": company, "period": period, "posted": f"{2020 + i % 3}-{1 + i % 12:02d}-01"})
    return rows


def write_csv(rows: list[dict], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_evaluate(path: Path, *extra: str) -> dict:
    _register_plugin_commands()
    result = CliRunner().invoke(
        cli,
        ["evaluate", str(path), "--text-field", "body", "--women-field", "women", "--men-field", "men",
         "--id-field", "ad", "--lang", "en", "-f", "json", "--bootstrap", "100", *extra],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def effect(result: dict, name: str) -> dict:
    return next(e for e in result["effects"] if e["feature"] == name)


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict:
    rows = make_ads(360, beta_m=-0.12, beta_f=0.09, seed=1, companies=40)
    path = write_csv(rows, tmp_path_factory.mktemp("eval") / "ads.csv")
    return run_evaluate(path, "--group-field", "company", "--period-field", "period")


def test_recovers_a_planted_effect(planted: dict) -> None:
    masculine, feminine = effect(planted, "masculine_per_100"), effect(planted, "feminine_per_100")
    assert masculine["estimate"] < 0 < feminine["estimate"]
    assert masculine["ci"][0] <= -0.12 <= masculine["ci"][1]
    assert feminine["ci"][0] <= 0.09 <= feminine["ci"][1]
    assert masculine["direction"] == "lower share of women"
    assert feminine["direction"] == "higher share of women"
    assert abs(masculine["estimate"] - -0.12) < 0.04
    # Percentage points at the average share: slope p(1-p) times the log-odds effect.
    share = planted["data"]["women_share"]
    assert masculine["percentage_points"] == pytest.approx(100 * share * (1 - share) * masculine["estimate"], abs=1e-2)


def test_fit_beats_the_baseline_out_of_sample(planted: dict) -> None:
    fit = planted["fit"]
    assert fit["grouped"] is True and fit["folds"] == 5
    assert fit["model"]["deviance"] < fit["baseline"]["deviance"]
    assert fit["deviance_explained"] > 0.2


def test_output_contract(planted: dict) -> None:
    assert planted["schema"] == "normcheck-evaluation/v1"
    for e in planted["effects"]:
        assert set(e) >= {"feature", "estimate", "ci"}
        assert e["ci"][0] <= e["estimate"] <= e["ci"][1]
    assert {"model", "baseline"} <= set(planted["fit"])
    assert planted["data"]["ads"] == 360 and planted["data"]["groups"] == 40
    assert planted["model"]["bootstrap"]["resampled"] == "groups"
    assert any("not causal" in n for n in planted["notes"])
    # Features that never vary in these ads are left out, and the report says so.
    assert "gendered_terms_per_100" not in planted["model"]["features"]
    assert any(n.startswith("gendered_terms_per_100: left out") for n in planted["notes"])
    json.dumps(planted, allow_nan=False)


def test_no_effect_when_none_is_planted(tmp_path: Path) -> None:
    rows = make_ads(360, beta_m=0.0, beta_f=0.0, seed=5)
    result = run_evaluate(write_csv(rows, tmp_path / "null.csv"))
    for name in ("masculine_per_100", "feminine_per_100"):
        e = effect(result, name)
        assert e["ci"][0] <= 0 <= e["ci"][1], e
        assert e["direction"] == "no clear association"
    assert result["fit"]["deviance_explained"] < 0.05
    assert result["model"]["bootstrap"]["resampled"] == "ads"


def test_before_after_with_a_change_in_wording(tmp_path: Path) -> None:
    rows = make_ads(400, beta_m=-0.12, beta_f=0.0, seed=3, companies=20, shift=3)
    path = tmp_path / "ads.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run_evaluate(path, "--group-field", "company", "--period-field", "period")
    ba = result["before_after"]
    assert (ba["before"], ba["after"]) == ("before", "after")
    overall = ba["overall"]
    wording = overall["measures"]["masculine_per_100"]
    assert wording["difference"] < 0 and wording["ci"][1] < 0
    outcome = overall["measures"]["women_share"]
    assert outcome["difference"] > 0 and outcome["ci"][0] > 0
    expected = overall["women_share_expected_from_wording"]
    assert expected["difference"] > 0
    assert expected["ci"][0] <= outcome["difference"] <= expected["ci"][1] + 0.03
    assert ba["groups_in_both_periods"] == 20
    group = ba["groups"][0]
    assert group["ads"]["before"] + group["ads"]["after"] == 20
    assert any("not the effect of the programme" in n for n in result["notes"])


def test_cutoff_date_makes_the_periods(tmp_path: Path) -> None:
    rows = make_ads(120, beta_m=-0.1, beta_f=0.0, seed=8)
    result = run_evaluate(write_csv(rows, tmp_path / "ads.csv"), "--date-field", "posted", "--cutoff", "2021-06-01")
    ba = result["before_after"]
    assert ba["field"] == "posted < 2021-06-01"
    assert ba["overall"]["ads"]["before"] == sum(1 for r in rows if r["posted"] < "2021-06-01")
    # The date also enters the model as a control.
    assert effect(result, "years")["role"] == "control"


def test_too_few_data_are_said_plainly(tmp_path: Path) -> None:
    rows = make_ads(12, beta_m=-0.1, beta_f=0.1, seed=2)
    result = run_evaluate(write_csv(rows, tmp_path / "few.csv"))
    assert result["adequate"] is False
    assert any(w.startswith("too few data for firm conclusions: only 12 ads") for w in result["warnings"])


def test_rows_without_usable_counts_are_counted_not_fatal(tmp_path: Path) -> None:
    rows = make_ads(40, beta_m=-0.1, beta_f=0.0, seed=4)
    rows[0]["women"] = "n/a"
    rows[1]["women"], rows[1]["men"] = 0, 0
    rows[2]["body"] = ""
    result = run_evaluate(write_csv(rows, tmp_path / "ads.csv"))
    assert result["data"]["rows"] == 40 and result["data"]["ads"] == 37
    assert result["data"]["excluded"] == {"applicant counts missing or not numbers": 1, "no applicants": 1, "no text": 1}


def test_missing_field_is_one_clear_error(tmp_path: Path) -> None:
    _register_plugin_commands()
    path = write_csv(make_ads(5, 0, 0, 1), tmp_path / "ads.csv")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--text-field", "body", "--women-field", "female", "--men-field", "men"])
    assert result.exit_code == 2
    assert result.stderr.startswith("normcheck: error: --women-field: the data have no field 'female' (fields: ad, body, women")
    assert result.stderr.count("\n") == 1


def test_html_report_has_plots_and_honest_wording(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    _register_plugin_commands()
    rows = make_ads(150, beta_m=-0.12, beta_f=0.05, seed=9, companies=15)
    path = write_csv(rows, tmp_path / "ads.csv")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli,
        ["evaluate", str(path), "--text-field", "body", "--women-field", "women", "--men-field", "men",
         "--group-field", "company", "--period-field", "period", "--lang", "en", "--bootstrap", "60", "-f", "html", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert len(re.findall(r'<img src="data:image/png;base64,', page)) == 3
    assert "not causal effects" in page
    assert "<h2>Before and after (period)</h2>" in page


def test_fit_binomial_on_known_coefficients() -> None:
    """The model alone: exact counts from a known logistic relation, many applicants per ad."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 2)) * [2.0, 1.0] + [3.0, 0.0]
    eta = 0.3 - 0.25 * X[:, 0] + 0.4 * X[:, 1]
    n = rng.integers(50, 200, size=400).astype(float)
    women = rng.binomial(n.astype(int), 1 / (1 + np.exp(-eta))).astype(float)
    fit = evaluation.fit_binomial(X, women, n - women)
    assert fit.converged
    assert fit.intercept == pytest.approx(0.3, abs=0.08)
    assert fit.coef[0] == pytest.approx(-0.25, abs=0.03)
    assert fit.coef[1] == pytest.approx(0.4, abs=0.03)


def test_features_of_a_report() -> None:
    from normcheck import api

    report = api.scan_text("You are ambitious and supportive. The chairman plans the week.", lang="en").documents[0]
    features = evaluation.features_of(report)
    words = report.words
    assert features["words"] == words
    assert features["masculine_per_100"] == pytest.approx(100 / words)
    assert features["feminine_per_100"] == pytest.approx(100 / words)
    assert features["gendered_terms_per_100"] == pytest.approx(100 / words)
    assert features["log2_words"] == pytest.approx(math.log2(words))
    assert features_of_dict_equal(report)


def features_of_dict_equal(report) -> bool:  # type: ignore[no-untyped-def]
    return evaluation.features_of(report.to_dict()) == evaluation.features_of(report)


def test_requirement_count_comes_from_the_recruitment_module() -> None:
    modules = {"recruitment": {"requirements": [{"kind": "required"}] * 3 + [{"kind": "merit"}], "required_count": 3, "merit_count": 1}}
    report = {"words": 100, "findings": [], "scores": {}, "modules": modules}
    assert evaluation.features_of(report)["requirements"] == 3
    assert evaluation.features_of({"words": 100, "findings": [], "scores": {}, "modules": {}})["requirements"] is None
