"""tally's commands: exit codes, one-line errors and output formats, with a fake extractor.

`pipeline.load` is replaced by `FakeExtractor`, so no test loads spaCy; the real extractor
is exercised by its own tests and by `tally extract samples/...` in the README.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline import cli
from pipeline.record import Check, Fact, Record, doc_id_for

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Pakistan saw 380 fatalities in Q2 2024. That is 12% fewer than the 432 in Q1."
RECORD_KEYS = {"doc_id", "source", "title", "published", "report", "period", "country", "facts", "checks"}
FACT_KEYS = {"id", "kind", "metric", "actor", "region", "period", "value", "approx", "span", "text",
             "sentence"}
CHECK_KEYS = {"id", "rule", "status", "facts", "expected", "observed", "tolerance", "message"}


class FakeExtractor:
    """Stands in for `pipeline.load()`: one count fact per number, optional failing check."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[dict] = []

    def __call__(self, text, published=None, source=None, doc_id=None, title=None) -> Record:
        self.calls.append({"text": text, "published": published, "source": source,
                           "doc_id": doc_id, "title": title})
        facts = []
        for i, m in enumerate(re.finditer(r"\d+", text), start=1):
            end = text.find(".", m.end())
            facts.append(Fact(id=f"f{i}", kind="count", metric="fatalities", value=int(m.group()),
                              span=m.span(), text=m.group(), sentence=(0, end + 1 if end >= 0 else len(text)),
                              region="PK", period="2024-Q2"))
        checks = [Check(id="c1", rule="part_le_whole", status="pass", facts=("f1",), message="Fine.")]
        if self.fail and len(facts) >= 2:
            checks.append(Check(
                id="c2", rule="change_vs_counts", status="fail", facts=("f1", "f2"),
                message="The stated change does not match the two counts.", expected=-12.0, observed=5,
                tolerance=0.5, suggestion="Read 380 as 38?",
            ))
        return Record(doc_id=doc_id or doc_id_for(text), facts=tuple(facts), checks=tuple(checks),
                      source=source, title=title, published=published, period="2024-Q2", country="PK",
                      report={"publisher": "CRSS"})


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeExtractor:
    ex = FakeExtractor()
    loads: list[tuple] = []

    def load(model=None, *, rules_only=False):
        loads.append((model, rules_only))
        return ex

    monkeypatch.setattr(pipeline, "load", load)
    ex.loads = loads  # type: ignore[attr-defined]
    return ex


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "report.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tally: ")
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------- bad input: exit 2, one line


def test_cli_missing_file_exits_2_with_one_line(capsys, fake, tmp_path):
    code, out, err = run(capsys, "extract", tmp_path / "nope.txt")
    assert code == 2 and out == ""
    assert assert_one_error_line(err) == f"tally: {tmp_path / 'nope.txt'}: no such file"
    assert fake.loads == []  # inputs are read before the model loads


def test_cli_directory_exits_2_with_one_line(capsys, fake, tmp_path):
    code, _, err = run(capsys, "extract", tmp_path)
    assert code == 2
    assert assert_one_error_line(err) == f"tally: {tmp_path}: is a directory, not a file"


@pytest.mark.parametrize(("content", "expected"), [(b"", "empty file"), (b"  \n\n\t", "only whitespace")])
def test_cli_empty_file_exits_2_with_one_line(capsys, fake, tmp_path, content, expected):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    code, _, err = run(capsys, "extract", p)
    assert code == 2
    assert expected in assert_one_error_line(err)


