"""One log line per event, as JSON, so a log shipper can parse it without multiline rules."""

import json
import logging
from datetime import UTC, datetime


class JSONLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        for key in ("status_code", "request"):
            value = getattr(record, key, None)
            if value is not None:
                event[key] = str(value) if key == "request" else value
        return json.dumps(event, ensure_ascii=False)
