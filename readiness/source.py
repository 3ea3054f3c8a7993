"""Reading a JSON or YAML document safely, and finding where a value stands.

Parsing is strict: invalid UTF-8, a byte order mark, duplicate keys, NaN,
YAML aliases (the billion-laughs bomb) and YAML tags are located errors.
Line numbers for values are worked out lazily, only when an error or a
renderer needs one, so a large plan is parsed once at full speed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import re
import stat
import sys
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Sequence

import jiter
import msgspec
import yaml

from .errors import InputError

MAX_BYTES = 1 << 30  # 1 GiB, unless READINESS_MAX_BYTES says otherwise


def max_bytes() -> int:
    """The size limit for a file: READINESS_MAX_BYTES, else MAX_BYTES."""
    raw = os.environ.get("READINESS_MAX_BYTES")
    if raw is None:
        return MAX_BYTES
    if not raw.strip().isdigit() or int(raw) < 1:
        raise InputError("READINESS_MAX_BYTES", f"is {raw!r}; give the largest file size to read, in bytes "
                         f"(default {MAX_BYTES})")
    return int(raw)
PathTokens = Sequence["str | int"]

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Document:
    """A parsed document and what is needed to point into it. A JSON plan
    keeps its bytes and decodes them only if a place in it is asked for
    (its parser has checked they are UTF-8): most checks never need the text."""

    def __init__(self, file: str, text: str | None = None, data: Any = None, is_yaml: bool = False, *,
                 raw: bytes | None = None, parsed: bool = False, quick: bool = False):
        assert text is not None or raw is not None, "a document needs its text or its bytes"
        self.file = file  # as the user named it
        # Read from text by this module: no string in `data` holds a lone
        # surrogate (jiter and PyYAML refuse one). Data built in memory may.
        self.parsed = parsed
        self.quick = quick  # read by msgspec, not by the exact readers (`exactly`)
        self.data = data
        self.is_yaml = is_yaml
        self._text = text
        self._raw = raw

    @property
    def raw(self) -> bytes:
        return self._raw if self._raw is not None else self.text.encode("utf-8")

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._raw.decode("utf-8")  # type: ignore[union-attr]
            self._raw = None
        return self._text

    def locate(self, tokens: PathTokens) -> tuple[int, int] | None:
        """1-based (line, column) of the value at `tokens`, or of its closest
        enclosing value that exists; None if the text cannot be mapped."""
        if not self.is_yaml:
            return self._json_locator.locate(tokens)
        positions = self._position_map
        for end in range(len(tokens), -1, -1):
            found = positions.get(tuple(tokens[:end]))
            if found:
                return found
        return None

    @cached_property
    def _json_locator(self) -> "_JsonLocator":
        return _JsonLocator(self.text)

    @cached_property
    def _position_map(self) -> dict:
        root = _compose(self.text)
        lines = _yaml_lines(self.text)
        positions: dict = {}
        stack = [((), root)]
        while stack:
            tokens, node = stack.pop()
            if node is None:
                continue
            positions[tokens] = _mark_place(node.start_mark, lines)
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.append((tokens + (key.value,), value))
            elif isinstance(node, yaml.SequenceNode):
                for index, value in enumerate(node.value):
                    stack.append((tokens + (index,), value))
        return positions


_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _JsonLocator:
    """Where values stand in JSON text, found by walking only along the
    path asked for: siblings are skipped with the standard library's C
    scanner, and every offset passed on the way is remembered, so locating
    many findings in a 20 MB plan costs about one parse, not one each (the
    YAML composer took ten seconds for one place in such a plan)."""

    def __init__(self, text: str):
        self.text = text
        self.decoder = json.JSONDecoder()
        self.offsets: dict[tuple, int] = {}
        self.children_done: set[tuple] = set()  # containers whose children are all in `offsets`
        self.resume: dict[tuple, tuple[int, int]] = {}  # container -> (offset, item count) where its scan stopped
        self.checkpoints: tuple[list[int], list[int]] | None = None
        self.lines: _Lines | None = None  # for text with \r line ends

    def locate(self, tokens: PathTokens) -> tuple[int, int] | None:
        try:
            offset = self._offset(tuple(tokens))
        except (ValueError, IndexError):  # text that is not the JSON we parsed: no place
            return None
        except RecursionError:  # nested nearly as deep as Python can parse: the path alone must do
            return None
        if offset is None:
            return None
        return self._line_column(offset)

    _CHUNK = 1 << 20

    def _line_column(self, offset: int) -> tuple[int, int]:
        """Line and column from checkpoints every MiB: counting newlines from
        the start for every finding is quadratic in a large plan."""
        text, chunk = self.text, self._CHUNK
        if self.lines is None and "\r" in text:
            self.lines = _Lines(text)
        if self.lines:
            return self.lines.at(offset)
        if self.checkpoints is None:
            lines, last_newline = [1], [-1]
            for end in range(chunk, len(text) + 1, chunk):
                lines.append(lines[-1] + text.count("\n", end - chunk, end))
                found = text.rfind("\n", end - chunk, end)
                last_newline.append(found if found >= 0 else last_newline[-1])
            self.checkpoints = (lines, last_newline)
        lines, last_newline = self.checkpoints
        k = offset // chunk
        base = k * chunk
        found = text.rfind("\n", base, offset)
        newline = found if found >= 0 else last_newline[k]
        return lines[k] + text.count("\n", base, offset), offset - newline

    def second_key(self, tokens: tuple, key: str) -> tuple[int, int] | None:
        """Line and column of the second `key` in the object at `tokens`."""
        try:
            start = self._offset(tokens)
            text = self.text
            index = self._skip(start + 1)
            seen = False
            while text[index] == '"':
                name, after = json.decoder.scanstring(text, index + 1)
                if name == key:
                    if seen:
                        return self._line_column(index)
                    seen = True
                index = self._skip(self._skip(after) + 1)
                _, index = self.decoder.raw_decode(text, index)
                index = self._skip(index)
                if text[index] == ",":
                    index = self._skip(index + 1)
        except (ValueError, IndexError, TypeError):
            pass
        return None

    def _offset(self, tokens: tuple) -> int | None:
        """Offset of the value at the longest prefix of `tokens` that exists."""
        found = self._skip(0)
        prefix: tuple = ()
        for token in tokens:
            child = prefix + (token,)
            if child not in self.offsets and prefix not in self.children_done:
                self._index_children(prefix, found, child)
            if child not in self.offsets:
                return found
            prefix, found = child, self.offsets[child]
        return found

    def _index_children(self, prefix: tuple, start: int, wanted: tuple) -> None:
        """Record where each member of the container at `start` begins, up to
        `wanted`: the scan stops there and resumes on the next call (the 20th
        item of a list of a million is found without passing the rest)."""
        text = self.text
        opening = text[start]
        if opening not in "{[":
            self.children_done.add(prefix)
            return
        closing = "}" if opening == "{" else "]"
        index, position = self.resume.pop(prefix, None) or (self._skip(start + 1), 0)
        while text[index] != closing:
            if opening == "{":
                key, index = json.decoder.scanstring(text, index + 1)
                index = self._skip(index)  # at ':'
                index = self._skip(index + 1)
                child = prefix + (key,)
            else:
                child = prefix + (position,)
                position += 1
            self.offsets.setdefault(child, index)
            _, index = self.decoder.raw_decode(text, index)  # skip the value at C speed
            index = self._skip(index)
            if text[index] == ",":
                index = self._skip(index + 1)
            if child == wanted:
                self.resume[prefix] = (index, position)
                return
        self.children_done.add(prefix)

    def _skip(self, index: int) -> int:
        return _WHITESPACE.match(self.text, index).end()


_PLAIN_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
_PLAIN_ID = re.compile(r"[^\[\]\s\x00-\x1f\x7f]+")


def display_path(data: Any, tokens: Sequence[str | int]) -> str:
    """`phases[prod-1].start`: list items by their id where they have one.
    A key or id that would not read as one (a space, a bracket, nothing) is
    shown quoted: `["a[b"]`."""
    out, node = "", data
    for token in tokens:
        out, node = _path_step(out, node, token)
    return out or "(document)"


def path_namer(data: Any) -> Callable[[tuple], str]:
    """display_path for many places in one document (a fact for each of
    thousands of cohorts and mails): each path's beginning is worked out
    once."""
    known: dict[tuple, tuple[str, Any]] = {(): ("", data)}

    def walk(tokens: tuple) -> tuple[str, Any]:
        found = known.get(tokens)
        if found is None:
            out, node = walk(tokens[:-1])
            found = known[tokens] = _path_step(out, node, tokens[-1])
        return found

    return lambda tokens: walk(tokens)[0] or "(document)"


def _path_step(out: str, node: Any, token: str | int) -> tuple[str, Any]:
    if isinstance(token, int):
        item = node[token] if isinstance(node, list) and 0 <= token < len(node) else None
        ident = item.get("id") if isinstance(item, dict) else item  # lists of ids: the id
        if isinstance(ident, str) and ident:
            # An id that reads as a number is quoted: phases["0"] is not phases[0].
            plain = _PLAIN_ID.fullmatch(ident) and not ident.isdecimal()
            return out + (f"[{ident}]" if plain else f"[{json.dumps(ident)}]"), item
        return out + f"[{token}]", item
    key = str(token)
    if _PLAIN_KEY.fullmatch(key):
        out += f".{key}" if out else key
    else:
        out += f"[{json.dumps(key)}]"
    return out, node.get(token) if isinstance(node, dict) else None


def _read_up_to(source, limit: int, size: int) -> bytes:
    """The file's bytes, or limit + 1 of them if it holds more. It may have
    grown since stat: read on in chunks (one read of `limit` bytes would set
    aside that much memory first, and READINESS_MAX_BYTES may be huge)."""
    chunks = [source.read(size + 1)]
    total = len(chunks[0])
    while total > size and total <= limit and chunks[-1]:
        chunks.append(source.read(min(limit + 1 - total, 1 << 24)))
        total += len(chunks[-1])
    return b"".join(chunks)


def kind_of(value: Any) -> str:
    """A value's type in words, as JSON and YAML name it: string, number,
    mapping, ..."""
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "list",
            dict: "mapping", type(None): "null", dt.date: "date"}.get(type(value), type(value).__name__)


def described(value: Any) -> str:
    """A value for a message, as YAML writes it: "null", "boolean true",
    "date 2027-08-16", "string 'x'" (not Python's None, True or
    datetime.date(2027, 8, 16))."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {'true' if value else 'false'}"
    if isinstance(value, dt.date):
        return f"{kind_of(value)} {value.isoformat()}"
    return f"{kind_of(value)} {value!r}"


