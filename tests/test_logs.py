import json
import logging
import sys

from impactsite.logs import JSONLineFormatter


def test_each_event_is_one_json_line_even_with_a_traceback():
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.getLogger("impactsite").makeRecord(
            "impactsite",
            logging.ERROR,
            __file__,
            1,
            "import of %s failed",
            ("file.csv",),
            sys.exc_info(),
        )
    line = JSONLineFormatter().format(record)
    assert "\n" not in line
    event = json.loads(line)
    assert event["level"] == "ERROR"
    assert event["message"] == "import of file.csv failed"
    assert "ValueError: bad\nvalue" in event["exception"]
