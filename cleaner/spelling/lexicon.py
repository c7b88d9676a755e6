"""The word knowledge behind the spelling stage, loaded in tiers and only when needed.

* ``counts``: symspellpy's bundled frequency list (82,765 words). Cheap; read for any document
  with a word to check. A lowercase word found here is known and never touched.
* ``zipf``: wordfreq's large English list as Zipf values. Loaded only when a token is missing
  from ``counts``.
* ``index``: a delete index (:mod:`cleaner.spelling.deletes`) over symspellpy's list plus
  frequent wordfreq words such as ``coronavirus``, for candidates two edits away. Read only when
  a token needs them; one edit away, candidates come from the word tables alone.
* ``bigrams``: symspellpy's bundled bigram list, for the neighbouring words.
* ``spelled_lower`` and ``capitalised_only``: what a spelling dictionary (SCOWL, shipped in
  ``dictionaries/``) says about the words the two lists disagree on or cannot tell: whether a
  word wordfreq counts is spelled that way at all, and whether a candidate is a name.

``zipf`` and ``bigrams`` are :class:`~cleaner.spelling.table.PackedTable` arrays, not dicts:
they load in a millisecond instead of ~150 ms each and hold ~5 MB instead of ~55 MB.

Each tier is built once per process (the :class:`Lexicon` lives in ``Resources``) and cached on
disk (see :mod:`cleaner.spelling.cache`), keyed by the content hash of its input files.
"""

from __future__ import annotations

import gc
import importlib.util
import marshal
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from cleaner.spelling import cache
from cleaner.spelling.deletes import MAX_DISTANCE, PREFIX_LENGTH, DeleteIndex
from cleaner.spelling.table import PackedTable, V

T = TypeVar("T")

WORDS_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAMS_FILE = "frequency_bigramdictionary_en_243_342.txt"
SCOWL_FILE = "scowl-80-en.txt.gz"
#: searches one edit away made without the index (~0.33 ms each, ~0.07 ms with the index, which
#: takes 20-50 ms to read)
ONE_EDIT_SEARCHES = 50
#: wordfreq words at or above this Zipf value join the candidate index
INDEX_MIN_ZIPF = 3.0
#: log10(symspell count) minus this is roughly a Zipf value (fitted on words in both lists)
COUNT_TO_ZIPF = 2.5
#: shortest contraction written without its apostrophe that is taken for one (not ``ive``)
CONTRACTION_MIN_LENGTH = 4


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package
    (importing symspellpy costs more than checking a small file)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{package} is not installed; reinstall cleaner")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(f"{package} is installed without {'/'.join(parts)}; reinstall it")
    return path


def symspell_file(name: str) -> Path:
    """A data file shipped inside the installed symspellpy package."""
    return _package_file("symspellpy", name)


def wordfreq_file() -> Path:
    """wordfreq's large English list, the file its ``get_frequency_dict`` reads."""
    return _package_file("wordfreq", "data", "large_en.msgpack.gz")


def given_names_file() -> Path:
    """The first-name dictionary shipped inside the installed gender-guesser package
    (``nam_dict.txt``, Jörg Michael's list of ~45,000 given names with their frequency in some
    50 countries, under the GNU Free Documentation License; cleaner reads it, unchanged, and
    imports none of the package's code)."""
    return _package_file("gender_guesser", "data", "nam_dict.txt")


def scowl_file() -> Path:
    """The SCOWL word list shipped with cleaner (see ``dictionaries/build_scowl.py``)."""
    from cleaner.packs import dictionaries_dir

    path = dictionaries_dir() / SCOWL_FILE
    if not path.is_file():
        raise FileNotFoundError(f"cleaner's {SCOWL_FILE} is missing; reinstall cleaner")
    return path


#: a given name at least this common in Britain, Ireland or the USA (1 rare to 13) counts even
#: when it is an English word too (``mark``, ``rose``, ``bill``; not ``will`` 2, ``hope`` 3)
GIVEN_NAME_EN = 5
#: ... else it counts only when no English word this common (Zipf) is spelled like it
#: (``recep`` 2.7, ``vladimir`` 3.9 count; ``london`` 5.3, ``india`` 5.0 do not)
GIVEN_NAME_MAX_ZIPF = 4.0
#: the months and the days (a joiner ties them to a word as a date, and none is a given name)
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "  # noqa: SIM905
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
#: the columns of a line of the first-name dictionary: its name, and one frequency digit
#: (hexadecimal, blank for none) per country, the first three Britain, Ireland and the USA
_NAME_COLUMNS = slice(3, 29)
_ENGLISH_COLUMNS = slice(30, 33)


