import csv

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import CustomsOffice
from accounts.offices import OFFICE_FILE, load_office_rows, read_office_rows

pytestmark = pytest.mark.django_db


def test_data_file_has_gac_and_all_42_directly_under_customs_in_both_languages():
    rows = read_office_rows()
    levels = [row["level"] for row in rows]
    assert levels.count("gac") == 1
    assert levels.count("directly_under") == 42
    assert all(row["name"] and row["name_en"] for row in rows)
    assert len({row["code"] for row in rows}) == len(rows)


def test_tree_is_loaded_with_paths(offices):
    assert offices["0000"].path == "/0000/"
    assert offices["9700"].path == "/0000/9700/"
    assert offices["9703"].path == "/0000/9700/9703/"
    assert offices["9703"].parent == offices["9700"]
    assert offices["9703"].directly_under_code == "9700"
    assert offices["0000"].directly_under_code is None


def test_loading_again_changes_nothing(offices):
    assert load_office_rows(CustomsOffice, read_office_rows()) == (0, 0)


def test_a_renamed_office_is_updated_in_place(offices, tmp_path):
    rows = read_office_rows()
    for row in rows:
        if row["code"] == "9703":
            row["name_en"] = "Xihai Customs (renamed)"
    assert load_office_rows(CustomsOffice, rows) == (0, 1)
    assert CustomsOffice.objects.get(code="9703").name_en == "Xihai Customs (renamed)"
    assert CustomsOffice.objects.get(code="9703").history.first().name_en == "Xihai Customs (renamed)"


def test_unknown_parent_is_refused_and_nothing_is_written(offices, tmp_path):
    path = tmp_path / "offices.csv"
    with open(OFFICE_FILE, encoding="utf-8") as source:
        content = source.read()
    path.write_text(content + "9999,7777,subordinate,无上级海关,Orphan Customs\n", encoding="utf-8")
    with pytest.raises(CommandError, match="7777"):
        call_command("load_offices", str(path))
    assert not CustomsOffice.objects.filter(code="9999").exists()


def test_unknown_level_is_refused(offices):
    rows = [{"code": "9998", "parent_code": "9700", "level": "district", "name": "x", "name_en": "x"}]
    with pytest.raises(ValidationError):
        load_office_rows(CustomsOffice, rows)


def test_load_offices_command_adds_a_new_subordinate_office(offices, tmp_path, capsys):
    path = tmp_path / "offices.csv"
    rows = read_office_rows() + [
        {
            "code": "9704",
            "parent_code": "9700",
            "level": "subordinate",
            "name": "测试海关",
            "name_en": "Test Customs",
        }
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    call_command("load_offices", str(path))
    assert "1 created" in capsys.readouterr().out
    assert CustomsOffice.objects.get(code="9704").path == "/0000/9700/9704/"


def test_office_level_must_match_its_parent(offices):
    office = CustomsOffice(code="9705", name="x", name_en="x", level="subordinate", parent=offices["0000"])
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "parent" in error.value.message_dict
