"""``trainer-registry sample-size`` and ``trainer-registry sample`` on files alone."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from trainer_registry.cli import main

ROOT = Path(__file__).resolve().parents[3]


def _population(tmp_path, rows=300, name="population.csv"):
    lines = ["person_id,country,sector"]
    for i in range(rows):
        lines.append(
            f"p{i:04d},{['KH', 'VN', 'LA'][i % 3 if i % 5 else 0]},{['police', 'labour'][i % 2]}"
        )
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sample_size_prints_the_reference_value(capsys):
    assert (
        main(["sample-size", "--proportion", "0.5", "--margin", "0.05", "--population", "1000"])
        == 0
    )
    assert capsys.readouterr().out.startswith("Invite 278 people.")
    main(["sample-size", "--proportion", "0.5", "--margin", "0.05", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["invite"] == 385


def test_sample_size_bad_input(capsys):
    assert main(["sample-size", "--proportion", "1.2", "--margin", "0.05"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "proportion must be between 0 and 1" in captured.err


def test_stratified_sample_is_reproducible_and_allocated(tmp_path, capsys):
    path = _population(tmp_path)
    argv = ["sample", str(path), "--size", "60", "--strata", "country", "--seed", "42"]
    assert main(argv) == 0
    first = capsys.readouterr()
    assert main(argv) == 0
    assert capsys.readouterr().out == first.out
    rows = list(csv.DictReader(io.StringIO(first.out)))
    assert len(rows) == 60 and len({r["person_id"] for r in rows}) == 60
    population = Counter(r["country"] for r in csv.DictReader(path.open()))
    drawn = Counter(r["country"] for r in rows)
    for country, size in population.items():
        assert abs(drawn[country] - 60 * size / 300) < 1
        assert all(
            float(r["base_weight"]) == pytest.approx(size / drawn[country])
            for r in rows
            if r["country"] == country
        )
    assert "Drew 60 of 300 (seed 42)" in first.err


def test_out_file_and_row_order(tmp_path, capsys):
    path = _population(tmp_path)
    lines = path.read_text().splitlines()
    reversed_path = tmp_path / "reversed.csv"
    reversed_path.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    out_a, out_b = tmp_path / "a.csv", tmp_path / "b.csv"
    main(["sample", str(path), "--size", "25", "--seed", "7", "--out", str(out_a)])
    main(["sample", str(reversed_path), "--size", "25", "--seed", "7", "--out", str(out_b)])
    assert capsys.readouterr().out == ""
    ids = lambda p: sorted(r["person_id"] for r in csv.DictReader(p.open()))  # noqa: E731
    assert ids(out_a) == ids(out_b)


@pytest.mark.parametrize(
    ("content", "argv_extra", "message"),
    [
        ("id,country\n1,KH\n", [], "row 1: missing column 'person_id'"),
        (
            "person_id,country\np1,KH\np1,VN\n",
            [],
            "row 3, column 'person_id': p1 again (first on row 2)",
        ),
        ("person_id\n", [], "row 2: the file holds no people"),
        ("person_id,country\np1,KH\n", ["--strata", "sector"], "row 1: missing column 'sector'"),
        ("person_id\np1\np2\n", ["--size", "5"], "larger than the population"),
    ],
)
def test_bad_population_files(tmp_path, capsys, content, argv_extra, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    argv = ["sample", str(path), "--size", "1", "--seed", "1", *argv_extra]
    if "--size" in argv_extra:
        argv = ["sample", str(path), "--seed", "1", *argv_extra]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_wrong_encoding_is_named(tmp_path, capsys):
    path = tmp_path / "latin.csv"
    path.write_bytes("person_id,name\np1,Réka\n".encode("latin-1"))
    assert main(["sample", str(path), "--size", "1", "--seed", "1"]) == 2
    assert "row 2: not UTF-8 text" in capsys.readouterr().err


def test_through_the_installed_command(tmp_path):
    path = _population(tmp_path, rows=30)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer_registry.cli",
            "sample",
            str(path),
            "--size",
            "5",
            "--seed",
            "3",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 6
