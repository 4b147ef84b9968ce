"""Writes of the accounting export. Views, the API and tasks call these; reads live in ``exports.selectors``."""
