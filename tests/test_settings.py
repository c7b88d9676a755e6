"""Configuration files: discovery, parsing, errors, and how they combine with the options."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import exitcodes
from cleaner.cli import app
from cleaner.config import CleanerConfig
from cleaner.settings import NO_SETTINGS, SettingsFinder, _matches, find_config, parse_settings

runner = CliRunner()

#: the spacing stage fixes this (' .' -> ''); nothing else in it is touched
DIRTY = "Russia accused Turkey in the region. .\n"
#: the encoding stage fixes this mojibake ('cafÃ©' -> 'café')
MOJIBAKE = "The cafÃ© was open.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> int:
    result = runner.invoke(app, ["check", "-q", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code


# --- discovery ---------------------------------------------------------------------------------


def test_cleaner_toml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.cleaner]\nignore = ["encoding"]\n')
    write(tmp_path / "cleaner.toml", 'ignore = ["spacing"]\n')
    doc = write(tmp_path / "a.txt", DIRTY)
    assert find_config(tmp_path) == (tmp_path / "cleaner.toml").absolute()
    assert check(str(doc)) == exitcodes.EX_OK
    (tmp_path / "cleaner.toml").unlink()
    assert check(str(doc)) == exitcodes.EX_CHANGES


def test_the_nearest_configuration_wins(tmp_path: Path) -> None:
    write(tmp_path / "cleaner.toml", 'ignore = ["spacing"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.cleaner]\nignore = ["encoding"]\n')
    top = write(tmp_path / "top.txt", DIRTY)
    deep = write(tmp_path / "sub" / "deeper" / "deep.txt", DIRTY)
    assert check(str(top)) == exitcodes.EX_OK
    assert check(str(deep)) == exitcodes.EX_CHANGES


def test_a_pyproject_without_a_cleaner_table_does_not_count(tmp_path: Path) -> None:
    write(tmp_path / "cleaner.toml", 'ignore = ["spacing"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    doc = write(tmp_path / "sub" / "a.txt", DIRTY)
    assert find_config(tmp_path / "sub") == (tmp_path / "cleaner.toml").absolute()
    assert check(str(doc)) == exitcodes.EX_OK


def test_config_option_and_no_config(tmp_path: Path) -> None:
    settings = write(tmp_path / "elsewhere" / "my.toml", 'ignore = ["spacing"]\n')
    write(tmp_path / "docs" / "cleaner.toml", 'ignore = ["encoding"]\n')
    doc = write(tmp_path / "docs" / "a.txt", DIRTY)
    assert check(str(doc)) == exitcodes.EX_CHANGES
    assert check("--config", str(settings), str(doc)) == exitcodes.EX_OK
    write(tmp_path / "docs" / "cleaner.toml", 'ignore = ["spacing"]\n')
    assert check(str(doc)) == exitcodes.EX_OK
    assert check("--no-config", str(doc)) == exitcodes.EX_CHANGES
    both = runner.invoke(app, ["check", "--config", str(settings), "--no-config", str(doc)])
    assert both.exit_code == exitcodes.EX_USAGE, both.output


def test_stdin_uses_the_configuration_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "cleaner.toml", 'ignore = ["spacing"]\n')
    monkeypatch.chdir(tmp_path)
    assert SettingsFinder().for_path(None).ignore == {"spacing"}
    result = runner.invoke(app, ["check", "-q", "-"], input=DIRTY)
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert SettingsFinder(enabled=False).for_path(None) is NO_SETTINGS


# --- errors --------------------------------------------------------------------------------------

ERRORS = [
    # (file name, content, what the one-line message must say)
    ("cleaner.toml", 'selct = ["spacing"]\n', "unknown key 'selct'"),
    ("pyproject.toml", "[tool.cleaner]\nbogus = 1\n", "[tool.cleaner] unknown key 'bogus'"),
    ("cleaner.toml", '[per-file."*.md"]\nthreshhold = 0.5\n', "unknown key 'threshhold'"),
    ("cleaner.toml", 'packs = [{path = "p.tsv", kind = "protect", x = 1}]\n', "unknown key 'x'"),
    ("cleaner.toml", "threshold = 2\n", "'threshold' must be a number from 0 to 1"),
    ("cleaner.toml", "threshold = true\n", "'threshold' must be a number from 0 to 1"),
    ("cleaner.toml", "select = [1]\n", "'select' must be a list of strings"),
    ("cleaner.toml", 'select = ["no-such-rule"]\n', "unknown rule or stage 'no-such-rule'"),
    ("cleaner.toml", '[per-file."*.md"]\nignore = ["nope"]\n', "unknown rule or stage 'nope'"),
    ("cleaner.toml", "threshold =\n", "not valid TOML"),
    ("cleaner.toml", 'packs = [{path = "gone.tsv", kind = "protect"}]\n', "no such file"),
    ("cleaner.toml", 'packs = [{path = "p.tsv", kind = "nope"}]\n', "kind 'nope' is not one of"),
    ("cleaner.toml", 'packs = "p.tsv"\n', "'packs' must be a list"),
    ("cleaner.toml", 'per-file = ["*.md"]\n', "'per-file' must be a table"),
    ("cleaner.toml", "allow-file = 3\n", "'allow-file' must be a non-empty string"),
    ("cleaner.toml", 'packs = [{path = "bad.tsv", kind = "protect"}]\n', "bad.tsv"),
    ("cleaner.toml", 'packs = [{path = "cells.tsv", kind = "regex"}]\n', "cells.tsv:2: expected 4"),
    ("cleaner.toml", 'packs = [{path = "conf.tsv", kind = "regex"}]\n', "conf.tsv:2: confidence"),
    ("cleaner.toml", 'packs = [{path = "re.tsv", kind = "regex"}]\n', "re.tsv:2: bad pattern"),
]
#: malformed pack lines: too few cells, a confidence that is not a number, a broken pattern
BAD_PACKS = {
    "cells.tsv": "only one cell\n",
    "conf.tsv": "x\t\tlots\t\n",
    "re.tsv": "(?#page-furniture)(unclosed\t\t\t\n",
}


@pytest.mark.parametrize(("name", "content", "message"), ERRORS)
def test_a_bad_configuration_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    write(tmp_path / "p.tsv", "match\treplace\tconfidence\treason\nx y\t\t\tok\n")
    write(tmp_path / "bad.tsv", "not a header\n")
    for pack, row in BAD_PACKS.items():
        write(tmp_path / pack, "match\treplace\tconfidence\treason\n" + row)
    write(tmp_path / name, content)
    doc = write(tmp_path / "a.txt", DIRTY)
    result = runner.invoke(app, ["check", str(doc)])
    assert result.exit_code == exitcodes.EX_USAGE, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert str(tmp_path / name) in lines[0] or name == "bad.tsv"


def test_the_real_command_prints_no_traceback_for_a_bad_key(tmp_path: Path) -> None:
    write(tmp_path / "cleaner.toml", 'selct = ["spacing"]\n')
    doc = write(tmp_path / "a.txt", DIRTY)
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", "check", str(doc)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == exitcodes.EX_USAGE
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "unknown key 'selct'" in proc.stderr


# --- what the settings do --------------------------------------------------------------------


def test_command_line_options_win(tmp_path: Path) -> None:
    write(tmp_path / "cleaner.toml", 'ignore = ["spacing"]\nthreshold = 0.5\n')
    doc = write(tmp_path / "a.txt", DIRTY)
    assert check(str(doc)) == exitcodes.EX_OK
    assert check("--select", "spacing", str(doc)) == exitcodes.EX_CHANGES
    assert check("--ignore", "flags", str(doc)) == exitcodes.EX_CHANGES
    assert check("--ignore", "flags", "--threshold", "1.0", str(doc)) == exitcodes.EX_OK


def test_config_for_combines_file_per_file_and_options(tmp_path: Path) -> None:
    settings = parse_settings(
        {
            "select": ["spacing", "spelling"],
            "ignore": ["flags"],
            "threshold": 0.7,
            "per-file": {"notes/*.txt": {"ignore": ["spelling"], "threshold": 0.95}},
        },
        tmp_path / "cleaner.toml",
    )
    plain = settings.config_for(tmp_path / "a.txt")
    assert (plain.select, plain.ignore, plain.fix_threshold) == (
        {"spacing", "spelling"},
        {"flags"},
        0.7,
    )
    notes = settings.config_for(tmp_path / "notes" / "b.txt")
    assert (notes.ignore, notes.fix_threshold) == ({"flags", "spelling"}, 0.95)
    cli = settings.config_for(
        tmp_path / "notes" / "b.txt", select=["flags"], threshold=0.6, use_cache=False
    )
    assert (cli.select, cli.ignore, cli.fix_threshold) == ({"flags"}, {"spelling"}, 0.6)
    assert cli.use_cache is False
    assert settings.config_for(None, ignore=[]).ignore == frozenset()


def test_exclude_skips_walked_and_named_files(tmp_path: Path) -> None:
    write(tmp_path / "cleaner.toml", 'exclude = ["drafts/", "*.md", "keep-*.txt"]\n')
    files = {
        name: write(tmp_path / name, DIRTY)
        for name in ("a.txt", "drafts/b.txt", "c.md", "keep-d.txt", "sub/keep-e.txt")
    }
    named = [str(files["c.md"]), str(files["keep-d.txt"])]
    result = runner.invoke(app, ["fix", str(tmp_path), *named])
    assert result.exit_code == exitcodes.EX_CHANGES, result.output
    changed = {n for n, p in files.items() if p.read_text(encoding="utf-8") != DIRTY}
    assert changed == {"a.txt"}


def test_a_path_through_dot_dot_gets_the_config_above_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``../articles/x.txt`` from ``docs`` is under ``articles``: the config of ``docs`` (not
    above the file) must not apply, and the root's exclude must."""
    write(tmp_path / "cleaner.toml", 'exclude = ["content/articles/**"]\n')
    write(tmp_path / "content" / "docs" / "cleaner.toml", 'ignore = ["flags"]\n')
    doc = write(tmp_path / "content" / "articles" / "x.txt", DIRTY)
    monkeypatch.chdir(tmp_path / "content" / "docs")
    result = runner.invoke(app, ["fix", "../articles/x.txt"])
    assert result.exit_code == exitcodes.EX_OK, result.output
    assert doc.read_text(encoding="utf-8") == DIRTY