def read_document(path: str | Path, *, what: str = "plan", limited: bool = True) -> Document:
    """Read and parse a JSON or YAML file; every failure is an InputError.
    `limited`: held to the size limit (the user's files; not the files that
    ship with the tool, which READINESS_MAX_BYTES must not break)."""
    file = str(path)
    p = Path(path)
    if not file:
        raise InputError("''", f"is no {what} file: the file name is empty")
    try:
        status = p.stat()
        if stat.S_ISDIR(status.st_mode):
            raise InputError(file, f"is a directory, not a {what} file")
        if not stat.S_ISREG(status.st_mode):  # a FIFO would block, /dev/zero never ends
            raise InputError(file, f"is not a regular file; give the {what} file itself")
        raw = b""
        limit = max_bytes() if limited else status.st_size
        if status.st_size <= limit:  # else refused unread
            with p.open("rb") as source:
                raw = _read_up_to(source, limit, status.st_size)
        if len(raw) > limit or status.st_size > limit:
            size = max(len(raw), status.st_size)
            raise InputError(file, f"is {size:,} bytes; the limit is {limit:,} "
                             "(set READINESS_MAX_BYTES to raise it)")
    except FileNotFoundError:
        raise InputError(file, "no such file") from None
    except PermissionError:
        raise InputError(file, "permission denied") from None
    except OSError as error:
        raise InputError(file, f"cannot be read: {error.strerror or error}") from None
    return parse_document(file, raw, quick=what == "plan")


