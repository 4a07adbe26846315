"""The evaluation model: how the wording of job ads relates to who applies.

``normcheck evaluate ads.csv --text-field text --women-field women --men-field men`` scans every
ad, turns its report into a few interpretable features (coded words per 100 words, gendered
terms, generic pronouns, the length of the requirement list when the recruitment module is
installed, the length of the ad) and fits a binomial logistic regression of the share of women
among the applicants, each ad weighted by its number of applicants (scikit-learn's
``LogisticRegression`` without penalty on the applicant-level data an ad's counts stand for).

What it reports, and how:

- ``effects``: one row per feature, the change in log-odds of an applicant being a woman per
  unit of the feature, its odds ratio, and the change in percentage points at the average
  share; 95 % intervals come from a bootstrap over ads (over groups with ``--group-field``, so
  that several ads from one company count as one unit of evidence).
- ``fit``: out-of-sample binomial deviance of the model and of a baseline without features
  (the training folds' overall share), with k-fold cross-validation (grouped folds with
  ``--group-field``). Deviance explained below zero means the wording predicts no better than
  the overall share.
- ``before_after`` (with ``--period-field``, or ``--date-field`` and ``--cutoff``): the wording
  and the outcome before and after, overall and per group, with bootstrap intervals, and the
  change in the outcome that the fitted association would lead one to expect from the change in
  wording.

These are associations in observational data. Ads that differ in wording differ in other ways
too (the job, the employer, the labour market, the time), so an effect here is not the effect of
changing a word; the report says so, and says when the data are too few to say much.
"""

from __future__ import annotations

import csv
import json
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError, UsageError
from normcheck.model import Document, DocumentReport

if TYPE_CHECKING:
    import numpy as np

    from normcheck.config import Config

SCHEMA = "normcheck-evaluation/v1"

#: Features, their unit, and what one unit means, in the order they are reported.
FEATURES: dict[str, tuple[str, str]] = {
    "masculine_per_100": ("per masculine-coded word per 100 words", "masculine-coded words per 100 words"),
    "feminine_per_100": ("per feminine-coded word per 100 words", "feminine-coded words per 100 words"),
    "gendered_terms_per_100": ("per gendered term per 100 words", "gendered terms (e.g. -man titles) per 100 words"),
    "generic_pronouns_per_100": ("per generic pronoun per 100 words", "generic he/she pronouns per 100 words"),
    "other_findings_per_100": ("per other finding per 100 words", "other norm findings (age, origin, culture, ...) per 100 words"),
    "requirements": ("per listed requirement", "required qualifications listed (recruitment module)"),
    "log2_words": ("per doubling of the ad's length", "length of the ad (log2 of words)"),
    "years": ("per year", "time since the first ad, in years (a control)"),
}
DEFAULT_FEATURES = (
    "masculine_per_100",
    "feminine_per_100",
    "gendered_terms_per_100",
    "generic_pronouns_per_100",
    "requirements",
    "log2_words",
)
CONTROLS = ("years",)

#: Below these the report says that the data are too few for firm conclusions.
MIN_ADS = 30
MIN_ADS_PER_FEATURE = 10
MIN_APPLICANTS = 300
MIN_GROUP_ADS = 3

BEFORE_WORDS = {"before", "pre", "före", "innan", "0", "false", "no"}
AFTER_WORDS = {"after", "post", "efter", "1", "true", "yes"}


# ---------------------------------------------------------------------------------------------
# Features from a report (runs in the scan workers)


def _requirement_count(modules: dict[str, Any]) -> float | None:
    rec = modules.get("recruitment") if isinstance(modules, dict) else None
    if not isinstance(rec, dict):
        return None
    # normcheck-recruitment reports ``required_count`` (must-haves, merits apart); the other
    # keys are read for other or older recruitment plugins.
    for key in ("required_count", "requirement_count", "must_have", "requirements", "requirement_list"):
        value = rec.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, list):
            return float(len(value))
        if isinstance(value, dict):
            for inner in ("count", "total", "must_have", "must", "required"):
                v = value.get(inner)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    return float(v)
                if isinstance(v, list):
                    return float(len(v))
    return None


def features_of(report: DocumentReport | dict[str, Any]) -> dict[str, Any]:
    """The evaluation features of one scanned document (a report or its ``to_dict()``)."""
    if isinstance(report, DocumentReport):
        words = report.words
        findings = [(f.category, f.coding) for f in report.findings]
        scores, modules = report.scores, report.modules
    else:
        words = int(report.get("words") or 0)
        findings = [(f.get("category"), f.get("coding")) for f in report.get("findings") or []]
        scores, modules = report.get("scores") or {}, report.get("modules") or {}
    per = 100.0 / words if words else 0.0
    counts: dict[str, int] = {}
    for category, coding in findings:
        key = f"{category}:{coding}" if category == "gender-coded" else str(category)
        counts[key] = counts.get(key, 0) + 1
    masculine = counts.get("gender-coded:masculine", 0)
    feminine = counts.get("gender-coded:feminine", 0)
    gendered = counts.get("gendered-term", 0)
    pronouns = counts.get("generic-pronoun", 0)
    other = len(findings) - masculine - feminine - gendered - pronouns - counts.get("gender-coded:None", 0)
    verdict = ((scores or {}).get("gender_coding") or {}).get("verdict")
    return {
        "words": words,
        "masculine_per_100": masculine * per,
        "feminine_per_100": feminine * per,
        "gendered_terms_per_100": gendered * per,
        "generic_pronouns_per_100": pronouns * per,
        "other_findings_per_100": max(other, 0) * per,
        "requirements": _requirement_count(modules),
        "log2_words": math.log2(words) if words > 0 else 0.0,
        "verdict": verdict,
    }


