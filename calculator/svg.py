"""SVG markup for a drawn nomogram panel, written in Python rather than a template.

A panel has hundreds of ticks; template loops over them cost most of a result page's time, so
the markup is joined here. Presentation attributes only (no style, no script): safe inline under
the Content Security Policy.
"""

from html import escape

from django.utils.safestring import mark_safe

# In SVG user units; drawn 900 units wide on a page 186 mm wide, 11 units print at 6.5 pt.
FONT_SIZE = 11
INK = "#212529"
MUTED = "#6c757d"
PATIENT = "#b3261e"


def _text(css_class, label, extra=""):
    # A line per <tspan> only where a label wraps: most are one line, and every element counts
    # when the model page replaces the sheet in place.
    if len(label.lines) == 1:
        ((y, line),) = label.lines
        position = f'x="{label.x}" y="{y}" text-anchor="{label.anchor}"'
        return f'<text class="{css_class}"{extra} {position}>{escape(line)}</text>'
    spans = "".join(f'<tspan x="{label.x}" y="{y}">{escape(line)}</tspan>' for y, line in label.lines)
    return f'<text class="{css_class}"{extra} text-anchor="{label.anchor}">{spans}</text>'


def _row(row):
    stroke = MUTED if row.muted else INK
    attributes = f' data-kind="{row.kind}"'
    if row.key:
        attributes += f' data-key="{escape(row.key)}"'
    if row.stratum:
        attributes += f' data-stratum="{escape(row.stratum)}"'
    if row.muted:
        attributes += f' fill="{MUTED}"'
    parts = [
        f'<g class="axis axis-{row.kind}{" axis-muted" if row.muted else ""}"{attributes}>\n',
        _text("axis-name", row.name, ' font-weight="bold"'),
        f'\n<line class="axis-line" x1="{row.x1}" y1="{row.y}" x2="{row.x2}" y2="{row.y}" '
        f'stroke="{stroke}" stroke-width="1"/>\n',
    ]
    for tick in row.ticks:
        parts.append(
            f'<line class="tick" data-value="{tick.value}" x1="{tick.x}" y1="{tick.top}" x2="{tick.x}" '
            f'y2="{tick.bottom}" stroke="{stroke}" stroke-width="1"/>'
        )
        if tick.leader:
            x1, y1, x2, y2 = tick.leader
            parts.append(
                f'<line class="leader" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{stroke}" stroke-width="0.5"/>'
            )
        if tick.label:
            parts.append(_text("tick-label", tick.label))
        parts.append("\n")
    if row.mark:
        mark = row.mark
        parts.append(
            f'<polygon class="patient-mark" data-x="{mark.x}" points="{mark.diamond}" fill="{PATIENT}" '
            f'stroke="#ffffff" stroke-width="1"/>'
        )
        parts.append(_text("patient-reading", mark.label, f' font-weight="bold" fill="{PATIENT}"'))
        parts.append("\n")
    parts.append("</g>\n")
    return "".join(parts)


def panel_svg(panel):
    """The <svg> element of one PanelDrawing."""
    dom_id = panel.dom_id
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nomogram-svg" viewBox="0 0 {panel.width} {panel.height}" '
        f'width="{panel.width}" height="{panel.height}" role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="{FONT_SIZE}" fill="{INK}" '
        'stroke-linecap="butt">\n',
        f'<title id="{dom_id}-title">{escape(panel.title)}</title>\n',
        f'<desc id="{dom_id}-desc">{escape(panel.description)}</desc>\n',
        *(_row(row) for row in panel.rows),
    ]
    if panel.total_line:
        x, y1, y2 = panel.total_line
        parts.append(
            f'<line class="patient-total-line" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{PATIENT}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>\n'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text interpolated above is escaped