def parse_document(file: str, raw: bytes, *, quick: bool = False) -> Document:
    """The document in `raw`. `quick`: a JSON plan may be read by msgspec
    (`_read_json_without_repeats`); the loader reads a plan that fails
    validation again without it (`exactly`), so that its problems are
    those the exact readers find."""
    _refuse_byte_order_marks(file, raw)
    refused = None
    if _looks_like_json(file, raw):
        data = _read_json_without_repeats(raw) if quick else _UNSURE
        if data is not _UNSURE:
            return Document(file=file, data=data, is_yaml=False, raw=raw, parsed=True, quick=True)
        # jiter (the parser inside pydantic-core) refuses duplicate keys in
        # Rust and parses a valid plan at least as fast as json.loads, which
        # needs a Python hook per object for that. It also checks the bytes
        # are UTF-8, so a valid plan is never decoded. Whatever it refuses is
        # read again below, decoded and parsed by the json module, whose
        # wording and place the error then has.
        try:
            data = jiter.from_json(raw, allow_inf_nan=False, catch_duplicate_keys=True, cache_mode="keys")
        except ValueError as error:
            refused = str(error)
        else:
            return Document(file=file, data=data, is_yaml=False, raw=raw, parsed=True)
    return _parse_text(file, _decode(file, raw), refused)


