"""Generated ``dimensionlist.nv`` answers for the benchmarks, shaped like the sandbox's."""

from xml.sax.saxutils import escape


def dimension_answer(items: int, *, variant: int = 0) -> bytes:
    """One "Kustannuspaikka" header with ``items`` items in a two-level tree (a parent per ten).

    ``variant`` 1 differs from 0 as a busy day would: every 10th item renamed, the last 100 items
    gone and 100 new ones added.
    """
    count = items - 100 if variant else items
    details = [_detail(key, variant) for key in range(1, count + 1)]
    if variant:
        details += [_detail(key, variant) for key in range(items + 1, items + 101)]
    return (
        b'<?xml version="1.0" encoding="utf-8"?><Root><ResponseStatus><Status>OK</Status>'
        b"<TimeStamp>2026-01-02 06:20:00</TimeStamp></ResponseStatus><DimensionNameList><DimensionName>"
        b"<Netvisorkey>14</Netvisorkey><Name>Kustannuspaikka</Name><IsHidden>False</IsHidden><LinkType>0</LinkType>"
        b"<DimensionDetails>" + "".join(details).encode() + b"</DimensionDetails></DimensionName>"
        b"</DimensionNameList></Root>"
    )


def _detail(key: int, variant: int) -> str:
    father = key - key % 10 if key % 10 else 0
    name = f"Kustannuspaikka {key} Ä"
    if variant and key % 10 == 1:
        name += " (uusi)"
    return (
        f"<DimensionDetail><Netvisorkey>{key}</Netvisorkey><Name>{escape(name)}</Name><Code>K{key}</Code>"
        f"<IsHidden>False</IsHidden><Level>{2 if father else 1}</Level><Sort>{key}</Sort><EndSort>{key}</EndSort>"
        f"<FatherID>{father}</FatherID></DimensionDetail>"
    )