# ---------------------------------------------------------------------------------------------
# Reading the data


@dataclass
class Ad:
    """One usable row: its counts, its group and period, and (after the scan) its features."""

    index: int
    source: str
    women: float
    men: float
    group: str | None = None
    date: Any = None
    period: str | None = None
    features: dict[str, Any] = field(default_factory=dict)

    @property
    def applicants(self) -> float:
        return self.women + self.men


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None
    if math.isnan(number) or math.isinf(number) or number < 0:
        return None
    return number


def iter_records(path: str, input_format: str = "auto") -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """``(where, record, problem)`` for each row of a CSV or JSONL file."""
    fmt = input_format
    if fmt == "auto":
        suffix = Path(path).suffix.lower()
        fmt = "jsonl" if suffix in (".jsonl", ".ndjson", ".json") else "csv" if suffix in (".csv", ".tsv", ".tab") else ""
        if not fmt:
            raise UsageError("cannot tell CSV from JSONL by the file name; give --input-format csv or jsonl", source=path)
    if not Path(path).is_file():
        raise ReaderError("no such file" if not Path(path).exists() else "not a file", source=path)
    if fmt == "jsonl":
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    yield where, None, "not valid JSON"
                    continue
                if not isinstance(record, dict):
                    yield where, None, "not a JSON object"
                    continue
                yield where, record, None
    elif fmt in ("csv", "tsv"):
        from normcheck.readers.csv import MAX_FIELD_CHARS, _delimiter, open_text

        stream, name = open_text(path)
        previous = csv.field_size_limit()
        csv.field_size_limit(MAX_FIELD_CHARS)
        try:
            with stream:
                header_line = stream.readline()
                if not header_line.strip():
                    raise ReaderError("the file is empty (no header row)", source=name)
                delimiter = _delimiter(header_line)
                header = [h.strip() for h in next(csv.reader([header_line], delimiter=delimiter))]
                reader = csv.reader(stream, delimiter=delimiter)
                consumed = 1  # the header line
                for row in reader:
                    where = f"{name}:{consumed + 1}"  # the line where the row starts
                    consumed = reader.line_num + 1
                    if not any(c.strip() for c in row):
                        continue
                    if len(row) != len(header):
                        yield where, None, f"{len(row)} cells where the header has {len(header)}"
                        continue
                    yield where, dict(zip(header, row, strict=True)), None
        except UnicodeDecodeError:
            raise ReaderError("not valid text in UTF-8 or Windows-1252", source=name) from None
        except csv.Error as exc:
            raise ReaderError(f"not valid CSV ({exc})", source=name) from None
        finally:
            csv.field_size_limit(previous)
    else:
        raise UsageError(f"unknown input format {input_format!r}; choose csv or jsonl", source="--input-format")


@dataclass
class Fields:
    text: str = "text"
    women: str = "women"
    men: str = "men"
    id: str | None = "id"
    group: str | None = None
    date: str | None = None
    period: str | None = None


def load_ads(
    records: Iterable[tuple[str, dict[str, Any] | None, str | None]], fields: Fields, excluded: dict[str, int]
) -> Iterator[tuple[Ad, Document]]:
    """Usable ads with the documents to scan; the reasons for rows left out are counted."""
    from normcheck.readers import paragraph_document

    def skip(reason: str) -> None:
        excluded[reason] = excluded.get(reason, 0) + 1

    seen_columns = False
    for index, (where, record, problem) in enumerate(records):
        if record is None:
            skip(problem or "unreadable row")
            continue
        if not seen_columns:
            seen_columns = True
            for label, name in (("--text-field", fields.text), ("--women-field", fields.women), ("--men-field", fields.men)):
                if name not in record:
                    shown = ", ".join(list(record)[:12])
                    raise UsageError(f"the data have no field '{name}' (fields: {shown})", source=label)
        text = record.get(fields.text)
        if not isinstance(text, str) or not text.strip():
            skip("no text")
            continue
        women, men = _number(record.get(fields.women)), _number(record.get(fields.men))
        if women is None or men is None:
            skip("applicant counts missing or not numbers")
            continue
        if women + men <= 0:
            skip("no applicants")
            continue
        ident = record.get(fields.id) if fields.id else None
        source = str(ident) if ident not in (None, "") else where
        group = record.get(fields.group) if fields.group else None
        ad = Ad(
            index=index,
            source=source,
            women=women,
            men=men,
            group=None if group in (None, "") else str(group),
            date=record.get(fields.date) if fields.date else None,
            period=None if not fields.period or record.get(fields.period) in (None, "") else str(record.get(fields.period)),
        )
        yield ad, paragraph_document(text, source, "text/plain", "eval")


# ---------------------------------------------------------------------------------------------
# The model


def _np() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy comes with scikit-learn
        raise UsageError('normcheck evaluate needs the eval extra: pip install "normcheck[eval]"') from None
    return numpy


def _sklearn_logistic() -> Any:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise UsageError('normcheck evaluate needs scikit-learn: pip install "normcheck[eval]"') from None
    return LogisticRegression


@dataclass
class Fit:
    intercept: float
    coef: np.ndarray  # per unit of each raw feature
    converged: bool = True


