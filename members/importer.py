"""Bulk import of existing teams from a CSV or XLSX: validated row by row, one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from core.clock import Clock, to_iso, utc_now
from core.database import Database
from core.worker_process import WorkerDied, run_in_worker
from members import texts, validation
from members.places import CommuneDirectory
from members.registry import NewMember, village_id_for
from members.spreadsheet import FileRefused, SheetRow, read_rows
from members.validation import Invalid

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str


@dataclass
class ImportReport:
    """What an import did; `refused` is set when the whole file was refused (nothing saved)."""

    filename: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.problems

    def lines(self, max_problems: int | None = None) -> list[str]:
        """The report as a person reads it: a summary, then each refused row."""
        if self.refused is not None:
            return [texts.IMPORT_REFUSED.format(reason=self.refused)]
        lines = [texts.IMPORT_SUMMARY.format(
            filename=self.filename, created=self.created, updated=self.updated,
            unchanged=self.unchanged, refused=len(self.problems),
        )]
        shown = self.problems if max_problems is None else self.problems[:max_problems]
        lines += [texts.IMPORT_ROW.format(row=p.row, reason=plain(p.reason)) for p in shown]
        if len(shown) < len(self.problems):
            lines.append(texts.IMPORT_MORE_ROWS.format(count=len(self.problems) - len(shown)))
        return lines


def plain(reason: str) -> str:
    """A chat reason as a report line: "Dạ, số điện thoại không đúng ạ." → "Số điện thoại…"."""
    text = reason.strip()
    if text.startswith("Dạ, "):
        text = text[4:]
    if text.endswith(" ạ."):
        text = text[:-3]
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Good:
    """A valid row: the person it describes, and where it stands in the spreadsheet."""

    row: int
    person: NewMember


def resolve_commune(directory: CommuneDirectory, text: str) -> str:
    """The code of the one commune `text` names; Invalid with the reason otherwise."""
    if not text.strip():
        raise Invalid(texts.COMMUNE_EMPTY)
    exact = directory.exact(text)
    if exact is not None:
        return exact.code
    found = directory.search(text)
    if len(found) == 1:
        return found[0].code
    if not found:
        raise Invalid(texts.COMMUNE_NOT_FOUND.format(text=text, province=directory.province_name))
    raise Invalid(texts.COMMUNE_AMBIGUOUS.format(text=text, names=", ".join(c.name for c in found)))


def _validate(row: SheetRow, directory: CommuneDirectory) -> _Good:
    cells = row.cells
    for column in ("full_name", "phone", "commune", "village"):
        if not cells.get(column, "").strip():
            label = texts.IMPORT_FIELD_LABELS[column]
            raise Invalid(texts.IMPORT_ROW_MISSING.format(column=label))
    name = validation.full_name(cells["full_name"])
    phone = validation.phone(cells["phone"])
    commune_code = resolve_commune(directory, cells["commune"])
    key, village_name = validation.village(cells["village"])
    role_text = cells.get("team_role", "").strip()
    role = validation.team_role(role_text) if role_text else "member"
    try:
        organisation = validation.organisation(cells.get("organisation", ""))
    except Invalid:
        organisation = "other"
    return _Good(row.number,
                 NewMember(name, phone, commune_code, key, village_name, role, organisation))


def check_file(
    directory: CommuneDirectory, filename: str, data: bytes, scope: str | None,
) -> tuple[list[_Good], ImportReport]:
    """Read and validate the file without touching the database."""
    report = ImportReport(filename)
    try:
        rows = read_rows(filename, data)
    except FileRefused as error:
        report.refused = str(error)
        return [], report
    good: list[_Good] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            item = _validate(row, directory)
        except Invalid as error:
            report.problems.append(RowProblem(row.number, str(error)))
            continue
        if scope is not None and item.person.commune_code != scope:
            report.problems.append(RowProblem(row.number, texts.IMPORT_ROW_OUT_OF_SCOPE))
            continue
        if item.person.phone in seen:
            reason = texts.IMPORT_ROW_DUPLICATE.format(row=seen[item.person.phone])
            report.problems.append(RowProblem(row.number, reason))
            continue
        seen[item.person.phone] = row.number
        good.append(item)
    return good, report


async def read_elsewhere(directory: CommuneDirectory, filename: str, data: bytes,
                         scope: str | None) -> tuple[list[_Good], ImportReport]:
    """`check_file` in the worker process; a worker that died on the file (killed for its
    memory) is a refusal, and the next file gets a new one."""
    try:
        return await run_in_worker(check_file, directory, filename, data, scope)
    except WorkerDied:
        log.warning("import refused: the spreadsheet reader died on a %d-byte file", len(data))
        report = ImportReport(filename)
        report.refused = texts.IMPORT_UNREADABLE
        return [], report


class MemberImporter:
    """Imports rows as approved members; a coordinator's rows must be in their commune."""

    def __init__(self, db: Database, directory: CommuneDirectory, clock: Clock = utc_now) -> None:
        self.db = db
        self.directory = directory
        self.clock = clock

    async def import_file(
        self, filename: str, data: bytes, *, scope: str | None, by: str,
    ) -> ImportReport:
        """Import the good rows in one transaction; `scope` is a commune code or None (all).
        Rows whose phone is already on file update that member (same data: unchanged)."""
        # Reading and validating is CPU work: in a process of its own, so it holds neither
        # the event loop nor (as a thread would) the interpreter lock villagers' replies need.
        good, report = await read_elsewhere(self.directory, filename, data, scope)
        if report.refused is not None:
            log.info("import refused: a %s file of %d bytes", Path(filename).suffix.lower()[:8],
                     len(data))
        if report.refused is not None or not good:
            return report
        now = to_iso(self.clock())
        villages: dict[tuple[str, str], int] = {}
        inserts, updates = [], []
        async with self.db.transaction() as conn:
            async with conn.execute(
                "SELECT m.id, m.phone, m.full_name, m.village_id, m.team_role, m.organisation,"
                " v.commune_code FROM members m JOIN villages v ON v.id = m.village_id"
            ) as cursor:
                existing = {r["phone"]: r for r in await cursor.fetchall()}
            for item in good:
                person = item.person
                key = (person.commune_code, person.village_key)
                if key not in villages:
                    villages[key] = await village_id_for(
                        conn, person.commune_code, person.village_key, person.village_name, now)
                village_id = villages[key]
                current = existing.get(person.phone)
                values = (person.full_name, village_id, person.team_role, person.organisation)
                if current is None:
                    inserts.append((*values, person.phone, now, now, now, by))
                elif scope is not None and current["commune_code"] != scope:
                    report.problems.append(RowProblem(item.row, texts.IMPORT_ROW_PHONE_TAKEN))
                elif values == (current["full_name"], current["village_id"],
                                current["team_role"], current["organisation"]):
                    report.unchanged += 1
                else:
                    updates.append((*values, now, current["id"]))
            await conn.executemany(
                "INSERT INTO members (full_name, village_id, team_role, organisation, phone,"
                " status, source, created_at, updated_at, decided_at, decided_by)"
                " VALUES (?, ?, ?, ?, ?, 'approved', 'import', ?, ?, ?, ?)", inserts,
            )
            await conn.executemany(
                "UPDATE members SET full_name = ?, village_id = ?, team_role = ?,"
                " organisation = ?, updated_at = ? WHERE id = ?", updates,
            )
        report.created, report.updated = len(inserts), len(updates)
        report.problems.sort(key=lambda p: p.row)
        log.info("import %s by %s: %d new, %d updated, %d unchanged, %d refused rows",
                 filename, by, report.created, report.updated, report.unchanged,
                 len(report.problems))
        return report