def _given_names(path: Path) -> Iterator[tuple[str, int]]:
    """``(name, frequency in Britain, Ireland or the USA)`` for each name of the first-name
    dictionary at ``path`` that is letters (``josé``, ``jörg`` too), lower-cased; the frequency
    is 0 for a name none of the three uses. Comment lines (``#``) and lines of equivalent
    spellings (``=``) are skipped."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line[:1] in ("#", "=") or len(line) < _ENGLISH_COLUMNS.start:
            continue
        name = line[_NAME_COLUMNS].strip()
        if len(name) < 2 or not name.isalpha():
            continue
        digits = [int(c, 16) for c in line[_ENGLISH_COLUMNS] if c in _HEX_DIGITS]
        yield name.lower(), max(digits, default=0)


_HEX_DIGITS = frozenset("0123456789ABCDEF")


def _variant_rules() -> str:
    """The British/American spelling rules as text: part of the cache key of what they build."""
    from cleaner.spelling.candidates import _VARIANTS

    return "|".join(f"{b.pattern}>{a}" for b, a in _VARIANTS)


def scowl_words() -> list[str]:
    """SCOWL's words as the dictionary spells them (``NATO``, ``Brussels``, ``colour``)."""
    import gzip

    text = gzip.decompress(scowl_file().read_bytes()).decode("utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def symspell_counts() -> dict[str, int]:
    """symspellpy's word list, parsed: lowercase word -> corpus count (82,765 words)."""
    counts: dict[str, int] = {}
    text = symspell_file(WORDS_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if word and count:
            counts[word] = int(count)
    return counts


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector while millions of small objects are unpickled (about 2x faster);
    the loaded tables hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_DOUBLED = re.compile(r"(.)\1+")
#: words shorter than this are not looked up by skeleton (too many collide)
SKELETON_MIN_LENGTH = 6


def skeleton(word: str) -> str:
    """``word`` with every run of one letter written once.

    >>> skeleton("occasionally"), skeleton("ocassionaly")
    ('ocasionaly', 'ocasionaly')
    """
    return _DOUBLED.sub(r"\1", word)


#: spellings of one sound, each rewritten one way (or dropped, when silent) before a word's
#: sound key is taken; in order: ``ck`` and a soft ``c`` are read before any other ``c``
_SOUND_RULES = tuple(
    (re.compile(pattern), sound)
    for pattern, sound in (
        ("ph", "f"),
        ("ck", "k"),
        ("gh", ""),
        ("dg", "j"),
        ("tch", "ch"),
        ("sch", "sk"),
        ("^wr", "r"),
        ("^kn", "n"),
        ("c(?=[eiy])", "s"),
        ("c", "k"),
        ("q", "k"),
        ("x", "ks"),
        ("z", "s"),
        ("v", "f"),
        ("w(?![aeiou])", ""),
        ("h(?![aeiou])", ""),
    )
)
_VOWEL_RUN = re.compile(r"[aeiouy]+")
#: words shorter than this are not looked up by sound (too many collide)
SOUND_MIN_LENGTH = 6


def sound_key(word: str) -> str:
    """What ``word`` sounds like, roughly: its consonants, each sound spelled one way, doubles
    written once, vowels left out (but for a leading one). Learners who spell by ear get the
    consonants of a word right more often than its vowels (``countrevercy``, ``laberotary``).

    >>> sound_key("controversy"), sound_key("countrevercy")
    ('kntrfrs', 'kntrfrs')
    >>> sound_key("successfully"), sound_key("sukseful"), sound_key("phase")
    ('sksfl', 'sksfl', 'fs')
    """
    for pattern, sound in _SOUND_RULES:
        word = pattern.sub(sound, word)
    if not word:
        return ""
    head = "a" if word[0] in "aeiouy" else word[0]
    return head + _DOUBLED.sub(r"\1", _VOWEL_RUN.sub("", word[1:]))


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha()


def _unmarshal(data: bytes) -> Any:
    """``marshal.loads`` without pauses for the garbage collector; ``ValueError`` for a
    damaged entry, whatever marshal raised."""
    try:
        with _no_gc():
            value = marshal.loads(data)
    except (EOFError, TypeError) as exc:
        raise ValueError(f"damaged cache entry: {exc}") from exc
    return value


class Lexicon:
    """Known words, their frequencies, candidates and bigrams; every part lazy and cached.

    ``loaded`` names the parts built so far (tests use it to check laziness).
    """

    def __init__(self, cache_dir: Path | None) -> None:
        self.cache_dir = cache_dir
        self.loaded: set[str] = set()
        self._one_edit_searches = 0

    def _cached(self, name: str, inputs: list[Path], build: Callable[[], T], *extra: str) -> T:
        """A marshal-able value, read from the disk cache or built and written there."""
        key = cache.content_key(inputs, *extra)
        load: Callable[[bytes], T] = _unmarshal
        dump: Callable[[T], bytes] = marshal.dumps  # type: ignore[assignment]
        return self._cached_packed(name, key, load, build, dump)

    def _cached_table(
        self, name: str, inputs: list[Path], build: Callable[[], dict[str, V]], typecode: str
    ) -> PackedTable[V]:
        return self._cached_packed(
            name,
            cache.content_key(inputs, typecode),
            PackedTable.from_bytes,
            lambda: PackedTable.build(build().items(), typecode),
            PackedTable.to_bytes,
        )

    def _cached_packed(
        self,
        name: str,
        key: str,
        load: Callable[[bytes], T],
        build: Callable[[], T],
        dump: Callable[[T], bytes],
    ) -> T:
        """An object with its own byte format (``load`` raises ``ValueError`` on damage),
        read from the disk cache or built and written there."""
        data = cache.read(self.cache_dir, name, key)
        if data is not None:
            try:
                value = load(data)
            except ValueError:  # a damaged entry: rebuilt below
                pass
            else:
                self.loaded.add(name)
                return value
        value = build()
        cache.write(self.cache_dir, name, key, dump(value))
        self.loaded.add(name)
        return value

    @cached_property
    def counts(self) -> dict[str, int]:
        """symspellpy's word list: lowercase word -> corpus count."""

        return self._cached("counts", [symspell_file(WORDS_FILE)], symspell_counts)

    @cached_property
    def zipf(self) -> PackedTable[float]:
        """wordfreq's large English list: plain lowercase word -> Zipf value (rounded)."""
        return self._cached_table("zipf", [wordfreq_file()], lambda: self._zipf_source, "d")

    @cached_property
    def _zipf_source(self) -> dict[str, float]:
        """The ``zipf`` table's contents from wordfreq itself (~1 s): read only to build a
        cache entry."""
        import wordfreq

        freqs: dict[str, float] = wordfreq.get_frequency_dict("en", wordlist="large")
        return {
            word: round(math.log10(freq * 1e9), 2)
            for word, freq in freqs.items()
            if freq > 0 and _plain(word)
        }

    @cached_property
    def zipf_other(self) -> dict[str, float]:
        """wordfreq's large English list: the words of letters beyond ASCII (``café``,
        ``zürich``; ~4,000) -> Zipf value, so a rule asking about one needs no wordfreq import
        (~0.4 s). Keys are case-folded as wordfreq folds them."""

        def build() -> dict[str, float]:
            import wordfreq

            freqs: dict[str, float] = wordfreq.get_frequency_dict("en", wordlist="large")
            return {
                word: round(math.log10(freq * 1e9), 2)
                for word, freq in freqs.items()
                if freq > 0 and word.isalpha() and not word.isascii()
            }

        return self._cached("zipf_other", [wordfreq_file()], build)

    def zipf_of(self, word: str) -> float:
        """wordfreq's Zipf value of a word of letters (0 when unseen), from the tables: the word
        is case-folded as wordfreq folds it (``Straße`` is looked up as ``strasse``).

        >>> lexicon = Lexicon(None)
        >>> lexicon.zipf_of("Café"), lexicon.zipf_of("Straße") == lexicon.zipf_of("strasse")
        (3.75, True)
        """
        key = word.casefold()
        if key.isascii():
            return self.zipf.get(key, 0.0)
        return self.zipf_other.get(key, 0.0)

    @cached_property
    def bigrams(self) -> PackedTable[int]:
        """symspellpy's bigram list: ``"w1 w2"`` -> count."""

        def build() -> dict[str, int]:
            pairs: dict[str, int] = {}
            text = symspell_file(BIGRAMS_FILE).read_text(encoding="utf-8")
            for line in text.splitlines():
                parts = line.split(" ")
                if len(parts) == 3:
                    pairs[f"{parts[0]} {parts[1]}"] = int(parts[2])
            return pairs

        return self._cached_table("bigrams", [symspell_file(BIGRAMS_FILE)], build, "q")

    @cached_property
    def index(self) -> DeleteIndex:
        """The words of :attr:`vocabulary` by the deletion variants of their prefixes: the
        search two edits away. symspellpy's own index gave the same answers but took 0.7-1.4 s
        to unpickle and ~175 MB per process; this one loads in ~20 ms and holds ~16 MB."""
        inputs = [symspell_file(WORDS_FILE), wordfreq_file()]
        key = cache.content_key(
            inputs, f"min-{INDEX_MIN_ZIPF}", f"deletes-{PREFIX_LENGTH}-{MAX_DISTANCE}"
        )
        return self._cached_packed(
            "index",
            key,
            DeleteIndex.from_bytes,
            lambda: DeleteIndex.build(sorted(self.vocabulary)),
            DeleteIndex.to_bytes,
        )

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The words candidates are drawn from: symspellpy's list plus wordfreq words of Zipf >=
        :data:`INDEX_MIN_ZIPF` and 4+ letters. Built from the two tables, so the one-edit search
        (:meth:`lookup` at distance 1) needs no index."""

        def build() -> list[str]:
            counts = self.counts
            extra = [
                word
                for word, value in self._zipf_source.items()
                if value >= INDEX_MIN_ZIPF and len(word) >= 4 and word not in counts
            ]
            return [*counts, *extra]

        inputs = [symspell_file(WORDS_FILE), wordfreq_file()]
        return frozenset(self._cached("vocabulary", inputs, build, f"min-{INDEX_MIN_ZIPF}"))

    @cached_property
    def spelled_lower(self) -> frozenset[str]:
        """wordfreq's words missing from :attr:`counts` that SCOWL spells in lower case
        (``honored``, ``melanism``): real words, where a word it lacks (``recieve``,
        ``seperate``, but also ``hormesis``) may be a misspelling that web text repeats. Only
        such words are asked about, so only they are kept (~31,000 of SCOWL's ~290,000)."""

        def build() -> list[str]:
            counts, zipf = self.counts, self.zipf
            return sorted(
                word
                for word in scowl_words()
                if word.islower() and word not in counts and zipf.get(word) is not None
            )

        inputs = [scowl_file(), symspell_file(WORDS_FILE), wordfreq_file()]
        return frozenset(self._cached("spelled_lower", inputs, build))

    @cached_property
    def given_names(self) -> frozenset[str]:
        """Lower-cased given names (``john``, ``karen``, ``recep``, ``sergei``): a capital after
        one is a surname. Of the first-name dictionary (:func:`given_names_file`), the names
        (``josé`` too) that are common in Britain, Ireland or the USA (:data:`GIVEN_NAME_EN` on
        its scale of 1 to 13: ``mark``, ``rose``, ``bill``), or that are no English word
        (neither a lower-case word of SCOWL nor as common as Zipf :data:`GIVEN_NAME_MAX_ZIPF`,
        which leaves out ``the``, ``will``, ``hope``, ``london`` and ``india``, each a name
        somewhere); never a month or a day (``may``, ``june``).

        >>> names = Lexicon(None).given_names
        >>> [w in names for w in ("john", "recep", "josé", "mark", "will", "the", "may")]
        [True, True, True, True, False, False, False]
        """

        def build() -> list[str]:
            lower = {w for w in scowl_words() if w.islower()}
            zipf = self.zipf
            kept = set()
            for name, english in _given_names(given_names_file()):
                if name in MONTHS_AND_DAYS:
                    continue
                if english >= GIVEN_NAME_EN or (
                    name not in lower and zipf.get(name, 0.0) < GIVEN_NAME_MAX_ZIPF
                ):
                    kept.add(name)
            return sorted(kept)

        inputs = [given_names_file(), scowl_file(), wordfreq_file()]
        rule = f"en-{GIVEN_NAME_EN}-zipf-{GIVEN_NAME_MAX_ZIPF}-letters"
        return frozenset(self._cached("given_names", inputs, build, rule))

    @cached_property
    def capitalised_only(self) -> frozenset[str]:
        """Words of :attr:`vocabulary` (all lower case) that SCOWL spells only with capitals:
        names and acronyms (``nato``, ``brussels``, ``rochester``), never a lower-case word's
        correction. ``english`` and ``pacific`` are words in lower case too, and not here."""

        def build() -> list[str]:
            lower: set[str] = set()
            folded: set[str] = set()
            for word in scowl_words():
                folded.add(word.lower())
                if word.islower():
                    lower.add(word)
            return sorted(w for w in self.vocabulary if w in folded and w not in lower)

        inputs = [scowl_file(), symspell_file(WORDS_FILE), wordfreq_file()]
        return frozenset(self._cached("capitalised_only", inputs, build, f"min-{INDEX_MIN_ZIPF}"))

    @cached_property
    def british_listed(self) -> frozenset[str]:
        """SCOWL's lower-case words that symspellpy's list lacks and that a British spelling
        rule explains (``economises``, ``anthologise``, ``authoriser``; see
        :func:`~cleaner.spelling.candidates.variant_key`): correct British spellings of words
        too rare for the frequency lists, never slips of the common word one letter away
        (``economies``, ``anthologies``). ~8,400 words.

        >>> listed = Lexicon(None).british_listed
        >>> "economises" in listed, "economies" in listed, "recieve" in listed
        (True, False, False)
        """
        from cleaner.spelling.candidates import variant_key

        def build() -> list[str]:
            counts = self.counts
            return sorted(
                word
                for word in scowl_words()
                if word.islower() and word not in counts and variant_key(word) != word
            )

        inputs = [scowl_file(), symspell_file(WORDS_FILE)]
        return frozenset(self._cached("british_listed", inputs, build, _variant_rules()))

    @cached_property
    def names(self) -> frozenset[str]:
        """Lower-cased names that SCOWL lists and symspellpy's list lacks: words SCOWL spells
        only capitalised, never in lower case (``gatting``, ``canarians``, ``stevinson``).
        Only unknown words are decided, so only these are kept (~19,500 of SCOWL's ~30,000
        names); a capitalised word spelled like one is that name, not a slip.

        >>> names = Lexicon(None).names
        >>> "canarians" in names, "moscow" in names, "recieve" in names
        (True, False, False)
        """

        def build() -> list[str]:
            lower: set[str] = set()
            capitalised: set[str] = set()
            for word in scowl_words():
                if word.islower():
                    lower.add(word)
                elif word[0].isupper() and word[1:].islower():
                    capitalised.add(word.lower())
            counts = self.counts
            return sorted(w for w in capitalised - lower if w not in counts)

        inputs = [scowl_file(), symspell_file(WORDS_FILE)]
        return frozenset(self._cached("names", inputs, build))

    @cached_property
    def _alphabet(self) -> str:
        return "".join(sorted(set("".join(self.vocabulary))))

    @cached_property
    def skeletons(self) -> dict[str, str]:
        """Words of symspellpy's list keyed by their skeleton (doubled letters written once),
        the most frequent word per skeleton: ``unecesary`` -> ``unnecessary``.

        Doubling mistakes pile up in one word (``uneccesary``, ``sucesfuly``) beyond the two
        edits symspellpy looks at; in skeleton form they are no edit at all.
        """

        def build() -> dict[str, str]:
            return self._commonest_by(skeleton, SKELETON_MIN_LENGTH)

        # ~1 s to build (a regex substitution per word), ~20 ms to read back
        words = [symspell_file(WORDS_FILE)]
        return self._cached(
            "skeletons", words, build, f"min-{SKELETON_MIN_LENGTH}", _DOUBLED.pattern
        )

    @cached_property
    def sounds(self) -> dict[str, str]:
        """Words of symspellpy's list keyed by :func:`sound_key`, the most frequent word per
        key: ``countrevercy`` -> ``controversy``. A candidate for a word so far from every
        spelling that nothing lies within two edits."""

        def build() -> dict[str, str]:
            return self._commonest_by(sound_key, SOUND_MIN_LENGTH)

        # ~0.5 s to build, ~11 ms to read back
        words = [symspell_file(WORDS_FILE)]
        rules = "|".join(f"{p.pattern}>{s}" for p, s in _SOUND_RULES)
        return self._cached("sounds", words, build, f"min-{SOUND_MIN_LENGTH}", rules)

    def _commonest_by(self, key_of: Callable[[str], str], min_length: int) -> dict[str, str]:
        """The most frequent word of symspellpy's list for each ``key_of(word)``, words of at
        least ``min_length`` letters."""
        best: dict[str, tuple[int, str]] = {}
        for word, count in self.counts.items():
            if len(word) < min_length:
                continue
            key = key_of(word)
            if key not in best or count > best[key][0]:
                best[key] = (count, word)
        return {key: word for key, (_, word) in best.items()}

    @cached_property
    def varieties(self) -> tuple[dict[str, str], dict[str, str]]:
        """``(british, american)``: the list's words whose other spelling is in it too
        (``colour``/``color``, ``organised``/``organized``), by variety, each mapped to its
        other spelling. A document's words met in either tell which variety it is written in."""
        from cleaner.spelling.candidates import variant_key

        def build() -> dict[str, str]:
            counts = self.counts
            return {w: a for w in counts if (a := variant_key(w)) != w and a in counts}

        words = [symspell_file(WORDS_FILE)]
        british = self._cached("varieties", words, build, "british->american", _variant_rules())
        american: dict[str, str] = {}
        for b, a in sorted(british.items(), key=lambda item: -self.counts.get(item[0], 0)):
            american.setdefault(a, b)  # the commonest British form of an American word
        return british, american

    @cached_property
    def contractions(self) -> dict[str, str]:
        """The list's contractions by their spelling without the apostrophe, when that spelling
        is no word of the list itself and has 4+ letters: ``dont`` -> ``don't``, ``theyre`` ->
        ``they're``. ``cant``, ``wont``, ``well``, ``shell`` and ``whore`` are words, and
        ``im``, ``ive`` too short to tell from an abbreviation or a name."""
        counts = self.counts
        found: dict[str, str] = {}
        for word in [w for w in counts if "'" in w]:  # a cheap first pass: ~3 ms, not 15
            bare = word.replace("'", "")
            if len(bare) == len(word) - 1 >= CONTRACTION_MIN_LENGTH and bare not in counts:
                found[bare] = word
        return found

    # -- queries ----------------------------------------------------------------------------

    def prior(self, lower: str) -> float:
        """A Zipf-like frequency of a lowercase word (0 when unseen)."""
        value = self.zipf.get(lower)
        if value is not None:
            return value
        count = self.counts.get(lower)
        return math.log10(count) - COUNT_TO_ZIPF if count else 0.0

    def bigram(self, first: str, second: str) -> int:
        return self.bigrams.get(f"{first} {second}", 0)

    @cached_property
    def _log_total(self) -> float:
        return math.log10(sum(self.counts.values()))

    @cached_property
    def _log_bigram_floor(self) -> float:
        return math.log10(min(self.bigrams.values()))

    def association_at_most(self, first: str, second: str) -> float:
        """How much likelier the pair ``first second`` is than its two words side by side by
        chance: log10 of the bigram count over what the unigram counts predict (pointwise
        mutual information), or for a pair the bigram list lacks, the most that can be. The
        list keeps only pairs counted at least as often as its rarest one, so a missing pair is
        at most that common: for rarer words the bound says little (``will seize``: at most
        3.1), for two of the commonest words it lies below chance. ``inf`` when either word is
        unknown: no evidence.

        Grammatical pairs score above 1 (``went with`` 2.2, ``venues and`` 2.1, ``and was``
        1.7), while pairs of two ubiquitous words that the list holds only as noise score below
        0.5 (``was was`` 0.4, ``the was`` -0.6, ``the he`` -0.4): the bare presence of a pair
        says little for such words.

        >>> at_most = Lexicon(None).association_at_most
        >>> at_most("went", "with") > 1.0 > at_most("the", "was")
        True
        >>> at_most("the", "he") < 0 < at_most("will", "seize")
        True
        """
        one, two = self.counts.get(first, 0), self.counts.get(second, 0)
        if not (one and two):
            return math.inf
        pair = self.bigram(first, second)
        top = math.log10(pair) if pair else self._log_bigram_floor
        return top + self._log_total - math.log10(one) - math.log10(two)

    def lookup(self, lower: str, distance: int, closest: bool = False) -> list[tuple[str, int]]:
        """Words of :attr:`vocabulary` within ``distance`` edits (restricted Damerau, as
        symspellpy measures them), ``lower`` itself excepted: ``[(word, distance)]``.

        ``closest`` keeps only the nearest ones. Candidates come from :attr:`index`, except for
        the first :data:`ONE_EDIT_SEARCHES` searches one edit away, which use
        :func:`~cleaner.spelling.candidates.one_edit` and :attr:`vocabulary`: a file with a few
        typos reads no index, and a corpus soon reads it and searches ~5x faster. Both give
        symspellpy's answer (tested).
        """
        if distance == 1 and self._one_edit_searches < ONE_EDIT_SEARCHES:
            from cleaner.spelling.candidates import one_edit

            if closest and lower in self.vocabulary:
                return []  # a known word is its own closest (as from the index)
            self._one_edit_searches += 1
            near = sorted(self.vocabulary.intersection(one_edit(lower, self._alphabet)))
            return [(word, 1) for word in near]
        return self.index.lookup(lower, distance, closest)
