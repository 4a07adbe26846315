"""CSV corpora: one document per row, its text and id in chosen columns.

``normcheck scan ads.csv --input-format csv --text-field body --id-field ad_id``. Every other
column is kept in ``Document.meta`` (as strings), so a corpus run's JSONL output carries the
fields that ``normcheck summarize --by`` and ``normcheck evaluate`` group and date by.

The file is read as a stream (memory does not grow with the number of rows). The encoding is
UTF-8 (with or without BOM), or Windows-1252 when the first 64 KiB are not valid UTF-8; the
delimiter is a comma unless the header line holds more semicolons or tabs than commas (as
Swedish spreadsheet exports often do).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from normcheck.errors import ReaderError
from normcheck.hookspecs import hookimpl
from normcheck.model import Document, InputError
from normcheck.readers import paragraph_document

if TYPE_CHECKING:
    from normcheck.config import Config

#: A single cell may hold a long ad, far beyond the csv module's default limit of 128 KiB.
MAX_FIELD_CHARS = 16 * 1024 * 1024
_HEAD = 64 * 1024


def _encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start >= len(head) - 3 and len(head) == _HEAD:
            return "utf-8"
        return "cp1252"


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def open_text(path: str) -> tuple[IO[str], str]:
    """The corpus as a text stream with universal newlines left to the csv module."""
    name = "<stdin>" if path == "-" else path
    try:
        raw = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    except IsADirectoryError:
        raise ReaderError("is a directory", source=name) from None
    except OSError as exc:
        raise ReaderError(f"cannot be read ({exc.strerror})", source=name) from None
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
    head = buffered.peek(_HEAD)[:_HEAD]
    if b"\x00" in head[:4096]:
        buffered.close()
        raise ReaderError("binary data, not CSV text", source=name)
    stream = io.TextIOWrapper(buffered, encoding=_encoding(head), newline="", errors="strict")
    return stream, name


def iter_csv(path: str, text_field: str = "text", id_field: str = "id") -> Iterator[Document | InputError]:
    """Documents of a CSV file, one per row; a bad row yields an InputError naming it."""
    stream, name = open_text(path)
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        with stream:
            try:
                header_line = stream.readline()
            except UnicodeDecodeError:
                raise ReaderError("not valid text in UTF-8 or Windows-1252", source=name) from None
            if not header_line.strip():
                raise ReaderError("the file is empty (no header row)", source=name)
            delimiter = _delimiter(header_line)
            header = next(csv.reader([header_line], delimiter=delimiter))
            header = [h.strip() for h in header]
            if text_field not in header:
                shown = ", ".join(header[:12]) + (", …" if len(header) > 12 else "")
                raise ReaderError(f"no column '{text_field}' for the text (columns: {shown})", source=name)
            text_index = header.index(text_field)
            id_index = header.index(id_field) if id_field in header else None
            reader = csv.reader(stream, delimiter=delimiter)
            line = 1
            while True:
                where_line = line + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except UnicodeDecodeError:
                    raise ReaderError(f"not valid text after line {line}", source=name) from None
                except csv.Error as exc:
                    yield InputError(f"{name}:{where_line}", "NC103", f"not valid CSV ({exc})")
                    line = reader.line_num + 1
                    continue
                line = reader.line_num + 1  # lines read so far, the header included
                where = f"{name}:{where_line}"
                if not row or not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    yield InputError(where, "NC103", f"the row has {len(row)} cells, the header {len(header)}")
                    continue
                text = row[text_index]
                if not text.strip():
                    yield InputError(where, "NC103", f"no text in column '{text_field}'")
                    continue
                ident = row[id_index].strip() if id_index is not None else ""
                source = ident or where
                doc = paragraph_document(text, source, "text/plain", "csv")
                meta: dict[str, Any] = {h: v for h, v in zip(header, row, strict=True) if h != text_field}
                yield Document(doc.source, doc.text, doc.segments, doc.media_type, meta)
    finally:
        csv.field_size_limit(previous_limit)


@hookimpl(trylast=True)
def read_corpus(path: str, input_format: str, options: dict[str, Any], config: Config):  # type: ignore[no-untyped-def]
    if input_format not in ("csv", "tsv"):
        return None
    return iter_csv(path, options.get("text_field") or "text", options.get("id_field") or "id")