_UNSURE = object()
_SPACE_BEFORE_COLON = (b" :", b"\t:", b"\n:", b"\r:")
_MAX_DEPTH = 64  # a plan nests 5 deep; jiter and the json module stop at different depths past 200


def _read_json_without_repeats(raw: bytes) -> Any:
    """The document's data as msgspec reads it, in 0.11 s for a 20 MB plan
    where jiter takes 0.19 s, when that proves to hold no repeated key;
    else _UNSURE, and jiter reads it (and says where a repeat is).

    msgspec keeps the last of repeated keys, so keys are counted. The
    mappings read hold one entry per distinct key. Every key is followed
    by a colon, so the bytes hold at least as many colons as keys, more
    only where a string holds one: equal counts mean no string holds a
    colon and no key repeats. Where strings do hold colons (times, links),
    `":` is counted instead: with no white space before any colon, each
    key's closing quote is followed by its colon, and `":` elsewhere only
    in a string. Then white space before a colon or `":` in a string, and
    always deep nesting or anything msgspec refuses (it refuses whatever
    jiter does, and 1e400), leave it to jiter: slower, never different."""
    colons = raw.count(b":")  # a byte count at C speed; `":` takes three times as long
    try:
        data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, ValueError, RecursionError):  # ValueError: not UTF-8
        return _UNSURE
    entries = _entries(data)
    if entries is None:
        return _UNSURE
    if entries == colons:
        return data
    key_ends = raw.count(b'":')
    if colons != key_ends and any(pattern in raw for pattern in _SPACE_BEFORE_COLON):
        return _UNSURE
    return data if entries == key_ends else _UNSURE


def _entries(data: Any) -> int | None:
    """How many entries the mappings in `data` hold; None past _MAX_DEPTH.
    A plan's roster (a million people, each a flat mapping) is counted at C
    speed without looking inside; mappings inside a person are then not
    counted, so the counts differ and jiter reads that document."""
    if isinstance(data, dict) and isinstance(data.get("people"), list):
        try:  # dict.__len__ refuses anything but a mapping (a list or text has a length too)
            people = sum(map(dict.__len__, data["people"]))
        except TypeError:
            return _count(data, 1)
        rest = _count({k: v for k, v in data.items() if k != "people"}, 1)
        return None if rest is None else rest + 1 + people
    return _count(data, 1)


def _count(node: Any, depth: int) -> int | None:
    if depth > _MAX_DEPTH:
        return None
    kind = type(node)
    if kind is dict:
        total = len(node)
        values = node.values()
    elif kind is list:
        total = 0
        values = node
    else:
        return 0
    for value in values:
        if type(value) is dict or type(value) is list:
            inner = _count(value, depth + 1)
            if inner is None:
                return None
            total += inner
    return total


def exactly(document: Document) -> Document:
    """`document` as jiter, the json module or PyYAML read it: the same data,
    or the error they find. A plan msgspec read may hide what they refuse:
    nesting past their limits inside a person, where the counting does not
    look (`_entries`). Only a plan that fails validation is read again."""
    if not document.quick:
        return document
    return parse_document(document.file, document.raw)


def _looks_like_json(file: str, raw: bytes) -> bool:
    suffix = Path(file).suffix.lower()
    return suffix == ".json" or suffix not in (".yaml", ".yml") and _STARTS_LIKE_JSON.match(raw) is not None


_STARTS_LIKE_JSON = re.compile(rb"[ \t\n\r\x0b\x0c]*[{\[]")  # what bytes.lstrip() skips, then { or [


_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def _refuse_byte_order_marks(file: str, raw: bytes) -> None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise InputError(file, "starts with a UTF-8 byte order mark (BOM); save it as UTF-8 "
                         "without BOM", line=1, column=1)
    for bom, encoding in _OTHER_BOMS:  # Windows editors save "Unicode" as UTF-16
        if raw.startswith(bom):
            raise InputError(file, f"is {encoding} (it starts with that byte order mark); save it as UTF-8",
                             line=1, column=1)


