"""The build layer: the build pipeline, the subinterpreter pool and the file watcher.

``pipeline`` and ``result`` are imported inside subinterpreters; ``pool`` and ``watcher`` run in the main one.
"""
