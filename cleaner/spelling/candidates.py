"""How likely is it that a writer aiming at one word typed another? A small noisy channel.

:func:`edit_cost` is a weighted Damerau-Levenshtein (optimal string alignment) distance whose
weights follow how people and keyboards err: a swapped pair, a doubled or undoubled letter, a
vowel for a vowel or a neighbouring key are cheap; an unrelated letter, or any change to the
first letter, is dear. Costs are in orders of magnitude (a cost of 1.0 ~ ten times less likely).

>>> edit_cost("teh", "the") < edit_cost("tge", "the") < edit_cost("tqe", "the")
True
>>> edit_cost("walkes", "walks") < edit_cost("walkes", "wales") < edit_cost("walkes", "walked")
True
"""

from __future__ import annotations

import re

from cleaner.edits import common_ends

VOWELS = frozenset("aeiouy")

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, frozenset[str]]:
    where = {ch: (r, c) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)}
    result: dict[str, frozenset[str]] = {}
    for ch, (r, c) in where.items():
        near = set()
        for other, (r2, c2) in where.items():
            if other != ch and abs(r - r2) <= 1 and -1 <= (c2 - c) + (r2 - r) * 0.5 <= 1:
                near.add(other)
        result[ch] = frozenset(near)
    return result


KEY_NEIGHBOURS = _neighbours()

#: letters that stand for the same or similar sounds
_SOUND_ALIKE = frozenset(
    frozenset(p)
    for p in ("ck", "cs", "sz", "gj", "fv", "iy", "mn", "kq", "xz", "dt", "bp", "sc", "ae", "ei")
)

TRANSPOSE = 1.0
#: two vowels in the wrong order (``peice``, ``theives``, ``recieve``) are a speller's doubt
#: about the word, commoner than the same swap of consonants (a slip of the fingers); still
#: dearer than a doubled letter (DOUBLING), the commonest doubt of all
TRANSPOSE_VOWELS = 0.7
DOUBLING = 0.8
SUB_VOWEL = 1.2
SUB_NEAR = 1.3
#: letters that sound alike (``Moskow``, ``realise``) are confused more than neighbouring keys
SUB_SOUND = 1.1
SUB_OTHER = 2.1
DELETE = 1.3
INSERT_NEAR = 1.6
INSERT_OTHER = 2.0
SILENT_E = 1.0
STRAY_END = 0.5
FIRST_LETTER = 1.2
#: one letter typed two or three places from where it belongs (``jstu``, ``mkea``,
#: ``restaraunts``): a transposition that went further; Damerau's distance counts it as two edits
MOVED_LETTER = 1.3
#: the furthest a moved letter is looked for (further, and anagrams of other words come in)
MOVED_LETTER_MAX = 3
#: a regular inflection written the wrong way (``studys`` for ``studies``)
SUFFIX_SLIP = 0.0
#: the candidate changes the word's inflectional ending (``-s`` read as ``-ed``)
ENDING_CHANGE = 1.5
#: two or more letters tacked onto a whole word (``Hisaj`` for ``His``) is rarely a typo
TAIL = 1.5


def substitution_cost(typed: str, meant: str) -> float:
    if typed == meant:
        return 0.0
    if typed in VOWELS and meant in VOWELS:
        return SUB_VOWEL
    if frozenset((typed, meant)) in _SOUND_ALIKE:
        return SUB_SOUND
    if typed in KEY_NEIGHBOURS.get(meant, ()):
        return SUB_NEAR
    return SUB_OTHER


#: regular endings written the wrong way: inflections (``studys``, ``walkes``), and the
#: derivations that make an adverb or adjective, where the rule for the stem's ending was
#: misapplied: ``-al`` + ``-ly`` keeps both l's (``financialy``), ``-ic`` takes ``-ally``
#: (``basicly``), ``-ful`` has one l (``carefull``), and ``-ary`` words make ``-arily``
#: while ``-ar`` words make ``-arly`` (``primarly``, ``similarily``); ``-ie`` verbs make
#: ``-ying`` (``lieing``)
_SLIPS = (
    ("ys", "ies"),
    ("yed", "ied"),
    ("ies", "ys"),
    ("es", "s"),
    ("eing", "ing"),
    ("ieing", "ying"),
    ("aly", "ally"),
    ("icly", "ically"),
    ("full", "ful"),
    ("arly", "arily"),
    ("arily", "arly"),
)