def _decode(file: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise InputError(file, f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                         line=line, column=column) from None
    return text


def _parse_text(file: str, text: str, refused: str | None = None) -> Document:
    if not text.strip():
        raise InputError(file, "is empty")
    is_yaml = _looks_like_yaml(file, text)
    try:
        data = _parse_yaml(file, text) if is_yaml else _parse_json(file, text, refused)
    except RecursionError:
        raise InputError(file, "is nested too deeply") from None
    return Document(file=file, text=text, data=data, is_yaml=is_yaml, parsed=True)


def _looks_like_yaml(file: str, text: str) -> bool:
    suffix = Path(file).suffix.lower()
    if suffix == ".json":
        return False
    if suffix in (".yaml", ".yml"):
        return True
    return not text.lstrip().startswith(("{", "["))


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as editors count) of byte `offset`,
    where the bytes before it are valid UTF-8."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _text_line_column(text: str, offset: int) -> tuple[int, int]:
    if "\r" in text:
        return _Lines(text).at(offset)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Lines:
    """Line starts as editors count them: after \n, \r\n or a lone \r (old
    Mac files). The json module counts only \n, and libyaml also breaks
    lines at U+0085, U+2028 and U+2029, which editors show within a line."""

    _BREAK = re.compile(r"\r\n|\r|\n")

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in self._BREAK.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _yaml_lines(text: str) -> "_Lines | None":
    """A line index when libyaml's lines would differ from an editor's."""
    return _Lines(text) if any(c in text for c in "\r\x85\u2028\u2029") else None


def _mark_place(mark, lines: "_Lines | None") -> tuple[int, int]:
    return lines.at(mark.index) if lines is not None else (mark.line + 1, mark.column + 1)


class _RepeatedKey(dict):
    """A JSON object that names a key twice. Parsing goes on at C speed; the
    first such object is found and located after the parse (raising from
    the hook would lose where it was)."""

    repeated: str = ""


def _first_repeated(pairs: list) -> str:
    seen: set = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    return ""


class _LongNumber(ValueError):
    def __init__(self, digits: int):
        self.digits = digits
        super().__init__(f"a number of {digits:,} digits is far larger than a plan may use")


def _json_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    limit = sys.get_int_max_str_digits()  # 0: no limit
    if limit and digits > limit:  # int() would refuse it, saying to change a Python setting
        raise _LongNumber(digits)
    return int(text)


# Strings are matched whole, so a "NaN" inside one is passed over.
_STRING_OR_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|NaN|-?Infinity')


def _constant_place(text: str, refused: str | None) -> tuple[int | None, int | None]:
    """Line and column of the first NaN or Infinity outside a string (the
    json module's hook for them is not told where). jiter, which refused the
    text first, usually said where: taken when the text there is one (its
    column may count bytes); else the text is scanned, which is slower."""
    where = _JITER_PLACE.search(refused) if refused else None
    if where:
        line, column = int(where[1]), int(where[2])
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
            if not start:
                break
        else:
            at = start + column - 1
            if text[start:at].isascii():  # jiter counts bytes: equal to characters only on ASCII
                if at > start and text.startswith("-Infinity", at - 1):  # jiter points past the '-'
                    return _text_line_column(text, at - 1)
                if text.startswith(("NaN", "Infinity", "-Infinity"), at):
                    return _text_line_column(text, at)
    for found in _STRING_OR_CONSTANT.finditer(text):
        if not found[0].startswith('"'):
            return _text_line_column(text, found.start())
    return None, None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a plan may use")


def _parse_json(file: str, text: str, refused: str | None) -> Any:
    """The plan's data as the json module parses it, with duplicate keys and
    NaN/Infinity refused; `refused` is what jiter said of it, if it tried."""
    try:
        data = _parse_json_exactly(file, text, refused)
    except RecursionError:
        # Past Python's recursion limit the json module cannot say where; jiter,
        # which stopped at its own (lower) limit, can.
        where = _JITER_PLACE.search(refused) if refused and "recursion limit" in refused else None
        raise InputError(file, "is nested too deeply", line=int(where[1]) if where else None,
                         column=int(where[2]) if where else None) from None
    return data


_JITER_PLACE = re.compile(r"at line (\d+) column (\d+)$")