def fit_binomial(X: np.ndarray, women: np.ndarray, men: np.ndarray) -> Fit:
    """Unpenalised logistic regression of women/(women+men), weighted by applicants.

    Each ad stands for ``women`` rows with outcome 1 and ``men`` rows with outcome 0; fitting
    two weighted rows per ad is the same likelihood. Features are standardised for the solver
    and the coefficients are turned back into per-unit effects.
    """
    np = _np()
    LogisticRegression = _sklearn_logistic()
    n, k = X.shape
    weights = np.concatenate([women, men])
    total = weights.sum()
    if k:
        mean = np.average(X, axis=0, weights=women + men)
        sd = np.sqrt(np.average((X - mean) ** 2, axis=0, weights=women + men))
        sd[sd == 0] = 1.0
        Z = (X - mean) / sd
    else:
        mean = np.zeros(0)
        sd = np.ones(0)
        Z = np.zeros((n, 0))
    if k == 0:
        share = women.sum() / total
        share = min(max(share, 1e-9), 1 - 1e-9)
        return Fit(math.log(share / (1 - share)), np.zeros(0))
    ZZ = np.vstack([Z, Z])
    y = np.concatenate([np.ones(n), np.zeros(n)])
    keep = weights > 0
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model = LogisticRegression(C=np.inf, solver="newton-cholesky", max_iter=200, tol=1e-8)
        # Weights are scaled to a mean of one: the solver's tolerance then means the same
        # whatever the number of applicants.
        model.fit(ZZ[keep], y[keep], sample_weight=weights[keep] * (keep.sum() / total))
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    coef = model.coef_[0] / sd
    intercept = float(model.intercept_[0] - (model.coef_[0] * mean / sd).sum())
    return Fit(intercept, coef, converged)


def predict_share(fit: Fit, X: np.ndarray) -> np.ndarray:
    np = _np()
    eta = fit.intercept + (X @ fit.coef if X.shape[1] else 0.0)
    return 1.0 / (1.0 + np.exp(-eta))


