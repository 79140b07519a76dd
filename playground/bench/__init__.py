"""The benchmark (`python -m playground.bench`): engine figures, browser figures, and the browser driver."""
