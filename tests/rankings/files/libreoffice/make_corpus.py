"""Writes the CSVs of this folder, then has LibreOffice Calc save each as XLSX, ODS and XLS.

Run it only to change the corpus (the files are committed; the tests do not need LibreOffice):

    apt-get install libreoffice-calc-nogui
    .venv/bin/python tests/rankings/files/libreoffice/make_corpus.py

This is what data staff do: open THE's table exported as CSV in Calc and save it in another
format. Calc takes THE's tie `=64` for a formula and the open band `1001+` for the number 1001;
the import must read every saved file as the rows its CSV gives.
"""

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent

COUNTRIES = ["France", "FR", "Germany", "DE", "United Kingdom", "Spain", "Italy", "Japan"]
COUNTRIES += ["Brazil", "Australia", "Canada", "India", "Egypt", "Russian Federation"]
PLACES = ["Lyon", "Nantes", "Brest", "Alès", "Saint-Étienne", "Évry", "Köln", "Bochum"]
PLACES += ["Sevilla", "Córdoba", "Kyōto", "São Paulo", "Québec", "Łódź", "Kraków", "Perth"]
KINDS = ["University of {}", "Université de {}", "{} Institute of Technology", "École de {}"]
KINDS += ["{} Polytechnic", "Universidad de {}", "{} Business School", "{} Medical University"]

# THE's band widths after the first 100 exact positions: overall, and in an SDG table.
OVERALL_BANDS = [100, 100, 100, 200, 200, 200]  # 101–200 … 801–1000, then 1001+
SDG_BANDS = [100, 100, 100, 200]  # 101–200 … 401–600, then 601+


def names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    while len(found) < count:
        place = rng.choice(PLACES) + ("" if rng.random() < 0.3 else f" {len(found) + 1}")
        found.setdefault(rng.choice(KINDS).format(place), rng.choice(COUNTRIES))
    return list(found.items())


def table_ranks(
    count: int, exact: int, bands: list[int], rng: random.Random, tie_rate: float = 0.15
) -> list[str]:
    """`count` positions as THE writes a table: `exact` positions with ties (=64, each taking
    two positions), then bands of the given widths, then an open band (1001+) holding the
    rest, at least two rows."""
    ranks: list[str] = []
    while len(ranks) < exact:
        position = len(ranks) + 1
        tied = rng.random() < tie_rate and len(ranks) + 2 <= exact
        ranks += [f"={position}", f"={position}"] if tied else [str(position)]
    last = exact
    for width in bands:
        take = min(width, count - 2 - len(ranks))
        if take <= 0:
            break
        ranks += [f"{last + 1}–{last + width}"] * take
        last += width
    return ranks + [f"{last + 1}+"] * (count - len(ranks))


def write_csv(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerows([header, *rows])


def long_layout(rng: random.Random) -> None:
    """A few dozen rows: three tables with ties, bands and an open band; scores, percentages."""
    rows = []
    for table, count in [("overall", 14), ("SDG 3", 12), ("sdg11", 9)]:
        institutions = names(count, rng)
        ranks = table_ranks(count, count // 2, [2, 2], rng, tie_rate=0.4)
        for (name, country), rank in zip(institutions, ranks, strict=True):
            score = rng.choice(["", f"{rng.randint(600, 990) / 10}", "79.5–85.0", "85.6%"])
            national = str(rng.randint(1, 9)) if country in ("France", "FR") else ""
            rows.append([name, country, table, rank, score, national])
    write_csv(
        "long.csv", ["institution", "country", "table", "rank", "score", "national_rank"], rows
    )


def the_table(rng: random.Random) -> None:
    """THE's own table (rank, name, country/region, score), 40 rows."""
    ranks = table_ranks(40, 20, [10], rng, tie_rate=0.3)
    rows = [
        [rank, name, country, f"{90 - index / 2:.1f}"]
        for index, ((name, country), rank) in enumerate(zip(names(40, rng), ranks, strict=True))
    ]
    write_csv("the_overall.csv", ["Rank", "Name", "Country/Region", "Score"], rows)


def wide_layout(name: str, count: int, rng: random.Random) -> None:
    """One row per institution, overall and the 17 SDGs; blank where it is not ranked."""
    institutions = names(count, rng)
    exact = min(100, count // 3)
    overall = table_ranks(count, exact, OVERALL_BANDS, rng)
    columns = []
    for _sdg in range(17):
        entered = sorted(rng.sample(range(count), rng.randint(count // 3, count * 2 // 3)))
        ranks = table_ranks(len(entered), min(100, len(entered) // 3), SDG_BANDS, rng)
        ranks = dict(zip(entered, ranks, strict=True))
        columns.append([ranks.get(index, "") for index in range(count)])
    rows = [
        [name, country, overall[index], *(column[index] for column in columns)]
        for index, (name, country) in enumerate(institutions)
    ]
    header = ["University", "Country/Region", "Overall", *(f"SDG {n}" for n in range(1, 18))]
    write_csv(name, header, rows)


def convert(source: Path, extensions: list[str], options: list[str] = ()) -> None:
    """Open the file in Calc as a person would and save it in each format."""
    soffice = shutil.which("soffice") or sys.exit("LibreOffice is not installed (soffice).")
    for extension in extensions:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    *options,
                    *("--convert-to", extension, "--outdir", str(HERE), str(source)),
                ],
                check=True,
                capture_output=True,
            )


def workbooks_as_xls() -> None:
    """The reading tests' XLSX workbooks (a name merged down its rows and a filtered row, a
    hidden first sheet, scores shown as percentages, a rank turned into a date), saved by Calc
    as .xls: the .xls reader must read them as the others do."""
    import io
    from datetime import datetime

    import django
    from openpyxl import Workbook

    sys.path.insert(0, str(HERE.parents[3]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactsite.settings")
    django.setup()
    from tests.spreadsheets import test_reading

    book = Workbook()
    book.active.append(["institution", "country", "table", "rank"])
    book.active.append(["IMT", "FR", "overall", datetime(2021, 1, 10)])
    date_rank = io.BytesIO()
    book.save(date_rank)
    workbooks = {
        "merged_and_filtered": test_reading._xlsx_merged_and_filtered(),
        "hidden_first_sheet": test_reading._xlsx_with_hidden_first_sheet(),
        "percent_scores": test_reading._xlsx_percent_scores(),
        "date_rank": date_rank.getvalue(),
    }
    with tempfile.TemporaryDirectory() as folder:
        for name, content in workbooks.items():
            source = Path(folder) / f"{name}.xlsx"
            source.write_bytes(content)
            convert(source, ["xls"])


if __name__ == "__main__":
    rng = random.Random(2021)
    long_layout(rng)
    the_table(rng)
    wide_layout("wide.csv", 30, rng)
    wide_layout("full_edition_wide.csv", 1115, rng)  # edition 2021's size
    # A score typed as a sum: refused in every format but .xls, where only its value is kept.
    rows = [
        ["IMT Atlantique", "FR", "overall", "1", "=80+5"],
        ["IMT Mines Alès", "FR", "2", "2", ""],
    ]
    write_csv("formula_score.csv", ["institution", "country", "table", "rank", "score"], rows)
    for source in sorted(HERE.glob("*.csv")):
        # 44: comma, 34: double quote, 76: UTF-8, 1: from the first line.
        convert(source, ["xlsx", "ods", "xls"], ["--infilter=CSV:44,34,76,1"])
    workbooks_as_xls()
