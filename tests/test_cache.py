"""The validated-catalog cache: what a user notices is that a second run is fast and never stale.

Each test gets its own cache folder and its own copy of the fixture catalog, then edits, adds,
deletes or damages files the way a user (or a disk) would, and checks what the next run sees.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmeval.catalog import cache, cache_disk
from mmeval.catalog.load import load_catalog
from mmeval.cli import app
from mmeval.decision.facts import Facts
from tests.conftest import FIXTURES


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture catalog and an empty cache for it."""
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "catalog"
    shutil.copytree(FIXTURES, copy)
    return copy


def entry_dir(folder: Path) -> Path:
    return cache.Store(folder.resolve(), print).dir


def settle(folder: Path) -> None:
    """Age the index past the racy window, as a second run minutes later would see it."""
    index = entry_dir(folder) / cache_disk.INDEX
    head, _, body = index.read_bytes().partition(b"\n")
    data = json.loads(head)
    data["written_ns"] += 10 * cache.RACY_NS
    index.write_bytes(json.dumps(data).encode() + b"\n" + body)


def recommend_ids(runner: CliRunner, folder: Path, *extra: str) -> list[str]:
    result = runner.invoke(
        app, ["recommend", "--catalog", str(folder), "--goal", "explore", "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)["ranking"]["rows"]]


def test_second_run_reads_no_program_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_catalog(folder)
    assert (entry_dir(folder) / cache_disk.INDEX).is_file()
    settle(folder)
    opened: list[str] = []
    real = open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    second = load_catalog(folder)
    assert not [f for f in opened if f.endswith(".toml")]
    assert second.digest == first.digest
    assert list(second.facts) == list(first.facts)
    assert second.facts == first.facts
    assert [(p.path, p.field, p.message) for p in second.skipped] == [
        (p.path, p.field, p.message) for p in first.skipped
    ]


def test_a_warm_run_prints_what_a_cold_run_prints(runner: CliRunner, folder: Path) -> None:
    args = [
        "recommend",
        "--catalog",
        str(folder),
        "--goal",
        "upskill",
        "--budget",
        "2000",
        "--format",
        "json",
    ]
    cold = runner.invoke(app, args)
    warm = runner.invoke(app, args)
    off = runner.invoke(app, [*args, "--no-cache"])
    assert cold.exit_code == warm.exit_code == off.exit_code == 0
    assert cold.stdout == warm.stdout == off.stdout
    assert warm.stderr == cold.stderr == ""  # the cache read back what it wrote, without a warning


def test_an_edited_file_is_picked_up(runner: CliRunner, folder: Path) -> None:
    assert "fx-full" in recommend_ids(runner, folder)
    settle(folder)  # outside the racy window: the stat key alone must notice
    target = folder / "fx-full.toml"
    text = target.read_text()
    # same size, same mtime: only the content (and the inode's ctime) change
    stat = target.stat()
    edited = text.replace('name = "', 'name = "X', 1)[: len(text)]
    target.write_text(edited)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    show = runner.invoke(app, ["show", "fx-full", "--catalog", str(folder), "--format", "json"])
    assert json.loads(show.stdout)["name"].startswith("X")


def test_an_added_file_is_picked_up(runner: CliRunner, folder: Path) -> None:
    before = recommend_ids(runner, folder)
    shutil.copyfile(folder / "fx-full.toml", folder / "fx-added.toml")
    after = recommend_ids(runner, folder)
    assert set(after) - set(before) == {"fx-added"}


def test_a_deleted_file_is_picked_up(runner: CliRunner, folder: Path) -> None:
    assert "fx-sparse" in recommend_ids(runner, folder)
    (folder / "fx-sparse.toml").unlink()
    assert "fx-sparse" not in recommend_ids(runner, folder)
    missing = runner.invoke(app, ["show", "fx-sparse", "--catalog", str(folder)])
    assert missing.exit_code == 2


def test_a_file_broken_after_caching_is_skipped_with_its_problem(runner: CliRunner, folder: Path) -> None:
    recommend_ids(runner, folder)
    (folder / "fx-full.toml").write_text("name = \n")
    result = runner.invoke(app, ["recommend", "--catalog", str(folder), "--goal", "explore"])
    assert result.exit_code == 0
    assert (
        "skipped" in result.stderr
        and "fx-full.toml" in result.stderr
        and "TOML syntax error" in result.stderr
    )


def test_an_invalid_file_is_remembered_as_invalid(folder: Path) -> None:
    (folder / "fx-bad.toml").write_text('name = "no id, no sources"\n')
    first = load_catalog(folder)
    second = load_catalog(folder)
    assert [str(p) for p in first.skipped] == [str(p) for p in second.skipped]
    assert any("fx-bad.toml" in str(p) for p in second.skipped)


def test_a_damaged_cache_is_ignored_with_a_warning_and_rebuilt(runner: CliRunner, folder: Path) -> None:
    expected = recommend_ids(runner, folder)
    index = entry_dir(folder) / cache_disk.INDEX
    raw = bytearray(index.read_bytes())
    raw[-10] = ord("#")  # one byte flipped in the body: the checksum no longer matches
    index.write_bytes(bytes(raw))
    result = runner.invoke(
        app, ["recommend", "--catalog", str(folder), "--goal", "explore", "--format", "json"]
    )
    assert result.exit_code == 0
    assert "damaged catalog cache" in result.stderr and "rebuilt" in result.stderr
    assert [r["id"] for r in json.loads(result.stdout)["ranking"]["rows"]] == expected
    again = runner.invoke(app, ["recommend", "--catalog", str(folder), "--goal", "explore"])
    assert "damaged" not in again.stderr  # rebuilt: the next run is quiet


@pytest.mark.parametrize(
    "payload",
    [
        b"not json at all",
        b'{"format": 1}\n[]',
        b"",
        b"\xff\xfe garbage",
    ],
)
def test_garbage_in_the_cache_never_crashes(runner: CliRunner, folder: Path, payload: bytes) -> None:
    expected = recommend_ids(runner, folder)
    (entry_dir(folder) / cache_disk.INDEX).write_bytes(payload)
    assert recommend_ids(runner, folder) == expected


def test_well_formed_but_wrong_facts_are_refused(runner: CliRunner, folder: Path) -> None:
    """A hand edit that keeps the checksum right but puts text where a number belongs."""
    expected = recommend_ids(runner, folder)
    index = entry_dir(folder) / cache_disk.INDEX
    head, _, body = index.read_bytes().partition(b"\n")
    files = json.loads(body)
    name = next(iter(files))
    files[name][2][Facts._fields.index("fixed")][0][0] = "sixty"  # accreditation points
    body = json.dumps(files).encode()
    meta = json.loads(head)
    meta["checksum"] = cache.hashlib.blake2b(body, digest_size=16).hexdigest()
    index.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    result = runner.invoke(
        app, ["recommend", "--catalog", str(folder), "--goal", "explore", "--format", "json"]
    )
    assert result.exit_code == 0 and "damaged" in result.stderr
    assert [r["id"] for r in json.loads(result.stdout)["ranking"]["rows"]] == expected


def test_damaged_program_data_falls_back_to_the_file(runner: CliRunner, folder: Path) -> None:
    want = runner.invoke(app, ["show", "fx-full", "--catalog", str(folder), "--format", "json"]).stdout
    data = entry_dir(folder) / cache_disk.DATA
    data.write_bytes(b"x" * data.stat().st_size)
    result = runner.invoke(app, ["show", "fx-full", "--catalog", str(folder), "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout == want
    assert result.stderr.count("Warning:") == 1 and "reading the program files" in result.stderr
    again = runner.invoke(app, ["show", "fx-full", "--catalog", str(folder), "--format", "json"])
    assert (again.stdout, again.stderr) == (want, "")  # rebuilt: the next run is quiet


def test_another_version_s_cache_is_not_trusted(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(folder)
    index = entry_dir(folder) / cache_disk.INDEX
    head, _, body = index.read_bytes().partition(b"\n")
    meta = json.loads(head)
    meta["version"] = "0.0.1"
    index.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    warnings: list[str] = []
    load_catalog(folder, warn=warnings.append)
    assert warnings and "another version" in warnings[0]
    # and a different version never even looks there: the folder name carries the version
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    assert entry_dir(folder) != index.parent


def test_an_unwritable_cache_folder_means_running_without_it_quietly(
    runner: CliRunner, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(blocker / "cache"))
    result = runner.invoke(app, ["recommend", "--catalog", str(folder), "--goal", "explore"])
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.mark.parametrize("how", ["flag", "env"])
def test_no_cache_reads_the_files_and_writes_nothing(
    runner: CliRunner, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    args = ["list", "--catalog", str(folder)]
    if how == "flag":
        args.append("--no-cache")
    else:
        monkeypatch.setenv("MMEVAL_NO_CACHE", "1")
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert not (tmp_path / "cache").exists()


def test_the_cache_is_bounded_oldest_folders_go_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    folders = []
    for name in ("a", "b", "c"):
        copy = tmp_path / name
        shutil.copytree(FIXTURES, copy)
        folders.append(copy)
    load_catalog(folders[0])
    one = sum(f.stat().st_size for f in entry_dir(folders[0]).iterdir())
    os.utime(entry_dir(folders[0]) / cache_disk.INDEX, (1, 1))  # a long time ago
    load_catalog(folders[1])
    monkeypatch.setenv("MMEVAL_CACHE_MAX_MB", str(2.5 * one / 1024 / 1024))
    load_catalog(folders[2])
    assert not entry_dir(folders[0]).exists()  # the least recently used went
    assert entry_dir(folders[1]).exists() and entry_dir(folders[2]).exists()


def test_many_edits_do_not_grow_the_data_file_without_bound(folder: Path) -> None:
    target = folder / "fx-full.toml"
    text = target.read_text()
    load_catalog(folder)
    size = (entry_dir(folder) / cache_disk.DATA).stat().st_size
    for i in range(40):
        target.write_text(text.replace('name = "', f'name = "{i} ', 1))
        time.sleep(0.001)
        load_catalog(folder)
    assert (entry_dir(folder) / cache_disk.DATA).stat().st_size < 4 * size + (1 << 20)
    assert load_catalog(folder).get("fx-full").name.startswith("39 ")


def test_ctrl_c_during_a_first_run_with_workers_exits_130_quietly(tmp_path: Path) -> None:
    """Interrupting the parallel first read: one line, exit 130, no worker left, no traceback."""
    import signal
    import subprocess
    import sys

    from tests.conftest import SHIPPED

    mmeval = Path(sys.executable).parent / "mmeval"
    if not mmeval.exists():
        pytest.skip("drives the installed mmeval command")
    big = tmp_path / "big"
    big.mkdir()
    real = sorted(SHIPPED.glob("*.toml"))
    for i in range(3000):
        shutil.copyfile(real[i % len(real)], big / f"{real[i % len(real)].stem}-{i:05d}.toml")
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [str(mmeval), "recommend", "--catalog", str(big), "--goal", "explore"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a terminal's Ctrl-C goes to the whole foreground group
    )
    index = cache.Store(big.resolve(), print).dir / cache_disk.INDEX
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (index.parent / cache_disk.DATA).exists():
        time.sleep(0.02)  # the workers are writing: the first read is under way
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "Interrupted."
    assert not index.exists()  # nothing half-written is trusted: the next run reads the files
    result = subprocess.run(
        [str(mmeval), "list", "--catalog", str(big), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 3000


def test_a_change_to_the_scoring_code_means_a_new_cache(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached facts hold points: code that computes them, edited without a new version, is not trusted."""
    package = Path(cache.__file__).parent.parent
    copy = tmp_path / "package"
    copy.mkdir()
    for pattern in cache_disk.CODE:
        for path in package.glob(pattern):
            name = path.relative_to(package)
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy / name)
    assert cache_disk.code_key(copy) == cache_disk.code_key()
    with open(copy / "decision" / "criteria.py", "a") as fh:
        fh.write("\n# a rubric change\n")
    edited = cache_disk.code_key(copy)
    assert edited != cache_disk.code_key()
    before = entry_dir(folder)
    monkeypatch.setattr(cache, "code_key", lambda: edited)
    assert entry_dir(folder) != before


def test_eviction_never_touches_what_is_not_the_cache_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MMEVAL_CACHE_DIR may point at a folder that holds other things: they are never deleted."""
    home = tmp_path / "home"
    (home / "photos" / "2024").mkdir(parents=True)
    (home / "photos" / "2024" / "a.jpg").write_bytes(b"x" * 100_000)
    (home / "0.1.0-f1-abc" / "0123456789abcdef01234567").mkdir(parents=True)
    (home / "0.1.0-f1-abc" / "0123456789abcdef01234567" / "thesis.tex").write_text("mine")
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(home))
    monkeypatch.setenv("MMEVAL_CACHE_MAX_MB", "0")
    copy = tmp_path / "catalog"
    shutil.copytree(FIXTURES, copy)
    load_catalog(copy)
    cache_disk.evict(keep=tmp_path / "none", limit=0)
    assert (home / "photos" / "2024" / "a.jpg").exists()
    assert (home / "0.1.0-f1-abc" / "0123456789abcdef01234567" / "thesis.tex").exists()
    assert not entry_dir(copy).exists()  # the cache's own entry went


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_lock_that_is_not_a_regular_file_is_replaced(
    runner: CliRunner, folder: Path, tmp_path: Path, target: str
) -> None:
    """The lock is opened, never read; still, a link or a FIFO in its place is not ours: replaced."""
    recommend_ids(runner, folder)
    lock = entry_dir(folder) / cache_disk.LOCK
    lock.unlink()
    if target == "fifo":
        os.mkfifo(lock)
    else:
        lock.symlink_to(target)
    (folder / "fx-full.toml").write_text((folder / "fx-full.toml").read_text() + "# edited\n")
    result = runner.invoke(app, ["list", "--catalog", str(folder)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert lock.is_file() and not lock.is_symlink()


@pytest.mark.parametrize(
    ("value", "bound"),
    [
        ("inf", float("inf")),
        ("1e400", float("inf")),
        ("-inf", 0),
        ("-5", 0),
        ("nan", cache_disk.MAX_BYTES),
        ("lots", cache_disk.MAX_BYTES),
        ("0.5", 512 * 1024),
    ],
)
def test_the_cache_bound_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, bound: float
) -> None:
    monkeypatch.setenv("MMEVAL_CACHE_MAX_MB", value)
    assert cache_disk.max_bytes() == bound
