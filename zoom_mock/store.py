"""In-memory state of the mock, seeded from `data/` and optionally written back.

The store reads the data directory once at start-up and after a reset. Handlers
read and change the in-memory copy, so the data folder is never written unless
`--persist` is on; then each change is written with an atomic replace, so that a
crash leaves every file holding either the old or the new state. File names are
only ever built from ids the store itself holds and that pass a strict pattern,
so no id sent by a client can reach the file system as a path.

Meetings live in a MeetingTable (zoom_mock/meeting_table.py), which moves
all but the newest few thousand to a compressed archive file.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import (
    Callable,
    Iterator,
)
from pathlib import Path
from typing import Any

from zoom_mock.meeting_table import JsonObject, MeetingTable

logger = logging.getLogger("zoom_mock.store")

SAFE_FILE_STEM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def write_json_atomic(path: Path, value: object) -> None:
    """Write `value` as JSON to `path` so that readers see the old or new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class DataError(ValueError):
    """A file in the data folder that cannot be read or has the wrong shape."""


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path} is not valid JSON: {exc}.") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not UTF-8 text: {exc.reason}.") from None
    except OSError as exc:
        raise DataError(f"{path} cannot be read: {exc.strerror}.") from None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number" if value is not None else "null")


def _require_object(path: Path, value: object) -> JsonObject:
    if not isinstance(value, dict):
        raise DataError(f"{path} holds {_json_type(value)}, but it must be an object.")
    return value


