"""Big and dangerous inputs, built at test time: they are too large or too nasty to commit."""

import io
import zipfile

from tests.reliability.corpus.make_corpus import GOOD, HEADER, csv_text, ods, xlsx

MB = 1024 * 1024


def million_blank_rows_csv() -> bytes:
    """Two real rows, then the million empty rows a spreadsheet exports after formatted cells."""
    return (csv_text([HEADER, *GOOD]) + ",,,,,\r\n" * 1_000_000).encode()


def million_blank_rows_ods() -> bytes:
    """LibreOffice's way: one row element repeated a million times."""
    blank = '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
    return _rewrite_ods(
        ods([HEADER, *GOOD]), lambda xml: xml.replace("</table:table>", blank + "</table:table>")
    )


def fifty_megabytes_csv() -> bytes:
    row = csv_text([GOOD[0]]).encode()
    return csv_text([HEADER]).encode() + row * (50 * MB // len(row) + 1)


def ten_thousand_columns_csv() -> bytes:
    return csv_text([[*HEADER, *(f"extra {n}" for n in range(10_000))], GOOD[0]]).encode()


def one_megabyte_cell_csv() -> bytes:
    return csv_text([HEADER, ["A" * MB, "FR", "overall", "1001+", "", ""]]).encode()


def one_megabyte_cell_xlsx() -> bytes:
    return xlsx({"Results": [HEADER, ["A" * 32_000, "FR", "overall", "1001+"], *GOOD]})


def zip_bomb_xlsx() -> bytes:
    """A real workbook whose sheet unpacks to 100 MB of spaces from about 100 KB."""
    padding = b" " * (100 * MB)
    return _rewrite_zip(
        xlsx({"Results": [HEADER, *GOOD]}),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>", 1),
    )


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
_XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _with_doctype(xml: bytes, doctype: str, reference: str) -> bytes:
    """Put a DOCTYPE after the XML declaration and the entity reference in the first string."""
    text = xml.decode()
    declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
    text = text[:declaration_end] + doctype + text[declaration_end:]
    return text.replace("IMT Atlantique", reference, 1).encode()


def billion_laughs_xlsx() -> bytes:
    return _rewrite_zip(
        xlsx({"Results": [HEADER, *GOOD]}),
        "xl/worksheets/sheet1.xml",
        lambda xml: _with_doctype(xml, _LAUGHS, "&lol9;"),
    )


def xxe_xlsx() -> bytes:
    return _rewrite_zip(
        xlsx({"Results": [HEADER, *GOOD]}),
        "xl/worksheets/sheet1.xml",
        lambda xml: _with_doctype(xml, _XXE, "&xxe;"),
    )


def billion_laughs_ods() -> bytes:
    return _rewrite_ods(
        ods([HEADER, *GOOD]), lambda xml: _with_doctype(xml.encode(), _LAUGHS, "&lol9;").decode()
    )


def xxe_ods() -> bytes:
    return _rewrite_ods(
        ods([HEADER, *GOOD]), lambda xml: _with_doctype(xml.encode(), _XXE, "&xxe;").decode()
    )


def dangling_sheet_xlsx() -> bytes:
    """The workbook names its sheet by a relationship id the file does not hold."""
    return _rewrite_zip(
        xlsx({"Results": [HEADER, *GOOD]}),
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(b'Id="rId1"', b'Id="rId99"'),
    )


def shared_string_out_of_range_xlsx() -> bytes:
    """A cell pointing at shared string 99,999 of a file that holds none."""
    return _rewrite_zip(
        xlsx({"Results": [HEADER, *GOOD]}),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<c r="A2" t="inlineStr"><is><t>IMT Atlantique</t></is></c>',
            b'<c r="A2" t="s"><v>99999</v></c>',
        ),
    )


def huge_run_of_spaces_ods() -> bytes:
    """<text:s text:c="10^12"/>: a trillion spaces, if the reader believed it."""
    return _rewrite_ods(
        ods([HEADER, *GOOD]),
        lambda xml: xml.replace(
            "IMT Atlantique", 'IMT<text:s text:c="1000000000000"/>Atlantique', 1
        ),
    )


def billion_blank_cells_ods() -> bytes:
    """A blank cell repeated a billion times, then a value, in the header row."""
    return _rewrite_ods(
        ods([HEADER, *GOOD]),
        lambda xml: xml.replace(
            "</table:table-row>",
            '<table:table-cell table:number-columns-repeated="1000000000"/>'
            '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
            "</table:table-row>",
            1,
        ),
    )


def _rewrite_ods(data: bytes, change) -> bytes:
    return _rewrite_zip(data, "content.xml", lambda xml: change(xml.decode()).encode())


def _rewrite_zip(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = change(content)
            compression = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            target.writestr(info.filename, content, compression)
    return buffer.getvalue()


GENERATED = {
    "million_blank_rows.csv": million_blank_rows_csv,
    "million_blank_rows.ods": million_blank_rows_ods,
    "fifty_megabytes.csv": fifty_megabytes_csv,
    "ten_thousand_columns.csv": ten_thousand_columns_csv,
    "one_megabyte_cell.csv": one_megabyte_cell_csv,
    "long_cell.xlsx": one_megabyte_cell_xlsx,
    "zip_bomb.xlsx": zip_bomb_xlsx,
    "billion_laughs.xlsx": billion_laughs_xlsx,
    "xxe.xlsx": xxe_xlsx,
    "billion_laughs.ods": billion_laughs_ods,
    "xxe.ods": xxe_ods,
    "dangling_sheet.xlsx": dangling_sheet_xlsx,
    "shared_string_out_of_range.xlsx": shared_string_out_of_range_xlsx,
    "huge_run_of_spaces.ods": huge_run_of_spaces_ods,
    "billion_blank_cells.ods": billion_blank_cells_ods,
}
