"""The app's pages: their names in the catalogue ("page.<name>"), their scripts and their addresses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str  # "page.<name>" in the catalogue
    script: str  # what st.page_link and st.switch_page take
    path: str  # the page's address under the server's root ("" for the home page)
    icon: str


PAGES = (
    Page("playground", "app.py", "", ":material/play_circle:"),
    Page("hidden_states", "pages/1_Hidden_states.py", "Hidden_states", ":material/scatter_plot:"),
    Page("unrolled_graph", "pages/2_Unrolled_graph.py", "Unrolled_graph", ":material/account_tree:"),
    Page("gradients", "pages/3_Gradients.py", "Gradients", ":material/trending_down:"),
    Page("cell_anatomy", "pages/4_Cell_anatomy.py", "Cell_anatomy", ":material/biotech:"),
    Page("walk_through", "pages/5_Walk_through.py", "Walk_through", ":material/slow_motion_video:"),
)
BY_NAME = {page.name: page for page in PAGES}