def slip_repairs(typed: str) -> list[str]:
    """What ``typed`` would be with a misapplied regular inflection put right.

    >>> slip_repairs("studys"), slip_repairs("walkes"), slip_repairs("financialy")
    (['studies'], ['walks'], ['financially'])
    >>> "lying" in slip_repairs("lieing")
    True
    """
    out = []
    for bad, good in _SLIPS:
        if typed.endswith(bad):
            meant = typed[: -len(bad)] + good
            if _suffix_slip(typed, meant):
                out.append(meant)
    return out


def moved_letter(typed: str) -> set[str]:
    """``typed`` with one of its letters put back two or three places earlier or later.

    >>> sorted(w for w in moved_letter("jstu") if w in {"just", "jots"})
    ['just']
    """
    out = set()
    n = len(typed)
    for i in range(n):
        ch = typed[i]
        rest = typed[:i] + typed[i + 1 :]
        for j in range(max(0, i - MOVED_LETTER_MAX), min(n, i + MOVED_LETTER_MAX + 1)):
            if abs(j - i) >= 2:
                out.add(rest[:j] + ch + rest[j:])
    out.discard(typed)
    return out


def _moved(typed: str, meant: str) -> bool:
    """True when ``meant`` is ``typed`` with one letter moved two or three places, keeping
    the first letter and any inflectional ending (``predecesors`` is no ``predecessor``,
    ``damadge`` no ``damaged``: their differences are a letter left out or doubled)."""
    if len(typed) != len(meant) or typed == meant or len(typed) < 4 or typed[0] != meant[0]:
        return False
    if any(typed.endswith(end) != meant.endswith(end) for end in _ENDINGS):
        return False
    first, tail = common_ends(typed, meant)
    last = len(typed) - 1 - tail
    if not 2 <= last - first <= MOVED_LETTER_MAX:
        return False
    a, b = typed[first : last + 1], meant[first : last + 1]
    return a[1:] + a[0] == b or a[-1] + a[:-1] == b


def _suffix_slip(typed: str, meant: str) -> bool:
    """Regular inflection rules misapplied: ``studys``/``studies``, ``walkes``/``walks``."""
    for bad, good in _SLIPS:
        if typed.endswith(bad) and meant.endswith(good):
            stem = typed[: -len(bad)]
            if stem and stem == meant[: -len(good)] and (len(stem) >= 2 or len(meant) >= 5):
                return not (bad == "es" and stem[-1] in "sxzho")
    return False


_ENDINGS = ("ing", "ed", "s")


def _ending_changed(typed: str, meant: str) -> bool:
    """True when ``typed`` ends in an inflection that ``meant`` lacks (``walkes``/``walked``);
    letters merely swapped (``alos``/``also``, ``campaing``/``campaign``) change no inflection,
    nor does a last letter left off (``becaus``/``because``: the ``s`` is the word's own).

    >>> _ending_changed("walkes", "walked"), _ending_changed("becaus", "because")
    (True, False)
    """
    if len(typed) == len(meant) and sorted(typed) == sorted(meant):
        return False
    for end in _ENDINGS:
        if typed.endswith(end) and len(typed) > len(end) + 2:
            return not meant.endswith(end) and not meant.startswith(typed)
    return False


_SUB: dict[tuple[str, str], float] = {}


def _sub(typed: str, meant: str) -> float:
    key = (typed, meant)
    cost = _SUB.get(key)
    if cost is None:
        cost = _SUB[key] = substitution_cost(typed, meant)
    return cost


