"""A logging filter that masks resident registration numbers in every record before a handler writes it.

Request lines and paths reach the logs as typed (`GET /cases/?q=900101-1234567 HTTP/1.1`), and so may an
exception's message; settings.LOGGING puts this filter on every handler.
"""

import logging

from . import rrn

_formatter = logging.Formatter()


class MaskResidentNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = rrn.mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # The formatter uses exc_text when it is set: format the traceback here, masked.
            record.exc_text = rrn.mask_in_text(_formatter.formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = rrn.mask_in_text(record.exc_text)
        return True
