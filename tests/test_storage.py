"""The local storage backend reports a failing disk as a storage failure, which the worker retries."""
from pathlib import Path

import pytest

from runphys.storage import LocalStorage, StorageError


def test_a_local_disk_that_refuses_writes_is_a_retryable_storage_error(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "store")
    storage.ensure()
    (tmp_path / "store" / "media").write_text("a file where a folder must be")
    source = tmp_path / "poster.jpg"
    source.write_bytes(b"jpeg")
    with pytest.raises(StorageError, match="media/abc/1/poster.jpg"):
        storage.put_file("media/abc/1/poster.jpg", source)
    assert storage.size("media/abc/1/poster.jpg") is None


def test_a_missing_source_file_is_not_blamed_on_the_storage(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "store")
    storage.ensure()
    with pytest.raises(FileNotFoundError):
        storage.put_file("media/abc/1/poster.jpg", tmp_path / "gone.jpg")