def test_cli_binary_file_exits_2_with_one_line(capsys, fake, tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run(capsys, "extract", p)
    assert code == 2
    assert "binary file, not text" in assert_one_error_line(err)


def test_cli_non_utf8_file_exits_2_naming_the_byte_offset(capsys, fake, tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Pakistan: 380 décès".encode("cp1252"))
    code, _, err = run(capsys, "extract", p)
    assert code == 2
    assert "not UTF-8 text (byte 0xe9 at byte offset 15, line 1)" in assert_one_error_line(err)


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-02-30", "01/07/2024", "2024-7-1", "yesterday", ""])
def test_cli_malformed_published_exits_2_with_one_line(capsys, fake, doc, bad):
    code, out, err = run(capsys, "extract", doc, "--published", bad)
    assert code == 2 and out == ""
    assert "--published: expected a date as YYYY-MM-DD" in assert_one_error_line(err)
    assert fake.loads == []


def test_cli_check_bad_input_exits_2_not_1(capsys, fake, tmp_path):
    code, _, err = run(capsys, "check", tmp_path / "nope.txt")
    assert code == 2
    assert_one_error_line(err)


@pytest.mark.parametrize(
    "argv",
    [[], ["extract"], ["frobnicate"], ["extract", "x.txt", "--json", "--csv"],
     ["extract", "x.txt", "--nope"]],
)
def test_cli_usage_errors_exit_2_with_one_line(capsys, fake, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert_one_error_line(err)


@pytest.mark.parametrize("error", [
    OSError("[E050] Can't find model 'xx_missing'.\nIt doesn't seem to be a package."),
    ValueError("spaCy pipeline 'xx_missing' is not installed"),
])
def test_cli_unloadable_model_exits_2_with_one_line(capsys, monkeypatch, doc, error):
    def load(model=None, *, rules_only=False):
        raise error

    monkeypatch.setattr(pipeline, "load", load)
    code, _, err = run(capsys, "extract", doc, "--model", "xx_missing")
    assert code == 2
    line = assert_one_error_line(err)
    assert line.startswith("tally: --model xx_missing: ") and "xx_missing'" in line


def test_cli_keyboard_interrupt_exits_130(capsys, monkeypatch, doc):
    def load(model=None, *, rules_only=False):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "load", load)
    code, _, err = run(capsys, "extract", doc)
    assert code == 130
    assert "Traceback" not in err


# ---------------------------------------------------------------- extract


def test_cli_extract_json_parses_and_has_record_md_keys(capsys, fake, doc):
    code, out, err = run(capsys, "extract", doc, "--json", "--published", "2024-07-01")
    assert code == 0 and err == ""
    rec = json.loads(out)
    assert set(rec) >= RECORD_KEYS
    assert rec["published"] == "2024-07-01" and rec["source"] == str(doc)
    assert rec["facts"] and all(set(f) >= FACT_KEYS for f in rec["facts"])
    assert all(set(c) >= CHECK_KEYS for c in rec["checks"])
    assert out.startswith('{\n  "doc_id"')


def test_cli_extract_passes_options_to_the_extractor(capsys, fake, doc):
    code, *_ = run(capsys, "extract", doc, "--model", "en_core_web_md", "--rules-only",
                   "--published", "2024-07-01")
    assert code == 0
    assert fake.loads == [("en_core_web_md", True)]
    assert fake.calls == [{"text": TEXT, "published": "2024-07-01", "source": str(doc), "doc_id": None,
                           "title": None}]


def test_cli_extract_json_with_several_paths_prints_jsonl(capsys, fake, doc, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Only 7 attacks.", encoding="utf-8")
    code, out, _ = run(capsys, "extract", doc, other, "--json")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert [json.loads(ln)["source"] for ln in lines] == [str(doc), str(other)]


def test_cli_extract_csv_with_several_paths_has_rows_of_all(capsys, fake, doc, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Only 7 attacks.", encoding="utf-8")
    code, out, _ = run(capsys, "extract", doc, other, "--csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("doc_id,source,id,kind,metric,actor,region")
    assert len(lines) == 1 + 6 + 1  # header, six numbers in TEXT, one in other
    assert lines[-1].split(",")[1] == str(other)


def test_cli_extract_table_has_header_and_one_row_per_fact(capsys, fake, doc):
    code, out, _ = run(capsys, "extract", doc)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(str(doc))
    assert "period 2024-Q2" in lines[0] and "country PK" in lines[0] and "report CRSS" in lines[0]
    assert lines[1].split() == ["id", "figure", "kind", "metric", "actor", "region", "period", "value",
                                "qualifier"]
    rows = [ln for ln in lines if re.match(r"f\d+ ", ln)]
    assert len(rows) == 6
    assert rows[0].split() == ["f1", "380", "count", "fatalities", "all", "PK", "2024-Q2", "380", "exact"]
    assert lines[-1] == "checks: 1 pass, 0 fail, 0 unverifiable"


def test_cli_extract_table_shows_range_bounds_and_percent(capsys, monkeypatch, doc):
    rec = Record(doc_id="x", facts=(
        Fact(id="f1", kind="count", metric="attacks", value=12, span=(0, 1), text="between 10 and 15",
             sentence=(0, 1), approx="range", low=10, high=15),
        Fact(id="f2", kind="change", metric="fatalities", value=-12, span=(0, 1), text="a 12% decline",
             sentence=(0, 1), period="2024-Q2", base_period="2024-Q1"),
    ))
    monkeypatch.setattr(pipeline, "load", lambda model=None, *, rules_only=False: lambda text, **kw: rec)
    code, out, _ = run(capsys, "extract", doc)
    assert code == 0
    assert re.search(r"f1\s+between 10 and 15\s+count .* 12\s+range 10-15$", out, re.M)
    assert re.search(r"f2\s+a 12% decline .* 2024-Q2 vs 2024-Q1\s+-12%\s+exact$", out, re.M)


def test_cli_extract_reads_stdin_for_dash(capsys, fake, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"240 incidents.")))
    code, out, _ = run(capsys, "extract", "-", "--json")
    assert code == 0
    assert json.loads(out)["facts"][0]["value"] == 240
    assert fake.calls[0]["source"] is None


def test_cli_extract_jsonl_archive_uses_row_ids_and_dates(capsys, fake, tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text(json.dumps({"id": "001", "published": "2024-07-01", "text": "12 attacks."}) + "\n"
                 + json.dumps({"id": "002", "published": None, "text": "3 dead."}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", p, "--json", "--published", "2025-01-01")
    assert code == 0
    recs = [json.loads(ln) for ln in out.splitlines()]
    assert [(r["doc_id"], r["published"]) for r in recs] == [("001", "2024-07-01"), ("002", "2025-01-01")]


def test_cli_extract_html_passes_title_and_visible_text(capsys, fake, tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<title>Q2 report</title><script>999</script><p>380 fatalities</p>", encoding="utf-8")
    code, *_ = run(capsys, "extract", p)
    assert code == 0
    assert fake.calls[0]["title"] == "Q2 report" and fake.calls[0]["text"] == "380 fatalities"


# ---------------------------------------------------------------- check


def test_cli_check_without_failing_checks_exits_0(capsys, fake, doc):
    code, out, _ = run(capsys, "check", doc)
    assert code == 0
    assert out.strip() == f"{doc}: ok (1 check, none failing)"


def test_cli_check_with_a_failing_check_exits_1_and_shows_evidence(capsys, fake, doc):
    fake.fail = True
    code, out, _ = run(capsys, "check", doc)
    assert code == 1
    assert f"{doc}: 1 failing check" in out
    assert "c2 change_vs_counts: The stated change does not match the two counts." in out
    assert "expected -12, observed 5 (tolerance 0.5)" in out
    assert 'f1 "380" in: Pakistan saw 380 fatalities in Q2 2024.' in out
    assert "suggestion: Read 380 as 38?" in out
    assert "part_le_whole" not in out  # passing checks are not listed


def test_cli_check_exits_1_when_any_of_several_documents_fails(capsys, fake, doc, tmp_path):
    fake.fail = True
    other = tmp_path / "one.txt"
    other.write_text("Only 7 attacks.", encoding="utf-8")  # one number: no failing check
    code, out, _ = run(capsys, "check", other, doc)
    assert code == 1
    assert f"{other}: ok" in out
    assert out.splitlines()[-1] == "2 documents, 1 failing check"


def test_cli_check_json_lists_failed_checks_with_sentences(capsys, fake, doc):
    fake.fail = True
    code, out, _ = run(capsys, "check", doc, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["source"] == str(doc)
    (failed,) = data["failed"]
    assert failed["rule"] == "change_vs_counts" and failed["suggestion"] == "Read 380 as 38?"
    assert failed["evidence"][0] == {"fact": "f1", "text": "380", "span": [13, 16],
                                     "sentence": "Pakistan saw 380 fatalities in Q2 2024."}


# ---------------------------------------------------------------- version


def test_cli_version_flag_returns_0(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("tally ")


def test_python_m_pipeline_version_prints_version():
    res = subprocess.run([sys.executable, "-m", "pipeline", "--version"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    assert re.fullmatch(r"tally \S+.*\n", res.stdout)


@pytest.mark.parametrize(("value", "shown"), [
    ([183.04, 216.2], "183.04 to 216.2"), ([1291.0, None], "at least 1,291"), ([None, 44], "at most 44"),
    (["rounding ±0.5, 'over'", "exact"], "rounding ±0.5, 'over'; exact"), (-12.0, "-12"), (None, "-"),
])
def test_cli_check_shows_intervals_and_tolerance_lists_in_words(value, shown):
    assert cli._fmt_num(value) == shown
