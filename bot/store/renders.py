"""Serialised VEVENTs kept by event version, so exports and feeds never render twice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import ARRAY, Integer, any_, bindparam, select

from bot.store.database import Database, chunks
from bot.store.tables import RenderRow

_COLUMNS = select(RenderRow.event_number, RenderRow.key, RenderRow.body)


class RenderStore:
    """The `renders` table: one block per event, replaced when the event's version changes."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, numbers: Iterable[int]) -> dict[int, tuple[str, bytes]]:
        """Return the kept blocks of these events, with the version key each was made for.

        Plain columns rather than ORM objects, and on PostgreSQL one array parameter rather
        than lists of hundreds: a feed asks for thousands of blocks at a time.
        """
        wanted = list(numbers)
        found: dict[int, tuple[str, bytes]] = {}
        if not wanted:
            return found
        async with self._db.read() as session:
            if self._db.dialect == "postgresql":
                numbers_param = bindparam("numbers", wanted, type_=ARRAY(Integer))
                queries = [_COLUMNS.where(RenderRow.event_number == any_(numbers_param))]
            else:
                queries = [_COLUMNS.where(RenderRow.event_number.in_(c)) for c in chunks(wanted)]
            for query in queries:
                for number, key, body in await session.execute(query):
                    found[number] = (key, body)
        return found

    async def put(self, blocks: Mapping[int, tuple[str, bytes]]) -> None:
        """Keep these blocks, replacing older ones of the same events.

        An upsert: the editor's pre-render and a feed server may keep a block of one event at
        the same moment, and neither may fail for it (the key tells a stale block anyway).
        """
        if not blocks:
            return
        rows = [{"event_number": n, "key": key, "body": body} for n, (key, body) in blocks.items()]
        statement = self._db.insert(RenderRow)
        statement = statement.on_conflict_do_update(
            index_elements=[RenderRow.event_number],
            set_={"key": statement.excluded.key, "body": statement.excluded.body},
        )
        async with self._db.transaction() as session:
            await session.execute(statement, rows)
