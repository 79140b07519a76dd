"""The only part of the project that imports streamlit: shared widgets, session glue and views."""
