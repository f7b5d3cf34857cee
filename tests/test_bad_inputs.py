"""Bad input never loses data: every kind of broken, mislabeled, hostile or odd input, run through the CLI.

Each bad file is refused with one line on stderr naming it and the reason in
plain words (no traceback), the batch goes on, every good file is written, and
the run exits 1. The reasons are asserted word for word, so a change to one is
a reviewed change.
"""

from __future__ import annotations

import errno
import io
import os
import pathlib
import shutil
import socket
import struct
import sys
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from pipeline import errors
from pipeline.cli import main
from pipeline.readers import MAX_INPUT_BYTES, read_document
from pipeline.readers import docx as docx_reader
from pipeline.readers.text import decode

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "notice-2024-pingchang.txt"
FIXTURES = ROOT / "tests" / "fixtures"
SEED_PDF = FIXTURES / "seed.pdf"
SEED_SCAN = FIXTURES / "seed-scan.pdf"
SEED_DOCX = FIXTURES / "seed.docx"



# ---------------------------------------------------------------------------
# Helpers


def run(capsys, *argv: str) -> tuple[int, list[str]]:
    """Run the CLI in-process; return (exit status, stderr lines)."""
    status = main(["run", *argv])
    return status, capsys.readouterr().err.splitlines()


def errors_in(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("error: ")]


def warnings_in(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("warning: ")]


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def refusal(path: Path) -> errors.UnreadableDocument:
    with pytest.raises(errors.UnreadableDocument) as caught:
        read_document(path)
    return caught.value