def _refuse_lone_surrogates(file: str, text: str) -> None:
    """The json module takes "\\ud800" alone, which is half a UTF-16 pair and
    no character (pydantic then refuses the string, unplaced); jiter
    refuses it, and says where."""
    try:
        jiter.from_json(text.encode("utf-8", "surrogatepass"))
    except ValueError as error:
        if "surrogate" in str(error) or "hex escape" in str(error):
            where = _JITER_PLACE.search(str(error))
            raise InputError(file, "invalid JSON: a \\u escape is half of a surrogate pair (\\ud800-\\udfff), "
                             "not a character", line=int(where[1]) if where else None,
                             column=int(where[2]) if where else None) from None


def _parse_json_exactly(file: str, text: str, refused: str | None = None) -> Any:
    repeats: list[_RepeatedKey] = []

    def no_duplicates(pairs: list) -> dict:
        result = dict(pairs)
        if len(result) != len(pairs):
            result = _RepeatedKey(result)
            result.repeated = _first_repeated(pairs)
            repeats.append(result)
        return result

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=_refuse_constant,
                          parse_int=_json_int)
    except json.JSONDecodeError as error:
        line, column = _text_line_column(text, error.pos) if "\r" in text else (error.lineno, error.colno)
        # "Invalid control character at", "Unterminated string starting at": the place follows
        raise InputError(file, f"invalid JSON: {error.msg.removesuffix(' at')}", line=line, column=column) from None
    except _LongNumber as error:
        found = re.search(r"[0-9]{%d,}" % (error.digits), text)  # the scanner does not say where
        line, column = _text_line_column(text, found.start()) if found else (None, None)
        raise InputError(file, str(error), line=line, column=column) from None
    except ValueError as error:  # NaN / Infinity
        line, column = _constant_place(text, refused)
        raise InputError(file, f"invalid JSON: {error}", line=line, column=column) from None
    if "\\ud" in text or "\\uD" in text:
        _refuse_lone_surrogates(file, text)
    if repeats:
        tokens, key = _first_repeat(data)
        where = _JsonLocator(text).second_key(tokens, key)
        raise InputError(file, f"duplicate key {key!r}", path=display_path(data, tokens) if tokens else None,
                         line=where[0] if where else None, column=where[1] if where else None)
    return data


