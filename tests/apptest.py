"""Open an app page in Streamlit's headless AppTest, the way a visitor's link would."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGES = {
    "playground": None,
    "hidden_states": "pages/1_Hidden_states.py",
    "unrolled_graph": "pages/2_Unrolled_graph.py",
    "gradients": "pages/3_Gradients.py",
    "cell_anatomy": "pages/4_Cell_anatomy.py",
    "walk_through": "pages/5_Walk_through.py",
}


def open_page(page: str = "playground", **params: str) -> AppTest:
    """A fresh session on `page`, with `params` in the URL, after its first run."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    if PAGES[page]:
        at.switch_page(PAGES[page])
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def step(at: AppTest) -> int:
    return int(metric(at, "Step").replace(",", ""))


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def figures(at: AppTest) -> list[dict]:
    """The page's Plotly figures, in page order, as the JSON the browser receives."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def charts(at: AppTest) -> list[dict]:
    """The page's live (Vega-Lite) charts, in page order: each spec with its datasets back in it, as the
    builder in playground.figures made it."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        datasets = chart.proto.datasets
        spec["datasets"] = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in datasets}
        specs.append(spec)
    return specs


def table_with(at: AppTest, *columns: str):
    """The page's first table with all of `columns`, as a DataFrame (the keys help is a table too)."""
    return next(t.value for t in at.table if set(columns) <= set(t.value.columns))