def tiny_pdf(*, encrypted: bool = False) -> bytes:
    """A one-page PDF with an empty page; with `encrypted`, locked by a user password nobody knows."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    extra = b""
    if encrypted:
        # Standard security handler, RC4 40-bit (R2): any O and U that the
        # empty password does not reproduce means a password is needed.
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
        extra = b" /Encrypt 5 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = b"0123456789abcdef0123456789abcdef"
    out += b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s> <%s>]%s >>\n" % (len(objects) + 1, file_id, file_id, extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def docx_bytes(text: str = "一、总体要求\n1.加强领导。（责任单位：县司法局）") -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """Given (name, deflated bytes, crc, compressed size, declared size) members, return a zip, sizes as given."""
    out, central = bytearray(), bytearray()
    for name, payload, crc, compressed, declared in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, compressed, declared, len(encoded), 0)
        out += encoded + payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, compressed, declared, len(encoded),
            0, 0, 0, 0, 0, offset,
        )
        central += encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def deflated_zeros(size: int, block: int = 1024 * 1024) -> tuple[bytes, int]:
    """Given a size, return (raw deflate stream of that many zero bytes, its CRC-32), without building them.

    A full flush makes each 1 MB block independent of the ones before, so one
    compressed block repeated is a valid stream of many.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = compressor.compress(b"\0" * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    count = size // block
    crc, zeros = 0, b"\0" * block
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    return one * count + tail, crc


def docx_with_member(extra: tuple[str, bytes, int, int, int]) -> bytes:
    """A valid small .docx plus one member given raw (for bombs and lying sizes)."""
    members = []
    for name, data in zip_members(docx_bytes()).items():
        payload = deflated(data)
        members.append((name, payload, zlib.crc32(data), len(payload), len(data)))
    return raw_zip(members + [extra])


def without_ocr(monkeypatch) -> None:
    """Make OCR unavailable, as on a machine without Tesseract: it is not on PATH, and shutil.which does not find it."""
    empty = Path(os.environ.get("TMPDIR", "/tmp")) / "no-ocr-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    real_which = shutil.which

    def which(name, *args, **kwargs):
        return None if "tesseract" in str(name) else real_which(name, *args, **kwargs)

    monkeypatch.setattr(shutil, "which", which)
    ocr = sys.modules.get("pipeline.readers.ocr")
    for name in dir(ocr) if ocr else ():
        if hasattr(getattr(ocr, name), "cache_clear"):  # an availability check remembered from an earlier test
            getattr(ocr, name).cache_clear()


# ---------------------------------------------------------------------------
# One kind of bad input at a time: the typed error and its plain reason


def test_empty_file(tmp_path):
    for name, data in [("empty.txt", b""), ("blank.txt", b" \r\n\t\n"), ("empty.pdf", b""), ("empty.docx", b"")]:
        (tmp_path / name).write_bytes(data)
        caught = refusal(tmp_path / name)
        assert type(caught) is errors.EmptyDocument
        assert caught.reason == "the file is empty"
        assert caught.path == str(tmp_path / name)


@pytest.mark.parametrize(
    "data, reason",
    [
        pytest.param(b"\x00\x01\x02garbage\xff" * 200, "not a text file (it contains binary data)", id="bytes-with-nul"),
        pytest.param(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj", "not a text file (it is a PDF file)", id="pdf-named-txt"),
        pytest.param(b"PK\x03\x04\x14\x00\x00\x00", "not a text file (it is a zip archive, such as a Word .docx file)",
                     id="zip-named-txt"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file (it is a PNG image)", id="png-named-txt"),
        pytest.param(bytes(range(128, 256)) * 40, "the text is not in a readable encoding (expected UTF-8 or GB18030/GBK)",
                     id="high-bytes-no-nul"),
    ],
)
def test_binary_garbage_named_txt(tmp_path, data, reason):
    path = tmp_path / "garbage.txt"
    path.write_bytes(data)
    caught = refusal(path)
    assert isinstance(caught, (errors.WrongFormat, errors.UnknownEncoding))
    assert caught.reason == reason


@pytest.mark.parametrize(
    "text, encoding",
    [
        pytest.param(None, "big5", id="big5-of-simplified-text"),
        pytest.param(None, "shift_jis", id="shift-jis"),
        pytest.param(None, "euc_kr", id="euc-kr"),
        pytest.param("これは日本語の文章です。東京都の行政計画について説明します。" * 20, "shift_jis", id="japanese"),
        pytest.param("이것은 한국어 문장입니다. 정부 계획에 대하여." * 20, "euc_kr", id="korean"),
        pytest.param("Café, résumé, naïve; déjà vu. " * 50, "latin-1", id="latin-1"),
    ],
)
def test_text_in_another_encoding_is_refused_not_garbled(tmp_path, text, encoding):
    # GB18030 decodes almost any byte pair: without a check these would come out
    # as strings of rare characters (Big5 平昌县 reads as キ\ue808┎) and be converted.
    data = (text or sample_text()).encode(encoding, errors="replace")
    path = tmp_path / "notice.txt"
    path.write_bytes(data)
    caught = refusal(path)
    assert type(caught) is errors.UnknownEncoding
    assert caught.reason == "the text is not in a readable encoding (expected UTF-8 or GB18030/GBK)"


def test_english_text_is_not_a_notice(tmp_path):
    path = tmp_path / "readme.txt"
    path.write_text("Just some English notes.\n", encoding="utf-8")
    caught = refusal(path)
    assert type(caught) is errors.WrongFormat
    assert caught.reason == "the text has no Chinese characters; it is not a notice"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-32", "utf-16-le", "utf-16-be"])
def test_chinese_encodings_are_read_exactly(encoding):
    text = sample_text()
    decoded, _ = decode(text.encode(encoding), "notice.txt")
    assert decoded == text


def test_big5_traditional_notice_is_read_as_big5():
    # A Traditional-script notice in Big5 is detected (charset-normalizer), not garbled as GB18030.
    import opencc

    traditional = opencc.OpenCC("s2t").convert("平昌县人民政府2024年法治政府建设重点工作安排。一、全面优化政府职能，服务保障高质量发展。" * 5)
    decoded, encoding = decode(traditional.encode("big5"), "notice.txt")
    assert encoding == "big5"
    assert decoded == traditional


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_text_cut_off_in_the_middle_of_a_character(tmp_path, capsys, encoding):
    # An interrupted download: the last character is half there. Converted, with a warning.
    text = sample_text().rstrip()
    path = tmp_path / "cut.txt"
    path.write_bytes(text.encode(encoding)[:-1])
    raw = read_document(path)
    assert raw.source.encoding == encoding
    assert raw.text == text[:-1]
    assert [(p.code, p.message) for p in raw.problems] == [
        ("truncated_text", "the file ends in the middle of a character, so it may be cut off: check its end")
    ]
    status, lines = run(capsys, str(path), "--out", str(tmp_path / "out"), "--no-tables")
    assert status == 0
    document = __import__("json").loads((tmp_path / "out" / "cut.json").read_text(encoding="utf-8"))
    assert "truncated_text" in [w["code"] for w in document["warnings"]]


def test_utf8_mark_on_a_gbk_file():
    text = sample_text()
    assert decode(b"\xef\xbb\xbf" + text.encode("gbk"), "notice.txt") == (text, "gb18030")


def test_truncated_pdf(tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(SEED_PDF.read_bytes()[:20000])
    assert refusal(path).reason == "the PDF is damaged or truncated"


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "encrypted.pdf"
    path.write_bytes(tiny_pdf(encrypted=True))
    assert refusal(path).reason == "the PDF is encrypted (it needs a password)"


def test_image_only_pdf_without_ocr(tmp_path, monkeypatch, capsys):
    without_ocr(monkeypatch)
    path = tmp_path / "scan.pdf"
    shutil.copyfile(SEED_SCAN, path)
    status, lines = run(capsys, str(path), "--out", str(tmp_path / "out"), "--no-tables")
    assert status == 1
    [line] = errors_in(lines)
    assert line.startswith(f"error: {path}: ") and "OCR" in line
    assert not (tmp_path / "out" / "scan.json").exists()


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "notice.docx"
    path.write_text("一、总体要求\n1.加强领导。", encoding="utf-8")
    caught = refusal(path)
    assert type(caught) is errors.WrongFormat
    assert caught.reason == "not a Word .docx file (it is not a zip archive)"


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    # 1 GB of zeros in 1 MB of zip: refused on the sizes it declares, in no time.
    payload, crc = deflated_zeros(1024 * 1024 * 1024)
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_with_member(("word/media/zeros.bin", payload, crc, len(payload), 1024 * 1024 * 1024)))
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    caught = refusal(path)
    assert time.perf_counter() - started < 1
    assert type(caught) is errors.InputTooLarge
    assert caught.reason == f"the .docx expands to more than {docx_reader.MAX_DOCX_UNCOMPRESSED // 2**20} MB; refusing it"


def test_docx_zip_bomb_that_lies_about_its_size(tmp_path):
    # The same 1 GB, declared as 1 KB: zipfile would inflate all of it in memory
    # before its CRC check failed; the reader stops at the declared size.
    payload, crc = deflated_zeros(1024 * 1024 * 1024)
    path = tmp_path / "liar.docx"
    path.write_bytes(docx_with_member(("word/media/zeros.bin", payload, crc, len(payload), 1024)))
    started = time.perf_counter()
    caught = refusal(path)
    assert time.perf_counter() - started < 1
    assert type(caught) is errors.DamagedDocument
    assert caught.reason == "the .docx is damaged (the zip member word/media/zeros.bin does not have the size it declares)"


class _Listener:
    """A TCP port on localhost that records whether anyone connected."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def connected(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    def close(self):
        self.sock.close()


def test_docx_with_external_and_expanding_entities(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-DISK", encoding="utf-8")
    listener = _Listener()
    laughs = '<!ENTITY a "LOLLOLLOLLOL">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )  # &j; would be 10^9 x "LOLLOLLOLLOL"
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY file SYSTEM "{secret.as_uri()}">'
        f'<!ENTITY net SYSTEM "http://127.0.0.1:{listener.port}/xxe">{laughs}]>'
    ).encode()

    def poison(xml: bytes) -> bytes:
        at = xml.index(b"?>") + 2
        xml = xml[:at] + doctype + xml[at:]
        return xml.replace("加强领导".encode(), "加强领导&file;&net;&j;".encode())

    members = zip_members(docx_bytes())
    members["word/document.xml"] = poison(members["word/document.xml"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path = tmp_path / "entities.docx"
    path.write_bytes(buffer.getvalue())
    out = tmp_path / "out"
    started = time.perf_counter()
    try:
        status, lines = run(capsys, str(path), "--out", str(out), "--no-tables")
        fetched = listener.connected()
    finally:
        listener.close()
    assert time.perf_counter() - started < 10
    assert not fetched
    written = (out / "entities.json").read_text(encoding="utf-8") if (out / "entities.json").exists() else ""
    assert "SECRET" not in written and "LOL" not in written
    assert status == 0 or (status == 1 and len(errors_in(lines)) == 1)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: no disk used
    real_open = pathlib.Path.open

    def no_reading(self, *args, **kwargs):
        assert self != path, "the file was opened"
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", no_reading)
    caught = refusal(path)
    assert type(caught) is errors.InputTooLarge
    assert caught.reason == "the file is 100 MB, over the 100 MB limit; refusing it"
    assert MAX_INPUT_BYTES == 100 * 1024 * 1024


def test_size_limit_applies_to_every_format(tmp_path, monkeypatch):
    import pipeline.readers as readers

    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 1000)
    for name in ("big.txt", "big.pdf", "big.docx"):
        (tmp_path / name).write_bytes(b"x" * 1001)
        caught = refusal(tmp_path / name)
        assert type(caught) is errors.InputTooLarge
        assert caught.reason == "the file is 0.0 MB, over the 0.0 MB limit; refusing it"


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    shutil.copyfile(SAMPLE, path)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything: simulate the refusal
            real_open = pathlib.Path.open

            def denied(self, *args, **kwargs):
                if self == path:
                    raise PermissionError(errno.EACCES, "Permission denied", str(self))
                return real_open(self, *args, **kwargs)

            monkeypatch.setattr(pathlib.Path, "open", denied)
        caught = refusal(path)
    finally:
        path.chmod(0o644)
    assert type(caught) is errors.CannotOpen
    assert caught.reason == "cannot read the file (permission denied)"


def test_no_tasks_is_converted_with_a_warning(tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text("关于召开会议的通知\n\n请各单位准时参加。\n", encoding="utf-8")
    out = tmp_path / "out"
    status, lines = run(capsys, str(path), "--out", str(out))
    assert status == 0
    assert warnings_in(lines) == [f"warning: {path}: no tasks found"]
    document = __import__("json").loads((out / "letter.json").read_text(encoding="utf-8"))
    assert document["tasks"] == []
    assert [w["code"] for w in document["warnings"]] == ["no_tasks"]


# ---------------------------------------------------------------------------
# Names and folders


def sources_by_output(out: Path) -> dict[str, str]:
    import json

    return {p.name: json.loads(p.read_text(encoding="utf-8"))["source"]["path"] for p in out.glob("*.json")}


def test_a_txt_and_a_pdf_both_kept(tmp_path, capsys):
    shutil.copyfile(SAMPLE, tmp_path / "a.txt")
    shutil.copyfile(SEED_PDF, tmp_path / "a.pdf")
    out = tmp_path / "out"
    status, _ = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "a.pdf"), "--out", str(out))
    assert status == 0
    assert sources_by_output(out) == {"a.json": str(tmp_path / "a.txt"), "a.pdf.json": str(tmp_path / "a.pdf")}
    documents = (out / "documents.csv").read_text(encoding="utf-8-sig")
    assert "\na," in documents and "\na.pdf," in documents


def test_same_doc_id_in_a_folder_all_kept(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "a.txt")
    (folder / "a.docx").write_bytes(docx_bytes())
    shutil.copyfile(SAMPLE, folder / "a.docx.txt")  # its stem is what a.docx becomes
    shutil.copyfile(SAMPLE, folder / "A.txt")  # A.json and a.json are one file on Windows and macOS
    out = tmp_path / "out"
    status, lines = run(capsys, str(folder), "--out", str(out), "--no-tables")
    assert status == 0, lines
    # A folder is read in sorted order; the first of a name keeps it bare.
    assert sources_by_output(out) == {
        "A.json": str(folder / "A.txt"),
        "a.docx.json": str(folder / "a.docx"),
        "a.docx.txt.json": str(folder / "a.docx.txt"),
        "a.txt.json": str(folder / "a.txt"),
    }


def test_file_names_with_spaces_and_chinese(tmp_path, capsys):
    folder = tmp_path / "下载 文件"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "平昌县 2024年 工作安排 (最终版).txt")
    # 244 bytes, allowed; but `.<name>.json.<pid>.<random>.tmp` would not be.
    shutil.copyfile(SAMPLE, folder / ("很长的文件名" * 13 + "长长.txt"))
    out = tmp_path / "输出 目录"
    status, lines = run(capsys, str(folder), "--out", str(out))
    assert status == 0, lines
    names = sorted(p.name for p in out.glob("*.json"))
    assert "平昌县 2024年 工作安排 (最终版).json" in names
    long_name = next(n for n in names if n.startswith("很长的文件名"))
    assert len(long_name.encode("utf-8")) <= 210
    assert "平昌县 2024年 工作安排 (最终版)" in (out / "documents.csv").read_text(encoding="utf-8-sig")


def test_symlink_loop_in_an_input_folder(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(SAMPLE, folder / "sub" / "good.txt")
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # in/sub/up -> in: endless
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a link to itself
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    out = tmp_path / "out"
    status, lines = run(capsys, str(folder), "--out", str(out), "--no-tables")
    assert status == 1
    assert sorted(p.name for p in out.glob("*.json")) == ["good.json"]
    assert warnings_in(lines) == [f"warning: {folder / 'sub' / 'up'}: a symbolic link to a folder; not followed"]
    assert errors_in(lines) == [
        f"error: {folder / 'gone.txt'}: cannot read the file (it no longer exists, or is a broken link)",
        f"error: {folder / 'self.txt'}: cannot read the file (a symbolic link that points to itself in a loop)",
    ]


def test_lock_files_are_skipped_with_a_warning(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "notice.txt")
    (folder / "~$notice.docx").write_bytes(b"\x05user" + b"\x00" * 150)
    (folder / "._notice.txt").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 60)
    status, lines = run(capsys, str(folder), "--out", str(tmp_path / "out"), "--no-tables")
    assert status == 0
    assert warnings_in(lines) == [
        f"warning: {folder / '._notice.txt'}: a macOS resource-fork file, not a document; skipped",
        f"warning: {folder / '~$notice.docx'}: a lock file Word keeps beside an open document; skipped",
    ]


def test_the_same_file_twice_is_converted_once(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "notice.txt")
    status, lines = run(capsys, str(folder), str(folder / "notice.txt"), "--out", str(tmp_path / "out"), "--no-tables")
    assert status == 0
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["notice.json"]
    assert warnings_in(lines) == [f"warning: {folder / 'notice.txt'}: the same file as {folder / 'notice.txt'}; converted once"]


def test_missing_input_and_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    status, lines = run(capsys, str(tmp_path / "nothing.txt"), str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert status == 1
    assert errors_in(lines) == [
        f"error: {tmp_path / 'nothing.txt'}: no such file or folder",
        f"error: {tmp_path / 'empty'}: no .txt, .pdf or .docx files in this folder",
    ]


def test_fifo_named_txt(tmp_path, capsys):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    status, lines = run(capsys, str(path), "--out", str(tmp_path / "out"))
    assert status == 1
    assert errors_in(lines) == [f"error: {path}: not a regular file"]


# ---------------------------------------------------------------------------
# A whole folder of downloads, good and bad mixed


def test_a_folder_of_good_and_bad_files(tmp_path, monkeypatch, capsys):
    without_ocr(monkeypatch)
    folder = tmp_path / "downloads"
    folder.mkdir()
    good = {
        "平昌 2024.txt": SAMPLE.read_bytes(),
        "平昌 gbk.txt": sample_text().encode("gbk"),
        "seed.pdf": SEED_PDF.read_bytes(),
        "seed.docx": SEED_DOCX.read_bytes(),
        "no tasks.txt": "关于召开会议的通知\n请准时参加。".encode(),
    }
    payload, crc = deflated_zeros(300 * 1024 * 1024)
    bad = {
        "empty.txt": (b"", "the file is empty"),
        "binary.txt": (os.urandom(64) + b"\x00" + os.urandom(4000), "not a text file (it contains binary data)"),
        "big5.txt": (sample_text().encode("big5", errors="replace"),
                     "the text is not in a readable encoding (expected UTF-8 or GB18030/GBK)"),
        "truncated.pdf": (SEED_PDF.read_bytes()[:30000], "the PDF is damaged or truncated"),
        "encrypted.pdf": (tiny_pdf(encrypted=True), "the PDF is encrypted (it needs a password)"),
        "scan.pdf": (SEED_SCAN.read_bytes(), None),  # needs OCR; the wording belongs to the PDF reader
        "not zip.docx": (b"not a zip at all", "not a Word .docx file (it is not a zip archive)"),
        "bomb.docx": (docx_with_member(("word/media/zeros.bin", payload, crc, len(payload), 300 * 1024 * 1024)),
                      "the .docx expands to more than 200 MB; refusing it"),
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    out = tmp_path / "out"
    status, lines = run(capsys, str(folder), "--out", str(out))
    assert status == 1
    assert not any("Traceback" in line for line in lines)
    failed = {line.split(": ", 2)[1]: line.split(": ", 2)[2] for line in errors_in(lines)}
    assert set(failed) == {str(folder / name) for name in bad}
    for name, (_, reason) in bad.items():
        if reason is not None:
            assert failed[str(folder / name)] == reason, name
    assert "OCR" in failed[str(folder / "scan.pdf")]
    assert warnings_in(lines) == [f"warning: {folder / 'no tasks.txt'}: no tasks found"]
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == sorted(["平昌 2024.json", "平昌 gbk.json", "seed.json", "seed.pdf.json", "no tasks.json"])
    assert lines[-1].startswith(f"converted {len(good)}, failed {len(bad)}, ")
    assert not list(out.glob(".*.tmp"))
    documents = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(documents) == 1 + len(good)


def test_internal_error_is_one_line_without_debug_and_a_traceback_with_it(tmp_path, monkeypatch, capsys):
    import pipeline.parse

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / "a.txt")
    shutil.copyfile(SAMPLE, folder / "b.txt")
    real_parse = pipeline.parse.parse

    def broken(raw, rules):
        if raw.doc_id == "a":
            raise ValueError("a bug")
        return real_parse(raw, rules)

    monkeypatch.setattr(pipeline.parse, "parse", broken)
    status, lines = run(capsys, str(folder), "--out", str(tmp_path / "out"), "--no-tables")
    assert status == 1
    assert errors_in(lines) == [
        f"error: {folder / 'a.txt'}: internal error while converting (ValueError: a bug); --debug shows where"
    ]
    assert not any("Traceback" in line for line in lines)
    assert (tmp_path / "out" / "b.json").exists()

    status, lines = run(capsys, str(folder), "--out", str(tmp_path / "out2"), "--no-tables", "--debug")
    assert status == 1
    assert "Traceback (most recent call last):" in lines
    assert (tmp_path / "out2" / "b.json").exists()  # the batch went on


@pytest.mark.parametrize("seed", range(12))
def test_damaged_docx_is_converted_or_refused_never_a_crash(tmp_path, seed):
    import random

    data = bytearray(SEED_DOCX.read_bytes())
    rng = random.Random(seed)
    for _ in range(1 + seed % 4):
        at = rng.randrange(len(data))
        data[at] = rng.randrange(256)
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    try:
        read_document(path)
    except errors.UnreadableDocument as exc:
        assert exc.reason and "\n" not in exc.reason