def test_dateline_to_meta_switches_the_dateline_rule_on(tmp_path: Path) -> None:
    """The rule's own help names this setting; the key was refused as unknown."""
    doc = write(tmp_path / "a.txt", "MOSCOW (Reuters) - Russia said so.\n")
    assert check(str(doc)) == exitcodes.EX_OK
    write(tmp_path / "cleaner.toml", "dateline-to-meta = true\n")
    assert check(str(doc)) == exitcodes.EX_CHANGES
    write(tmp_path / "cleaner.toml", 'dateline-to-meta = "yes"\n')
    result = runner.invoke(app, ["check", str(doc)])
    assert result.exit_code == exitcodes.EX_USAGE
    assert "'dateline-to-meta' must be true or false" in result.output


def test_per_file_overrides(tmp_path: Path) -> None:
    write(tmp_path / "cleaner.toml", '[per-file."notes/**"]\nignore = ["spacing"]\n')
    notes = write(tmp_path / "notes" / "x" / "n.txt", DIRTY)
    other = write(tmp_path / "other.txt", DIRTY)
    assert check(str(notes)) == exitcodes.EX_OK
    assert check(str(other)) == exitcodes.EX_CHANGES


def test_allow_words_and_allow_file_protect_words(tmp_path: Path) -> None:
    doc = write(tmp_path / "a.txt", MOJIBAKE)
    assert check(str(doc)) == exitcodes.EX_CHANGES
    write(tmp_path / "cleaner.toml", 'allow = ["cafÃ©"]\n')
    assert check(str(doc)) == exitcodes.EX_OK
    write(tmp_path / "lists" / "words.txt", "# names we keep\ncafÃ©\n")
    write(tmp_path / "cleaner.toml", 'allow-file = "lists/words.txt"\n')
    assert check(str(doc)) == exitcodes.EX_OK
    write(tmp_path / "cleaner.toml", "")
    assert check(str(doc)) == exitcodes.EX_CHANGES
    assert check("--allow-file", str(tmp_path / "lists" / "words.txt"), str(doc)) == 0