def edit_cost(typed: str, meant: str) -> float:
    """Cost of typing ``typed`` (lowercase) when ``meant`` was intended; 0 for equal words.

    A regular inflection misapplied (``walkes``, ``studys``) costs nothing beyond the word.
    """
    if typed == meant or _suffix_slip(typed, meant):
        return SUFFIX_SLIP if typed != meant else 0.0
    n, m = len(typed), len(meant)
    deletes = [_delete_cost(meant, j) + (FIRST_LETTER if j == 0 else 0.0) for j in range(m)]
    # d[i][j]: cost of turning meant[:j] into typed[:i]; one row at a time. The inner loop is
    # the speller's hottest Python on unseen words, so it reads the memo of substitution
    # costs directly and keeps the sums in the same order as the plain recurrence
    sub_memo = _SUB
    columns = range(1, m + 1)
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in columns:
        prev[j] = prev[j - 1] + deletes[j - 1]
    for i in range(1, n + 1):
        cur = [0.0] * (m + 1)
        t = typed[i - 1]
        before = typed[i - 2] if i > 1 else ""
        ins = _insert_cost(typed, i - 1) + (FIRST_LETTER if i == 1 else 0.0)
        cur[0] = prev[0] + ins
        for j in columns:
            c = meant[j - 1]
            if t == c:
                best = prev[j - 1]
            else:
                sub = sub_memo.get((t, c))
                if sub is None:
                    sub = _sub(t, c)
                best = prev[j - 1] + (sub + FIRST_LETTER if j == 1 else sub)
            if prev[j] + ins < best:
                best = prev[j] + ins
            if cur[j - 1] + deletes[j - 1] < best:
                best = cur[j - 1] + deletes[j - 1]
            if before == c and j > 1 and t == meant[j - 2] and t != c:
                best = min(best, prev2[j - 2] + _swap_cost(t, c))
            cur[j] = best
        prev2, prev = prev, cur
    cost = prev[m]
    if cost > MOVED_LETTER and n == m and _moved(typed, meant):
        cost = MOVED_LETTER
    if _ending_changed(typed, meant):
        cost += ENDING_CHANGE
    if len(typed) - len(meant) >= 2 and typed.startswith(meant):
        cost += TAIL
    return cost


def _swap_cost(typed: str, meant: str) -> float:
    """Cost of two adjacent letters typed in the wrong order.

    >>> edit_cost("theives", "thieves"), edit_cost("gaint", "giant"), edit_cost("teh", "the")
    (0.7, 0.7, 1.0)
    """
    return TRANSPOSE_VOWELS if typed in VOWELS and meant in VOWELS else TRANSPOSE


def _insert_cost(typed: str, i: int) -> float:
    """Cost of an extra letter ``typed[i]``; a stray letter tacked on at the end is dearer."""
    ch = typed[i]
    if (i > 0 and typed[i - 1] == ch) or (i + 1 < len(typed) and typed[i + 1] == ch):
        return DOUBLING
    if ch == "e" and (
        (i > 0 and typed[i - 1] in VOWELS) or (i + 1 < len(typed) and typed[i + 1] in VOWELS)
    ):
        return SILENT_E  # a silent e kept before a suffix: arguement, truely, noteable
    near = KEY_NEIGHBOURS.get(ch, frozenset())
    if (i > 0 and typed[i - 1] in near) or (i + 1 < len(typed) and typed[i + 1] in near):
        return INSERT_NEAR
    return INSERT_OTHER + (STRAY_END if i == len(typed) - 1 else 0.0)


def _delete_cost(meant: str, j: int) -> float:
    """Cost of leaving out ``meant[j]``."""
    ch = meant[j]
    if (j > 0 and meant[j - 1] == ch) or (j + 1 < len(meant) and meant[j + 1] == ch):
        return DOUBLING
    return DELETE


def one_edit(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, adjacent swap, substitution or insertion (letters from
    ``alphabet``) away from ``word``: the restricted Damerau distance symspellpy uses.

    >>> sorted(w for w in one_edit("teh", "eht") if w in {"the", "tech", "eh", "ten"})
    ['eh', 'the']
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1])
    found.update(a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0])
    found.update(a + c + b for a, b in splits for c in alphabet)
    found.discard(word)
    return found


