"""The page's own CSS, in one place: what Streamlit's theme cannot set."""

# Streamlit leaves ~6rem above the title; at 1280x720, a projector's size, that pushed the charts below the fold.
LAYOUT = "[data-testid='stMainBlockContainer'] { padding-top: 2.5rem; }"

# Text contrast, WCAG AA (4.5:1), which axe checks on every page (tests/browser/test_accessibility.py). Each rule
# is relative to the theme's own text colour, so it holds in the light and the dark theme alike.
# - Captions are drawn at opacity .6: 3.8:1 on white. At .75 they are 5.6:1 or more, and still read as secondary.
# - A disabled widget's label is its text at 40% (2.3:1), yet it names what the greyed control would set.
# - st.code's syntax colours are fixed mid-tones, 2.2-3.6:1 on its grey: half the text colour mixed in keeps
#   each hue and gives 5:1 or more (same grouping of tokens as Streamlit's own highlighter).
_MIX = "color: color-mix(in srgb, {} 50%, currentColor)"
_TOKENS = {
    "#808495": ".comment, .prolog, .doctype, .cdata, .punctuation, .unchanged",
    "#00a4d4": ".attr-name, .property, .variable",
    "#21c354": ".boolean, .constant, .symbol, .inserted",
    "#29b09d": ".number, .regex",
    "#09ab3b": ".string, .char, .attr-value",
    "#ed6f13": ".operator, .entity, .decorator, .atrule",
    "#6d3fc0": ".url",
    "#1c83e1": ".keyword, .tag, .function, .class-name, .selector",
    "#ff4b4b": ".important, .deleted",
}
CONTRAST = "\n".join([
    "[data-testid='stCaptionContainer'] { opacity: .75; }",
    "[data-testid='stWidgetLabel'][disabled] { color: inherit; opacity: .75; }",
    *(f"[data-testid='stCode'] .token:is({tokens}) {{ {_MIX.format(colour)}; }}" for colour, tokens in _TOKENS.items()),
])

# Keyboard focus (WCAG 2.4.7): Streamlit marks it with a glow of the primary colour at half opacity, about 2:1 on
# white. Here: a 3px near-black outline around a 2px white ring, which shows on any background, light or dark.
# Streamlit's widgets are React Aria components: a slider, toggle or select box focuses a hidden or clipped <input>,
# and React Aria marks the visible part with data-focus-visible, so that part gets the outline (inputs never do).
# !important: Streamlit's own focus styles are more specific, and differ per widget.
FOCUS = """
:is(:focus-visible, [data-focus-visible]):not(input), [data-testid='stNumberInputContainer']:has(input:focus-visible) {
  outline: 3px solid #1b1a19 !important; outline-offset: 2px; box-shadow: 0 0 0 2px #fff !important; }
/* A segmented control's row clips what passes its edge, and each option overlaps the next: draw inside. */
[data-variant='segmented_control']:focus-visible { outline-offset: -5px; }
"""

# A visitor who asked the system for less motion gets none: animations and transitions end at once (0.01 ms
# rather than none, so the code that waits for their end events still gets them).
MOTION = """
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: .01ms !important; animation-iteration-count: 1 !important;
    animation-delay: 0s !important; transition-duration: .01ms !important; transition-delay: 0s !important;
    scroll-behavior: auto !important; }
}
"""

# The dark theme's primary colour is a light red (.streamlit/config.toml): white on it would be 2.9:1, dark 7:1.
DARK = """
@media (prefers-color-scheme: dark) { [data-testid='stBaseButton-primary'] { color: #171614 !important; } }
"""

CSS = "\n".join([LAYOUT, CONTRAST, FOCUS, MOTION, DARK])


def style_tag() -> str:
    return f"<style>{CSS}</style>"
