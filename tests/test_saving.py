"""
Saving documents: `dump` to a path replaces the file atomically, keeps its
permissions, and leaves nothing behind when it fails.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _samples import PULSE, SALFORD, SURVEY, VOICE, large_survey

import medengage


TESTS = Path(__file__).parent
#: Respondents in the surveys the writer saves: enough that each save takes
#: a while, so that kills land at every stage of it.
RESPONDENTS = 2000

#: Saves two surveys over one file, turn about, until it is killed; says
#: "ready" once it starts saving, and "saved" after each save.
WRITER = f"""
import sys
sys.path.insert(0, sys.argv[1])
import medengage
from _samples import large_survey
surveys = [large_survey({RESPONDENTS}, answer=1), large_survey({RESPONDENTS})]
print("ready", flush=True)
while True:
    for survey in surveys:
        medengage.dump(survey, sys.argv[2])
        print("saved", flush=True)
"""


def temporary_files(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(".medengage-*.tmp"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_save_leaves_the_old_or_the_new_document(tmp_path: Path) -> None:
    """
    A process killed at any moment while it saves leaves the file whole:
    the old document or the new one, never a mix or a part.

    A killed process cannot clean up, so it may leave its own temporary
    file beside the target (``.survey.yaml.<random>.tmp``); never more than
    one, and never in the target's place.
    """
    target = tmp_path / "survey.yaml"
    old, new = large_survey(RESPONDENTS), large_survey(RESPONDENTS, answer=1)
    texts = {medengage.dumps(old): old, medengage.dumps(new): new}
    assert len(texts) == 2
    medengage.dump(old, target)
    saves = 0
    seen: set[str] = set()

    # Kill right away, then later and later: before, during and after saves;
    # last, as soon as a save has finished, so that one surely has (however
    # slow the machine), and the kill lands early in the next.
    for delay in (0.0, 0.005, 0.02, 0.05, 0.1, 0.2, None):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(TESTS), str(target)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == "ready\n"
            if delay is None:
                assert writer.stdout.readline() == "saved\n"
                saves += 1
            else:
                time.sleep(delay)
        finally:
            writer.send_signal(signal.SIGKILL)
            output, _ = writer.communicate()
        assert writer.returncode == -signal.SIGKILL
        saves += output.count("saved")

        text = target.read_text(encoding="utf-8")
        assert text in texts
        if text not in seen:
            assert medengage.loads(text, checklists=[PULSE]) == texts[text]
            seen.add(text)
        leftovers = temporary_files(tmp_path, target.name)
        assert len(leftovers) <= 1
        assert sorted(tmp_path.iterdir()) == sorted([target, *leftovers])
        for leftover in leftovers:
            leftover.unlink()

    # The writer did replace the file, again and again.
    assert saves >= 1


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o444])
def test_replacing_a_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "voice.yaml"
    target.write_text("old\n")
    target.chmod(mode)

    medengage.dump(VOICE, target)

    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert medengage.load(target) == VOICE


@pytest.fixture
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """
    The process umask set to the test's parameter, and restored after.
    """
    mask: int = request.param
    previous = os.umask(mask)
    try:
        yield mask
    finally:
        os.umask(previous)


@pytest.mark.skipif(os.name != "posix", reason="umask is a POSIX idea")
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002], indirect=True)
def test_a_new_file_takes_the_umask(tmp_path: Path, umask: int) -> None:
    """
    A new file gets the permissions any new file would, not those of the
    private temporary file it was written as.
    """
    target = tmp_path / "trust.yaml"

    medengage.dump(SALFORD, target)

    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert medengage.load(target) == SALFORD


def test_saving_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "voice.yaml"

    with pytest.raises(medengage.DocumentWriteError) as caught:
        medengage.dump(VOICE, target)

    assert isinstance(caught.value, medengage.MedEngageError)
    assert str(target) in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """
    A folder holding one file, that this process cannot write to.

    Root writes to a read-only folder anyway (and CI runs as root), so
    there the kernel's refusal is played instead: creating a file in the
    folder with ``os.open``, the call the saver makes, raises the
    `PermissionError` the kernel raises for anyone else.
    """
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "voice.yaml").write_text("old\n")
    folder.chmod(0o555)
    try:
        if _can_write(folder):
            _refuse_new_files_in(folder, monkeypatch)
            assert not _can_write(folder)
        yield folder
    finally:
        folder.chmod(0o755)


def _refuse_new_files_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open
    refused = os.path.realpath(folder)

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        parent = os.path.dirname(os.path.realpath(path))
        if flags & os.O_CREAT and parent == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


def _can_write(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        descriptor = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except PermissionError:
        return False
    os.close(descriptor)
    probe.unlink()
    return True


@pytest.mark.parametrize("name", ["voice.yaml", "new.yaml"], ids=["replace", "new"])
def test_saving_into_a_read_only_folder(read_only_folder: Path, name: str) -> None:
    with pytest.raises(medengage.DocumentWriteError) as caught:
        medengage.dump(VOICE, read_only_folder / name)

    assert str(read_only_folder / name) in str(caught.value)
    assert [path.name for path in read_only_folder.iterdir()] == ["voice.yaml"]
    assert (read_only_folder / "voice.yaml").read_text() == "old\n"


def test_saving_over_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "voice.yaml"
    target.mkdir()

    with pytest.raises(medengage.DocumentWriteError):
        medengage.dump(VOICE, target)

    assert list(tmp_path.iterdir()) == [target]
    assert target.is_dir()


def fail(*args: Any) -> None:
    raise OSError(errno.EIO, "Input/output error")


def interrupt(*args: Any) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("step", ["fsync", "replace", "fchmod"])
def test_a_failed_save_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "voice.yaml"
    target.write_text("old\n")
    monkeypatch.setattr(os, step, fail)

    with pytest.raises(medengage.DocumentWriteError) as caught:
        medengage.dump(VOICE, target)

    assert "Input/output error" in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_an_interrupted_save_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "voice.yaml"
    target.write_text("old\n")
    monkeypatch.setattr(os, "fsync", interrupt)

    with pytest.raises(KeyboardInterrupt):
        medengage.dump(VOICE, target)

    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_what_is_not_a_document_is_not_saved(tmp_path: Path) -> None:
    with pytest.raises(medengage.NotADocumentError):
        medengage.dump(42, tmp_path / "answer.yaml")

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "obj", [PULSE, SALFORD, VOICE], ids=["checklist", "trust", "feature"]
)
def test_saving_to_a_path_writes_the_document_as_utf8(
    tmp_path: Path, obj: object
) -> None:
    target = tmp_path / "document.yaml"

    medengage.dump(obj, str(target))

    assert target.read_bytes() == medengage.dumps(obj).encode("utf-8")
    assert medengage.load(target, checklists=[PULSE]) == obj
    assert list(tmp_path.iterdir()) == [target]


def test_unicode_is_saved_as_written(tmp_path: Path) -> None:
    feature = medengage.EngagementFeature(
        id="voice", title="Médecins écoutés", summary="Ärzte, 医生 ✓"
    )
    target = tmp_path / "voice.yaml"

    medengage.dump(feature, target)

    assert "Ärzte, 医生 ✓" in target.read_text(encoding="utf-8")
    assert medengage.load(target) == feature


def test_saving_to_a_text_stream_writes_what_dumps_gives(tmp_path: Path) -> None:
    memory = io.StringIO()
    medengage.dump(PULSE, memory)
    target = tmp_path / "pulse.yaml"
    with open(target, "w", encoding="utf-8") as stream:
        medengage.dump(PULSE, stream)

    assert memory.getvalue() == medengage.dumps(PULSE)
    assert target.read_text(encoding="utf-8") == medengage.dumps(PULSE)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_saving_through_a_link_replaces_its_target(
    tmp_path: Path, relative: bool
) -> None:
    """
    A path that is a symbolic link keeps being one: the file it points to
    is replaced, atomically, with the temporary file beside it.
    """
    (tmp_path / "documents").mkdir()
    target = tmp_path / "documents" / "voice.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "current.yaml"
    link.symlink_to(Path("documents", "voice.yaml") if relative else target)

    medengage.dump(VOICE, link)

    assert link.is_symlink()
    assert link.resolve() == target.resolve()
    assert medengage.load(target) == VOICE
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in tmp_path.rglob("*")) == [
        "current.yaml",
        "documents",
        "voice.yaml",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_through_a_dangling_link_makes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "voice.yaml"
    link.symlink_to("made.yaml")

    medengage.dump(VOICE, link)

    assert link.is_symlink()
    assert medengage.load(tmp_path / "made.yaml") == VOICE


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_through_a_link_loop(tmp_path: Path) -> None:
    link = tmp_path / "voice.yaml"
    link.symlink_to("voice.yaml")

    with pytest.raises(medengage.DocumentWriteError, match=r"voice\.yaml"):
        medengage.dump(VOICE, link)

    assert list(tmp_path.iterdir()) == [link]


def test_saving_to_a_hard_linked_file_gives_the_path_a_new_file(
    tmp_path: Path,
) -> None:
    """
    As the docs say: the path gets a new file, and the other name of a hard
    link keeps the old one.
    """
    target = tmp_path / "voice.yaml"
    target.write_text("old\n")
    other = tmp_path / "other.yaml"
    os.link(target, other)

    medengage.dump(VOICE, target)

    assert medengage.load(target) == VOICE
    assert other.read_text() == "old\n"


def _longest_name(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):
        return 255


def test_a_file_name_as_long_as_allowed_saves(tmp_path: Path) -> None:
    """
    A temporary name is short: it fits beside a name of the longest length
    the file system allows.
    """
    longest = _longest_name(tmp_path)
    for length in (245, longest):
        target = tmp_path / ("v" * (length - len(".yaml")) + ".yaml")

        medengage.dump(VOICE, target)
        medengage.dump(SALFORD, target)

        assert medengage.load(target) == SALFORD
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize(
    "path",
    ["voice\0.yaml", "\0", "folder\0/voice.yaml"],
    ids=["inside", "alone", "in-a-folder"],
)
@pytest.mark.parametrize("call", ["dump", "write_csv"])
def test_a_path_holding_nul_is_refused(tmp_path: Path, path: str, call: str) -> None:
    from medengage.csv import write_csv

    target = str(tmp_path / path)
    save: Callable[[], None] = {
        "dump": lambda: medengage.dump(VOICE, target),
        "write_csv": lambda: write_csv(SURVEY, target),
    }[call]

    with pytest.raises(medengage.DocumentWriteError, match="NUL") as caught:
        save()

    assert isinstance(caught.value, medengage.MedEngageError)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "target", [b"voice.yaml", bytearray(b"voice.yaml"), 42, None], ids=repr
)
def test_what_is_not_a_path_or_a_text_file_is_a_type_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: Any
) -> None:
    """
    dump takes a path as text (str or os.PathLike) or an open text file;
    a path as bytes is refused, saying how to decode it.
    """
    monkeypatch.chdir(tmp_path)

    with pytest.raises(TypeError, match=r"os\.fsdecode|open text file") as caught:
        medengage.dump(VOICE, target)

    assert type(target).__name__ in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="setuid is a POSIX idea")
@pytest.mark.parametrize(
    "mode",
    [0o4755, 0o2755, 0o6750, 0o1644],
    ids=["setuid", "setgid", "both", "sticky"],
)
def test_setuid_and_setgid_are_not_kept(tmp_path: Path, mode: int) -> None:
    """
    A saved document never runs as its owner or group: the bits that would
    let it are dropped, the others kept.
    """
    target = tmp_path / "voice.yaml"
    target.write_text("old\n")
    target.chmod(mode)
    if stat.S_IMODE(target.stat().st_mode) != mode:
        pytest.skip(f"this file system does not keep mode {mode:o}")

    medengage.dump(VOICE, target)

    assert stat.S_IMODE(target.stat().st_mode) == mode & 0o777


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="needs to give files away"
)
def test_a_privileged_process_keeps_the_owner(tmp_path: Path) -> None:
    target = tmp_path / "voice.yaml"
    target.write_text("old\n")
    os.chown(target, 12345, 23456)

    medengage.dump(VOICE, target)

    assert (target.stat().st_uid, target.stat().st_gid) == (12345, 23456)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_what_is_not_a_regular_file_is_not_replaced(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "voice.yaml"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("needs named pipes")
        os.mkfifo(target)
    else:
        target.mkdir()

    with pytest.raises(medengage.DocumentWriteError, match=r"voice\.yaml"):
        medengage.dump(VOICE, target)

    assert list(tmp_path.iterdir()) == [target]
    assert not target.is_file()
