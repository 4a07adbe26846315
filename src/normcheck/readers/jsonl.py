"""JSONL corpora: one JSON object per line, its text and id in configurable fields."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.model import Document, InputError
from normcheck.readers import paragraph_document

if TYPE_CHECKING:
    from normcheck.config import Config


def iter_jsonl(path: str, text_field: str = "text", id_field: str = "id") -> Iterator[Document | InputError]:
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ReaderError(f"cannot be read ({exc.strerror})", source=path) from None
    name = "<stdin>" if path == "-" else path
    with stream:
        for lineno, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            where = f"{name}:{lineno}"
            try:
                record: Any = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield InputError(where, "NC103", f"not valid JSON ({exc.__class__.__name__})")
                continue
            if not isinstance(record, dict):
                yield InputError(where, "NC103", "a line must hold a JSON object")
                continue
            text = record.get(text_field)
            if not isinstance(text, str):
                yield InputError(where, "NC103", f"no text in field '{text_field}'")
                continue
            ident = record.get(id_field)
            source = str(ident) if ident is not None else where
            doc = paragraph_document(text, source, "text/plain", "jsonl")
            meta = {k: v for k, v in record.items() if k != text_field}
            yield Document(doc.source, doc.text, doc.segments, doc.media_type, meta)


@hookimpl(trylast=True)
def read_corpus(path: str, input_format: str, options: dict[str, Any], config: Config):  # type: ignore[no-untyped-def]
    if input_format != "jsonl":
        return None
    return iter_jsonl(path, options.get("text_field") or "text", options.get("id_field") or "id")
