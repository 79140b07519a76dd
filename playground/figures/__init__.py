"""Plotly figures for the playground, as plain dicts, one module per view (style.py holds the shared look).

Every builder returns ``{"data": [...], "layout": {...}}`` (plus ``"frames"`` for animations) that
``st.plotly_chart`` (or ``plotly.graph_objects.Figure``) accepts, or a Vega-Lite spec for the live charts.
Builders only draw numbers they are given: they never run a model. They are colour-blind safe (style.py).
"""

from playground.figures.curves import loss_curve
from playground.figures.gradients import eigen_plane, gradient_norms
from playground.figures.states import gates_over_time, heatmap, pca_axis_titles, trajectory, trajectory_at
from playground.figures.style import DIVERGING, OKABE_ITO, PALETTE, SEQUENTIAL
from playground.figures.tasks import char_probabilities, sequence_prediction, windows_figure

__all__ = [
    "DIVERGING",
    "OKABE_ITO",
    "PALETTE",
    "SEQUENTIAL",
    "char_probabilities",
    "eigen_plane",
    "gates_over_time",
    "gradient_norms",
    "heatmap",
    "loss_curve",
    "pca_axis_titles",
    "sequence_prediction",
    "trajectory",
    "trajectory_at",
    "windows_figure",
]