def within_one(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def cognate_spelling(typed: str, meant: str) -> bool:
    """True when ``typed`` differs from ``meant`` the way a name in another language's spelling
    differs from its English cognate rather than the way a typo does: only in the last letters
    (``Locomotiv``, ``Hollandia``), or by one consonant for one that sounds alike (``Respekt``).

    >>> cognate_spelling("respekt", "respect"), cognate_spelling("locomotiv", "locomotive")
    (True, True)
    >>> cognate_spelling("febuary", "february"), cognate_spelling("seperation", "separation")
    (False, False)
    """
    head, tail = common_ends(typed, meant)
    if tail == 0:
        return True
    odd, even = typed[head : len(typed) - tail], meant[head : len(meant) - tail]
    return (
        len(odd) == len(even) == 1
        and frozenset((odd, even)) in _SOUND_ALIKE
        and not (odd in VOWELS and even in VOWELS)
    )


#: long vowels other languages write double where English spelling almost never does
#: (Dutch ``Federaal``, Finnish ``Saarinen``, Estonian ``Riigikogu``)
_FOREIGN_DOUBLES = frozenset(("aa", "ii", "uu"))


def foreign_double(typed: str, meant: str) -> bool:
    """True when ``typed`` is ``meant`` with one ``a``, ``i`` or ``u`` written twice: a long
    vowel as Dutch, Finnish or Estonian spell it, which a capitalised word is far likelier to
    be (a name, ``Federaal Planbureau``) than a slip.

    >>> foreign_double("federaal", "federal"), foreign_double("saarinen", "sarinen")
    (True, True)
    >>> foreign_double("carreer", "career"), foreign_double("febuary", "february")
    (False, False)
    """
    if len(typed) != len(meant) + 1:
        return False
    head, _ = common_ends(typed, meant)
    return typed[head:] == meant[head - 1 :] and typed[head - 1 : head + 1] in _FOREIGN_DOUBLES


def interior_slip(typed: str, meant: str, keep: int = 2) -> bool:
    """True when ``typed`` keeps the first and the last ``keep`` letters of ``meant``: every
    difference lies inside the word.

    Writers and readers hold on to a word's ends, so misspellings mostly keep them
    (``traditition``, ``delevopment``), while a foreign word, an inflected loan or jargon that
    happens to lie near an English word differs from it there (``twitteru``, ``kaamera``,
    ``juryo``).

    >>> interior_slip("traditition", "tradition"), interior_slip("delevopment", "development")
    (True, True)
    >>> interior_slip("twitteru", "twitter"), interior_slip("kaamera", "camera")
    (False, False)
    """
    head, tail = common_ends(typed, meant)
    return head >= keep and tail >= keep


_DOUBLED_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1")
#: suffixes before which a silent ``e`` is optional (``knowledgable``, ``ageing``)
_SILENT_E_SUFFIXES = ("able", "ment", "ing")


def optional_letter(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only where English spelling allows a choice: a
    consonant doubled or not (``combatting``/``combating``, ``worshiped``/``worshipped``;
    not vowels: ``refered`` is no spelling of ``refereed``) or a silent ``e`` before a suffix
    (``likeable``/``likable``, ``ageing``/``aging``).

    >>> optional_letter("benefitted", "benefited"), optional_letter("sizeable", "sizable")
    (True, True)
    >>> optional_letter("arguement", "argument"), optional_letter("refered", "refereed")
    (False, False)
    """
    if _DOUBLED_CONSONANT.sub(r"\1", a) == _DOUBLED_CONSONANT.sub(r"\1", b):
        return a != b
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    i, _ = common_ends(short, long)
    return (
        long[i] == "e"
        and long[:i] + long[i + 1 :] == short
        and long.startswith(_SILENT_E_SUFFIXES, i + 1)
        and i > 0
        and long[i - 1] not in "aeiou"
    )


#: British and American spellings of one word differ in these ways (colour/color, theatre/
#: theater, organise/organize, analyse/analyze, catalogue/catalog, defence/defense,
#: travelled/traveled): rules of whole word classes
_REGULAR_VARIANTS = tuple(
    (re.compile(british), american)
    for british, american in (
        # -our after a syllable of its own (col-our, neighb-our, behavi-our); not the -our of
        # a syllable alone (our, four, hour, tour, flour, scoured), whose -or forms (or, for,
        # hor, tor, flor, scored) are other words, not American spellings of them
        (
            r"(?:(?<=[aeiouy][^\W\daeiou])|(?<=[aeiouy][^\W\daeiou]{2})|(?<=[aeiouy][^\W\daeiou]{3})"
            r"|(?<=[^\W\daeiou]i))our(?=(?:s|ed|ing|ite|ites|able|ably|ful|less|ism|ist|er|ers)?$)",
            "or",
        ),
        # (after a stem of three letters or more, and -tre not after u or r: prise, bise,
        # hogue and outre are other words than prize, bize, hog and outer; Chartres is a town)
        (r"(?<=[^\Wur\d])tre(?=s?$)", "ter"),
        (r"(?<=\w{3})is(?=(?:e|es|ed|ing|ation|ations|er|ers)$)", "iz"),
        (r"ys(?=(?:e|es|ed|ing)$)", "yz"),
        (r"(?<=\w{3})ogue(?=s?$)", "og"),
        (r"(?<=[fct])ence(?=s?$)", "ense"),
        (r"ell(?=(?:ed|ing|er|ers|ation|ations)$)", "el"),
    )
)
#: ... and in the Greek and Latin digraphs of some words (anaemia/anemia, manoeuvre/maneuver),
#: which no rule predicts: ``idaes`` and ``doens`` have the shape of such a spelling of
#: ``ides`` and ``dens`` and are slips of ``ideas`` and ``does``. A digraph sits inside a word
#: of six letters or more (f-oe-tus, am-oe-ba): not before an ending (shoes, heroes, toed,
#: goers, boeing: an o-word inflected) nor in a short word or before a last letter (poet, doer,
#: Michael), where ae/oe are two vowels whose -e- forms (pet, der, Michel) are other words
_DIGRAPH = r"(?<=\w){d}(?=\w\w)(?:(?<=\w\w{d})|(?=\w{{3}}))(?!(?:s|d|rs?|ing)$)"
_DIGRAPH_VARIANTS = tuple((re.compile(_DIGRAPH.format(d=d)), "e") for d in ("ae", "oe"))
_VARIANTS = _REGULAR_VARIANTS + _DIGRAPH_VARIANTS


def variant_key(word: str) -> str:
    """``word`` in American spelling where a British/American rule applies (else unchanged).

    >>> variant_key("criticised"), variant_key("licence"), variant_key("anaemia")
    ('criticized', 'license', 'anemia')
    >>> variant_key("behaviour"), variant_key("four"), variant_key("shoes"), variant_key("poet")
    ('behavior', 'four', 'shoes', 'poet')
    """
    return _variant_key(word, _VARIANTS)


def _variant_key(word: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for british, american in rules:
        word = british.sub(american, word)
    return word


def variant_side(a: str, b: str, digraphs: bool = True) -> str | None:
    """``"british"`` or ``"american"`` when ``a`` is that side of one word whose other side is
    ``b``; ``None`` when they are not two spellings of one word. Only by the rules of whole
    word classes when ``digraphs`` is false (``a`` is no attested word, so an ``ae``/``oe`` in
    it is a slip sooner than a classical spelling).

    >>> variant_side("organised", "organized"), variant_side("specter", "spectre")
    ('british', 'american')
    >>> variant_side("foetus", "fetus"), variant_side("idaes", "ides", digraphs=False)
    ('british', None)
    >>> variant_side("taximetre", "taximeter"), variant_side("cancelation", "cancellation")
    ('british', 'american')
    >>> variant_side("controled", "controlled"), variant_side("absense", "absence")
    (None, None)
    >>> variant_side("enourmous", "enormous"), variant_side("satelites", "satellites")
    (None, None)
    """
    rules = _VARIANTS if digraphs else _REGULAR_VARIANTS
    key = _variant_key(a, rules)
    if a == b or key != _variant_key(b, rules):
        return None
    return "british" if key != a else "american"


_PREFIXES = (
    "anti",
    "counter",
    "inter",
    "multi",
    "non",
    "over",
    "post",
    "self",
    "semi",
    "super",
    "un",
    "under",
)

# -- regular morphology --------------------------------------------------------------------


#: derivational suffixes a known stem may take (``-ee``: ``arrestee``, ``protectees``; ``-or``
#: as well as ``-er`` makes agent nouns: ``progressors``, not a slip of ``professors``)
_SUFFIXES = (
    *("ly", "ness", "less", "ment"),
    *("ers", "er", "ors", "or", "ees", "ee"),
    *("ist", "ists", "ism", "ize", "ise"),
)
#: ... those that absorb a stem's final ``e`` (``introducer``, ``servicers``) and may double its
#: last consonant (``committee``, ``shopper``): their kind is the suffix itself (``-ee``), so
#: that :func:`regular_forms` can spell them
_AFTER_E = frozenset({"ers", "er", "ors", "or", "ees", "ee"})
#: kinds of :func:`stems` that are inflections (the rest are derivations)
INFLECTIONS = frozenset({"s", "ed", "ing", "ly"})


def stems(word: str) -> list[tuple[str, str]]:
    """``(stem, kind)`` pairs that ``word`` may be a regular inflection or derivation of.

    ``kind`` is ``s``, ``ed``, ``ing``, ``ly``, an agent suffix (``-er``, ``-ers``, ``-or``,
    ``-ors``, ``-ee``, ``-ees``) or ``derived``. Only spellings that English
    inflection allows: ``walkes`` is not ``walk`` + ``es``, ``studys`` is not ``study`` + ``s``,
    and ``seing`` is not ``see`` + ``ing``.

    >>> ("walk", "ed") in stems("walked"), ("walk", "s") in stems("walkes")
    (True, False)
    >>> ("study", "s") in stems("studies"), ("study", "s") in stems("studys")
    (True, False)
    >>> ("see", "ing") in stems("seing")
    False
    >>> ("arrest", "-ee") in stems("arrestee"), ("introduce", "-ers") in stems("introducers")
    (True, True)
    >>> ("valuable", "ly") in stems("valuably")
    True
    """
    out: list[tuple[str, str]] = []
    n = len(word)
    if n < 5:
        return out

    def add(stem: str, kind: str) -> None:
        if len(stem) >= 3:
            out.append((stem, kind))

    if word.endswith("ies"):
        add(word[:-3] + "y", "s")
    elif (word.endswith("es") and word[-3] in "sxzo") or word.endswith(("ches", "shes")):
        add(word[:-2], "s")
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        add(word[:-1], "s")
    if word.endswith("ied"):
        add(word[:-3] + "y", "ed")
    elif word.endswith("ed"):
        add(word[:-2], "ed")
        if word[-3] not in VOWELS:
            add(word[:-1], "ed")
        if word[-3] == word[-4]:
            add(word[:-3], "ed")
    if word.endswith("ing"):
        add(word[:-3], "ing")
        if word[-4] not in VOWELS:
            add(word[:-3] + "e", "ing")
        if n > 5 and word[-4] == word[-5]:
            add(word[:-4], "ing")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and n - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            if suffix.startswith("e") and stem.endswith("e"):
                continue  # no English word has "eee" (pleaseee)
            kind = "ly" if suffix == "ly" else f"-{suffix}" if suffix in _AFTER_E else "derived"
            add(stem, kind)
            if stem.endswith("i"):
                add(stem[:-1] + "y", kind)
            if suffix in _AFTER_E and stem[-1] not in VOWELS:
                add(stem + "e", kind)  # introduce + rs, service + r
    if word.endswith("ly") and word[-3] not in VOWELS:
        add(word[:-1] + "e", "ly")  # gentle -> gently, valuable -> valuably
    for prefix in _PREFIXES:
        if word.startswith(prefix) and n - len(prefix) >= 5:
            add(word[len(prefix) :], "derived")
    return out


def regular_forms(stem: str, kind: str) -> list[str]:
    """The spellings regular inflection could give ``stem`` (``control`` + ``ed``: both
    ``controled`` and ``controlled``); a word is only known by its stem when no *other* of
    these is a known word.

    >>> regular_forms("control", "ed")
    ['controled', 'controlled']
    >>> regular_forms("commit", "-ee"), regular_forms("introduce", "-er")
    (['commitee', 'committee'], ['introducer'])
    >>> "lying" in regular_forms("lie", "ing")
    True
    """
    if kind == "s":
        forms = [stem + "s", stem + "es"]
        if stem.endswith("y"):
            forms.append(stem[:-1] + "ies")
        return forms
    if kind == "ed":
        forms = [stem + "ed"]
        if stem.endswith("e"):
            forms.append(stem + "d")
        if stem.endswith("y"):
            forms.append(stem[:-1] + "ied")
        forms.append(stem + stem[-1] + "ed")
        return forms
    if kind == "ing":
        forms = [stem + "ing"]
        if stem.endswith("e"):
            forms.append(stem[:-1] + "ing")
        if stem.endswith("ie"):
            forms.append(stem[:-2] + "ying")  # lie -> lying, tie -> tying
        forms.append(stem + stem[-1] + "ing")
        return forms
    if kind.startswith("-"):  # an agent suffix: introduce + r, commit + t + ee
        forms = [(stem[:-1] if stem.endswith("e") else stem) + kind[1:]]
        if stem[-1] not in VOWELS:
            forms.append(stem + stem[-1] + kind[1:])
        return forms
    if kind == "ly":
        forms = [stem + "ly", stem + "ally"]
        if stem.endswith("y"):
            forms.append(stem[:-1] + "ily")
        if stem.endswith("le"):
            forms.append(stem[:-1] + "y")
        return forms
    return []
