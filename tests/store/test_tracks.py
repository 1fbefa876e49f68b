"""Tracks in the store: the shipped catalogue, with its titles in other languages."""

from __future__ import annotations

from bot.store import Store
from bot.tracks import TrackCatalogue, load_tracks


async def test_the_catalogue_keeps_its_session_titles_in_every_language(store: Store) -> None:
    shipped = load_tracks()
    await store.tracks.sync(shipped)  # the store may have it already
    council = await store.tracks.get("nato-russia-council")
    assert council is not None
    assert council.title_in("ru") == "Заседание Совета Россия — НАТО"
    assert council.title_in("de") == "Sitzung des NATO-Russland-Rats"
    assert council.title_in("es") == council.session_title  # no Spanish title: the English one
    assert await store.tracks.sync(shipped) == 0  # nothing changed, nothing written
    retitled = [
        t.model_copy(
            update={"session_titles": (("de", "NATO-Russland-Rat"), ("fr", "Conseil OTAN-Russie"))}
        )
        if t.id == "nato-russia-council"
        else t
        for t in shipped
    ]
    assert await store.tracks.sync(TrackCatalogue(retitled)) == 1
    again = await store.tracks.get("nato-russia-council")
    assert again is not None
    assert again.title_in("fr") == "Conseil OTAN-Russie"


def test_every_shipped_track_has_a_title_in_each_language_negbot_reads() -> None:
    for track in load_tracks():
        assert {code for code, _title in track.session_titles} >= {"ru", "fr", "de"}, track.id
