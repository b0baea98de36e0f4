"""File layout beside the published database, and the atomic build-and-swap.

For ``--db out/draagkracht.duckdb``:

- ``out/draagkracht.duckdb``            the published build (what the dashboard opens)
- ``out/draagkracht.previous.duckdb``   the build before it, for rollback
- ``out/draagkracht.work/work.duckdb``  person-level working database (pipeline only)
- ``out/draagkracht.work/runs.jsonl``   ledger of every run, refused ones included
- ``out/draagkracht.reports/``          one readable report per run (``<run_id>.md``/``.json``)
- ``out/.draagkracht.duckdb.<id>.tmp``  a build in progress (removed or swapped in)

The live file is never written in place: a new build is written to a temporary file in the
same folder, closed (no WAL left), fsynced and moved over the live path with ``os.replace``.
Readers holding the old file keep their snapshot; new connections see the new build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipelines.errors import ConfigError


@dataclass(frozen=True)
class Layout:
    db: Path

    @property
    def folder(self) -> Path:
        return self.db.parent

    @property
    def previous(self) -> Path:
        return self.db.with_name(f"{self.db.stem}.previous{self.db.suffix}")

    @property
    def work_dir(self) -> Path:
        return self.db.with_name(f"{self.db.stem}.work")

    @property
    def work_db(self) -> Path:
        return self.work_dir / "work.duckdb"

    @property
    def ledger(self) -> Path:
        return self.work_dir / "runs.jsonl"

    @property
    def reports(self) -> Path:
        return self.db.with_name(f"{self.db.stem}.reports")

    @property
    def lock(self) -> Path:
        return self.work_dir / "run.lock"

    def tmp(self, target: Path, tag: str) -> Path:
        return target.with_name(f".{target.name}.{tag}.tmp")

    def prepare(self) -> None:
        """Create the folders. The working folder holds person-level rows (employee
        pseudonyms, spells, answers) and the reports name rejected rows: both are for the
        owner only (0700), whatever the umask; the published database stays readable."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for private in (self.work_dir, self.reports):
            private.mkdir(mode=0o700, exist_ok=True)
            os.chmod(private, 0o700)

    def clean_stale(self) -> list[Path]:
        """Remove builds left by a killed run (only called while holding the run lock)."""
        removed = []
        for folder, target in ((self.folder, self.db), (self.work_dir, self.work_db)):
            for p in folder.glob(f".{target.name}.*.tmp*"):
                p.unlink(missing_ok=True)
                removed.append(p)
        return removed


@contextlib.contextmanager
def run_lock(layout: Layout) -> Iterator[None]:
    """One run at a time per database path."""
    layout.prepare()
    with open(layout.lock, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise ConfigError(f"another run is busy with {layout.db}; try again when it ends") from e
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(tmp: Path, live: Path, previous: Path | None = None) -> None:
    """Atomically make ``tmp`` the live file, keeping the old live file as ``previous``.

    The live path always names a complete database: the previous build is hard-linked
    aside first, then the new build replaces the live name in one rename.
    """
    fsync_file(tmp)
    if previous is not None and live.exists():
        keep = previous.with_name(previous.name + ".link.tmp")
        keep.unlink(missing_ok=True)
        try:
            os.link(live, keep)
        except OSError:
            shutil.copy2(live, keep)
        os.replace(keep, previous)
    os.replace(tmp, live)
    fsync_dir(live.parent)
