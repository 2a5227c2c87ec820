"""Which language a text is in, well enough to tell the user "the coach works in English".

Every model and word list here (router, generator, scoring vocabulary, STAR cues) is English-only, so a
posting or an answer in another language gets a wrong route or a meaningless score. Detection is two
cheap, dependency-free rules:

- script: letters are counted per Unicode script and weighted to words (a Chinese character is about
  half a word, a Latin word about five letters), so "负责 Python 后端开发" reads as Chinese although it
  has more Latin letters than Chinese ones;
- Latin-script text: the share of each language's function words. Only words that are not also
  English words are listed, and another language must clearly beat English, so an English answer that
  names José García or Müller GmbH is still English.

    >>> detect("我负责后端服务的性能优化，把延迟降低了一半。").name
    'Chinese'
    >>> detect("En mi último trabajo reduje los fallos de la canalización en un 85%.").name
    'Spanish'
    >>> detect("I led the migration with José García at Müller GmbH.").english
    True
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

COACHING_LANGUAGES = ("English",)   # what the models were trained on; shown in the app and in messages
COACHING_NOTE = ("The coach works in English: write the job posting, your resume and your answers in "
                 "English (other languages get a warning, and answers in them cannot be scored).")

MIN_LATIN_WORDS = 6         # shorter Latin text ("Backend Engineer") is not judged: too little evidence
MIN_FOREIGN_SHARE = 0.15    # share of another language's function words needed to call Latin text foreign
FOREIGN_OVER_ENGLISH = 1.5  # ... and it must beat the English function-word share by this factor
MIN_SCRIPT_UNITS = 2.0      # word-units of a non-Latin script needed to outvote a few Latin words

# Letters per word, roughly, so that scripts are compared in words, not characters.
_LETTERS_PER_WORD = {"LATIN": 5.0, "CYRILLIC": 6.0, "GREEK": 6.0, "ARABIC": 4.5, "HEBREW": 4.5,
                     "DEVANAGARI": 3.0, "BENGALI": 3.0, "CJK": 1.7, "KANA": 2.5, "HANGUL": 2.5, "THAI": 5.0}
_SCRIPT_NAMES = {   # script -> what the message calls the text; a script is not a language, so say so
    "CJK": "Chinese", "KANA": "Japanese", "HANGUL": "Korean", "ARABIC": "Arabic (or another Arabic-script language)",
    "CYRILLIC": "Russian (or another Cyrillic-script language)", "DEVANAGARI": "Hindi (or another Devanagari-script language)",
    "GREEK": "Greek", "HEBREW": "Hebrew", "THAI": "Thai", "BENGALI": "Bengali", "TAMIL": "Tamil",
    "TELUGU": "Telugu", "GUJARATI": "Gujarati", "GURMUKHI": "Punjabi", "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam", "ARMENIAN": "Armenian", "GEORGIAN": "Georgian", "ETHIOPIC": "Amharic",
    "KHMER": "Khmer", "LAO": "Lao", "MYANMAR": "Burmese", "SINHALA": "Sinhala",
}

# English function words (what makes running English text English; a list of tools has none, and that
# is fine: no evidence of another language means no warning).
_ENGLISH = frozenset("""the and of to in a is that for it with as was on be by this are or from at an we i my
our you your have has had will not but they their which were been can would should into than then so if
when what how all also more about out up who there these those its he she them me us do did does being
after over under while each such through other""".split())
# Function words of other Latin-script languages, minus any that are English words ("no", "come", "die").
_LATIN_LANGUAGES = {
    "Spanish": """el la los las del y en que por para con una un es se su al lo como más pero sus le ya este
        esta entre cuando muy sin sobre también hasta hay donde desde todo nos durante ni fue ese eso había
        ellos esto mi mis yo otro otra él mucho nada cual sea poco ella estar estas algo nosotros tu tus de""",
    "French": """le la les des du et en un une est que qui dans pour pas sur au avec ce il elle ne se sont par
        plus nous vous ou leur ses mais comme aussi été être avoir fait je mon ma mes cette ces aux lui très
        sans sous ai c'est j'ai de""",
    "German": """der das und ist nicht mit den dem des ein eine einen einem zu auf für von sich auch als wie
        nach aus wir ich sie er es im oder aber wenn noch nur werden wurde sind haben kann können über
        unter durch zum zur bis vom sehr mehr unsere unser ihre ihr dass bei""",
    "Portuguese": """os da dos das em um uma é que para com não por mais se na nas nos ao como mas foi ele ela
        seu sua ou quando muito já também só pelo pela até isso entre depois sem mesmo aos seus quem são
        você eu meu minha nós de""",
    "Italian": """il lo la gli le di del della dei delle che è per con non una un sono ho ha abbiamo nel nella
        sul sulla al alla dal dalla ma anche più questo questa quello io lui lei noi voi loro mio mia suo
        sua molto già""",
    "Dutch": """de het een en van dat op te zijn met voor niet aan maar om ook als bij nog naar uit wordt
        worden heeft hebben ik wij jij je hij zij ze ons onze deze dit kan zal tot""",
    "Swedish": """och att det som en är på för med av till den har inte om ett jag vi han hon kan eller så
        från vid mycket också""",
    "Polish": """się nie że jest jak od dla za tak ale przez jego jej są był była być oraz jako także który
        która które ich mnie mój moja przy tylko już bardzo będzie nasze nasz nasza naszych
        w z""",
    "Turkish": """ve bir bu da için ile çok daha gibi olarak ama ben sen biz siz onlar yok olan oldu ise
        kadar sonra ancak değil her şey mi mı""",
    "Indonesian": """dan yang di ke dari ini itu untuk dengan tidak pada adalah saya kami kita mereka akan
        juga atau sudah bisa dalam oleh karena tersebut telah""",
}
_LATIN_WORDS = {lang: frozenset(words.split()) - _ENGLISH for lang, words in _LATIN_LANGUAGES.items()}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Language:
    name: str        # "English", "Chinese", "Spanish", ...; "" when there is too little text to tell
    english: bool    # False only when another language is clearly there
    share: float     # the evidence: share of the text in that script, or of its function words


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "KANA"
    return name.split(" ", 1)[0] if name else ""


def script_units(text: str) -> dict[str, float]:
    """Word-units per script: letters counted by Unicode script, divided by letters per word."""
    letters: dict[str, int] = {}
    for ch in text or "":
        if ch.isalpha():
            s = _script(ch)
            letters[s] = letters.get(s, 0) + 1
    return {s: n / _LETTERS_PER_WORD.get(s, 5.0) for s, n in letters.items()}


def detect(text: str) -> Language:
    """The language of `text` as far as coaching needs it: English, another named language, or ""
    (too short to tell, which callers treat as English: no false alarm on "SRE" or "Backend Engineer")."""
    units = script_units(text)
    total = sum(units.values())
    if not total:
        return Language("", True, 0.0)
    top = max(units, key=units.get)
    if top != "LATIN" and (units[top] >= MIN_SCRIPT_UNITS or "LATIN" not in units):  # "不知道" too
        # Japanese is written with kanji (CJK) and kana together: any real share of kana makes it Japanese.
        if top == "CJK" and units.get("KANA", 0) >= 0.2 * units[top]:
            top = "KANA"
        share = units[top] / total
        return Language(_SCRIPT_NAMES.get(top, f"a {top.title()}-script language"), False, round(share, 3))
    # Acronyms are not function words: "Remote (EU)" is not Portuguese "eu", "IT" not English "it".
    words = [w.lower() for w in _WORD.findall(text) if _script(w[0]) == "LATIN" and not (len(w) > 1 and w.isupper())]
    if len(words) < MIN_LATIN_WORDS:
        return Language("", True, 0.0)
    english = sum(w in _ENGLISH for w in words) / len(words)
    shares = {lang: sum(w in vocab for w in words) / len(words) for lang, vocab in _LATIN_WORDS.items()}
    best = max(shares, key=shares.get)
    if shares[best] >= MIN_FOREIGN_SHARE and shares[best] > FOREIGN_OVER_ENGLISH * english:
        return Language(best, False, round(shares[best], 3))
    return Language("English", True, round(english, 3))


def answer_language_problem(answer: str) -> str | None:
    """The message for an answer the coach cannot score because it is not in English, or None."""
    lang = detect(answer)
    if lang.english:
        return None
    return (f"Your answer looks like {lang.name}; the coach understands answers in English only. "
            "Answer in English to get scores and feedback.")


def posting_language_warning(role: str, description: str) -> str | None:
    """The warning for a job posting that is not in English (the route is still made), or None."""
    lang = detect(f"{role}\n{description}")
    if lang.english:
        return None
    return (f"The job posting looks like {lang.name}; the coach works in English only, so the role family, "
            "questions and feedback may be off. Paste the English version of the posting if there is one.")
