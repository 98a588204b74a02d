"""pipeline.io: what text the extractor gets from each kind of file, and one-line errors."""

from __future__ import annotations

import html
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.io import (
    Document,
    InputError,
    html_to_text,
    read_document,
    read_jsonl_rows,
    write_csv,
    write_json,
    write_jsonl,
)
from pipeline.record import Check, Fact, Record

PAGE = """<!DOCTYPE html>
<html><head><title>Q2 &amp; the security landscape</title>
<style>p { color: red }</style>
<script>var deaths = 999;</script></head>
<body>
<nav><a href="/">Home</a> 111 stories</nav>
<h1>Violence falls by 12&#37;</h1>
<p>Pakistan saw 380&nbsp;fatalities &ndash; down from 432 in Q1.</p>
<p>KP suffered 67%<br>Balochistan 25%</p>
<table><tr><th>Region</th><th>Deaths</th></tr><tr><td> KP </td><td>240</td></tr></table>
<ul><li>first</li><li>second</li></ul>
<footer>&copy; 2024, 222 readers</footer>
</body></html>
"""


def one_line(err: pytest.ExceptionInfo[InputError]) -> str:
    msg = str(err.value)
    assert "\n" not in msg
    return msg


# ---------------------------------------------------------------- HTML


def test_html_to_text_drops_script_style_nav_and_footer():
    text, _ = html_to_text(PAGE)
    for hidden in ("999", "color: red", "Home", "111", "222", "©"):
        assert hidden not in text


def test_html_to_text_unescapes_entities():
    text, title = html_to_text(PAGE)
    assert "380 fatalities – down from 432 in Q1." in text
    assert "Violence falls by 12%" in text
    assert title == "Q2 & the security landscape"


def test_html_to_text_ends_lines_at_block_elements():
    text, _ = html_to_text(PAGE)
    assert "KP suffered 67%\nBalochistan 25%" in text
    assert "Region\tDeaths\nKP\t240" in text
    assert "first\nsecond" in text
    assert "\n\n\n" not in text
    assert "Violence falls by 12%\n\nPakistan saw" in text


def test_html_to_text_takes_title_from_first_h1_without_title_tag():
    text, title = html_to_text("<body><h1>First  <b>head</b></h1><h1>Second</h1><p>Body 5.</p></body>")
    assert title == "First head"
    assert text.startswith("First head\n\nSecond\n\nBody 5.")


def test_html_to_text_without_title_or_h1_has_no_title():
    assert html_to_text("<p>Only 3 words.</p>") == ("Only 3 words.", None)


def test_html_to_text_keeps_pre_whitespace():
    text, _ = html_to_text("<pre>KP    240\nBA     90</pre>")
    assert text == "KP    240\nBA     90"


def test_html_to_text_reads_body_after_unclosed_head():
    text, title = html_to_text("<html><head><title>T</title><body><p>12 attacks</p></body>")
    assert (text, title) == ("12 attacks", "T")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_html_to_text_of_escaped_text_gives_the_text_back_with_spaces_collapsed(s):
    text, _ = html_to_text(f"<p>{html.escape(s)}</p>")
    assert text == " ".join(s.split())


# ---------------------------------------------------------------- read_document


