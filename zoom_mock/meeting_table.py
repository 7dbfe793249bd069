"""Meetings by id, kept in memory up to a point and in a compressed archive after.

Meetings are the one kind of record a load test creates by the hundred
thousand. Past the newest few thousand, MeetingTable moves them, compressed,
to an unnamed file in the system's temporary folder, which keeps resident
memory nearly flat at a cost of microseconds per read. To handlers the table
is a dict of meetings by id, with an index by uuid and legacy id.
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
import threading
import weakref
from array import array
from bisect import bisect_left
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from itertools import islice
from typing import Any, BinaryIO, ClassVar, TypeGuard

import lz4.block

logger = logging.getLogger("zoom_mock.store")

JsonObject = dict[str, Any]


HOT_MEETINGS = 2000
"""How many meetings a MeetingTable keeps as dicts before it archives the oldest."""

ARCHIVE_BATCH = 10
"""How many meetings move to the archive at once: few, so no request waits long.

Each costs about 20 us; at 50 a create every 50 paid a whole millisecond,
which showed as its p99 for a single client (bench/RESULTS.md)."""

RECALL_LIMIT = 300
"""Archived meetings one `get_many` brings back into memory: a page at most."""

READS_REMEMBERED = 1024
"""Archived meetings read once that a table remembers: a second read recalls them."""

SAMPLE_EVERY = 1000
"""Archived meetings compressed against one sample before a fresh one is taken."""

ARCHIVE_BUCKETS = 256
"""Sorted index arrays per kind at first; doubled whenever they average BUCKET_SIZE."""
BUCKET_SIZE = 1024

INT64 = range(-(2**63), 2**63)

# Where a record is: its offset in the file above LENGTH_BITS, its length below.
LENGTH_BITS = 24
LENGTH_MASK = (1 << LENGTH_BITS) - 1
LARGEST_RECORD = 1 << (LENGTH_BITS - 1)
"""Marshal bytes above this stay in memory: compressed, they might not fit."""

COMPACT_BYTES = 64 * 1024 * 1024
"""Dead records the file may hold before it is rewritten, if they outweigh the live."""

# LZ4 blocks, each compressed against a preset dictionary: the sample, the median
# meeting of a recent batch, named by a tag in front of the record. LZ4 with a
# dictionary shrinks a meeting nearly as far as deflate did, in a quarter of the
# time, and its calls keep no state, so there is no context per sample to hold.
SAMPLE_BYTES = 4096
SAMPLE_TAG = 4

# Version 2 writes no back-references, whose use depends on reference counts: so
# a meeting read back and left unchanged marshals to the very same bytes.
MARSHAL_VERSION = 2

Leaving = tuple[int, bytes, list[str]]
"""A meeting on its way to the archive: its id, marshal bytes and aliases."""


def _aliases(meeting: JsonObject) -> list[str]:
    """The other names of a meeting: its uuid and the original mock's ids."""
    uuid = meeting.get("uuid")
    legacy = meeting.get("legacy_ids")
    if not legacy:
        return [str(uuid)] if uuid else []
    return [str(name) for name in (uuid, *legacy) if name]


def _archivable(key: object) -> TypeGuard[int]:
    return type(key) is int and key in INT64


def _marshalled(meeting: JsonObject) -> bytes | None:
    """`meeting` as marshal bytes, or None if it holds a value marshal refuses."""
    try:
        raw = marshal.dumps(meeting, MARSHAL_VERSION)
    except ValueError:
        return None
    return raw if len(raw) <= LARGEST_RECORD else None


def _buckets(count: int) -> list[array[int]]:
    return [array("q") for _ in range(count)]


def _split(
    keys: list[array[int]], values: list[array[int]]
) -> tuple[list[array[int]], list[array[int]]]:
    """The same sorted (key, value) pairs in twice as many buckets, by key.

    Bucket b's keys go to b or b + len(keys), in the order they were, so
    every new bucket stays sorted. One pass over the index: amortised over the
    inserts that filled it, a fraction of a microsecond each.
    """
    size = 2 * len(keys)
    new_keys, new_values = _buckets(size), _buckets(size)
    for old_keys, old_values in zip(keys, values, strict=True):
        for key, value in zip(old_keys, old_values, strict=True):
            new_keys[key % size].append(key)
            new_values[key % size].append(value)
    return new_keys, new_values