def _require_field(
    path: Path, item: JsonObject, name: str, kind: type, *, required: bool = True
) -> None:
    """Check that `item[name]` has the JSON type `kind` (absent is fine if optional)."""
    if name not in item:
        if required:
            raise DataError(f"{path}: `{name}` is missing, but every item needs one.")
        return
    value = item[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        wanted = "an integer" if kind is int else "a string"
        raise DataError(
            f"{path}: `{name}` is {json.dumps(value)}, but it must be {wanted}."
        )


def _check_user(path: Path, value: object) -> JsonObject:
    user = _require_object(path, value)
    _require_field(path, user, "id", str)
    _require_field(path, user, "email", str)
    return user


def _check_meeting(path: Path, value: object) -> JsonObject:
    meeting = _require_object(path, value)
    _require_field(path, meeting, "id", int)
    _require_field(path, meeting, "uuid", str, required=False)
    return meeting


def _check_accounts(path: Path, value: object) -> list[JsonObject]:
    if not isinstance(value, list):
        raise DataError(f"{path} holds {_json_type(value)}, but it must be a list.")
    for index, account in enumerate(value):
        if not isinstance(account, dict):
            raise DataError(
                f"{path}: item {index} is {_json_type(account)}, "
                "but every account must be an object."
            )
    return value


def _check_area(path: Path, value: object) -> dict[str, list[JsonObject]]:
    """An area file: named lists of objects, each with an `id`."""
    area = _require_object(path, value)
    for name, items in area.items():
        if not isinstance(items, list):
            raise DataError(
                f"{path}: `{name}` is {_json_type(items)}, but it must be a list."
            )
        for index, item in enumerate(items):
            if not isinstance(item, dict) or "id" not in item:
                raise DataError(
                    f"{path}: `{name}[{index}]` is {_json_type(item)} without an "
                    "`id`, but every item must be an object with one."
                )
    return area


class Collection:
    """An ordered, named set of JSON objects keyed by a string id.

    Items keep their insertion order, which gives stable paging: a new item is
    always appended, so a cursor taken before it was created stays valid.
    """

    def __init__(self, name: str, items: list[JsonObject], id_field: str = "id"):
        self.name = name
        self.id_field = id_field
        self._items: dict[str, JsonObject] = {}
        for item in items:
            self._items[str(item[id_field])] = item

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[JsonObject]:
        return iter(list(self._items.values()))

    def __contains__(self, key: object) -> bool:
        return str(key) in self._items

    def get(self, key: object) -> JsonObject | None:
        return self._items.get(str(key))

    def ids(self) -> list[str]:
        return list(self._items)

    def put(self, item: JsonObject) -> JsonObject:
        self._items[str(item[self.id_field])] = item
        return item

    def delete(self, key: object) -> JsonObject | None:
        return self._items.pop(str(key), None)

    def as_list(self) -> list[JsonObject]:
        return list(self._items.values())


class Store:
    """Users, meetings, accounts and the named collections of the other areas."""

    def __init__(self, data_dir: Path, *, persist: bool = False) -> None:
        self.data_dir = data_dir
        self.persist = persist
        self.lock = threading.RLock()
        self.users: dict[str, JsonObject] = {}
        self.meetings = MeetingTable()
        self.accounts: list[JsonObject] = []
        self.areas: dict[str, dict[str, Collection]] = {}
        self._area_files: dict[str, dict[str, list[JsonObject]]] = {}
        if persist:
            self._remove_stale_temporaries()
        self.reset()

    def reset(self) -> None:
        """Throw away every change and read the data directory again."""
        if not self.data_dir.is_dir():
            raise DataError(f"The data folder {self.data_dir} does not exist.")
        users = dict(self._read_folder("users", _check_user))
        meetings = MeetingTable(self._read_folder("meetings", _check_meeting))
        accounts_file = self.data_dir / "accounts.json"
        accounts = (
            _check_accounts(accounts_file, _read_json(accounts_file))
            if accounts_file.is_file()
            else []
        )
        area_files = {
            path.stem: _check_area(path, _read_json(path))
            for path in sorted(self.data_dir.glob("*.json"))
            if path.name != accounts_file.name
        }

        # Everything was read, so the old state may go.
        with self.lock:
            self.users = users
            self.meetings = meetings
            self.accounts = accounts
            self.areas = {}
            self._area_files = area_files
        logger.debug(
            "Loaded %d users and %d meetings from %s.",
            len(self.users),
            len(self.meetings),
            self.data_dir,
        )

    def _remove_stale_temporaries(self) -> None:
        """Delete half-written temporary files left by a process killed mid-write.

        Only at start-up: while the mock runs, such a file may be one that is
        being written right now.
        """
        for folder in (
            self.data_dir,
            self.data_dir / "users",
            self.data_dir / "meetings",
        ):
            for path in folder.glob(".*.json.*") if folder.is_dir() else ():
                logger.debug("Removing %s, left over from an interrupted write.", path)
                path.unlink(missing_ok=True)

    def _read_folder(
        self, folder: str, check: Callable[[Path, object], JsonObject]
    ) -> Iterator[tuple[Any, JsonObject]]:
        """(id, item) for each file of `folder`, read one at a time.

        A MeetingTable archives as it loads, so a persisted folder of many
        meetings never has to fit in memory as dicts.
        """
        directory = self.data_dir / folder
        if not directory.is_dir():
            return
        for path in sorted(directory.glob("*.json")):
            item = check(path, _read_json(path))
            yield item["id"], item

    # Lookups shared by several areas.

    def find_user(self, user_id: str) -> JsonObject | None:
        """A user by id or by email, the two ways Zoom accepts in `{userId}`."""
        user = self.users.get(user_id)
        if user is not None:
            return user
        lowered = user_id.lower()
        for candidate in self.users.values():
            if candidate.get("email", "").lower() == lowered:
                return candidate
        return None

    def find_meeting(self, meeting_ref: str | int) -> JsonObject | None:
        """A meeting by numeric id, by uuid, or by a legacy id of the original mock."""
        text = str(meeting_ref)
        if text.isascii() and text.isdigit():
            found = self.meetings.get(int(text))
            if found is not None:
                return found
        return self.meetings.by_reference(text)

    # Named collections for the other areas (chat, calendar, mail, phone, qss).

    def area(
        self, area: str, seeds: dict[str, list[JsonObject]]
    ) -> dict[str, Collection]:
        """The collections of `area`, read from data/<area>.json or from `seeds`."""
        with self.lock:
            collections = self.areas.get(area)
            if collections is None:
                stored = self._area_files.get(area, {})
                collections = {
                    name: Collection(name, list(stored.get(name, items)))
                    for name, items in seeds.items()
                }
                self.areas[area] = collections
            return collections

    # Persistence.

    def save_user(self, user: JsonObject) -> None:
        self._save_item("users", str(user["id"]), user)

    def delete_user_file(self, user_id: str) -> None:
        self._delete_item("users", user_id)

    def save_meeting(self, meeting: JsonObject) -> None:
        """Keep the changes made to `meeting`, in memory and (with --persist) on disk.

        Every change to a stored meeting must end here: the dict a handler
        changed may have been archived meanwhile (see MeetingTable).
        """
        self.meetings.keep(meeting)
        self._save_item("meetings", str(meeting["id"]), meeting)

    def delete_meeting_file(self, meeting_id: int) -> None:
        self._delete_item("meetings", str(meeting_id))

    def save_accounts(self) -> None:
        if self.persist:
            write_json_atomic(self.data_dir / "accounts.json", self.accounts)

    def save_area(self, area: str) -> None:
        if not self.persist:
            return
        collections = self.areas.get(area, {})
        snapshot = {name: coll.as_list() for name, coll in collections.items()}
        write_json_atomic(self.data_dir / f"{area}.json", snapshot)

    def _save_item(self, folder: str, stem: str, item: JsonObject) -> None:
        if not self.persist:
            return
        write_json_atomic(self._item_path(folder, stem), item)

    def _delete_item(self, folder: str, stem: str) -> None:
        if not self.persist:
            return
        self._item_path(folder, stem).unlink(missing_ok=True)

    def _item_path(self, folder: str, stem: str) -> Path:
        if not SAFE_FILE_STEM.match(stem):
            raise ValueError(f"Refusing to use {stem!r} as a file name in {folder}/.")
        return self.data_dir / folder / f"{stem}.json"
