"""A column's distinct cells are read once per import, and give each row the same value or the
same error as reading them row by row."""

import traceback

import pytest
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from spreadsheets.cells import Formula
from spreadsheets.columns import ColumnReader, cleans_by_value
from spreadsheets.resources import TextWidget, WholeNumberWidget


class Row:
    """An instance the cells are read into."""


class Counting(TextWidget):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.read = []

    def clean(self, value, row=None, **kwargs):
        self.read.append(value)
        return super().clean(value, row, **kwargs)


def read(reader, **row):
    instance = Row()
    reader.import_row(resources.Resource(), instance, row, {})
    return instance


def test_each_distinct_cell_is_read_once_and_every_row_gets_its_value():
    widget = Counting()
    reader = ColumnReader([fields.Field(attribute="city", column_name="city", widget=widget)])

    cities = [read(reader, city=city).city for city in ["Brest", " Brest ", "Brest", "Nantes"]]

    assert cities == ["Brest", "Brest", "Brest", "Nantes"]
    assert widget.read == ["Brest", " Brest ", "Nantes"]


def test_a_formula_and_the_same_text_typed_are_different_cells():
    reader = ColumnReader([fields.Field(attribute="name", column_name="name", widget=TextWidget())])

    assert read(reader, name="=A1").name == "=A1"
    with pytest.raises(ValidationError, match="a formula"):
        read(reader, name=Formula("=A1"))
    assert read(reader, name="=A1").name == "=A1"


def test_equal_numbers_of_other_types_are_different_cells():
    reader = ColumnReader(
        [fields.Field(attribute="order", column_name="order", widget=WholeNumberWidget())]
    )

    assert read(reader, order=1).order == 1
    assert read(reader, order=1.0).order == 1
    with pytest.raises(ValidationError, match="not a value for this column"):
        read(reader, order=True)


def test_a_wrong_cell_repeated_is_reported_on_every_row_without_piling_up_tracebacks():
    field = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    reader = ColumnReader([field])
    for _ in range(3):
        with pytest.raises(ValidationError) as raised:
            read(reader, name=Formula("=1+1"))
        assert raised.value.message_dict == {"name": ["a formula (=1+1); paste the values instead"]}
    # The error kept for the cell is raised again with only the frames of this raise: each
    # raise of one exception object would otherwise add its frames to those of the last.
    depths = []
    for _ in range(3):
        with pytest.raises(ValueError, match="a formula") as raised:
            reader.clean(field, {"name": Formula("=1+1")}, {})
        depths.append(len(traceback.extract_tb(raised.value.__traceback__)))
    assert depths[0] == depths[1] == depths[2]


def test_a_widget_that_reads_the_row_is_asked_for_every_row():
    class FromRow(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return f"{value} ({row['country']})"

    field = fields.Field(attribute="city", column_name="city", widget=FromRow())
    reader = ColumnReader([field])

    assert not cleans_by_value(field)
    assert read(reader, city="Paris", country="FR").city == "Paris (FR)"
    assert read(reader, city="Paris", country="US").city == "Paris (US)"