def binomial_deviance(women: np.ndarray, men: np.ndarray, p: np.ndarray) -> float:
    """Binomial deviance of shares ``p`` against the observed counts (0 for a perfect fit)."""
    np = _np()
    n = women + men
    p = np.clip(p, 1e-12, 1 - 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(women > 0, women * np.log(women / (n * p)), 0.0)
        b = np.where(men > 0, men * np.log(men / (n * (1 - p))), 0.0)
    return float(2 * (a + b).sum())


def cross_validate(
    X: np.ndarray, women: np.ndarray, men: np.ndarray, groups: Sequence[str] | None, folds: int, seed: int
) -> dict[str, Any]:
    """Out-of-sample deviance of the model and of the no-feature baseline."""
    np = _np()
    from sklearn.model_selection import GroupKFold, KFold

    n = len(women)
    grouped = groups is not None and len(set(groups)) >= 2
    if grouped:
        n_units = len(set(groups))  # type: ignore[arg-type]
        k = max(2, min(folds, n_units))
        splitter = GroupKFold(n_splits=k)
        splits = list(splitter.split(X, groups=list(groups)))  # type: ignore[arg-type]
    else:
        k = max(2, min(folds, n))
        splits = list(KFold(n_splits=k, shuffle=True, random_state=seed).split(X))
    p_model = np.empty(n)
    p_base = np.empty(n)
    failures = 0
    for train, test in splits:
        try:
            fit = fit_binomial(X[train], women[train], men[train])
            p_model[test] = predict_share(fit, X[test])
        except (ValueError, FloatingPointError):
            failures += 1
            p_model[test] = np.nan
        base = women[train].sum() / (women[train] + men[train]).sum()
        p_base[test] = base
    ok = ~np.isnan(p_model)
    d_model = binomial_deviance(women[ok], men[ok], p_model[ok])
    d_base = binomial_deviance(women[ok], men[ok], p_base[ok])
    applicants = float((women + men)[ok].sum())
    ll_model = _log_loss(women[ok], men[ok], p_model[ok])
    ll_base = _log_loss(women[ok], men[ok], p_base[ok])
    return {
        "metric": "binomial deviance on held-out ads (lower is better)",
        "folds": k,
        "grouped": grouped,
        "model": {"deviance": round(d_model, 3), "log_loss_per_applicant": round(ll_model, 5)},
        "baseline": {"deviance": round(d_base, 3), "log_loss_per_applicant": round(ll_base, 5),
                     "description": "the overall share of women in the training folds, no features"},
        "deviance_explained": round(1 - d_model / d_base, 4) if d_base > 0 else None,
        "applicants": applicants,
        "failed_folds": failures,
    }


def _log_loss(women: np.ndarray, men: np.ndarray, p: np.ndarray) -> float:
    np = _np()
    p = np.clip(p, 1e-12, 1 - 1e-12)
    total = (women + men).sum()
    return float(-(women * np.log(p) + men * np.log(1 - p)).sum() / total) if total else float("nan")


def bootstrap(
    X: np.ndarray,
    women: np.ndarray,
    men: np.ndarray,
    groups: Sequence[str] | None,
    rounds: int,
    seed: int,
) -> tuple[np.ndarray, int]:
    """Coefficients refitted on resampled ads (or resampled groups): ``(rounds, k)``, failures."""
    np = _np()
    rng = np.random.default_rng(seed)
    n, k = X.shape
    if groups is not None:
        labels = sorted(set(groups))
        index_of = {g: i for i, g in enumerate(labels)}
        members: list[list[int]] = [[] for _ in labels]
        for row, g in enumerate(groups):
            members[index_of[g]].append(row)
        member_arrays = [np.array(m) for m in members]
    draws = np.full((rounds, k), np.nan)
    failures = 0
    for r in range(rounds):
        if groups is not None:
            picked = rng.integers(0, len(member_arrays), len(member_arrays))
            rows = np.concatenate([member_arrays[i] for i in picked])
        else:
            rows = rng.integers(0, n, n)
        try:
            fit = fit_binomial(X[rows], women[rows], men[rows])
        except (ValueError, FloatingPointError):
            failures += 1
            continue
        if not fit.converged or not np.all(np.isfinite(fit.coef)):
            failures += 1
            continue
        draws[r] = fit.coef
    return draws, failures


def _interval(draws: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    np = _np()
    ok = draws[np.isfinite(draws)]
    if ok.size < 10:
        return (float("nan"), float("nan"))
    lo, hi = np.quantile(ok, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


def _r(x: float | None, digits: int = 4) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), digits)


# ---------------------------------------------------------------------------------------------
# Before and after


def period_labels(values: Iterable[str | None]) -> tuple[str, str]:
    """Which of a period field's two values is "before" and which "after"."""
    distinct = sorted({v for v in values if v is not None})
    lowered = {v.strip().lower(): v for v in distinct}
    before = [v for k, v in lowered.items() if k in BEFORE_WORDS]
    after = [v for k, v in lowered.items() if k in AFTER_WORDS]
    if len(distinct) == 2 and len(before) == 1 and len(after) == 1:
        return before[0], after[0]
    if len(distinct) == 2:
        return distinct[0], distinct[1]
    shown = ", ".join(repr(v) for v in distinct[:6])
    raise UsageError(
        f"the period field must have two values (before/after), found {len(distinct)}: {shown}", source="--period-field"
    )


def _wording_means(rows: Sequence[Ad]) -> dict[str, float]:
    n = len(rows)
    out = {}
    for name in ("masculine_per_100", "feminine_per_100", "gendered_terms_per_100", "generic_pronouns_per_100"):
        out[name] = sum(a.features[name] for a in rows) / n if n else float("nan")
    coded = sum(1 for a in rows if str(a.features.get("verdict") or "").endswith("masculine-coded"))
    out["masculine_coded_share"] = coded / n if n else float("nan")
    return out


def _outcome(rows: Sequence[Ad]) -> float:
    applicants = sum(a.applicants for a in rows)
    return sum(a.women for a in rows) / applicants if applicants else float("nan")


def _compare(
    before: list[Ad], after: list[Ad], rounds: int, seed: int, fit: Fit | None, names: Sequence[str],
    cluster: bool = False,
) -> dict[str, Any]:
    """Differences after − before with bootstrap intervals (resampling within each period)."""
    np = _np()
    rng = np.random.default_rng(seed)
    measures = {**_wording_means(before), "women_share": _outcome(before)}
    later = {**_wording_means(after), "women_share": _outcome(after)}
    expected = None
    if fit is not None:
        expected = _expected_share(fit, after, names) - _expected_share(fit, before, names)
    out: dict[str, Any] = {"ads": {"before": len(before), "after": len(after)},
                           "applicants": {"before": sum(a.applicants for a in before), "after": sum(a.applicants for a in after)}}
    enough = len(before) >= MIN_GROUP_ADS and len(after) >= MIN_GROUP_ADS
    draws: dict[str, list[float]] = {k: [] for k in measures}
    draws_expected: list[float] = []
    if enough and rounds:
        units_b = _units(before, cluster)
        units_a = _units(after, cluster)
        for _ in range(rounds):
            rb = [a for i in rng.integers(0, len(units_b), len(units_b)) for a in units_b[i]]
            ra = [a for i in rng.integers(0, len(units_a), len(units_a)) for a in units_a[i]]
            mb = {**_wording_means(rb), "women_share": _outcome(rb)}
            ma = {**_wording_means(ra), "women_share": _outcome(ra)}
            for key in draws:
                draws[key].append(ma[key] - mb[key])
            if fit is not None:
                draws_expected.append(_expected_share(fit, ra, names) - _expected_share(fit, rb, names))
    result = {}
    for key in measures:
        diff = later[key] - measures[key]
        ci = _interval(np.array(draws[key])) if draws[key] else (float("nan"), float("nan"))
        result[key] = {
            "before": _r(measures[key]),
            "after": _r(later[key]),
            "difference": _r(diff),
            "ci": [_r(ci[0]), _r(ci[1])],
        }
    out["measures"] = result
    if expected is not None:
        ci = _interval(np.array(draws_expected)) if draws_expected else (float("nan"), float("nan"))
        out["women_share_expected_from_wording"] = {"difference": _r(expected), "ci": [_r(ci[0]), _r(ci[1])]}
    out["too_few"] = not enough
    return out


def _units(rows: list[Ad], cluster: bool) -> list[list[Ad]]:
    if not cluster:
        return [[a] for a in rows]
    units: dict[str | None, list[Ad]] = {}
    for a in rows:
        units.setdefault(a.group, []).append(a)
    return list(units.values())


def _expected_share(fit: Fit, rows: Sequence[Ad], names: Sequence[str]) -> float:
    np = _np()
    if not rows:
        return float("nan")
    X = np.array([[a.features[n] for n in names] for a in rows], dtype=float).reshape(len(rows), len(names))
    p = predict_share(fit, X)
    w = np.array([a.applicants for a in rows])
    return float((p * w).sum() / w.sum())


# ---------------------------------------------------------------------------------------------
# The whole evaluation


@dataclass
class Options:
    features: tuple[str, ...] = DEFAULT_FEATURES
    bootstrap: int = 200
    folds: int = 5
    seed: int = 0
    cutoff: str | None = None


def evaluate_ads(ads: list[Ad], fields: Fields, options: Options, excluded: dict[str, int], rows_read: int) -> dict[str, Any]:
    """Fit the model and compare periods for scanned ads (each with ``features`` filled in)."""
    np = _np()
    notes: list[str] = []
    warnings_out: list[str] = []
    out: dict[str, Any] = {"schema": SCHEMA, "outcome": "share of women among applicants"}
    women = np.array([a.women for a in ads], dtype=float)
    men = np.array([a.men for a in ads], dtype=float)
    groups = [a.group or "(none)" for a in ads] if fields.group else None
    out["data"] = {
        "rows": rows_read,
        "ads": len(ads),
        "excluded": dict(sorted(excluded.items())),
        "applicants": float(women.sum() + men.sum()),
        "women": float(women.sum()),
        "women_share": _r(float(women.sum() / (women.sum() + men.sum()))) if ads else None,
        "groups": len(set(groups)) if groups else None,
        "fields": {k: v for k, v in vars(fields).items() if v},
    }

    # Time as a control, and before/after from a cutoff date.
    if fields.date:
        from normcheck.summarize import parse_date

        days = [parse_date(a.date) for a in ads]
        dated = [d for d in days if d is not None]
        if dated:
            first = min(dated)
            for a, d in zip(ads, days, strict=True):
                a.features["years"] = (d - first).days / 365.25 if d is not None else None
        else:
            warnings_out.append(f"no value of the date field '{fields.date}' could be read as a date")
        if options.cutoff:
            cut = parse_date(options.cutoff)
            if cut is None:
                raise UsageError(f"not a date: {options.cutoff!r}", source="--cutoff")
            for a, d in zip(ads, days, strict=True):
                if not fields.period:
                    a.period = None if d is None else ("before" if d < cut else "after")
    elif options.cutoff:
        raise UsageError("--cutoff needs --date-field", source="--cutoff")

    names: list[str] = []
    for name in [*options.features, *(c for c in CONTROLS if fields.date)]:
        if name not in FEATURES:
            raise UsageError(f"unknown feature {name!r}; choose from {', '.join(FEATURES)}", source="--feature")
        values = [a.features.get(name) for a in ads]
        if name == "requirements" and all(v is None for v in values):
            if options.features != DEFAULT_FEATURES:
                warnings_out.append("requirements: no ad has a requirement count (is normcheck-recruitment installed?)")
            continue
        if any(v is None for v in values):
            missing = sum(1 for v in values if v is None)
            warnings_out.append(f"{name}: left out, {missing} ads have no value")
            continue
        if len(ads) and np.ptp(np.array(values, dtype=float)) == 0:
            notes.append(f"{name}: left out, it is the same for every ad")
            continue
        names.append(name)
    X = np.array([[a.features[n] for n in names] for a in ads], dtype=float).reshape(len(ads), len(names))

    n_ads = len(ads)
    too_few = []
    if n_ads < MIN_ADS:
        too_few.append(f"only {n_ads} ads with applicant counts (at least {MIN_ADS} are needed for a first look)")
    if names and n_ads < MIN_ADS_PER_FEATURE * len(names):
        too_few.append(f"{n_ads} ads for {len(names)} features (about {MIN_ADS_PER_FEATURE} ads per feature are needed)")
    if women.sum() + men.sum() < MIN_APPLICANTS:
        too_few.append(f"only {int(women.sum() + men.sum())} applicants in all")
    if groups is not None and len(set(groups)) < 5:
        too_few.append(f"only {len(set(groups))} groups: intervals that resample groups are unreliable")
    out["adequate"] = not too_few
    if too_few:
        warnings_out.append("too few data for firm conclusions: " + "; ".join(too_few))

    fit: Fit | None = None
    effects: list[dict[str, Any]] = []
    if n_ads >= len(names) + 3 and women.sum() > 0 and men.sum() > 0:
        fit = fit_binomial(X, women, men)
        if not fit.converged:
            warnings_out.append("the model did not converge; estimates may be unreliable")
        draws, failures = bootstrap(X, women, men, groups, options.bootstrap, options.seed) if options.bootstrap else (np.full((0, len(names)), np.nan), 0)
        if failures:
            notes.append(f"{failures} of {options.bootstrap} bootstrap refits failed and were left out")
        p_bar = float(women.sum() / (women.sum() + men.sum()))
        slope = p_bar * (1 - p_bar)
        for j, name in enumerate(names):
            est = float(fit.coef[j])
            lo, hi = _interval(draws[:, j]) if options.bootstrap else (float("nan"), float("nan"))
            if not (math.isfinite(lo) and math.isfinite(hi)):
                direction = "unknown"
            elif lo > 0:
                direction = "higher share of women"
            elif hi < 0:
                direction = "lower share of women"
            else:
                direction = "no clear association"
            col = X[:, j]
            effects.append({
                "feature": name,
                "description": FEATURES[name][1],
                "unit": FEATURES[name][0],
                "role": "control" if name in CONTROLS else "wording",
                "estimate": _r(est),
                "ci": [_r(lo), _r(hi)],
                "odds_ratio": _r(math.exp(est)),
                "odds_ratio_ci": [_r(math.exp(lo)) if math.isfinite(lo) else None, _r(math.exp(hi)) if math.isfinite(hi) else None],
                "percentage_points": _r(100 * slope * est, 3),
                "percentage_points_ci": [_r(100 * slope * lo, 3), _r(100 * slope * hi, 3)],
                "direction": direction,
                "mean": _r(float(col.mean())),
                "sd": _r(float(col.std())),
            })
        out["model"] = {
            "kind": "binomial logistic regression of the share of women, weighted by applicants (scikit-learn LogisticRegression, no penalty)",
            "features": names,
            "intercept": _r(fit.intercept),
            "bootstrap": {"rounds": options.bootstrap, "resampled": "groups" if groups else "ads", "level": 0.95, "seed": options.seed},
        }
        out["fit"] = cross_validate(X, women, men, groups, options.folds, options.seed)
        explained = out["fit"]["deviance_explained"]
        if explained is not None and explained <= 0:
            notes.append("out of sample the model predicts the share of women no better than the overall share: "
                          "the wording features carry no usable signal in these data")
    else:
        warnings_out.append("too few ads to fit the model")
        out["model"] = None
        out["fit"] = None
    out["effects"] = effects

    if fields.period or options.cutoff:
        periods = [a.period for a in ads]
        if all(p is None for p in periods):
            warnings_out.append("no ad has a period value; no before/after comparison")
        else:
            before_label, after_label = period_labels(periods)
            before = [a for a in ads if a.period == before_label]
            after = [a for a in ads if a.period == after_label]
            ba: dict[str, Any] = {
                "field": fields.period or f"{fields.date} < {options.cutoff}",
                "before": before_label,
                "after": after_label,
                "overall": _compare(before, after, options.bootstrap, options.seed + 1, fit, names, cluster=bool(groups)),
            }
            if groups is not None:
                per_group = []
                for g in sorted({a.group or "(none)" for a in ads}):
                    gb = [a for a in before if (a.group or "(none)") == g]
                    ga = [a for a in after if (a.group or "(none)") == g]
                    if not gb or not ga:
                        continue
                    per_group.append({"group": g, **_compare(gb, ga, options.bootstrap, options.seed + 2, fit, names)})
                ba["groups"] = per_group
                ba["groups_in_both_periods"] = len(per_group)
            out["before_after"] = ba
            if ba["overall"]["too_few"]:
                warnings_out.append(f"fewer than {MIN_GROUP_ADS} ads in a period: no interval for the before/after comparison")
            notes.append("a before/after difference describes what changed over the period; other things changed too "
                         "(the labour market, the jobs, the employers), so it is not the effect of the programme")
    out["notes"] = [
        "effects are associations in observational data, not causal effects: ads that differ in wording also "
        "differ in the job, the employer and the time, and the model only adjusts for the features listed",
        "intervals are 95 % bootstrap percentile intervals" + (" resampling whole groups" if groups else " resampling ads"),
        *notes,
    ]
    out["warnings"] = warnings_out
    return out


@dataclass
class Evaluation:
    """The result (JSON-ready) and the scanned ads it was computed from."""

    result: dict[str, Any]
    ads: list[Ad]

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return render_json(self.result)
        if fmt == "html":
            return render_html(self.result, self.ads)
        if fmt == "text":
            return render_text(self.result)
        raise UsageError(f"unknown format {fmt!r}; choose json, html or text", source="--format")


def evaluate(
    path: str,
    fields: Fields,
    *,
    options: Options | None = None,
    config: Config | None = None,
    input_format: str = "auto",
    jobs: int = 1,
    progress: Any = None,
) -> Evaluation:
    """Read ``path``, scan every ad, build the features and fit the model."""
    from normcheck import api, corpus

    options = options or Options()
    cfg = config or api.make_config(None, near=path)
    excluded: dict[str, int] = {}
    rows = [0]

    def counted() -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
        for record in iter_records(path, input_format):
            rows[0] += 1
            yield record

    ads: list[Ad] = []

    def documents() -> Iterator[Document]:
        for ad, doc in load_ads(counted(), fields, excluded):
            ads.append(ad)
            yield doc

    settings = corpus.Settings(cfg, corpus.runtime_plugins(), transform="normcheck.evaluation:features_of")
    scanned: list[Ad] = []
    position = 0
    for result in corpus.scan_results(documents(), settings, jobs=jobs):
        ad = ads[position]
        position += 1
        if progress is not None:
            progress.update(result)
        if isinstance(result, corpus.Scanned):
            ad.features = dict(result.value)
            scanned.append(ad)
        else:
            excluded["could not be scanned"] = excluded.get("could not be scanned", 0) + 1
    if progress is not None:
        progress.close()
    return Evaluation(evaluate_ads(scanned, fields, options, excluded, rows[0]), scanned)


# ---------------------------------------------------------------------------------------------
# Rendering


def render_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False, default=_jsonable) + "\n"


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _fmt(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def effect_sentence(e: dict[str, Any]) -> str:
    pp, (lo, hi) = e["percentage_points"], e["percentage_points_ci"]
    if pp is None:
        return f"{e['description']}: no estimate"
    if e["direction"] == "no clear association":
        return (f"{e['description']}: no clear association ({pp:+.2f} percentage points {e['unit']}, "
                f"95 % interval {_fmt(lo, 2)} to {_fmt(hi, 2)}, which includes zero)")
    if e["direction"] == "unknown":
        return f"{e['description']}: {pp:+.2f} percentage points {e['unit']} (no interval)"
    return (f"{e['description']}: each unit goes with a {abs(pp):.2f} percentage point "
            f"{'higher' if pp > 0 else 'lower'} share of women among applicants "
            f"(95 % interval {_fmt(lo, 2)} to {_fmt(hi, 2)}; odds ratio {_fmt(e['odds_ratio'], 2)})")


def render_text(result: dict[str, Any]) -> str:
    d = result["data"]
    lines = [
        f"{d['ads']:,} ads used of {d['rows']:,} rows; {int(d['applicants']):,} applicants, "
        f"{_fmt((d['women_share'] or 0) * 100, 1)} % women",
    ]
    if d["excluded"]:
        lines.append("left out: " + ", ".join(f"{k} ({v:,})" for k, v in d["excluded"].items()))
    for w in result["warnings"]:
        lines.append(f"warning: {w}")
    if result["effects"]:
        lines += ["", "Associations with the share of women among applicants"]
        lines += [f"  - {effect_sentence(e)}" for e in result["effects"]]
    fit = result.get("fit")
    if fit:
        lines += ["", f"Out-of-sample fit ({fit['folds']}-fold{' grouped' if fit['grouped'] else ''} cross-validation): "
                  f"deviance {fit['model']['deviance']:,} vs {fit['baseline']['deviance']:,} for the overall share "
                  f"(explained: {_fmt((fit['deviance_explained'] or 0) * 100, 1)} %)"]
    ba = result.get("before_after")
    if ba:
        o = ba["overall"]
        lines += ["", f"Before ({ba['before']}, {o['ads']['before']} ads) and after ({ba['after']}, {o['ads']['after']} ads)"]
        for key, m in o["measures"].items():
            lines.append(f"  {key:<26} {_fmt(m['before'])} → {_fmt(m['after'])}  difference {_fmt(m['difference'])} "
                         f"[{_fmt(m['ci'][0])}, {_fmt(m['ci'][1])}]")
        if "women_share_expected_from_wording" in o:
            e = o["women_share_expected_from_wording"]
            lines.append(f"  {'expected from the wording':<26} difference {_fmt(e['difference'])} [{_fmt(e['ci'][0])}, {_fmt(e['ci'][1])}]")
    lines += ["", *(f"note: {n}" for n in result["notes"])]
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%;height:auto}
.warn{background:#fff4e5;border-left:4px solid #E69F00;padding:.5rem .8rem}.note{color:#555;font-size:.9rem}
"""


def render_html(result: dict[str, Any], ads: Sequence[Ad] | None = None) -> str:
    from html import escape

    from normcheck import plots

    d = result["data"]
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>normcheck evaluation</title>",
        f"<style>{_CSS}</style></head><body><h1>Wording and the share of women among applicants</h1>",
        f"<p>{d['ads']:,} ads used of {d['rows']:,} rows; {int(d['applicants']):,} applicants, "
        f"{_fmt((d['women_share'] or 0) * 100, 1)} % women.</p>",
    ]
    if d["excluded"]:
        parts.append("<p class=note>Left out: " + escape(", ".join(f"{k} ({v:,})" for k, v in d["excluded"].items())) + ".</p>")
    for w in result["warnings"]:
        parts.append(f"<p class=warn>{escape(w)}</p>")
    effects = result["effects"]
    if effects:
        parts.append("<h2>Associations</h2>")
        if plots.available():
            parts.append(plots.img(_effects_figure(effects), "Estimated associations with 95 % intervals"))
        parts.append("<ul>" + "".join(f"<li>{escape(effect_sentence(e))}</li>" for e in effects) + "</ul>")
        rows = "".join(
            f"<tr><td>{escape(e['feature'])}</td><td class=n>{_fmt(e['estimate'])}</td>"
            f"<td class=n>{_fmt(e['ci'][0])} to {_fmt(e['ci'][1])}</td><td class=n>{_fmt(e['odds_ratio'])}</td>"
            f"<td class=n>{_fmt(e['percentage_points'], 2)}</td><td>{escape(e['direction'])}</td></tr>"
            for e in effects
        )
        parts.append("<table><thead><tr><th>feature</th><th>log-odds per unit</th><th>95 % interval</th>"
                     "<th>odds ratio</th><th>percentage points</th><th>reading</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    fit = result.get("fit")
    if fit:
        parts.append("<h2>Out-of-sample fit</h2>")
        parts.append(
            f"<p>{fit['folds']}-fold {'grouped ' if fit['grouped'] else ''}cross-validation. Binomial deviance on held-out ads: "
            f"model {fit['model']['deviance']:,}, baseline (overall share) {fit['baseline']['deviance']:,}; "
            f"deviance explained {_fmt((fit['deviance_explained'] or 0) * 100, 1)} %.</p>"
        )
    if ads and plots.available() and any("masculine_per_100" in a.features for a in ads):
        parts.append(plots.img(_binned_figure(ads), "Share of women among applicants by masculine-coded words per 100 words"))
    ba = result.get("before_after")
    if ba:
        parts.append(f"<h2>Before and after ({escape(str(ba['field']))})</h2>")
        o = ba["overall"]
        if plots.available():
            parts.append(plots.img(_before_after_figure(ba), "Before and after differences with 95 % intervals"))
        rows = "".join(
            f"<tr><td>{escape(k)}</td><td class=n>{_fmt(m['before'])}</td><td class=n>{_fmt(m['after'])}</td>"
            f"<td class=n>{_fmt(m['difference'])}</td><td class=n>{_fmt(m['ci'][0])} to {_fmt(m['ci'][1])}</td></tr>"
            for k, m in o["measures"].items()
        )
        parts.append(f"<p>{o['ads']['before']:,} ads before ({escape(ba['before'])}), {o['ads']['after']:,} after ({escape(ba['after'])}).</p>")
        parts.append("<table><thead><tr><th>measure</th><th>before</th><th>after</th><th>difference</th><th>95 % interval</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
        if "women_share_expected_from_wording" in o:
            e = o["women_share_expected_from_wording"]
            parts.append(f"<p>Change in the share of women that the fitted association would lead one to expect from the change in wording: "
                         f"{_fmt(e['difference'])} ({_fmt(e['ci'][0])} to {_fmt(e['ci'][1])}).</p>")
        if ba.get("groups"):
            grows = "".join(
                f"<tr><td>{escape(g['group'])}</td><td class=n>{g['ads']['before']}</td><td class=n>{g['ads']['after']}</td>"
                f"<td class=n>{_fmt(g['measures']['masculine_per_100']['difference'])}</td>"
                f"<td class=n>{_fmt(g['measures']['women_share']['difference'])}</td>"
                f"<td class=n>{'too few ads' if g['too_few'] else _fmt(g['measures']['women_share']['ci'][0]) + ' to ' + _fmt(g['measures']['women_share']['ci'][1])}</td></tr>"
                for g in ba["groups"]
            )
            parts.append("<h3>Per group</h3><table><thead><tr><th>group</th><th>ads before</th><th>ads after</th>"
                         "<th>Δ masculine / 100 words</th><th>Δ share of women</th><th>95 % interval</th></tr></thead>"
                         f"<tbody>{grows}</tbody></table>")
    parts.append("<h2>How to read this</h2><ul>" + "".join(f"<li class=note>{escape(n)}</li>" for n in result["notes"]) + "</ul>")
    if not plots.available():
        parts.append('<p class=note>Plots need matplotlib: pip install "normcheck[eval]".</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _effects_figure(effects: list[dict[str, Any]]) -> Any:
    from normcheck import plots

    fig = plots.new_figure(7.0, 0.45 * len(effects) + 1.2)
    ax = fig.add_subplot()
    ys = list(range(len(effects)))[::-1]
    for y, e in zip(ys, effects, strict=True):
        pp = e["percentage_points"] or 0
        lo, hi = e["percentage_points_ci"]
        colour = plots.COLOURS["accent"] if e["direction"] not in ("no clear association", "unknown") else "#888888"
        if lo is not None and hi is not None:
            ax.plot([lo, hi], [y, y], color=colour, linewidth=2)
        ax.plot([pp], [y], "o", color=colour)
    ax.axvline(0, color="#444", linewidth=0.8)
    ax.set_yticks(ys, [e["feature"] for e in effects])
    ax.set_xlabel("percentage points of women among applicants, per unit")
    ax.set_title("Associations with 95 % intervals", loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _binned_figure(ads: Sequence[Ad]) -> Any:
    from normcheck import plots

    values = sorted(ads, key=lambda a: a.features.get("masculine_per_100", 0.0))
    bins = max(1, min(10, len(values) // 20))
    size = math.ceil(len(values) / bins)
    xs, ys = [], []
    for i in range(0, len(values), size):
        chunk = values[i : i + size]
        xs.append(sum(a.features["masculine_per_100"] for a in chunk) / len(chunk))
        ys.append(_outcome(chunk))
    fig = plots.new_figure(6.0, 3.0)
    ax = fig.add_subplot()
    ax.plot(xs, ys, "o-", color=plots.COLOURS["masculine"])
    ax.set_xlabel("masculine-coded words per 100 words (bin mean)")
    ax.set_ylabel("share of women")
    ax.set_title(f"Share of women among applicants, ads in {len(xs)} bins", loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _before_after_figure(ba: dict[str, Any]) -> Any:
    from normcheck import plots

    measures = ba["overall"]["measures"]
    # Rates per 100 words and shares of ads or applicants are on different scales: two panels.
    panels = [
        ([k for k in measures if k.endswith("_per_100")], "after − before, per 100 words"),
        ([k for k in measures if not k.endswith("_per_100")], "after − before, share (0–1)"),
    ]
    fig = plots.new_figure(7.0, 0.4 * len(measures) + 2.0)
    axes = fig.subplots(2, 1, height_ratios=[max(1, len(panels[0][0])), max(1, len(panels[1][0]))])
    for ax, (keys, label) in zip(axes, panels, strict=True):
        ys = list(range(len(keys)))[::-1]
        for y, k in zip(ys, keys, strict=True):
            m = measures[k]
            if m["ci"][0] is not None and m["ci"][1] is not None:
                ax.plot(m["ci"], [y, y], color=plots.COLOURS["accent"], linewidth=2)
            ax.plot([m["difference"] or 0], [y], "o", color=plots.COLOURS["accent"])
        ax.axvline(0, color="#444", linewidth=0.8)
        ax.set_yticks(ys, keys)
        ax.set_ylim(-0.6, len(keys) - 0.4)
        ax.set_xlabel(label)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_title("Differences with 95 % intervals", loc="left", fontsize=11)
    return fig


__all__ = ["Ad", "Evaluation", "Fields", "Options", "evaluate", "evaluate_ads", "features_of", "fit_binomial", "render_html", "render_json", "render_text"]
