"""Scan Dask collections: a bag of texts or records, or a text column of a Dask dataframe.

Needs the ``dask`` extra (``pip install "normcheck[dask]"``)::

    import dask.bag as db
    from normcheck.dask import scan_bag, scan_dataframe

    reports = scan_bag(db.read_text("ads/*.jsonl").map(json.loads), text_field="text")
    reports.map(lambda d: d["scores"]["gender_coding"]["verdict"]).frequencies().compute()

    frame = scan_dataframe(ads_df, text_column="text", id_column="ad_id")   # one row per ad

Every worker builds its plugin manager and rules once (per process) and scans with the same
code as ``normcheck scan``, so the document objects are the same as the local engine's. Workers
need normcheck (and any plugins you use) installed in their environment.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from normcheck import api, corpus
from normcheck.model import Document, InputError
from normcheck.readers import paragraph_document

if TYPE_CHECKING:
    from normcheck.config import Config

#: Columns of ``scan_dataframe``'s result, with their pandas dtypes.
COLUMNS: dict[str, str] = {
    "source": "object",
    "language": "object",
    "words": "int64",
    "findings": "int64",
    "masculine": "int64",
    "feminine": "int64",
    "masculine_per_100": "float64",
    "feminine_per_100": "float64",
    "verdict": "object",
    "error": "object",
    "report": "object",
}


def _settings(config: Config | str | None, options: dict[str, Any]) -> corpus.Settings:
    cfg = api.make_config(config, **options)
    return corpus.Settings(cfg, corpus.runtime_plugins())


def _document(element: Any, position: str, text_field: str, id_field: str) -> Document | InputError:
    if isinstance(element, Document):
        return element
    if isinstance(element, str):
        return paragraph_document(element, position, "text/plain", "dask")
    if isinstance(element, dict):
        text = element.get(text_field)
        if not isinstance(text, str):
            return InputError(position, "NC103", f"no text in field '{text_field}'")
        ident = element.get(id_field)
        source = str(ident) if ident is not None else position
        doc = paragraph_document(text, source, "text/plain", "dask")
        meta = {k: v for k, v in element.items() if k != text_field}
        return Document(doc.source, doc.text, doc.segments, doc.media_type, meta)
    return InputError(position, "NC103", f"cannot scan a {type(element).__name__}; give text, a record or a Document")


def scan_element(element: Any, settings: corpus.Settings, position: str, text_field: str = "text", id_field: str = "id") -> dict[str, Any]:
    """One element scanned: the normcheck/v1 document object, or ``{"source", "error"}``."""
    item = _document(element, position, text_field, id_field)
    result = corpus.scan_item(item, corpus._state(settings))
    if isinstance(result, InputError):
        return {"source": result.source, "error": {"code": result.code, "message": result.message}}
    assert result.report is not None
    return result.report.to_dict()


def _scan_partition(elements: Any, settings: corpus.Settings, text_field: str, id_field: str) -> list[dict[str, Any]]:
    return [
        scan_element(element, settings, f"item-{i}", text_field, id_field) for i, element in enumerate(elements)
    ]


def scan_bag(
    bag: Any,
    *,
    config: Config | str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    **options: Any,
) -> Any:
    """A bag of document objects (dicts, as ``--format jsonl`` writes them) for a bag of texts,
    records (dicts with ``text_field``/``id_field``) or Documents, partition for partition.

    Elements that cannot be scanned become ``{"source": ..., "error": {"code", "message"}}``.
    Options are those of ``normcheck.scan`` (``lang``, ``profile``, ``enable``, ...).
    """
    settings = _settings(config, options)
    return bag.map_partitions(_scan_partition, settings, text_field, id_field)


def _row(doc: dict[str, Any]) -> dict[str, Any]:
    if "error" in doc:
        return {
            "source": doc["source"], "language": None, "words": 0, "findings": 0, "masculine": 0, "feminine": 0,
            "masculine_per_100": float("nan"), "feminine_per_100": float("nan"), "verdict": None,
            "error": doc["error"]["message"], "report": None,
        }
    gc = doc["scores"].get("gender_coding", {})
    return {
        "source": doc["source"],
        "language": doc["language"],
        "words": doc["words"],
        "findings": len(doc["findings"]),
        "masculine": gc.get("masculine", 0),
        "feminine": gc.get("feminine", 0),
        "masculine_per_100": float(gc.get("masculine_per_100", 0.0)),
        "feminine_per_100": float(gc.get("feminine_per_100", 0.0)),
        "verdict": gc.get("verdict"),
        "error": None,
        "report": json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
    }


def _scan_frame(frame: Any, settings: corpus.Settings, text_column: str, id_column: str | None) -> Any:
    import pandas as pd

    rows = []
    ids = frame[id_column] if id_column else None
    for i, (index, text) in enumerate(frame[text_column].items()):
        source = str(ids.iloc[i]) if ids is not None else str(index)
        if not isinstance(text, str) or not text.strip():
            doc: dict[str, Any] = {"source": source, "error": {"code": "NC103", "message": f"no text in column '{text_column}'"}}
        else:
            doc = scan_element(paragraph_document(text, source, "text/plain", "dask"), settings, source)
        rows.append(_row(doc))
    out = pd.DataFrame(rows, index=frame.index, columns=list(COLUMNS))
    return out.astype({k: v for k, v in COLUMNS.items() if v != "object"})


def scan_dataframe(
    df: Any,
    text_column: str,
    *,
    id_column: str | None = None,
    config: Config | str | None = None,
    **options: Any,
) -> Any:
    """Scan one text column of a Dask dataframe: a dataframe with the same index and the
    columns in ``COLUMNS`` (counts, rates, verdict, and the whole document object as JSON in
    ``report``). Rows whose text is missing get ``error`` set."""
    import pandas as pd

    if text_column not in df.columns:
        from normcheck.errors import UsageError

        raise UsageError(f"the dataframe has no column '{text_column}'", source="text_column")
    settings = _settings(config, options)
    meta = pd.DataFrame({k: pd.Series(dtype=v) for k, v in COLUMNS.items()})
    return df.map_partitions(_scan_frame, settings, text_column, id_column, meta=meta)


def scan_series(series: Any, **options: Any) -> Any:
    """Scan a Dask series of texts (its index names the documents)."""
    name = series.name if series.name is not None else "text"
    return scan_dataframe(series.to_frame(name=name), name, **options)


__all__ = ["COLUMNS", "scan_bag", "scan_dataframe", "scan_element", "scan_series"]
