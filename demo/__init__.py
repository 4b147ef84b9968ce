"""The demo company for ``make run``: the one app that may import every other app."""
