# One date format per language on every page (Django's Finnish default mixes "2. maaliskuuta 2026" and
# "2.3.2026"). Input formats stay Django's own.
DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j.n.Y H:i"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