def test_user_packs_are_read_relative_to_the_config(tmp_path: Path) -> None:
    doc = write(tmp_path / "docs" / "a.txt", "The cafÃ© society met.\n")
    write(
        tmp_path / "packs" / "names.tsv", "match\treplace\tconfidence\treason\ncafÃ© society\t\t\t"
    )
    assert check(str(doc)) == exitcodes.EX_CHANGES
    write(tmp_path / "cleaner.toml", 'packs = [{path = "packs/names.tsv", kind = "protect"}]\n')
    assert check(str(doc)) == exitcodes.EX_OK


def test_no_cache_reaches_the_cleaner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.pipeline

    seen: list[CleanerConfig] = []

    class Recording(cleaner.pipeline.Cleaner):
        def __init__(self, config: CleanerConfig | None = None) -> None:
            assert config is not None
            seen.append(config)
            super().__init__(config)

    monkeypatch.setattr(cleaner.pipeline, "Cleaner", Recording)
    doc = write(tmp_path / "a.txt", "Fine.\n")
    assert check(str(doc)) == exitcodes.EX_OK
    assert check("--no-cache", str(doc)) == exitcodes.EX_OK
    assert [c.use_cache for c in seen] == [True, False]


GLOBS = [
    # (pattern, path relative to the config, matches)
    ("*.md", "README.md", True),
    ("*.md", "docs/deep/x.md", True),
    ("*.md", "x.mdx", False),
    ("docs/*.md", "docs/x.md", True),
    ("docs/*.md", "docs/deep/x.md", False),
    ("docs/**/*.md", "docs/deep/er/x.md", True),
    ("docs/**/*.md", "docs/x.md", True),
    ("/docs/*.md", "docs/x.md", True),
    ("drafts/", "drafts/a/b.txt", True),
    ("drafts", "x/drafts/b.txt", True),
    ("drafts", "drafts-old/b.txt", False),
    ("notes/**", "notes/a/b.txt", True),
    ("note?.txt", "notes.txt", True),
    ("note?.txt", "note/.txt", False),
    ("[ab].txt", "b.txt", True),
    ("[!ab].txt", "b.txt", False),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), GLOBS)
