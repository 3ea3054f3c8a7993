"""Writing reports to files: atomically, so a reader (or a pipeline step
that picks the file up) never sees a partial report, and a failed run
leaves no file behind.

`--output` names a file; with several plans it names a directory (created
if missing) or a pattern with `{stem}` (the plan file's name without its
extension), e.g. `reports/{stem}.html`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from pathlib import Path

import click

from .errors import InputError


def target_for(output: str, plan: str, extension: str, *, several: bool, plans: tuple[str, ...] = (),
               inputs: tuple[str, ...] = ()) -> Path:
    """Where the report of `plan` goes for `--output OUTPUT`: never onto the
    plan itself or another plan of the batch (`plans`), nor onto another
    file the check reads (`inputs`: the waivers file, rule files)."""
    if not output:
        raise InputError("--output", "is empty; give a file name")
    stem = Path(plan).stem or Path(plan).name
    try:
        if _mistyped_pattern(output):
            raise InputError("--output", f"{output!r} is not a pattern with {{stem}} only")
        if "{stem}" in output:
            # Replaced as text: str.format would also take {stem.attr} and {stem:>99999999}.
            named = output.replace("{stem}", stem)
            if not named.endswith(("/", os.sep)):
                target = Path(named)
            else:  # `{stem}/`: a directory for each plan, the report in it
                if Path(named).exists() and not Path(named).is_dir():
                    raise InputError("--output", f"{named} is a file, not a directory")
                target = Path(named) / f"{stem}.{extension}"
        elif Path(output).is_dir() or several or names_a_directory(output):
            path = Path(output)
            if path.exists() and not path.is_dir():
                raise InputError("--output", f"{output} is a file; with several plans give a directory "
                                 "or a pattern with {stem}" if several else f"{output} is a file, not a directory")
            target = path / f"{stem}.{extension}"
        else:
            target = Path(output)
        _usable(target)
    except OSError as error:
        raise InputError("--output", f"cannot use {output}: {error.strerror or error}") from None
    refuse_overwriting(target, [plan, *plans], inputs)
    return target


def file_target(output: str, plans: list[str], inputs: tuple[str, ...] = (), what: str = "comparison") -> Path:
    """Where a command that writes one file (`diff`: the comparison) writes
    it, checked before any work is done, as target_for checks a report's."""
    if not output:
        raise InputError("--output", "is empty; give a file name")
    if output.endswith(("/", os.sep)):
        raise InputError("--output", f"{output} names a directory; give the {what}'s file name")
    if "{stem}" in output or _mistyped_pattern(output):
        raise InputError("--output", f"{output!r} looks like a pattern; give the {what}'s file name")
    target = Path(output)
    try:
        _usable(target)
    except OSError as error:
        raise InputError("--output", f"cannot use {output}: {error.strerror or error}") from None
    refuse_overwriting(target, plans, inputs)
    return target


# '{}', '{name}', '{stem.x}', '{stem:>9}', '{stem!r}', and '{stem' unclosed:
# placeholders mistyped, not names to create a file or directory by. Other
# braces ('{2027}', a '{3F2504E0-4F89}' folder) are taken as written.
_PLACEHOLDER = re.compile(r"\{\}|\{[A-Za-z_]\w*(?:[.:!][^{}]*)?\}|\{stem(?!\})")


def _mistyped_pattern(output: str) -> bool:
    if "{stem}" in output:  # a pattern: {stem} is its only placeholder
        return bool(set("{}") & set(output.replace("{stem}", "")))
    return _PLACEHOLDER.search(output) is not None


def _usable(target: Path) -> None:
    target.is_file()  # a name the system refuses (too long) raises here, before any check runs
    if target.is_socket():  # opening one for writing always fails; it is no place for a report
        raise InputError("--output", f"{target} is a socket, not a file")


def names_a_directory(output: str) -> bool:
    """`reports/` and `reports/{stem}.html` name where reports go, a
    directory made when missing; `reports/r.html` names a file, and a
    missing directory there is more likely a typo."""
    return "{stem}" in output or output.endswith(("/", os.sep))


def make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError("--output", f"cannot create directory {directory}: {error.strerror or error}") from None


def refuse_overwriting(target: Path, plans: list[str], others: tuple[str, ...] = ()) -> None:
    """A report written over a file the check reads would destroy it: its
    plan, another plan of the batch, the waivers or a rule file."""
    for source in [*plans, *others]:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, source):
                if source in plans:
                    raise InputError("--output", f"{target} is the plan {source}; the report would replace it")
                what = "" if str(target) == str(source) else f" ({source})"
                raise InputError("--output", f"{target} is read by this check{what}; the report would replace it")


