"""Turning what an editor types into entry fields, and the safety rules for them.

Text is cleaned (NFC, no control, zero-width or bidirectional characters) and HTML or
Markdown markup is taken out, so an answer reads the same on Telegram, Zalo and the console
whatever they would otherwise render; every web address, in the links and inside the
answer, is checked against the allow-list of config.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)\)")
_MD_MARKS = re.compile(r"(\*\*|__|~~|`+)")
_URL = re.compile(
    r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?(?:/[^\s<>\"')]*)?",
    re.IGNORECASE,
)
_BARE_TLDS = frozenset((
    "vn", "com", "net", "org", "info", "biz", "io", "me", "co", "cc", "xyz", "top", "online",
    "site", "shop", "store", "app", "link", "ly", "asia", "club", "live", "pro", "tk", "ml",
))
_ID_PART = re.compile(r"[^a-z0-9]+")
_CHECKED = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$|^\s*(\d{4})\s*[/.-]\s*(\d{1,2})\s*$")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Text safe to show on every messenger: no markup, no invisible or control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = _MD_LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}".strip(), text)
    text = _TAG.sub("", text)
    text = _MD_MARKS.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def hosts_in(text: str) -> list[str]:
    """The host of every web address written in a text ("tinnhiemmang.vn/website-lua-dao")."""
    hosts = []
    for match in _URL.finditer(text):
        found = match.group(0)
        host = urlsplit(found if "://" in found else f"http://{found}").hostname or ""
        if "://" not in found and host.rsplit(".", 1)[-1] not in _BARE_TLDS:
            continue  # "TP.HCM", "v.v": not an address unless written with http(s)://
        if host and not host.replace(".", "").isdigit():
            hosts.append(host.lower())
    return hosts


def allowed(host: str, domains: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def outside_allow_list(fields: Mapping[str, Any], domains: Iterable[str]) -> list[str]:
    """Hosts named by the fields (links, sources, answer, title) that the allow-list lacks."""
    domains = tuple(domains)
    hosts: list[str] = []
    for key in ("links", "sources"):
        for link in fields.get(key) or ():
            if isinstance(link, Mapping):
                hosts.extend(hosts_in(str(link.get("url", ""))))
    for key in ("answer", "title"):
        hosts.extend(hosts_in(str(fields.get(key) or "")))
    return sorted({h for h in hosts if not allowed(h, domains)})


def parse_links(text: str) -> list[dict[str, str]] | str:
    """One link a line, "title | https://address" (or just the address); or the problem."""
    links = []
    for line in clean_text(text).split("\n"):
        if not line.strip() or line.strip() in ("-", "không", "khong"):
            continue
        title, sep, url = line.rpartition("|")
        if not sep:
            title, url = "", line
        url, title = url.strip(), title.strip()
        if "://" not in url:
            url = "https://" + url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
            return line
        links.append({"title": title or parts.hostname or url, "url": url})
    return links


def parse_checked(text: str, today: date) -> str | None:
    """"12/2026", "2026-12" or "nay" (this month) as YAML's "2026-12"; None when not a month."""
    raw = text.strip().lower()
    if raw in ("nay", "hôm nay", "hom nay", "tháng này", "thang nay"):
        return f"{today.year}-{today.month:02d}"
    match = _CHECKED.match(raw)
    if not match:
        return None
    month, year = (match.group(1), match.group(2)) if match.group(1) else (
        match.group(4), match.group(3))
    m, y = int(month), int(year)
    if not 1 <= m <= 12 or not 2000 <= y <= today.year or (y, m) > (today.year, today.month):
        return None
    return f"{y}-{m:02d}"


def parse_ids(text: str) -> list[str]:
    """Entry ids separated by commas, spaces or lines."""
    return [part for part in re.split(r"[\s,;]+", text.strip().lower()) if part]


def new_entry_id(theme: str, title: str, taken: Iterable[str]) -> str:
    """"<theme>.<words of the title without diacritics>", unique among `taken`."""
    from faq.normalize import fold

    words = _ID_PART.sub("_", fold(title)).strip("_").split("_")
    slug = "_".join(words[:5]) or "muc"
    base = f"{theme.lower()}.{slug}"[:40].rstrip("_")
    taken = set(taken)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate
