"""Reading a release's editable body back into headings and paragraphs."""

from press.selectors import TextBlock, parse_body


def test_body_splits_into_introduction_and_sections():
    intro, rest = parse_body("Lead.\n\nMeasures.\n\n## Schools\n\nSize.\n\n### A\n\nA rose.")
    assert intro == [TextBlock("Lead."), TextBlock("Measures.")]
    assert rest == [
        TextBlock("Schools", 2),
        TextBlock("Size."),
        TextBlock("A", 3),
        TextBlock("A rose."),
    ]


def test_heading_without_an_empty_line_after_it_is_still_a_heading():
    _, rest = parse_body("## Schools\nSize.\r\n\r\n### A\nA rose.\nStill A.")
    assert rest == [
        TextBlock("Schools", 2),
        TextBlock("Size."),
        TextBlock("A", 3),
        TextBlock("A rose.\nStill A."),
    ]


def test_extra_empty_lines_and_a_hash_inside_text_are_kept_as_text():
    intro, rest = parse_body("\n\n\nWe are #1 in France.\n\n\n\n")
    assert intro == [TextBlock("We are #1 in France.")]
    assert rest == []
