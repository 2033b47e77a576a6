from datetime import UTC, datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString


def utc_time(moment: datetime) -> SafeString:
    """A <time> element: the moment in UTC to the second, as printed on result sheets and audit records."""
    moment = moment.astimezone(UTC)
    return format_html('<time datetime="{}">{} UTC</time>', moment.isoformat(), moment.strftime("%Y-%m-%d %H:%M:%S"))
