"""Readers and writers: files in, records out, and one clear line when the input is bad.

Everything here is plain data (no spaCy): readers turn a path into text the extractor can
read, writers turn records into JSON or CSV. Every problem with the input raises
`InputError` with a one-line message that names the file, so the CLI can print it as is.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from .record import Record

__all__ = [
    "Document", "InputError", "html_to_text", "read_document", "read_jsonl_rows",
    "write_csv", "write_json", "write_jsonl",
]

STDIN = "-"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_INSTALL_HINT = 'pip install "tally[pdf]"'

# Control bytes that never occur in prose (tab, newline, CR, VT, FF and ESC are allowed).
_CONTROL = frozenset(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}
_SNIFF = 8192            # bytes looked at to call a file binary
_MAX_CONTROL_SHARE = 0.10


class InputError(Exception):
    """Bad input the user can fix; the message is one line that names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


@dataclass(frozen=True)
class Document:
    """A document's text as the extractor sees it; offsets in facts point into `text`."""

    text: str
    source: str | None
    title: str | None = None


# ---------------------------------------------------------------- reading


def _label(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def _read_bytes(path: str) -> bytes:
    """All bytes of `path` (or stdin), with file-system failures turned into InputError."""
    if path == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is not None:
            return stream.read()
        return sys.stdin.read().encode("utf-8")
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory, not a file")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from None


def _check_not_binary(data: bytes, label: str) -> None:
    """Refuse files that are not text before decoding, so the message says 'binary'."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{label}: binary file, not text (NUL byte at offset {nul})")
    head = data[:_SNIFF]
    if head and sum(b in _CONTROL for b in head) / len(head) > _MAX_CONTROL_SHARE:
        raise InputError(f"{label}: binary file, not text (mostly control bytes)")


def decode_text(data: bytes, label: str) -> str:
    """Strict UTF-8 (a leading BOM is dropped); the error names the first bad byte's offset."""
    _check_not_binary(data, label)
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        at = bom + e.start
        line = data.count(b"\n", 0, at) + 1
        raise InputError(
            f"{label}: not UTF-8 text (byte 0x{data[at]:02x} at byte offset {at}, line {line}); "
            "save the file as UTF-8"
        ) from None


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _require_text(text: str, label: str, what: str = "file") -> str:
    if not text:
        raise InputError(f"{label}: empty {what}, no text to read")
    if not text.strip():
        raise InputError(f"{label}: {what} has only whitespace, no text to read")
    return text


def read_document(path: str) -> Document:
    """Read a text, HTML or PDF file (or stdin for `-`) as a Document.

    The kind comes from the suffix (`.html/.htm/.xhtml`, `.pdf`), or from the content for
    stdin and unknown suffixes (`%PDF-`, `<!doctype html`, `<html`); anything else is UTF-8 text.
    """
    label = _label(path)
    data = _read_bytes(path)
    if not data:
        raise InputError(f"{label}: empty file, no text to read")
    suffix = "" if path == STDIN else Path(path).suffix.lower()
    source = None if path == STDIN else path
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        text, title = _pdf_text(data, label)
        return Document(_require_text(text, label, "PDF (no extractable text; a scanned image?)"),
                        source, title)
    text = decode_text(data, label)
    if suffix in HTML_SUFFIXES or (suffix != ".txt" and _looks_like_html(text)):
        _require_text(text, label)
        body, title = html_to_text(text)
        return Document(_require_text(body, label, "HTML page (no visible text)"), source, title)
    return Document(_require_text(text, label), source, None)


# ---------------------------------------------------------------- HTML


_SKIP = frozenset({"script", "style", "nav", "footer", "noscript", "template", "svg"})
_PARAGRAPH = frozenset({
    "p", "div", "section", "article", "main", "header", "aside", "blockquote", "pre", "table",
    "ul", "ol", "dl", "figure", "figcaption", "form", "fieldset", "address", "details",
    "summary", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "caption", "body",
})
_LINE = frozenset({"br", "li", "tr", "dt", "dd", "option"})
_CELL = frozenset({"td", "th"})


class _TextParser(HTMLParser):
    """Collects visible text with block boundaries as newlines; keeps <title> and first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive unescaped in handle_data
        self.parts: list[str | int] = []  # text, or a break: 1 = new line, 2 = blank line
        self.skip = 0          # depth inside script/style/nav/footer/...
        self.in_head = False   # <head> holds no visible text but its <title>
        self.pre = 0
        self.in_title = False
        self.in_h1 = False
        self.title: list[str] = []
        self.h1: list[str] = []
        self.h1_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
            return
        if tag == "head":
            self.in_head = True
            return
        if tag == "body":
            self.in_head = False  # an unclosed <head> ends where the body starts
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "pre":
            self.pre += 1
        if tag == "h1" and not self.h1_done:
            self.in_h1 = True
        self._brk(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag not in _SKIP:
            self._brk(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag == "head":
            self.in_head = False
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag == "h1" and self.in_h1:
            self.in_h1 = False
            self.h1_done = True
        if tag in _CELL:
            self.parts.append("\t")
        else:
            self._brk(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip or self.in_head:
            return
        if self.in_h1:
            self.h1.append(data)
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def _brk(self, tag: str) -> None:
        if tag in _PARAGRAPH:
            self.parts.append(2)
        elif tag in _LINE:
            self.parts.append(1)

    def text(self) -> str:
        """Join the pieces; a run of breaks becomes the strongest one (no stacked blank lines)."""
        out: list[str] = []
        pending = 0
        for part in self.parts:
            if isinstance(part, int):
                pending = max(pending, part)
                continue
            if pending:
                out.append("\n" * pending)
                pending = 0
            out.append(part)
        return "".join(out)


def _one_line(parts: list[str]) -> str | None:
    s = " ".join("".join(parts).split())
    return s or None


def _tidy_line(line: str) -> str:
    """Trim a line; table cells stay apart by one tab, never by stray spaces."""
    line = line.strip(" \t")
    return re.sub(r" *\t[ \t]*", "\t", line) if "\t" in line else line


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page and its title (<title>, else the first <h1>).

    Script, style, nav and footer are dropped, entities unescaped, block elements end a
    line (paragraph-like ones with a blank line) so sentences never run across blocks.
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (_tidy_line(ln) for ln in parser.text().split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, _one_line(parser.title) or _one_line(parser.h1)


# ---------------------------------------------------------------- PDF


def _pdf_text(data: bytes, label: str) -> tuple[str, str | None]:
    """Text of every page via pypdf (an optional extra), pages separated by a blank line."""
    try:
        import pypdf
    except ImportError:
        raise InputError(f"{label}: reading PDF needs pypdf: {PDF_INSTALL_HINT}") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{label}: encrypted PDF, cannot read it without the password")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title).strip() if meta is not None and meta.title else None
    except InputError:
        raise
    except Exception as e:  # pypdf raises many kinds on a damaged file: all are bad input
        raise InputError(f"{label}: not a readable PDF ({type(e).__name__}: {e})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)  # words hyphenated across lines
    return text, title or None


# ---------------------------------------------------------------- JSONL archives


_ROW_KEYS = ("id", "published", "source", "title")


def json_lines(path: str) -> Iterator[tuple[int, str, Any]]:
    """(line number, "FILE line N", parsed value) for each non-blank line of a JSONL file; a line that
    is not UTF-8 or not JSON raises InputError naming the line."""
    label = _label(path)
    data = _read_bytes(path)
    for n, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        where = f"{label} line {n}"
        line = decode_text(raw, where)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from None
        yield n, where, obj


def read_jsonl_rows(path: str) -> Iterator[dict[str, Any]]:
    """Archive rows, one JSON object a line, each with a "text" (the dev corpus format).

    Yields {"text", and "id", "published", "source", "title" when the row has them}; `doc_id`
    is accepted for "id". Blank lines are skipped; a bad line raises InputError with its number.
    """
    label = _label(path)
    if not _read_bytes(path).strip():
        raise InputError(f"{label}: empty file, no rows to read")
    rows = 0
    for _n, where, obj in json_lines(path):
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
        text = obj.get("text")
        if not isinstance(text, str):
            raise InputError(f'{where}: no "text" string in the row')
        row: dict[str, Any] = {"text": text}
        if obj.get("id") is None and obj.get("doc_id") is not None:
            obj["id"] = obj["doc_id"]
        for key in _ROW_KEYS:
            if obj.get(key) is not None:
                row[key] = str(obj[key])
        rows += 1
        yield row
    if not rows:
        raise InputError(f"{label}: no rows to read")


# ---------------------------------------------------------------- writing


def _jsonable(v: Any) -> Any:
    """Fallback for values checks may carry (Fraction, Decimal, numpy scalars, sets)."""
    if isinstance(v, (set, frozenset)):
        return sorted(v, key=str)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return int(f) if f.is_integer() else f


def write_json(record: Record, fh: IO[str], *, indent: int | None = 2) -> None:
    """`record.to_dict()` as JSON (UTF-8 kept readable); `indent=None` gives one line."""
    json.dump(record.to_dict(), fh, indent=indent, ensure_ascii=False, default=_jsonable)
    fh.write("\n")


def write_jsonl(records: Iterable[Record], fh: IO[str]) -> None:
    """One record a line, the form `score.py --pred` and batch tools read."""
    for rec in records:
        write_json(rec, fh, indent=None)


def write_csv(records: Iterable[Record], fh: IO[str]) -> None:
    """Facts of all records as one CSV (`Record.to_frame()` rows, plus each record's source)."""
    import pandas as pd

    frames = []
    for rec in records:
        frames.append(_with_source(rec.to_frame(), rec.source))
    if not frames:
        frames = [_with_source(Record(doc_id="").to_frame(), None)]
    non_empty = [f for f in frames if not f.empty]
    out = pd.concat(non_empty, ignore_index=True) if non_empty else frames[0]
    for col in _NUMBER_COLUMNS:  # a float column would print the count 380 as "380.0"
        if col in out.columns:
            out[col] = pd.Series([_csv_number(v) for v in out[col]], index=out.index, dtype=object)
    out.to_csv(fh, index=False, lineterminator="\n")


def _with_source(frame: Any, source: str | None) -> Any:
    """Several files in one CSV: say which file each row came from, right after doc_id."""
    if "source" not in frame.columns:
        frame.insert(1, "source", source)
    return frame


_NUMBER_COLUMNS = ("value", "low", "high", "base_value", "new_value")


def _csv_number(v: Any) -> Any:
    if v is None or isinstance(v, str):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    if f != f:  # NaN: an empty cell
        return None
    return int(f) if f.is_integer() else f
