"""The page's own CSS, in one place: what Streamlit's theme cannot set."""

# Streamlit leaves ~6rem above the title; at 1280x720, a projector's size, that pushed the charts below the fold.
CSS = "[data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }"


def style_tag() -> str:
    return f"<style>{CSS}</style>"
