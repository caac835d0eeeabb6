"""SQLite storage shared by every feature: one aiosqlite connection, WAL, versioned migrations."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

import aiosqlite

from core.worker_process import run_in_worker

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
READER_BUSY_SECONDS = 0.1  # a quick read waits no longer for a lock before falling back
HEAVY_READER_BUSY_SECONDS = 5.0  # a coordinator's read in a worker thread may wait this long
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# FULL: a commit is on disk (the WAL fsynced) before the bot confirms anything to a person,
# so a confirmed log survives a power cut, not only a crash. NORMAL would lose the last
# commits on power loss. Measured cost in docs/deployment.md.
SYNCHRONOUS = "FULL"


class DatabaseUnavailable(Exception):
    """The database file cannot be opened or written (a folder, no permission, read-only)."""


@dataclass
class _Unit:
    """One unit of work: the writes of one coroutine (and what it awaits) commit together."""

    db: Database
    open: bool = False
    done: bool = False
    savepoints: int = 0


_current_unit: ContextVar[_Unit | None] = ContextVar("database_unit", default=None)


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, Path]]:
    """The migrations in order: files named NNNN_name.sql, each applied exactly once."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"{path}: migration files must be named NNNN_name.sql")
        found.append((int(match.group(1)), match.group(2), path))
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"{directory}: two migrations share a version number")
    return found


def given_clauses(*pairs: tuple[str, object]) -> tuple[list[str], list[object]]:
    """The SQL clauses ("x = ?") whose value is given (not None), and those values in order:
    for a WHERE or SET built from optional arguments.

        >>> given_clauses(("a = ?", 1), ("b = ?", None))
        (['a = ?'], [1])
    """
    chosen = [(clause, value) for clause, value in pairs if value is not None]
    return [clause for clause, _ in chosen], [value for _, value in chosen]


class Reads(Protocol):
    """What a reader of the database needs: `Database` itself, or its `heavy` reader."""

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None: ...

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]: ...