def _first_repeat(data: Any) -> tuple[tuple, str]:
    """Path to the first object (in document order) that repeats a key."""
    stack: list = [((), data)]
    while stack:
        tokens, node = stack.pop()
        if isinstance(node, _RepeatedKey):
            return tokens, node.repeated
        if isinstance(node, dict):
            stack.extend((tokens + (k,), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((tokens + (i,), v) for i, v in reversed(list(enumerate(node))))
    raise AssertionError("a repeated key was recorded but not found")


_TEXT_TAG = "tag:yaml.org,2002:str"
_KEY_KINDS = {"int": "a number", "float": "a number", "bool": "true or false", "null": "null",
              "timestamp": "a date", "seq": "a list", "map": "a mapping"}


def _not_text_key(tag: str, value: str) -> str:
    kind = _KEY_KINDS.get(tag.rsplit(":", 1)[-1], "not text")
    return f"the key {value!r} is {kind}, and a key must be text; quote it: \"{value}\""


class _YamlError(yaml.MarkedYAMLError):
    def __init__(self, message: str, mark):
        super().__init__(problem=message, problem_mark=mark)


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_NULL_TAG = "tag:yaml.org,2002:null"
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers  # first character -> [(tag, pattern)]
_ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed; write the value out"


def _yaml_data(text: str) -> Any:
    """The data of a single-document YAML text, built straight from
    libyaml's events: no node tree (its nodes and their marks took about 60
    bytes of memory per byte of plan, and three times the time). Strict as a
    plan needs: no anchors or aliases (the billion-laughs bomb), merge keys,
    tags other than YAML's own, keys that are not text, duplicate keys,
    YAML 1.1 spellings of numbers and booleans, or nesting past
    MAX_NESTING; each refused where it stands."""
    loader = _SafeLoader(text)
    try:
        return _build(loader.get_event)
    finally:
        loader.dispose()


def _build(next_event: Callable[[], yaml.Event]) -> Any:
    outer: list[tuple] = []  # the enclosing collections' (container, key, seen)
    container: Any = None  # the collection being filled; None at the top
    key: Any = _NO_KEY  # in a mapping: the key whose value comes next
    seen: set | None = None  # in a mapping: its keys so far; None in a list
    root: Any = None
    document = None
    plain_keys: set[str] = set()  # plain keys found to be text
    while True:
        event = next_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None:
                raise _YamlError(_ANCHORS, event.start_mark)
            value = event.value
            # Quoted, or plain and not starting like a number, boolean or
            # null: text, as most of a plan is.
            text = event.tag is None and (not event.implicit[0] or value[:1] not in _IMPLICIT)
            if seen is not None and key is _NO_KEY:
                if not text and (event.tag is not None or value not in plain_keys):
                    _check_key(event)
                    if event.tag is None:
                        plain_keys.add(value)  # `name:` and `title:` are checked once
                if value in seen:
                    raise _YamlError(f"duplicate key {value!r}", event.start_mark)
                seen.add(value)
                key = value
                continue
            if not text:
                if event.tag is None and value in _WORDS:
                    value = _WORDS[value]
                else:
                    value = _yaml_scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            is_map = kind is yaml.MappingStartEvent
            if event.anchor is not None:
                raise _YamlError(_ANCHORS, event.start_mark)
            if event.tag not in (None, "!", _MAP_TAG if is_map else _SEQ_TAG):
                raise _YamlError(f"YAML tag {event.tag!r} is not allowed", event.start_mark)
            if seen is not None and key is _NO_KEY:
                raise _YamlError(f"a key must be text, not {'a mapping' if is_map else 'a list'}",
                                 event.start_mark)
            if len(outer) >= MAX_NESTING:
                raise _TooDeep(event.start_mark)
            outer.append((container, key, seen))
            container, key, seen = ({}, _NO_KEY, set()) if is_map else ([], _NO_KEY, None)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = container
            container, key, seen = outer.pop()
        elif kind is yaml.AliasEvent:
            raise _YamlError(_ANCHORS, event.start_mark)
        elif kind is yaml.DocumentStartEvent:
            if document is not None:
                raise yaml.composer.ComposerError("expected a single document in the stream", document,
                                                  "but found another document", event.start_mark)
            document = event.start_mark
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        else:  # the stream's start, a document's end
            continue
        if container is None:
            root = value
        elif seen is None:
            container.append(value)
        else:
            container[key] = value
            key = _NO_KEY


_NO_KEY = object()
# Plain words YAML reads as booleans and null (a roster has two per person).
_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
          "null": None, "Null": None, "NULL": None, "~": None, "": None}


def _check_key(event: yaml.ScalarEvent) -> None:
    """A key that is not plain text: a merge key (<<), or a number, date,
    boolean or null, which YAML would not read as text. (A list or mapping
    as a key is refused where it starts.)"""
    if event.value == "<<" and event.tag is None and event.implicit[0]:
        raise _YamlError("YAML merge keys (<<) are not allowed; write the keys out", event.start_mark)
    tag = _yaml_tag(event)
    if tag != _TEXT_TAG:
        raise _YamlError(_not_text_key(tag, event.value), event.start_mark)


def _yaml_tag(event) -> str:
    """The tag YAML gives a scalar: its own, or the one its spelling implies."""
    tag = event.tag
    if tag is not None and tag != "!":
        return tag
    value = event.value
    if event.implicit[0]:  # plain, untagged
        for tag, pattern in _IMPLICIT.get(value[:1] if value else "", ()):
            if pattern.match(value):
                return tag
    return _TEXT_TAG


def _yaml_scalar(event) -> Any:
    tag = _yaml_tag(event)
    if tag == _TEXT_TAG:
        return event.value
    if tag == _NULL_TAG and event.tag is None:
        return None
    construct = _SCALARS.get(tag)
    if construct is None and event.tag is None:  # `=` or `<<` as a plain value: YAML gives it a tag
        raise _YamlError(f"{event.value!r} is not text to YAML written plain; quote it: \"{event.value}\"",
                         event.start_mark)
    if construct is None:
        raise _YamlError(f"YAML tag {tag!r} is not allowed", event.start_mark)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, LookupError, AttributeError, TypeError, OverflowError) as error:
        # PyYAML's constructors fail on `2027-02-30`, `!!int ''` or `!!bool maybe`.
        kind = _KEY_KINDS.get(tag.rsplit(":", 1)[-1], tag)
        detail = f" ({error})" if tag.endswith(":timestamp") and isinstance(error, ValueError) else ""
        raise _YamlError(f"{event.value!r} is not {kind}{detail}", event.start_mark) from None


