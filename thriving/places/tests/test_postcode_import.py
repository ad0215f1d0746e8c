"""`thriving places import-postcodes`: whole or nothing, upserts, the ONSPD CSV and zip."""

import gzip
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thriving.places.models import Postcode
from thriving.places.postcode_import import PostcodeImportError, import_postcodes
from thriving.places.tests.factories import PostcodeFactory

ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,oslaua,osward,lsoa11,msoa11,lat,long,imd"


def onspd_line(pcds, lat="52.99126", lng="-1.31964", lsoa="E01019664", doterm="", lad="E07000036"):
    compact = pcds.replace(" ", "")
    return f"{compact},{pcds},{pcds},198001,{doterm},E10000007,{lad},E05010606,{lsoa},E02004095,{lat},{lng},4556"


GOOD_ONSPD = [
    onspd_line("DE7 8QA"),
    onspd_line("DE7 8QB", lat="52.99200", lng="-1.31800"),
    onspd_line("DE7 9ZZ", doterm="201904"),  # terminated: skipped
    onspd_line("DE7 8ZZ", lat="99.999999", lng="0.000000", lsoa="E99999999"),  # no grid reference: skipped
    onspd_line("DE1 0AA", lat="52.91505", lng="-1.46613", lsoa="E01033167", lad="E06000015"),
]


def write(path: Path, lines: list[str], header: str = ONSPD_HEADER) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("places_import_postcodes", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_onspd_csv_imports_live_postcodes_and_skips_the_rest(tmp_path):
    output = run(str(write(tmp_path / "ONSPD.csv", GOOD_ONSPD)), "--format", "onspd")
    assert set(Postcode.objects.values_list("postcode", flat=True)) == {"DE7 8QA", "DE7 8QB", "DE1 0AA"}
    cotmanhay = Postcode.objects.get(postcode="DE7 8QA")
    assert (cotmanhay.lat, cotmanhay.lng) == (52.99126, -1.31964)
    assert (cotmanhay.area_code, cotmanhay.local_authority_code) == ("E01019664", "E07000036")
    assert "Imported 3 postcodes from ONSPD.csv: 3 added, 0 updated." in output
    assert "Skipped 1 terminated postcodes and 1 without a grid reference." in output


@pytest.mark.django_db
def test_an_onspd_zip_reads_the_one_csv_under_data(tmp_path):
    archive = tmp_path / "ONSPD_MAY_2025.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Documents/README.txt", "user guide")
        zipped.writestr("User Guide/codes.csv", "not,the,data\n")
        zipped.writestr("Data/ONSPD_MAY_2025_UK.csv", "\n".join([ONSPD_HEADER, *GOOD_ONSPD]) + "\n")
        zipped.writestr("Data/multi_csv/ONSPD_MAY_2025_UK_DE.csv", "\n".join([ONSPD_HEADER, *GOOD_ONSPD]))
    output = run(str(archive), "--format", "onspd")
    assert Postcode.objects.count() == 3
    assert "3 added" in output