def inputs_of(waivers_file: str | None, rule_dirs) -> tuple[str, ...]:
    """The files a check reads besides its plans: for refuse_overwriting."""
    files = [waivers_file] if waivers_file else []
    for directory in rule_dirs:
        with contextlib.suppress(OSError):
            files += [str(p) for p in Path(directory).iterdir() if p.suffix.lower() in (".yaml", ".yml")]
    return tuple(files)


def write_atomic(path: Path, content: str) -> None:
    """Write `content` (UTF-8) to `path` through a temporary file in the same
    directory and os.replace: all or nothing. A symbolic link is followed
    (the file it names is replaced, not the link), and what is not a file
    (/dev/stdout, a FIFO) is written to as it is: replacing it would put a
    file where a device was."""
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(path.stat().st_mode):
            _write_through(path, content)
            return
    path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("--output", f"{directory} is not an existing directory")
    try:
        import tempfile  # only for --output: a check printing its report never needs it

        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise InputError("--output", f"cannot write in {directory}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise InputError("--output", f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


FIFO_WAIT = 10.0  # seconds for a reader to open a FIFO given as --output


def _write_through(path: Path, content: str) -> None:
    try:
        with open(_open_for_writing(path), "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    except BrokenPipeError:
        pass  # the reader stopped early (`-o /dev/stdout | head`): the decision stands
    except OSError as error:
        raise InputError("--output", f"cannot write {path}: {error.strerror or error}") from None


def _open_for_writing(path: Path) -> int:
    """A descriptor for writing into a device or FIFO. Opening a FIFO blocks
    until someone reads it; here it waits FIFO_WAIT seconds for a reader,
    then gives up, so a forgotten `cat` is an error, not a hang."""
    deadline = time.monotonic() + FIFO_WAIT
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            if error.errno != errno.ENXIO:  # ENXIO: a FIFO nobody reads (yet)
                raise
            if time.monotonic() >= deadline:
                raise InputError("--output", f"nothing read from {path} for {FIFO_WAIT:g} s; "
                                 "start its reader first") from None
            time.sleep(0.05)
        else:
            os.set_blocking(fd, True)
            return fd


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What other programs read (JSON, SARIF, JUnit, HTML, Markdown) declares or
# assumes UTF-8, so it goes out as UTF-8 bytes whatever the locale, the same
# bytes --output writes. Only the table, read on a terminal, follows the
# terminal's encoding (Latin-1 there shows å, ä, ö; a character it lacks
# shows as an escape).
TERMINAL_FORMATS = frozenset({"table"})


def _utf8(text: str, stream) -> str | bytes:
    """`text` as UTF-8 bytes for a stream with bytes beneath it; as text for
    one without (io.StringIO, a notebook's output), which takes no bytes."""
    return text.encode("utf-8") if hasattr(stream, "buffer") else text


def say(message: str = "", *, nl: bool = True, err: bool = False, utf8: bool = False) -> None:
    """click.echo for what a command prints besides a report (a summary
    line, a rule list): a reader that stops early does not change the exit
    code, and an output that cannot take it is one line and exit 2. `utf8`
    for output that programs read (a JSON rule list, the schema)."""
    if (sys.stderr if err else sys.stdout) is None:  # a closed stream (`>&-`): nothing to say it on
        return
    try:
        click.echo(_utf8(message, sys.stderr if err else sys.stdout) if utf8 else message, nl=nl, err=err)
    except BrokenPipeError:
        _quiet(err)
    except OSError as error:
        if err:
            return  # nowhere left to say it
        raise InputError("standard output", f"cannot take the output: {error.strerror or error}") from None


def need_stdout() -> None:
    """For commands whose output is all they do (a schema, a rule list): a
    closed standard output is an error, as for a report, not a silent exit 0."""
    if sys.stdout is None:
        raise InputError("standard output", "is closed; the output has nowhere to go")


def _quiet(err: bool) -> None:
    with contextlib.suppress(OSError):  # later writes to the closed pipe must not fail too
        if err:
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
        else:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115


def print_report(content: str, fmt: str) -> None:
    """A report to standard output, in UTF-8 unless it is for a terminal
    (TERMINAL_FORMATS). A reader that stops early (`| head`) does not change
    the exit code: the decision stands. A write that fails (a full disk) is
    an error with its cause, not an internal one."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        raise InputError("standard output", "is closed; the report has nowhere to go")
    try:
        click.echo(content if fmt in TERMINAL_FORMATS else _utf8(content, sys.stdout), nl=False)
        sys.stdout.flush()  # a full disk shows here, not after the exit code is decided
    except BrokenPipeError:
        _quiet(err=False)
    except OSError as error:
        raise InputError("standard output", f"cannot take the report: {error.strerror or error}") from None