def test_read_document_reads_utf8_text_and_drops_bom(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffPakistan saw 380 fatalities — 12% fewer.\n".encode())
    doc = read_document(str(p))
    assert doc == Document("Pakistan saw 380 fatalities — 12% fewer.\n", str(p), None)


def test_read_document_reads_html_file_with_title(tmp_path: Path):
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    doc = read_document(str(p))
    assert doc.title == "Q2 & the security landscape"
    assert doc.source == str(p)
    assert "999" not in doc.text and "380 fatalities" in doc.text


def test_read_document_sniffs_html_without_html_suffix(tmp_path: Path):
    p = tmp_path / "page"
    p.write_text("<!doctype html><title>T</title><p>7 attacks</p>", encoding="utf-8")
    assert read_document(str(p)) == Document("7 attacks", str(p), "T")


def test_read_document_keeps_html_like_txt_file_as_text(tmp_path: Path):
    p = tmp_path / "page.txt"
    p.write_text("<html><p>7 attacks</p>", encoding="utf-8")
    assert read_document(str(p)).text == "<html><p>7 attacks</p>"


def test_read_document_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"240 incidents")))
    assert read_document("-") == Document("240 incidents", None, None)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\r\n ", "only whitespace"),
        ("nul.txt", b"380 fatalities\x00\x01\x02", "binary file, not text (NUL byte at offset 14)"),
        ("ctrl.txt", bytes(range(1, 9)) * 20 + b"abc", "binary file, not text (mostly control bytes)"),
        ("latin1.txt", "KP: 67 décès".encode("latin-1"),
         "not UTF-8 text (byte 0xe9 at byte offset 8, line 1)"),
        ("empty.html", b"<html><script>x=1</script></html>", "no visible text"),
    ],
)
def test_read_document_bad_content_raises_one_line_input_error(tmp_path: Path, name, content, expected):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_document(str(p))
    msg = one_line(err)
    assert msg.startswith(f"{p}: ")
    assert expected in msg


def test_read_document_non_utf8_offset_counts_the_bom(tmp_path: Path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfok\nbad \xff here")
    with pytest.raises(InputError) as err:
        read_document(str(p))
    assert "byte 0xff at byte offset 10, line 2" in one_line(err)


def test_read_document_missing_file_raises_one_line(tmp_path: Path):
    with pytest.raises(InputError) as err:
        read_document(str(tmp_path / "nope.txt"))
    assert one_line(err) == f"{tmp_path / 'nope.txt'}: no such file"


def test_read_document_directory_raises_one_line(tmp_path: Path):
    with pytest.raises(InputError) as err:
        read_document(str(tmp_path))
    assert one_line(err) == f"{tmp_path}: is a directory, not a file"


def test_read_document_unreadable_file_raises_permission_denied(tmp_path: Path, monkeypatch):
    p = tmp_path / "secret.txt"
    p.write_text("12 attacks", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)  # chmod 000 means nothing to root
    with pytest.raises(InputError) as err:
        read_document(str(p))
    assert one_line(err) == f"{p}: permission denied"


def test_read_document_empty_stdin_raises_one_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(InputError) as err:
        read_document("-")
    assert one_line(err) == "<stdin>: empty file, no text to read"


# ---------------------------------------------------------------- PDF


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A minimal one-page PDF with real text objects, so no PDF writer is needed."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({ln}) Tj T*" for ln in lines) + " ET"
    info = f"<< /Title ({title}) >>" if title else "<< >>"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_read_document_pdf_without_pypdf_says_how_to_install(tmp_path: Path, monkeypatch):
    p = tmp_path / "report.pdf"
    p.write_bytes(make_pdf(["12 attacks"]))
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf -> ImportError
    with pytest.raises(InputError) as err:
        read_document(str(p))
    assert one_line(err) == f'{p}: reading PDF needs pypdf: pip install "tally[pdf]"'


def test_read_document_pdf_text_and_title_via_pypdf(tmp_path: Path):
    pytest.importorskip("pypdf")
    p = tmp_path / "report.pdf"
    p.write_bytes(make_pdf(["Pakistan saw 380 fatalities", "in Q2 2024."], title="CRSS Q2"))
    doc = read_document(str(p))
    assert "380 fatalities" in doc.text and "Q2 2024" in doc.text
    assert doc.title == "CRSS Q2"


def test_read_document_damaged_pdf_raises_one_line(tmp_path: Path):
    pytest.importorskip("pypdf")
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(InputError) as err:
        read_document(str(p))
    assert one_line(err).startswith(f"{p}: ")


# ---------------------------------------------------------------- JSONL