@pytest.mark.django_db
def test_a_zip_without_one_csv_under_data_is_refused(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Data/a.csv", ONSPD_HEADER)
        zipped.writestr("Data/b.csv", ONSPD_HEADER)
    with pytest.raises(CommandError, match="one postcode CSV under Data/"):
        run(str(archive), "--format", "onspd")


@pytest.mark.django_db
def test_a_bad_onspd_file_changes_nothing_and_names_every_bad_line(tmp_path):
    PostcodeFactory(postcode="DE7 8QA", lat=50.0, lng=-1.0)
    lines = [
        onspd_line("DE7 8QA"),  # line 2: good, and would update the row above
        onspd_line("XX"),  # line 3
        onspd_line("DE7 8QC", lat=""),  # line 4
        onspd_line("DE7 8QD", lng="west"),  # line 5
        onspd_line("DE7 8QE", lsoa=""),  # line 6
        onspd_line("DE7 8QF", lat="152.1", lsoa="LSOA"),  # line 7: two problems
        onspd_line("DE7 9ZZ", doterm="201904", lat=""),  # line 8: terminated, so not checked
        onspd_line("DE7 8QA"),  # line 9: the same postcode again
        "DE78QG,DE7 8QG,DE7 8QG",  # line 10: too few fields
    ]
    path = write(tmp_path / "bad.csv", lines)
    with pytest.raises(CommandError) as raised:
        run(str(path), "--format", "onspd")
    message = str(raised.value)
    assert "Nothing was imported from bad.csv; 7 problems:" in message
    assert "line 3: malformed postcode 'XX'" in message
    assert "line 4: latitude missing" in message
    assert "line 5: longitude 'west' is not a number" in message
    assert "line 6: LSOA code missing" in message
    assert "line 7: latitude 152.1 is outside the UK; LSOA code 'LSOA' is not an ONS code" in message
    assert "line 8" not in message
    assert "line 9: postcode DE7 8QA is already on line 2" in message
    assert "line 10: has 3 fields where the header has 13" in message
    assert "line 2:" not in message
    assert Postcode.objects.count() == 1
    assert Postcode.objects.get().lat == 50.0


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_every_batch(tmp_path, monkeypatch):
    from thriving.places import postcode_import

    calls = []
    real_write = postcode_import._write

    def failing_write(batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        real_write(batch)

    monkeypatch.setattr(postcode_import, "_write", failing_write)
    path = write(tmp_path / "ONSPD.csv", GOOD_ONSPD)
    with pytest.raises(RuntimeError):
        import_postcodes(path, "onspd", batch_size=1)
    assert calls == [1, 1]
    assert Postcode.objects.count() == 0


@pytest.mark.django_db
def test_reimport_updates_rather_than_duplicates(tmp_path):
    run(str(write(tmp_path / "first.csv", GOOD_ONSPD)), "--format", "onspd")
    moved = [onspd_line("DE7 8QA", lat="52.99000", lng="-1.32000", lsoa="E01019663"), onspd_line("DE7 8QH")]
    output = run(str(write(tmp_path / "second.csv", moved)), "--format", "onspd")
    assert "Imported 2 postcodes from second.csv: 1 added, 1 updated." in output
    assert Postcode.objects.count() == 4
    updated = Postcode.objects.get(postcode="DE7 8QA")
    assert (updated.lat, updated.lng, updated.area_code) == (52.99, -1.32, "E01019663")


@pytest.mark.django_db
def test_the_shipped_format_reads_plain_and_gzip_files(tmp_path):
    header = "postcode,lat,long,lsoa11cd,lsoa11nm,lad_code,imd_decile,imd_rank"
    rows = ["de7 8qa,52.99126,-1.31964,E01019664,Erewash 001D,E07000036,2,4556"]
    plain = write(tmp_path / "postcodes.csv", rows, header=header)
    compressed = tmp_path / "postcodes.csv.gz"
    compressed.write_bytes(gzip.compress(plain.read_bytes()))
    assert "1 added" in run(str(compressed))
    assert "1 updated" in run(str(plain), "--format", "shipped")
    assert list(Postcode.objects.values_list("postcode", flat=True)) == ["DE7 8QA"]


@pytest.mark.django_db
def test_the_wrong_format_is_named_in_the_error(tmp_path):
    path = write(tmp_path / "ONSPD.csv", GOOD_ONSPD)
    with pytest.raises(CommandError, match="line 1: the header has no column 'postcode', 'lsoa11cd'"):
        run(str(path))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.csv", None, "there is no file"),
        ("empty.csv", b"", "the file is empty"),
        ("header-only.csv", (ONSPD_HEADER + "\n").encode(), "no postcodes to import"),
        ("latin1.csv", (ONSPD_HEADER + "\n").encode() + "DE7 8QA,Caf\u00e9".encode("latin-1"), "not UTF-8"),
        ("broken.zip", b"PK not really a zip", "cannot be read"),
    ],
)
def test_unreadable_files_are_reported(tmp_path, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PostcodeImportError, match=problem):
        import_postcodes(path, "onspd")


def test_an_unknown_format_is_refused():
    with pytest.raises(PostcodeImportError, match="unknown format"):
        import_postcodes(None, "nspl")