def _compress(raw: bytes, sample: bytes) -> bytes:
    return lz4.block.compress(raw, mode="fast", dict=sample, store_size=True)


def _scratch_file() -> BinaryIO:
    """An unnamed temporary file, closed by MeetingArchive.close or its finalizer."""
    return tempfile.TemporaryFile(prefix="zoom-mock-meetings-")  # noqa: SIM115


def _close_quietly(file: BinaryIO) -> None:
    file.close()


def _copy_records(
    source: BinaryIO, buckets: list[array[int]]
) -> tuple[BinaryIO, list[array[int]], int]:
    """A new file holding the records `buckets` place in `source`, in order."""
    target = _scratch_file()
    moved: list[array[int]] = []
    end = 0
    try:
        for places in buckets:
            moved.append(array("q"))
            for place in places:
                length = place & LENGTH_MASK
                body = os.pread(source.fileno(), length, place >> LENGTH_BITS)
                if len(body) != length:
                    raise OSError(f"Read {len(body)} of a {length}-byte record.")
                target.write(body)
                moved[-1].append(end << LENGTH_BITS | length)
                end += length
        target.flush()
    except BaseException:
        target.close()
        raise
    return target, moved, end


class MeetingArchive:
    """Meetings moved out of memory: compressed records in a temporary file.

    The file comes from `tempfile.TemporaryFile`: it sits in the system's
    temporary folder, never in the data folder, and is unlinked as soon as it
    is created, so even a killed mock leaves nothing behind. Records are only
    appended; a changed meeting gets a new record, and once dead records
    outweigh the live ones (and COMPACT_BYTES) the file is rewritten.

    Memory holds only an index of flat, sorted arrays of 64-bit integers,
    split into buckets so that an insert moves a few kilobytes at most: each
    meeting's id and the place of its record, and each alias's hash with the
    id it names (a hash match is confirmed against the record itself). That is
    32 bytes a meeting, where a dict key alone costs more than twice that.

    A record is the meeting's `marshal` bytes (exact for every value JSON can
    carry, big integers included, which a JSON round trip through orjson is
    not), compressed with LZ4 against a preset dictionary: the median meeting
    of a batch archived shortly before, kept in memory (about 4 bytes a
    meeting). Meetings share most of their keys and settings, so one shrinks
    from about 1 KB to about 130 bytes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._file = _scratch_file()
        self._closing = weakref.finalize(self, _close_quietly, self._file)
        self._end = 0
        self._dead = 0
        self._compact_after = COMPACT_BYTES
        self._ids = _buckets(ARCHIVE_BUCKETS)
        self._places = _buckets(ARCHIVE_BUCKETS)
        self._hashes = _buckets(ARCHIVE_BUCKETS)
        self._owners = _buckets(ARCHIVE_BUCKETS)
        self._samples: list[bytes] = []
        self._since_sample = 0
        self.count = 0

    # Reading.

    def __contains__(self, key: object) -> bool:
        if not _archivable(key):
            return False
        with self._lock:
            return self._place(key) is not None

    def find_one(self, key: int) -> tuple[JsonObject, bytes] | None:
        """Meeting `key` with its marshal bytes, if it is here."""
        if not _archivable(key):
            return None
        with self._lock:
            place = self._place(key)
            if place is None:
                return None
            body = self._read(place)
        raw = self.expand(body)
        return marshal.loads(raw), raw

    def find(self, keys: list[int]) -> dict[int, tuple[JsonObject, bytes]]:
        """The meetings of `keys` that are here, each with its marshal bytes."""
        found = {}
        for key in keys:
            pair = self.find_one(key)
            if pair is not None:
                found[key] = pair
        return found

    def find_alias(self, alias: str) -> tuple[int, JsonObject, bytes] | None:
        """The meeting filed under `alias`, with its id and marshal bytes."""
        code = hash(alias)
        with self._lock:
            hashes = self._hashes[code % len(self._hashes)]
            owners = self._owners[code % len(self._hashes)]
            at = bisect_left(hashes, code)
            candidates = []
            while at < len(hashes) and hashes[at] == code:
                candidates.append(owners[at])
                at += 1
        for key in candidates:
            pair = self.find_one(key)
            if pair is not None and alias in _aliases(pair[0]):
                return key, *pair
        return None

    def records(self) -> Iterator[tuple[int, bytes]]:
        """(id, compressed record) of every meeting, one bucket read at a time."""
        layout = len(self._ids)
        for bucket in range(layout):
            with self._lock:
                if len(self._ids) != layout:
                    raise RuntimeError("The meeting archive grew during iteration.")
                places = self._places[bucket]
                found = [
                    (key, self._read(places[at]))
                    for at, key in enumerate(self._ids[bucket])
                ]
            yield from found

    def expand(self, body: bytes) -> bytes:
        """The marshal bytes a record holds."""
        sample = self._samples[int.from_bytes(body[:SAMPLE_TAG], "big")]
        return lz4.block.decompress(body[SAMPLE_TAG:], dict=sample)

    # Writing.

    def store(
        self, fresh: list[Leaving], changed: list[tuple[Leaving, list[str]]]
    ) -> None:
        """Add `fresh` meetings, and rewrite `changed` ones (with their old aliases)."""
        leaving = fresh + [item for item, _ in changed]
        with self._lock:
            if not self._samples or self._since_sample >= SAMPLE_EVERY:
                sizes = sorted((raw for _, raw, _ in leaving), key=len)
                self._samples.append(sizes[len(sizes) // 2][-SAMPLE_BYTES:])
                self._since_sample = 0
            self._since_sample += len(leaving)
            sample = self._samples[-1]
            tag = (len(self._samples) - 1).to_bytes(SAMPLE_TAG, "big")
        bodies = [tag + _compress(raw, sample) for _, raw, _ in leaving]

        with self._lock:
            offset = self._append(b"".join(bodies))
            for (key, _, _), body in zip(leaving, bodies, strict=True):
                self._set_place(key, offset << LENGTH_BITS | len(body))
                offset += len(body)
            for (key, _, _), old in changed:
                for name in old:
                    self._drop_alias(name, key)
            for key, _, names in leaving:
                for name in names:
                    self._add_alias(name, key)
            if self._dead > max(self._compact_after, self._end - self._dead):
                self._compact()

    def remove(self, key: int, names: list[str]) -> None:
        """Delete meeting `key`, filed under the aliases `names`."""
        with self._lock:
            ids = self._ids[key % len(self._ids)]
            at = bisect_left(ids, key)
            if at < len(ids) and ids[at] == key:
                places = self._places[key % len(self._ids)]
                self._dead += places[at] & LENGTH_MASK
                del ids[at], places[at]
                self.count -= 1
            for name in names:
                self._drop_alias(name, key)

    def close(self) -> None:
        with self._lock:
            self._closing()

    # The index and the file.

    def _place(self, key: int) -> int | None:
        ids = self._ids[key % len(self._ids)]
        at = bisect_left(ids, key)
        if at < len(ids) and ids[at] == key:
            return self._places[key % len(self._ids)][at]
        return None

    def _set_place(self, key: int, place: int) -> None:
        ids = self._ids[key % len(self._ids)]
        places = self._places[key % len(self._ids)]
        at = bisect_left(ids, key)
        if at < len(ids) and ids[at] == key:
            self._dead += places[at] & LENGTH_MASK
            places[at] = place
            return
        ids.insert(at, key)
        places.insert(at, place)
        self.count += 1
        if self.count > BUCKET_SIZE * len(self._ids):
            self._ids, self._places = _split(self._ids, self._places)
            self._hashes, self._owners = _split(self._hashes, self._owners)

    def _add_alias(self, name: str, key: int) -> None:
        code = hash(name)
        hashes = self._hashes[code % len(self._hashes)]
        at = bisect_left(hashes, code)
        hashes.insert(at, code)
        self._owners[code % len(self._hashes)].insert(at, key)

    def _drop_alias(self, name: str, key: int) -> None:
        code = hash(name)
        hashes = self._hashes[code % len(self._hashes)]
        owners = self._owners[code % len(self._hashes)]
        at = bisect_left(hashes, code)
        while at < len(hashes) and hashes[at] == code:
            if owners[at] == key:
                del hashes[at], owners[at]
                return
            at += 1

    def _read(self, place: int) -> bytes:
        length = place & LENGTH_MASK
        body = os.pread(self._file.fileno(), length, place >> LENGTH_BITS)
        if len(body) != length:
            raise OSError(
                f"The meeting archive returned {len(body)} of {length} bytes."
            )
        return body

    def _append(self, blob: bytes) -> int:
        """Write `blob` at the end of the file; return where it starts."""
        start = written = self._end
        view = memoryview(blob)
        while written < start + len(blob):
            written += os.pwrite(self._file.fileno(), view[written - start :], written)
        self._end = written
        return start

    def _compact(self) -> None:
        """Copy the live records to a new file, which replaces the old one.

        The index changes only once the copy is complete: if the copy fails,
        the old file stays in use and compaction waits for twice the waste.
        """
        try:
            file, places, end = _copy_records(self._file, self._places)
        except OSError as exc:
            self._compact_after = 2 * self._dead
            logger.warning(
                "The meeting archive keeps %d bytes of dead records for now: "
                "copying the live ones to a new file failed with %s.",
                self._dead,
                exc,
            )
            return
        self._closing()
        self._file, self._places, self._end, self._dead = file, places, end, 0
        self._closing = weakref.finalize(self, _close_quietly, file)


class MeetingTable(dict[int, JsonObject]):
    """Meetings by numeric id, with an index by uuid and legacy id kept in step.

    Zoom clients address meetings by uuid as often as by number; with the index
    that lookup stays constant-time however many meetings a test creates.

    A load test creates meetings by the hundred thousand, and as dicts each one
    costs about 2.5 KiB, so only the newest `hot_limit` stay in memory (in the
    dict itself, their aliases in `by_alias`); older ones move in batches to a
    MeetingArchive. Nothing is ever dropped: every method below looks in both
    places, so the table still reads as one dict.

    An archived meeting read by id or alias is decoded afresh; read a second
    time while among the last READS_REMEMBERED such reads, it comes back into
    memory and stays while it is among the newest. So the meetings a client
    works with cost no more to read than before, and a sweep over old ones
    does not push them out. A recalled meeting's record stays in the archive,
    and so do the bytes that were read: when the meeting leaves memory again,
    it is written back only if its bytes changed. A read never writes, and
    memory holds at most `hot_limit` such bytes of about 1 KB each.

    Handlers change the dicts they read in place, then call
    `Store.save_meeting`, which calls `keep`: a meeting decoded afresh, or
    archived in the meantime, is a detached dict, and `keep` makes it the
    stored copy.
    Iteration (`keys`, `values`, `items`) reads the archive a bucket at a time
    without bringing meetings back: archived meetings first, in no particular
    order, then the ones in memory, oldest first.
    """

    hot_limit: ClassVar[int | None] = HOT_MEETINGS
    """None keeps every meeting in memory, as the table did before the archive."""
    archive_batch: ClassVar[int] = ARCHIVE_BATCH
    recall_limit: ClassVar[int] = RECALL_LIMIT

    def __init__(
        self,
        items: Mapping[int, JsonObject] | Iterable[tuple[int, JsonObject]] = (),
    ) -> None:
        super().__init__()
        self.by_alias: dict[str, int] = {}
        self._archive: MeetingArchive | None = None
        self._archiving = True
        self._recalled: dict[int, tuple[bytes, list[str]]] = {}
        """Meetings in memory whose archived record is still there: its marshal
        bytes, and the aliases it is filed under."""
        self._read_once: dict[int, None] = {}
        """Archived meetings read once lately, oldest first; a second read recalls."""
        self._absent: object = None
        """The last id `in` found nowhere; nothing can archive it before it is set."""
        self._derived: dict[int, tuple[JsonObject, Any]] = {}
        """Values worked out from a meeting in memory (see `derived`), by id, each
        with the dict it came from."""
        self._changes = 0
        """How many times a derived value was dropped: see `remember`."""
        self._lock = threading.RLock()
        pairs = items.items() if isinstance(items, Mapping) else items
        for key, meeting in pairs:
            self[key] = meeting

    # Reading one meeting.

    def __missing__(self, key: int) -> JsonObject:
        found = self._read_archived(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        found = dict.get(self, key)
        if found is None:
            found = self._read_archived(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        if self._archive is None:
            return False
        with self._lock:
            if key in self._archive:
                return True
            self._absent = key
        return False

    def by_reference(self, text: str) -> JsonObject | None:
        key = self.by_alias.get(text)
        if key is not None:
            return self.get(key)
        if self._archive is None:
            return None
        with self._lock:
            found = self._archive.find_alias(text)
            if found is None:
                return None
            key, meeting, raw = found
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
            if key not in self._read_once:
                self._note_read(key)
                return meeting
            del self._read_once[key]
            self._file_back(key, meeting, raw)
            self._archive_oldest()
        return meeting

    def get_many(self, keys: Iterable[int]) -> Iterator[JsonObject]:
        """The meetings of `keys` that exist, in that order, read in batches.

        Up to `recall_limit` archived ones come back into memory; past that
        they are read as copies and stay archived only, so that listing a host
        with a hundred thousand meetings neither holds them all nor churns
        the meetings in memory.
        """
        recalls = self.recall_limit
        for chunk in _chunks(keys, max(1, self.recall_limit)):
            held = [dict.get(self, key) for key in chunk]
            if None not in held:  # the usual case: every one is in memory
                yield from held
                continue

            found = dict(zip(chunk, held, strict=True))
            absent = [key for key, meeting in found.items() if meeting is None]
            if absent and self._archive is not None:
                if len(absent) <= recalls:
                    recalls -= len(absent)
                    found.update(self._recall(absent))
                else:
                    copies = self._archive.find(absent)
                    found.update((key, pair[0]) for key, pair in copies.items())
            for key in chunk:
                meeting = found.get(key)
                if meeting is not None:
                    yield meeting

    # Values derived from a meeting, kept while it stays unchanged in memory.

    @property
    def changes(self) -> int:
        """A count that moves whenever a derived value is dropped."""
        return self._changes

    def derived(self, meeting: JsonObject) -> Any:
        """What `remember` noted for this very dict since it was last stored.

        Every write path drops the value: storing a meeting, `keep` (which
        `Store.save_meeting` calls after each change in place), removing it
        and archiving it. So a value never outlives the meeting it describes,
        and only meetings in memory have one, which bounds their number.
        """
        entry = self._derived.get(meeting.get("id"))
        if entry is not None and entry[0] is meeting:
            return entry[1]
        return None

    def remember(self, meeting: JsonObject, value: Any, since: int) -> None:
        """Note `value` for `meeting`, worked out when `changes` was `since`.

        Only if `meeting` is the stored dict and nothing was dropped meanwhile:
        a change made while the value was being worked out would make it stale.
        """
        key = meeting.get("id")
        with self._lock:
            if self._changes == since and dict.get(self, key) is meeting:
                self._derived[key] = (meeting, value)

    def _drop_derived(self, key: int) -> None:
        self._changes += 1
        self._derived.pop(key, None)

    # Changing the table.

    def __setitem__(self, key: int, meeting: JsonObject) -> None:
        with self._lock:
            self._drop_derived(key)
            # A create tests `id in table` first; that answer saves a lookup.
            known_absent, self._absent = self._absent == key, None
            stored = dict.__contains__(self, key) or (
                not known_absent and self._recall_one(key) is not None
            )
            if stored:
                self._forget(key)
            dict.__setitem__(self, key, meeting)
            self._index(key, meeting)
            self._archive_oldest()

    def keep(self, meeting: JsonObject) -> None:
        """Make `meeting` the stored copy of its id, if that id is still stored."""
        key = meeting.get("id")
        with self._lock:
            self._drop_derived(key)
            if dict.get(self, key) is meeting:  # type: ignore[arg-type]
                return
            if key in self:
                self[key] = meeting  # type: ignore[index]

    def __delitem__(self, key: int) -> None:
        if self.pop(key, None) is None:
            raise KeyError(key)

    def pop(self, key: int, *default: JsonObject | None) -> JsonObject | None:  # type: ignore[override]
        with self._lock:
            self._drop_derived(key)
            if dict.__contains__(self, key) or self._recall_one(key) is not None:
                self._forget(key)
                filed = self._recalled.pop(key, None)
                if filed is not None and self._archive is not None:
                    self._archive.remove(key, filed[1])
                return dict.pop(self, key)
        if default:
            return default[0]
        raise KeyError(key)

    def setdefault(self, key: int, default: JsonObject) -> JsonObject:  # type: ignore[override]
        found: JsonObject | None = self.get(key)
        if found is None:
            self[key] = found = default
        return found

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, meeting in dict(*args, **kwargs).items():
            self[key] = meeting

    def __ior__(self, other: Any) -> MeetingTable:  # type: ignore[override,misc]
        self.update(other)
        return self

    def popitem(self) -> tuple[int, JsonObject]:
        for key in self:
            return key, self.pop(key)  # type: ignore[return-value]
        raise KeyError("popitem(): the meeting table is empty")

    def clear(self) -> None:
        with self._lock:
            dict.clear(self)
            self._changes += 1
            self._derived.clear()
            self.by_alias.clear()
            self._recalled.clear()
            self._read_once.clear()
            self._absent = None
            archive, self._archive = self._archive, None
        if archive is not None:
            archive.close()

    # The whole table.

    def __len__(self) -> int:
        if self._archive is None:
            return dict.__len__(self)
        return dict.__len__(self) + self._archive.count - len(self._recalled)

    def __iter__(self) -> Iterator[int]:
        return (key for key, _ in self._pairs(bodies=False))

    def __reversed__(self) -> Iterator[int]:
        return reversed(list(self))

    def keys(self) -> KeysView[int]:  # type: ignore[override]
        return _TableKeys(self)

    def values(self) -> ValuesView[JsonObject]:  # type: ignore[override]
        return _TableValues(self)

    def items(self) -> ItemsView[int, JsonObject]:  # type: ignore[override]
        return _TableItems(self)

    def copy(self) -> dict[int, JsonObject]:
        """A plain dict of every meeting, archived ones decoded: mind the memory."""
        return dict(self._pairs())

    def __or__(self, other: Any) -> dict[int, JsonObject]:  # type: ignore[override]
        merged = self.copy()
        merged.update(other)
        return merged

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self.copy() == dict(other.items())

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<MeetingTable of {len(self)}, {dict.__len__(self)} in memory>"

    def _pairs(self, bodies: bool = True) -> Iterator[tuple[int, Any]]:
        """(id, meeting) of the archived meetings, then of those in memory."""
        archive = self._archive
        for key, body in archive.records() if archive is not None else ():
            if key not in self._recalled:
                yield key, marshal.loads(archive.expand(body)) if bodies else None
        for key in list(dict.keys(self)):
            meeting = dict.get(self, key)
            if meeting is not None:
                yield key, meeting

    # Moving meetings between memory and the archive.

    def _index(self, key: int, meeting: JsonObject) -> None:
        for alias in _aliases(meeting):
            self.by_alias[alias] = key

    def _forget(self, key: int) -> None:
        for alias in _aliases(dict.__getitem__(self, key)):
            if self.by_alias.get(alias) == key:
                del self.by_alias[alias]

    def _read_archived(self, key: int) -> JsonObject | None:
        """Archived meeting `key`: a copy the first time, back in memory the next."""
        if self._archive is None:
            return None
        with self._lock:
            if key in self._read_once:
                del self._read_once[key]
                return self._recall_one(key)
            found = self._archive.find_one(key)
            if found is None:
                return None
            self._note_read(key)
        return found[0]

    def _note_read(self, key: int) -> None:
        self._read_once[key] = None
        if len(self._read_once) > READS_REMEMBERED:
            del self._read_once[next(iter(self._read_once))]

    def _recall_one(self, key: int) -> JsonObject | None:
        """Bring archived meeting `key` back into memory, and return it."""
        if self._archive is None:
            return None
        with self._lock:
            found = dict.get(self, key)
            if found is not None or self._archive is None:
                return found
            pair = self._archive.find_one(key)
            if pair is None:
                return None
            self._file_back(key, *pair)
            self._archive_oldest()
        return pair[0]

    def _recall(self, keys: list[int]) -> dict[int, JsonObject]:
        """Bring the archived meetings of `keys` back into memory; return them."""
        with self._lock:
            if self._archive is None:
                return {}
            recalled = {}
            for key, (meeting, raw) in self._archive.find(keys).items():
                if not dict.__contains__(self, key):
                    self._file_back(key, meeting, raw)
                recalled[key] = dict.__getitem__(self, key)
            self._archive_oldest()
        return recalled

    def _file_back(self, key: int, meeting: JsonObject, raw: bytes) -> None:
        """Put an archived meeting in memory; its record stays, noted in `_recalled`."""
        names = _aliases(meeting)
        self._drop_derived(key)
        dict.__setitem__(self, key, meeting)
        for alias in names:
            self.by_alias[alias] = key
        self._recalled[key] = (raw, names)

    def _archive_oldest(self) -> None:
        """Move the oldest meetings to the archive once memory holds too many."""
        limit = self.hot_limit
        if limit is None or not self._archiving or dict.__len__(self) <= limit:
            return
        wanted = max(1, min(self.archive_batch, limit))
        leaving: list[Leaving] = []
        fresh: list[Leaving] = []
        changed: list[tuple[Leaving, list[str]]] = []
        stuck: list[int] = []
        for key, meeting in islice(dict.items(self), wanted):
            raw = _marshalled(meeting) if _archivable(key) else None
            if raw is None:
                stuck.append(key)
                continue
            leaving.append((key, raw, _aliases(meeting)))
            filed = self._recalled.get(key)
            if filed is None:
                fresh.append(leaving[-1])
            elif filed[0] != raw:
                changed.append((leaving[-1], filed[1]))

        # What the archive cannot hold goes to the back and stays in memory.
        for key in stuck:
            dict.__setitem__(self, key, dict.pop(self, key))
        if fresh or changed:
            try:
                if self._archive is None:
                    self._archive = MeetingArchive()
                self._archive.store(fresh, changed)
            except OSError as exc:
                self._stop_archiving(exc, len(leaving))
                return
        for key, _, names in leaving:
            for alias in names:
                if self.by_alias.get(alias) == key:
                    del self.by_alias[alias]
            self._recalled.pop(key, None)
            self._drop_derived(key)
            dict.__delitem__(self, key)

    def _stop_archiving(self, exc: OSError, count: int) -> None:
        self._archiving = False
        logger.warning(
            "Meetings stay in memory from now on: moving %d of them to the "
            "archive file failed with %s: %s.",
            count,
            type(exc).__name__,
            exc,
        )


def _chunks(keys: Iterable[int], size: int) -> Iterator[list[int]]:
    if isinstance(keys, list | tuple):
        for start in range(0, len(keys), size):
            yield list(keys[start : start + size])
        return
    chunk: list[int] = []
    for key in keys:
        chunk.append(key)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _TableKeys(KeysView[int]):
    _mapping: MeetingTable

    def __iter__(self) -> Iterator[int]:
        return iter(self._mapping)


class _TableValues(ValuesView[JsonObject]):
    _mapping: MeetingTable

    def __iter__(self) -> Iterator[JsonObject]:
        return (meeting for _, meeting in self._mapping._pairs())


class _TableItems(ItemsView[int, JsonObject]):
    _mapping: MeetingTable

    def __iter__(self) -> Iterator[tuple[int, JsonObject]]:
        return self._mapping._pairs()