class HeavyReader:
    """Reads on a read-only connection with a thread of its own (aiosqlite), for queries
    that take long (statistics over a province and a year): they wait neither behind the
    bot's writes nor hold them up, and the event loop only receives the rows."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self.conn.execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self.conn.execute_fetchall(sql, tuple(params)))


class Database:
    """The bot's SQLite database.

    Writes go through `transaction()`, which holds one lock, or `write()`, which waits for
    it, so no coroutine's statement ever lands inside another's transaction. Reads need no
    lock.

    Statements run on aiosqlite's database thread. `lookup()` is the exception, for the
    point reads every message makes (who is writing, which dialog they are in): it reads
    at once on a second, read-only connection, because a trip to the database thread costs
    more than such a read and, under load, waits behind every other message's turn of the
    event loop. WAL lets that connection read committed data beside the writer.

    Coordinators' heavy reads are the other exception: `heavy` (a read-only connection
    with its own thread, for statistics) and `read()` (a function run in a worker thread on
    a read-only connection of its own: exports, the inbox of open questions). A long query
    then holds up neither the event loop nor the writer. An in-memory database has one
    connection only, so there both fall back to the database thread.
    """

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._reader: sqlite3.Connection | None = None  # set by open() for a file database
        self.heavy: Reads = self  # open() gives a file database its own HeavyReader
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, *, migrations: Path = MIGRATIONS_DIR) -> Database:
        """Open (creating if needed) and migrate the database at `path` (":memory:" works)."""
        path = str(path)
        if path != ":memory:":
            _check_writable(Path(path))
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as error:
            raise DatabaseUnavailable(f"{path}: {error}") from None
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            db = cls(conn, path)
            await db.migrate(migrations)
        except sqlite3.DatabaseError as error:
            await conn.close()
            raise DatabaseUnavailable(f"{path}: {error}") from None
        if path != ":memory:":  # a second connection to ":memory:" would be another database
            db._reader = _open_reader(path)
            heavy = await aiosqlite.connect(_reader_uri(path), uri=True, isolation_level=None,
                                            timeout=HEAVY_READER_BUSY_SECONDS)
            heavy.row_factory = aiosqlite.Row
            db.heavy = HeavyReader(heavy)
        return db

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if isinstance(self.heavy, HeavyReader):
            await self.heavy.conn.close()
            self.heavy = self
        await self.conn.close()

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
        return int(row["v"]) if row else 0

    async def migrate(self, directory: Path = MIGRATIONS_DIR) -> None:
        """Apply every migration newer than the database, each in its own transaction."""
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        current = await self.schema_version()
        for version, name, path in migration_files(directory):
            if version <= current:
                continue
            script = path.read_text(encoding="utf-8")
            async with self._write_lock:
                try:
                    await self.conn.executescript(
                        "BEGIN IMMEDIATE;\n"
                        + script
                        + f"\n;INSERT INTO schema_migrations VALUES ({version}, '{name}',"
                        " strftime('%Y-%m-%dT%H:%M:%SZ','now'));\nCOMMIT;"
                    )
                except Exception:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
            log.info("database %s: applied migration %04d_%s", self.path, version, name)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[None]:
        """Every write made inside (by this coroutine, and tasks it starts meanwhile) commits
        together when the block ends, or none does. The transaction begins at the first
        write, so a block that only reads holds nothing. Used by the core so that a
        handler's writes and the record that its update was handled are one commit."""
        unit = _Unit(self)
        token = _current_unit.set(unit)
        try:
            yield
            if unit.open:
                await self.conn.execute("COMMIT")
                unit.open = False
                self._write_lock.release()
        except BaseException:
            if unit.open:
                unit.open = False
                try:
                    with contextlib.suppress(sqlite3.OperationalError):
                        await self.conn.execute("ROLLBACK")
                finally:
                    self._write_lock.release()
            raise
        finally:
            unit.done = True
            _current_unit.reset(token)

    def _unit(self) -> _Unit | None:
        unit = _current_unit.get()
        return unit if unit is not None and unit.db is self and not unit.done else None

    async def _begin_unit(self, unit: _Unit) -> None:
        if unit.open:
            return
        await self._write_lock.acquire()
        try:
            await self.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._write_lock.release()
            raise
        unit.open = True

    @property
    def in_unit_of_work(self) -> bool:
        unit = self._unit()
        return unit is not None and unit.open

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """All or nothing: commit on success, roll back on any exception. Inside a unit of
        work it is a savepoint of the unit's transaction."""
        unit = self._unit()
        if unit is not None:
            await self._begin_unit(unit)
            unit.savepoints += 1
            name = f"sp{unit.savepoints}"
            await self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                with contextlib.suppress(sqlite3.OperationalError):
                    await self.conn.execute(f"ROLLBACK TO {name}")
                    await self.conn.execute(f"RELEASE {name}")
                raise
            await self.conn.execute(f"RELEASE {name}")
            return
        async with self._write_lock:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                yield self.conn
                await self.conn.execute("COMMIT")
            except BaseException:
                # Whatever failed (BEGIN, the body, COMMIT, a cancellation), the lock is not
                # let go with a transaction still open for the next writer to fall into.
                with contextlib.suppress(sqlite3.OperationalError):  # none was open
                    await self.conn.execute("ROLLBACK")
                raise

    async def write(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Cursor:
        """Run one writing statement on its own (autocommit), never inside another
        coroutine's open transaction."""
        return await self._single_statement(self.conn.execute, sql, params)

    async def write_returning(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """`write()` for a statement with RETURNING: the rows it returns, in one trip."""
        return list(await self._single_statement(self.conn.execute_fetchall, sql, params))

    async def _single_statement(self, run: Callable[..., Awaitable[T]], sql: str,
                                params: Iterable[Any]) -> T:
        """Single statements need not wait for each other: the database thread runs them one
        by one, in the order they were queued, and each commits on its own. They only wait
        while a transaction holds the lock. aiosqlite queues the statement before its first
        await, so nothing can slip in between the check and the queueing; a transaction
        queues its BEGIN only after taking the lock, so it starts after this statement.
        Taking the lock for every write instead made writes take turns a whole event-loop
        cycle apart, which under load was the slowest part of answering a message.
        """
        unit = self._unit()
        if unit is not None:
            await self._begin_unit(unit)
            return await run(sql, tuple(params))
        if self._write_lock.locked():
            async with self._write_lock:
                return await run(sql, tuple(params))
        return await run(sql, tuple(params))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        # execute_fetchall is one trip to the database thread instead of three.
        rows = await self.conn.execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, tuple(params)))

    async def lookup(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        """One row by an indexed key, read at once (see the class docstring). Sees what
        is committed, so never use it inside `transaction()` for that transaction's rows."""
        if self._reader is None or self.in_unit_of_work:  # the unit's own rows are not
            return await self.fetchone(sql, params)     # committed yet
        try:
            rows = self._reader.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError as error:  # e.g. locked by a checkpoint: wait in line
            log.info("database %s: quick read fell back to the database thread: %s",
                     self.path, error)
            return await self.fetchone(sql, params)
        return rows[0] if rows else None


    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` in a worker thread, on a read-only connection of its own
        (rows as sqlite3.Row), for reads too heavy for the event loop or the database
        thread. `work` sees what was committed when it starts reading. An in-memory
        database has no second connection: there `work` runs on the database thread."""
        if self._reader is None:
            # aiosqlite's own run-on-its-thread; private and untyped, hence the cast.
            done = await self.conn._execute(  # type: ignore[no-untyped-call]  # private, untyped
                work, self.conn._conn)
            return cast(T, done)
        return await asyncio.to_thread(_read_with_reader, self.path, work)

    async def read_in_worker(self, work: Callable[..., T], *args: Any) -> T:
        """`work(connection, *args)` like `read`, but in the worker process
        (core/worker_process.py): for reads whose Python work (writing rows, grouping)
        would hold the GIL that villagers' replies wait for. `work` is a module-level
        function and `args` plain values, as the process needs them pickled."""
        if self._reader is None:  # an in-memory database exists in this process only
            return await self.read(functools.partial(_call_with, work, args))
        return await run_in_worker(_read_with_reader, self.path, work, *args)


def _check_writable(path: Path) -> None:
    """Refuse, with a clear reason, a path the bot could not write its database to."""
    if path.is_dir():
        raise DatabaseUnavailable(f"{path}: là một thư mục, không phải tệp cơ sở dữ liệu")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(f"{path.parent}: không tạo được thư mục ({error.strerror})"
                                  ) from None
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseUnavailable(f"{path}: không có quyền đọc và ghi tệp")
    if not os.access(path.parent, os.W_OK | os.X_OK):  # WAL keeps two files beside it
        raise DatabaseUnavailable(f"{path.parent}: không có quyền ghi vào thư mục")


def _read_with_reader(path: str, work: Callable[..., T], *args: Any) -> T:
    """`work(connection, *args)` on a read-only connection opened for it, then closed (in a
    worker thread or the worker process)."""
    conn = _open_reader(path, HEAVY_READER_BUSY_SECONDS)
    try:
        return work(conn, *args)
    finally:
        conn.close()


def _call_with(work: Callable[..., T], args: tuple[Any, ...], conn: sqlite3.Connection) -> T:
    return work(conn, *args)


def _open_reader(path: str, busy_seconds: float = READER_BUSY_SECONDS) -> sqlite3.Connection:
    """A read-only connection: `Database.lookup`'s on the event loop's thread, or one
    `Database.read` opens in its worker thread."""
    reader = sqlite3.connect(_reader_uri(path), uri=True,
                             timeout=busy_seconds, isolation_level=None)
    reader.row_factory = sqlite3.Row
    return reader


def _reader_uri(path: str) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro"