_CONSTRUCTOR = yaml.constructor.SafeConstructor()

# YAML 1.1 (PyYAML) also reads 017 as 15 (octal), 0x10, 0b11, 1:30 as 90
# (base 60) and 1_000; a plan's numbers and booleans are written as in JSON,
# so any other spelling is an error, not a guess at what was meant.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def _yaml_int(loader, node) -> int:
    limit = sys.get_int_max_str_digits()  # 0: no limit
    if limit and len(node.value) > limit:
        raise yaml.constructor.ConstructorError(None, None, str(_LongNumber(len(node.value.lstrip("-+")))),
                                                node.start_mark)
    value = yaml.SafeLoader.construct_yaml_int(loader, node)
    if not _PLAIN_INT.fullmatch(node.value):
        _not_as_json(node, "a plain decimal number", repr(value))
    return value


def _yaml_bool(loader, node) -> bool:
    # YAML 1.1 reads yes/no/on/off as booleans: `locale: no` (Norwegian) would be false.
    value = yaml.SafeLoader.construct_yaml_bool(loader, node)
    if node.value.lower() not in ("true", "false"):
        _not_as_json(node, "true or false", str(value).lower())
    return value


def _yaml_float(loader, node) -> float:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if value != value or value in (float("inf"), float("-inf")):
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a number a plan may use", node.start_mark)
    if not _PLAIN_FLOAT.fullmatch(node.value):
        _not_as_json(node, "a plain decimal number", repr(value))
    return value


def _not_as_json(node, expected: str, read_as: str) -> None:
    shown, read_as = _brief(node.value), _brief(read_as)
    raise yaml.constructor.ConstructorError(
        None, None, f"{shown!r} is not {expected} (YAML would read it as {read_as}); "
        f"write {read_as}, or quote it if it is text", node.start_mark)


def _brief(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


# YAML's own scalar tags (`!!str 12`, `!!binary ...`), with numbers and
# booleans read strictly; collections are only ever mappings and lists.
_SCALARS = {tag: construct for tag, construct in yaml.constructor.SafeConstructor.yaml_constructors.items()
            if tag is not None and tag not in (_MAP_TAG, _SEQ_TAG, "tag:yaml.org,2002:set",
                                               "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs")}
_SCALARS.update({"tag:yaml.org,2002:int": lambda loader, node: _yaml_int(loader, node),
                 "tag:yaml.org,2002:float": lambda loader, node: _yaml_float(loader, node),
                 "tag:yaml.org,2002:bool": lambda loader, node: _yaml_bool(loader, node)})


MAX_NESTING = 100  # a plan needs about 8 levels
_LONG_LINE = re.compile(r"[^\n]{%d}" % MAX_NESTING)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where YAML nesting first passes MAX_NESTING levels (1-based line,
    column), or None. LibYAML's composer recurses in C and overflows the
    stack (a segfault, not an error) on some thousands of levels, so depth
    is checked on the parser's events, which need no recursion. A level
    costs a bracket (flow style) or at least a column on some line (block
    style: indentation, "- "), so a document with few brackets and no long
    line is cleared without that pass."""
    if text.count("[") + text.count("{") < MAX_NESTING and not _LONG_LINE.search(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the parse proper reports it, located
    return None


def _compose(text: str) -> Any:
    """The YAML node tree of `text` (for line numbers), or None when it
    cannot be had safely."""
    if _too_deep(text):
        return None
    try:
        return yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def _parse_yaml(file: str, text: str) -> Any:
    try:
        return _yaml_data(text)
    except _TooDeep as deep:
        line, column = _mark_place(deep.mark, _yaml_lines(text))
        raise InputError(file, f"is nested more than {MAX_NESTING} levels deep", line=line, column=column) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        line, column = _mark_place(mark, _yaml_lines(text)) if mark else (None, None)
        raise InputError(file, f"invalid YAML: {problem}", line=line, column=column) from None
    except yaml.reader.ReaderError as error:  # a control character, at an offset in libyaml's UTF-8
        if _SafeLoader is not yaml.SafeLoader:
            error.position = len(text.encode()[:error.position].decode("utf-8", "replace"))
        line, column = _Lines(text).at(error.position)
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        raise InputError(file, f"invalid YAML: unacceptable character {character}: {error.reason}",
                         line=line, column=column) from None
    except yaml.YAMLError as error:
        raise InputError(file, f"invalid YAML: {error}") from None
