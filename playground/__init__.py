"""RNN Playground engine: models, tracer, tasks, trainer, analysis and figure builders (no UI)."""
