"""Small plotting helpers for the HTML summaries: matplotlib figures as embedded PNG data URIs.

matplotlib comes with the ``eval`` extra (``pip install "normcheck[eval]"``). It is imported
lazily, and only its object-oriented API with the Agg canvas is used, so nothing here touches
pyplot's global state or the backend a host application chose.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

#: Colours that stay apart for common colour-vision deficiencies (Okabe–Ito).
COLOURS = {
    "strongly-feminine-coded": "#CC79A7",
    "feminine-coded": "#F0B6D7",
    "neutral": "#BBBBBB",
    "masculine-coded": "#9DC3E6",
    "strongly-masculine-coded": "#0072B2",
    "masculine": "#0072B2",
    "feminine": "#CC79A7",
    "other": "#E69F00",
    "accent": "#009E73",
}


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def new_figure(width: float = 7.0, height: float = 3.2) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def to_data_uri(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def img(fig: Any, alt: str) -> str:
    from html import escape

    return f'<img src="{to_data_uri(fig)}" alt="{escape(alt)}">'


def barh(labels: Sequence[str], values: Sequence[float], *, title: str, xlabel: str, colours: Sequence[str] | None = None) -> Any:
    fig = new_figure(7.0, max(1.6, 0.32 * len(labels) + 0.9))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=list(colours) if colours else COLOURS["accent"])
    ax.set_yticks(positions, labels)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def lines(
    x: Sequence[str], series: dict[str, Sequence[float | None]], *, title: str, ylabel: str, colours: dict[str, str] | None = None
) -> Any:
    fig = new_figure(7.5, 3.2)
    ax = fig.add_subplot()
    positions = list(range(len(x)))
    for name, values in series.items():
        pts = [(p, v) for p, v in zip(positions, values, strict=True) if v is not None]
        if not pts:
            continue
        ax.plot([p for p, _ in pts], [v for _, v in pts], marker="o", markersize=3, label=name,
                color=(colours or {}).get(name))
    step = max(1, len(x) // 12)
    ax.set_xticks(positions[::step], [x[i] for i in positions[::step]], rotation=45, ha="right")
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def stacked_shares(labels: Sequence[str], parts: dict[str, Sequence[float]], *, title: str) -> Any:
    """Horizontal 100 % bars: one bar per label, one segment per key of ``parts``."""
    fig = new_figure(7.5, max(1.8, 0.32 * len(labels) + 1.2))
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    for name, values in parts.items():
        ax.barh(positions, values, left=left, color=COLOURS.get(name), label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of documents")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(frameon=False, fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    ax.spines[["top", "right"]].set_visible(False)
    return fig