def test_globs(pattern: str, path: str, expected: bool) -> None:
    assert _matches(pattern, path, parents=True) is expected


def test_every_shipped_pack_parses_and_is_read_only_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped packs' entries are read lazily; each one must still parse cleanly, and a
    run that finds the phrase index in its cache does not parse the big phrase packs."""
    from cleaner import Cleaner
    from cleaner import packs as packs_module

    for pack in packs_module.builtin_packs():
        assert pack.entries == packs_module.read_entries(pack.path, pack.confidence), pack.id
        assert pack.entries, f"{pack.id} is empty"
    config = CleanerConfig(cache_dir=tmp_path)
    text = "Russia accused Turkey of blazing a deal in the Idlib Decal Zone."
    expected = Cleaner(config).clean(text).text  # builds the phrase index in the cache
    assert expected != text
    read: list[str] = []
    real = packs_module.read_entries

    def recording(path: Path, default_confidence: float) -> tuple[packs_module.PackEntry, ...]:
        read.append(path.name)
        return real(path, default_confidence)

    packs_module._entries_of.cache_clear()
    packs_module.builtin_packs.cache_clear()
    monkeypatch.setattr(packs_module, "read_entries", recording)
    assert Cleaner(config).clean(text).text == expected
    assert "tortured-science.tsv" not in read and "news-spins.tsv" not in read, read
    assert read, "the boilerplate packs are read"
    packs_module._entries_of.cache_clear()
    packs_module.builtin_packs.cache_clear()
