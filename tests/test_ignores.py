"""Ways to tell cleaner to leave text alone: [sic], line and block markers, the allow list.

Each case is (input, expected output, comment); ``CONTROLS`` show that the same text without the
marker is changed, so a marker that stopped working makes its case fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner, CleanerConfig, clean, exitcodes
from cleaner.cli import app

IGNORED = [
    ("The cafÃ© [sic] was open.\n", "The cafÃ© [sic] was open.\n", "[sic] right after a word"),
    ("The cafÃ©[sic] was open.\n", "The cafÃ©[sic] was open.\n", "[sic] with no space"),
    ("The cafÃ© [SIC] was open.\n", "The cafÃ© [SIC] was open.\n", "[sic] in capitals"),
    (
        "The cafÃ© [sic] and the cafÃ© again.\n",
        "The cafÃ© [sic] and the café again.\n",
        "[sic] protects only the word before it",
    ),
    (
        "It ended. . # cleaner: ignore\nIt ended. .\n",
        "It ended. . # cleaner: ignore\nIt ended.\n",
        "line marker: only its own line",
    ),
    (
        "<!-- cleaner: ignore --> The cafÃ© was open.\n",
        "<!-- cleaner: ignore --> The cafÃ© was open.\n",
        "line marker inside an HTML comment, anywhere on the line",
    ),
    (
        "It ended. .\ncleaner: off\nIt ended. .\nThe cafÃ© was open.\ncleaner: on\nIt ended. .\n",
        "It ended.\ncleaner: off\nIt ended. .\nThe cafÃ© was open.\ncleaner: on\nIt ended.\n",
        "block: from cleaner: off to cleaner: on",
    ),
    (
        "It ended. .\n<!-- cleaner: off -->\nIt ended. .\n",
        "It ended.\n<!-- cleaner: off -->\nIt ended. .\n",
        "block without cleaner: on runs to the end",
    ),
    (
        "cleaner: off\nIt ended. .\ncleaner: on\nIt ended. .\ncleaner: off\nIt ended. .\n",
        "cleaner: off\nIt ended. .\ncleaner: on\nIt ended.\ncleaner: off\nIt ended. .\n",
        "two blocks",
    ),
    (
        "cleaner: off\ncleaner: one\nIt ended. .\n",
        "cleaner: off\ncleaner: one\nIt ended. .\n",
        "cleaner: one does not end a block",
    ),
    (
        "It ended. .\r\ncleaner: off\r\nIt ended. .\r\ncleaner: on\r\n",
        "It ended.\r\ncleaner: off\r\nIt ended. .\r\ncleaner: on\r\n",
        "CRLF line ends",
    ),
    (
        "Run `pip install . && make` and `window.cleanerDecisions()` first. .\n",
        "Run `pip install . && make` and `window.cleanerDecisions()` first.\n",
        "inline code is left alone, the prose around it is cleaned",
    ),
    (
        "Install it:\n\n```sh\npip install . && make  .\nTurkey.The\n```\nIt ended. .\n",
        "Install it:\n\n```sh\npip install . && make  .\nTurkey.The\n```\nIt ended.\n",
        "a fenced code block is left alone, the text after it is cleaned",
    ),
    (
        "~~~\nIt ended. .\n~~~\n",
        "~~~\nIt ended. .\n~~~\n",
        "a block fenced with tildes",
    ),
    (
        "Try it:\n\n    >>> fix('The cafÃ© , ok')\n    'The café, ok'\n\nIt ended. .\n",
        "Try it:\n\n    >>> fix('The cafÃ© , ok')\n    'The café, ok'\n\nIt ended.\n",
        "a doctest and its output are left alone (ftfy's README lost its examples' mojibake)",
    ),
    (
        "Run:\n\n     $ grep -E 'x' dup.txt\n     it was the the age of wisdom,\n\nIt ended. .\n",
        "Run:\n\n     $ grep -E 'x' dup.txt\n     it was the the age of wisdom,\n\nIt ended.\n",
        "a shell command and its output are left alone (a manual's example of a doubled word)",
    ),
    (
        "Install it::\n\n    pip install . && make  .\n\n    The cafÃ© was open.\nIt ended. .\n",
        "Install it::\n\n    pip install . && make  .\n\n    The cafÃ© was open.\nIt ended.\n",
        "a reStructuredText literal block is left alone, to the first line indented no deeper",
    ),
]

CONTROLS = [
    # (input, comment): each is changed, the marker-free twin of a case above
    ("Run pip install . && make first.\n", "the same words out of code are prose"),
    ("Install it:\nTurkey.The army left.\n", "a glued sentence out of a code block is fixed"),
    ("The cafÃ© was open.\n", "mojibake is fixed"),
    ("It ended. .\n", "spaced period is fixed"),
    ("Try it:\n\n    fix('The cafÃ© , ok')\n", "no prompt, no doctest"),
    ("$ 5 million was paid. .\n", "a dollar and a number open no shell session"),
    ("Install it::\n    The cafÃ© was open.\n", "no blank line after '::': no literal block"),
    ("Install it::\n\nThe cafÃ© was open.\n", "a line indented no deeper ends the literal block"),
    ("The cafÃ© was open. # cleaner: ignored-words\n", "only the marker itself counts"),
    ("cleaner: offset\nIt ended. .\n", "cleaner: offset is no block marker"),
    ("cleaner: off-topic\nIt ended. .\n", "cleaner: off-topic is no block marker"),
]


@pytest.mark.parametrize(("text", "expected", "comment"), IGNORED)
def test_marked_text_is_left_alone(text: str, expected: str, comment: str) -> None:
    result = clean(text)
    assert result.text == expected, comment
    assert clean(result.text).text == result.text


@pytest.mark.parametrize(("text", "comment"), CONTROLS)
def test_unmarked_text_is_changed(text: str, comment: str) -> None:
    assert clean(text).changed, comment


ALLOWED = [
    # (allow words, input, expected, comment)
    (["cafÃ©"], "The cafÃ© was open. .\n", "The cafÃ© was open.\n", "word kept, rest cleaned"),
    (["cafÃ©"], "The cafÃ©s were open.\n", "The cafés were open.\n", "whole words only"),
    (["Cafe"], "The cafÃ© was open.\n", "The café was open.\n", "exact form only"),
    (["."], "It ended. .\n", "It ended.\n", "an entry with no letter protects nothing"),
]


@pytest.mark.parametrize(("words", "text", "expected", "comment"), ALLOWED)
def test_allow_list(words: list[str], text: str, expected: str, comment: str) -> None:
    cleaner = Cleaner(CleanerConfig(allow_words=frozenset(words)))
    assert cleaner.clean(text).text == expected, comment


def test_allow_file_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default allow file (.cleaner-allow.txt in the working directory) is honoured."""
    runner = CliRunner()
    doc = tmp_path / "a.txt"
    doc.write_text("The cafÃ© was open. .\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".cleaner-allow.txt").write_text("# kept as written\ncafÃ©\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", "a.txt"])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    assert doc.read_text(encoding="utf-8") == "The cafÃ© was open.\n"
    (tmp_path / ".cleaner-allow.txt").unlink()
    assert runner.invoke(app, ["fix", "a.txt"]).exit_code == exitcodes.EX_CHANGES
    assert doc.read_text(encoding="utf-8") == "The café was open.\n"