def test_read_jsonl_rows_yields_text_and_known_fields(tmp_path: Path):
    p = tmp_path / "docs.jsonl"
    p.write_text(
        json.dumps({"id": "001", "published": None, "text": "12 attacks", "facts": []}) + "\n\n"
        + json.dumps({"doc_id": 7, "published": "2024-07-01", "source": "x.html", "text": "3 dead"}) + "\n",
        encoding="utf-8",
    )
    assert list(read_jsonl_rows(str(p))) == [
        {"text": "12 attacks", "id": "001"},
        {"text": "3 dead", "id": "7", "published": "2024-07-01", "source": "x.html"},
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "ok"}\n{"text": broken}\n', "line 2: not valid JSON"),
        ('{"text": "ok"}\n["text"]\n', "line 2: expected a JSON object, got list"),
        ('{"id": "1"}\n', 'line 1: no "text" string in the row'),
        ('{"text": 5}\n', 'line 1: no "text" string in the row'),
        ("\n\n", "empty file, no rows to read"),
    ],
)
def test_read_jsonl_rows_bad_line_raises_with_line_number(tmp_path: Path, content, expected):
    p = tmp_path / "docs.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        list(read_jsonl_rows(str(p)))
    assert one_line(err).startswith(str(p))
    assert expected in one_line(err)


def test_read_jsonl_rows_non_utf8_line_names_the_line(tmp_path: Path):
    p = tmp_path / "docs.jsonl"
    p.write_bytes(b'{"text": "ok"}\n{"text": "d\xe9c\xe8s"}\n')
    with pytest.raises(InputError) as err:
        list(read_jsonl_rows(str(p)))
    assert f"{p} line 2: not UTF-8 text" in one_line(err)


# ---------------------------------------------------------------- writers


def sample_record(doc_id: str = "abc", source: str | None = "a.txt") -> Record:
    facts = (
        Fact(id="f1", kind="count", metric="fatalities", value=380, span=(13, 16), text="380",
             sentence=(0, 30), region="PK", period="2024-Q2"),
        Fact(id="f2", kind="share", metric="fatalities", value=67.5, span=(40, 43), text="67.5%",
             sentence=(31, 60), region="PK-KP", period="2024-Q2", of={"region": "PK"}),
    )
    checks = (Check(id="c1", rule="shares_sum", status="pass", facts=("f2",), message="Fine."),)
    return Record(doc_id=doc_id, facts=facts, checks=checks, source=source, country="PK")


def test_write_json_round_trips_through_record_from_dict():
    buf = io.StringIO()
    write_json(sample_record(), buf)
    data = json.loads(buf.getvalue())
    assert buf.getvalue().startswith('{\n  "doc_id"')
    assert Record.from_dict(data).to_dict() == sample_record().to_dict()


def test_write_json_keeps_non_ascii_readable():
    rec = Record(doc_id="x", title="Khyber Pakhtunkhwa — “KP”")
    buf = io.StringIO()
    write_json(rec, buf)
    assert "“KP”" in buf.getvalue()


def test_write_jsonl_writes_one_record_a_line():
    buf = io.StringIO()
    write_jsonl([sample_record("a"), sample_record("b")], buf)
    lines = buf.getvalue().splitlines()
    assert [json.loads(ln)["doc_id"] for ln in lines] == ["a", "b"]


def test_write_csv_has_one_row_per_fact_of_all_records():
    buf = io.StringIO()
    write_csv([sample_record("a", "a.txt"), Record(doc_id="empty"), sample_record("b", "b.txt")], buf)
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("doc_id,source,id,kind,metric,")
    assert len(lines) == 5
    assert lines[1].startswith("a,a.txt,f1,count,fatalities,all,PK,,2024-Q2,380,")
    assert "region=PK" in lines[2]


def test_write_csv_without_facts_writes_the_header_only():
    buf = io.StringIO()
    write_csv([Record(doc_id="empty")], buf)
    assert buf.getvalue().splitlines() == [buf.getvalue().splitlines()[0]]
    assert buf.getvalue().startswith("doc_id,source,id,")


def test_input_error_message_is_always_one_line():
    assert str(InputError("a\nb\n  c")) == "a b c"
