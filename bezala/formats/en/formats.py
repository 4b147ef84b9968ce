# One date format per language on every page: "3 Dec 2026" cannot be read as 12 March, as 3/12 could.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
