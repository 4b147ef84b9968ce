"""The dashboard: each role's figures (selectors), their bar charts (charts) and the page's sections (presenters).

A plain package, not an app: it has no models, no migrations and no template tags; its templates live
in templates/dashboards/.
"""
