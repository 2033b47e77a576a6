"""SVG markup for a drawn nomogram panel, written in Python rather than a template.

A panel has hundreds of ticks; template loops over them cost most of a result page's time, so
the markup is joined here. Presentation attributes only (no style, no script): safe inline under
the Content Security Policy.
"""

import functools
from html import escape

from django.utils.safestring import mark_safe

# In SVG user units; drawn 900 units wide on a page 186 mm wide, 11 units print at 6.5 pt.
FONT_SIZE = 11
INK = "#212529"
PATIENT = "#b3261e"
MUTED_VEIL = 0.35  # the opacity of white laid over a scale that does not apply: its ink reads grey (#6f7173)


def _text(css_class, label, extra=""):
    # A line per <tspan> only where a label wraps: most are one line, and every element counts
    # when the model page replaces the sheet in place.
    if len(label.lines) == 1:
        ((y, line),) = label.lines
        position = f'x="{label.x}" y="{y}" text-anchor="{label.anchor}"'
        return f'<text class="{css_class}"{extra} {position}>{escape(line)}</text>'
    spans = "".join(f'<tspan x="{label.x}" y="{y}">{escape(line)}</tspan>' for y, line in label.lines)
    return f'<text class="{css_class}"{extra} text-anchor="{label.anchor}">{spans}</text>'


@functools.lru_cache(maxsize=1024)  # the same few scales, marked again for every patient
def _scale_attributes(kind, key, stratum):
    """What names a scale in the drawing, for its <g> and for a patient's mark on it."""
    attributes = f' data-kind="{kind}"'
    if key:
        attributes += f' data-key="{escape(key)}"'
    if stratum:
        attributes += f' data-stratum="{escape(stratum)}"'
    return attributes


def _row(row):
    attributes = _scale_attributes(row.kind, row.key, row.stratum)
    parts = [
        f'<g class="axis axis-{row.kind}"{attributes}>\n',
        _text("axis-name", row.name, ' font-weight="bold"'),
        f'\n<line class="axis-line" x1="{row.x1}" y1="{row.y}" x2="{row.x2}" y2="{row.y}" stroke="{INK}" '
        'stroke-width="1"/>\n',
    ]
    for tick in row.ticks:
        parts.append(
            f'<line class="tick" data-value="{tick.value}" x1="{tick.x}" y1="{tick.top}" x2="{tick.x}" '
            f'y2="{tick.bottom}" stroke="{INK}" stroke-width="1"/>'
        )
        if tick.leader:
            x1, y1, x2, y2 = tick.leader
            parts.append(
                f'<line class="leader" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="0.5"/>'
            )
        if tick.label:
            parts.append(_text("tick-label", tick.label))
        parts.append("\n")
    parts.append("</g>\n")
    return "".join(parts)


def base_svg(base):
    """The <g> of a BaseDrawing, the unmarked nomogram: written once per drawing and kept."""
    return (
        f'<g class="nomogram-base" data-nomogram-base="{escape(base.key)}" data-panel="{base.index}">\n'
        + "".join(_row(row) for row in base.rows)
        + "</g>\n"
    )


def _muted(row, width):
    # The scale of a stratum this patient is not in, greyed by a white veil over its band.
    return (
        f'<rect class="axis-muted" data-stratum="{escape(row.stratum)}" x="0" y="{row.top}" width="{width}" '
        f'height="{round(row.bottom - row.top, 1)}" fill="#ffffff" fill-opacity="{MUTED_VEIL}" stroke="none"/>\n'
    )


def _mark(mark):
    row = mark.row
    attributes = _scale_attributes(row.kind, row.key, row.stratum)
    return (
        f'<g class="patient-axis"{attributes}><polygon class="patient-mark" data-x="{mark.x}" points="{mark.diamond}" '
        f'fill="{PATIENT}" stroke="#ffffff" stroke-width="1"/>'
        + _text("patient-reading", mark.label, f' font-weight="bold" fill="{PATIENT}"')
        + "</g>\n"
    )


def overlay_svg(panel):
    """The <g> of a patient's marks over a base drawing."""
    parts = [
        '<g class="nomogram-patient">\n',
        *(_muted(row, panel.width) for row in panel.muted),
        *map(_mark, panel.marks),
    ]
    if panel.total_line:
        x, y1, y2 = panel.total_line
        parts.append(
            f'<line class="patient-total-line" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{PATIENT}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>\n'
        )
    parts.append("</g>\n")
    return "".join(parts)


def panel_svg(panel, *, base_in_page=False):
    """The <svg> element of one PanelDrawing: its base drawing, or with `base_in_page` an empty
    <g> naming the base the page holds, and its patient's marks, if any."""
    dom_id = panel.dom_id
    base = panel.base
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nomogram-svg" viewBox="0 0 {panel.width} {panel.height}" '
        f'width="{panel.width}" height="{panel.height}" role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="{FONT_SIZE}" fill="{INK}" '
        'stroke-linecap="butt">\n',
        f'<title id="{dom_id}-title">{escape(panel.title)}</title>\n',
        f'<desc id="{dom_id}-desc">{escape(panel.description)}</desc>\n',
        f'<g class="nomogram-base" data-nomogram-base="{escape(base.key)}" data-panel="{base.index}" '
        'data-in-page="true"></g>\n'
        if base_in_page
        else base.svg,
    ]
    if panel.patient is not None:
        parts.append(overlay_svg(panel))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text interpolated above is escaped
