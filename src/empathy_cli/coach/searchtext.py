"""Words for phrase search: tokens, folding, light stemming, stop words, typo distance.

Staff type what is happening ("pacjent krzyczy", "she is shouting at me", "czekala
3 godziny"), often without diacritics and with typos. Search compares *stems of folded
words*, so both sides of a match go through the same steps:

1. `tokens(text)` — letters and digits only (an underscore or a hyphen splits a word);
2. `text.fold` — lower case, accents stripped ("czekała" → "czekala");
3. `stem(word, lang)` — a light, rule-based suffix stripper per language, not a full
   lemmatiser: Polish drops one inflectional ending ("czekala", "czekanie", "czeka" →
   "czek"; "zwrotu", "zwrotem" → "zwrot"), English drops -s/-es/-ed/-ing/-ly and a final
   -e ("yelling" → "yell", "charged"/"charges" → "charg"). Other languages are left as
   they are. A stem is never shorter than three letters, so short words stay whole.

Stop words are dropped from queries (never from the index: BM25 gives common words
little weight anyway); "generic" words (patient, klient…) are kept with a low weight.
English contractions typed without an apostrophe ("cant", "wont") are read as typed
with one ("can t", "won t").
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from ..text import fold

_WORD = re.compile(r"[^\W_]+")

#: Query words that carry no situation. Folded.
STOP: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a an the and or but if so to of in on at by for with from into about as than then too very
        is are was were be been being am do does did doing done have has had having will would shall
        should can could may might must i me my mine myself we us our you your yours he him his she her
        hers it its they them their theirs this that these those there here what which who whom whose
        when where why how all any some just only also not no yes get got gets getting keep keeps kept
        s t d ll re ve m im ive id dont doesnt didnt isnt arent wasnt cant wont one ones again still
        say says said tell telling told what s how hes shes theyre youre were thats whats
        maybe possibly really more less much always constantly
        don doesn didn won isn aren wasn weren couldn shouldn wouldn haven hasn hadn""".split()
    ),
    "pl": frozenset(
        """a i o u w z we ze za na do od po przy przez pod nad dla bez ku oraz albo lub czy ale jednak
        ze zeby aby bo gdy gdyby jak jako jesli jezeli to ten ta te tego tej temu tym tych tamten
        sie mi mnie mna ja ty ci cie tobie my nas nam wy was wam on ona ono oni one go jego jej ich im
        je mu niej nim nich nia jest sa byl byla bylo byli byly bedzie beda jestem jestes jestesmy
        mam masz ma mamy maja co cos ktos kto ktory ktora ktore juz tez tylko jeszcze tak tu tam
        pan pani panu pania pana panstwo panstwa prosze jakis jakas jakies caly cala cale
        mowi mowia powiedziec powiedzial powiedziala moze mozna byc bylby bylaby by
        czemu dlaczego naprawde bardzo wiecej mniej przed przede ciagle wciaz znowu znow""".split()
    ),
}

#: A function word of either language: never evidence of content in the other ("go" is a
#: Polish pronoun and an English verb, "in" a Polish phrase's "in vitro").
FUNCTION_WORDS: frozenset[str] = frozenset().union(*STOP.values())

#: English contractions typed without the apostrophe, read as with it ("cant hear" is
#: "can't hear"), so both match a multi-word search word written either way. Folded.
CONTRACTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        **{f"{w}t": (w, "t") for w in "don doesn didn won isn aren wasn weren couldn shouldn wouldn haven hasn hadn".split()},
        "cant": ("can", "t"),
        "im": ("i", "m"),
        "ive": ("i", "ve"),
        "youre": ("you", "re"),
        "theyre": ("they", "re"),
        "thats": ("that", "s"),
        "whats": ("what", "s"),
    },
}


def expanded(words: list[str], lang: Optional[str]) -> list[str]:
    """`words` (folded) with contractions typed without an apostrophe split as if typed with it."""
    table = CONTRACTIONS.get(lang or "", {})
    if not table:
        return words
    out: list[str] = []
    for w in words:
        out.extend(table.get(w, (w,)))
    return out


#: Short forms staff type for a word ("appt", "dr", "wiz."): read as the word. Folded.
ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {
        "appt": "appointment",
        "appts": "appointments",
        "apt": "appointment",
        "apts": "appointments",
        "dr": "doctor",
        "drs": "doctors",
        "doc": "doctor",
        "rx": "prescription",
        "hosp": "hospital",
        "dept": "department",
        "mgr": "manager",
        "mngr": "manager",
        "er": "emergency",
        "op": "operation",
        "ops": "operations",
        "info": "information",
        "msg": "message",
        "msgs": "messages",
        "hrs": "hours",
        "hr": "hour",
        "mins": "minutes",
        "wks": "weeks",
        "yrs": "years",
        "ppl": "people",
        "recep": "receptionist",
    },
    "pl": {
        "wiz": "wizyta",
        "godz": "godzina",
        "dr": "doktor",
        "pac": "pacjent",
        "rej": "rejestracja",
        "skier": "skierowanie",
        "zab": "zabieg",
        "tel": "telefon",
        "info": "informacja",
        "min": "minut",
        "kier": "kierownik",
    },
}

#: Short forms of several letters that the tokens would split ("a&e"), read as a word.
SHORT_FORMS: dict[str, "re.Pattern[str]"] = {"en": re.compile(r"\ba ?(?:&|and|\+|n) ?e\b")}
SHORT_FORM_WORD = {"en": "emergency"}

#: Stop words that belong to the verb they go with, before or after it ("wydziera się",
#: "się wydziera"): a search word that is a verb and one of them is that verb. Folded.
CLITICS: dict[str, frozenset[str]] = {"pl": frozenset({"sie"})}

#: Words that name the person or the hurry ("now", "natychmiast"), not the situation: they
#: count, but little.
GENERIC: dict[str, frozenset[str]] = {
    "en": frozenset(
        """patient patients client clients customer customers person people someone somebody man woman guy
        lady gentleman pt staff desk reception receptionist front what do respond response reply
        phrase phrases word words want wants wanted need needs doctor doctors nurse nurses
        room desk counter corridor hallway lobby reception clinic hospital ward surgery practice
        now immediately""".split()
    ),
    "pl": frozenset(
        """pacjent pacjenta pacjentowi pacjentem pacjentka pacjentki pacjentke klient klienta klientowi
        klientem klientka klientki klientke klijent klijentka osoba osoby osobe ktos facet kobieta
        mezczyzna pan pani rejestracja rejestracji recepcja recepcji odpowiedziec odpowiedz chce chca
        chcial chciala lekarz lekarza lekarzem lekarzowi pielegniarka pielegniarki pielegniarke
        poczekalnia poczekalni poczekalnie korytarz korytarzu lada lady ladzie klinika kliniki klinice szpital szpitala
        szpitalu przychodnia przychodni oddzial oddziale recepcja recepcji rejestracja rejestracji
        natychmiast teraz zaraz""".split()
    ),
}

#: Words that name who is involved (a relative, a child), not what happened: the tags
#: they name count fully only when no other word of the query names a situation
#: ("relative wants the manager" is about the manager). Folded; compared by stem.
PERSONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """family families relative relatives son sons daughter daughters husband husbands wife wives partner
        mother mothers father fathers parent parents mum mums mom moms mother's dad dads child children kid kids
        baby babies grandmother grandma nan granddad grandad grandfather grandpa grandparent grandparents grandson
        granddaughter brother sister sibling siblings spouse boyfriend girlfriend toddler teen teenager niece nephew
        aunt uncle""".split()
    ),
    "pl": frozenset(
        """rodzina rodziny rodzinie rodzine krewny krewna krewni bliscy bliskich syn syna synem synowi
        corka corki corke coreczka maz meza mezem mezowi zona zony zone zonie matka matki matke matce mama
        mamy mame mamie mamusia tata taty tate tacie tatus ojciec ojca ojcu rodzic rodzica rodzice rodzicow
        rodzicami dziecko dziecka dzieci dzieckiem dzieciak babcia babci babcie dziadek dziadka wnuk wnuka
        wnuczka wnuczki brat brata siostra siostry partner partnera partnerka partnerki tesciowa tesc chlopak
        dziewczyna niemowle niemowlak nastolatek nastolatka nastolatki""".split()
    ),
}

#: Meta words: they say that something is wrong ("complaint", "problem", "unhappy",
#: "angry", "says"), not what: when another word of the query names a situation ("complaint
#: about cold food", "skarga na parking") their tags and text count less; a query only
#: about a complaint keeps them whole. Folded; compared by stem.
META: dict[str, frozenset[str]] = {
    "en": frozenset(
        """complaint complaints complain complains complained complaining moan moans moaning grumble
        grumbling problem problems issue issues unhappy happy dissatisfied displeased angry upset annoyed
        furious cross mad fuming says said saying claims claiming""".split()
    ),
    "pl": frozenset(
        """skarga skargi skarge skarga skarzy skarzyl skarzyla skarzyc reklamacja reklamacje reklamacji
        reklamuje reklamowac problem problemu problemy problemem klopot klopotu niezadowolony niezadowolona
        niezadowoleni niezadowolenie zadowolony zadowolona zly zla zli zle wsciekly wsciekla wsciekli
        zdenerwowany zdenerwowana narzeka narzekal narzekala mowi powiedzial powiedziala twierdzi""".split()
    ),
}

#: Places, named in a query to say where something happens, not what: said as one word
#: that names no situation ("collapsed in the waiting room" is no waiting, "aggressive
#: at the pharmacy" is no prescription). Folded.
PLACES: dict[str, "re.Pattern[str]"] = {
    "en": re.compile(
        r"\bwaiting[ -]?(?:room|area|hall)s?\b|\b(?:at|in) the (?:pharmacy|chemist'?s?)\b|\bpharmacy (?:counter|desk)\b"
        r"|\b(?:in|at|to) (?:the )?car ?park\b|\b(?:in|at) (?:the )?(?:toilets?|bathroom|loo|lift)\b"
        r"|\b(?:at|by) (?:the |his |her |their |my |mum'?s |dad'?s )?(?:bedside|bed)\b"
    ),
    "pl": re.compile(r"\bsal[aiey] (?:oczekiwan|czekan)\w*|\bw aptece\b|\bna parkingu\b|\bw (?:toalecie|lazience|windzie)\b|\bprzy (?:jego |jej )?lozku\b"),
}

_PL_SUFFIXES = sorted(
    """a e i o u y
    ie ia iu ii em om ow ach ami mi ego emu ej ym ymi ych im imi ich iego iemu iej iem
    ac ec ic yc am asz amy acie aja aj ajac ajacy ajaca ajace ajacych
    esz emy ecie eja ej isz imy icie ysz ymy ycie
    al ala alo ali aly alam alas ales alem il ila ilo ili ily ilam ilem ilas iles yl yla ylo yli yly ylam ylem ylas yles
    el ela elo eli ely elam elem elas eles alismy ilismy ylismy elismy alysmy ilysmy ylysmy elysmy aliscie iliscie
    yliscie eliscie alyscie ilyscie ylyscie elyscie
    any ana ane anych anej anym ony ona one onych onej onym ety eta ete
    anie ania aniu aniem aniach enie enia eniu eniem eniach ecie ecia eciu
    osc osci oscia owy owa owe owego owej owym owych owi owie
    acy aca ace acych acego acej acym acymi acemu iac iacy iaca iace iacych iacego iacej iacym
    ione iona iony ionych ionej ionym ionego ionemu ionymi ienie ienia ieniu ieniem ano ono iono eni ieni ani
    uje ujesz ujemy ujecie uja ujac ujacy ujaca ujace ujacego ujacej ujacym ujacych
    owac owal owala owalo owali owaly owani owany owana owane owanych owanej owanym owanego owanemu owanymi
    owanie owania owaniu owaniem anego anemu anymi onego onemu onymi
    ywac ywal ywala ywali ywa ywaja ywanie ywania ywaniem iwac iwal iwala iwa iwanie iwania""".split(),
    key=len,
    reverse=True,
)

_PL_LONGEST = max(map(len, _PL_SUFFIXES))
#: Verb endings that begin with the -i- of an -ić verb (infinitive, past, present).
_PL_VERB_I = frozenset("ic il ila ilo ili ily ilam ilem ilas iles ilismy ilysmy iliscie ilyscie isz imy icie".split())
_PL_BY_LEN = [frozenset(x for x in _PL_SUFFIXES if len(x) == k) for k in range(_PL_LONGEST + 1)]

#: Short or irregular Polish forms a suffix rule can't reach (folded → stem).
_PL_LEMMA = {
    "zly": "zl",
    "zla": "zl",
    "zle": "zl",
    "zli": "zl",
    "zlego": "zl",
    "zlej": "zl",
    "zlosc": "zl",
    "zlosci": "zl",
    "zloscia": "zl",
    "zlym": "zl",
    "zlych": "zl",
    "boi": "bo",
    "boje": "bo",
    "boja": "bo",
    "bal": "bo",
    "bala": "bo",
    "bac": "bo",
    "dziecko": "dzieck",
    "dzieci": "dzieck",
    "dziecka": "dzieck",
    "dzieckiem": "dzieck",
    "pieniadze": "pieniedz",
    "pieniedzy": "pieniedz",
    "pieniadzach": "pieniedz",
    "pieniadzmi": "pieniedz",
    "krew": "krw",
    "krwi": "krw",
    "lzy": "lz",
    "lez": "lz",
    "lza": "lz",
    "zeby": "zeby",
    "wizycie": "wizyt",
    "pacjenci": "pacjent",
    "pacjencie": "pacjent",
    "wolno": "wolno",  # allowed (nie wolno), not free (wolny, wolnych)
    "pies": "pies",
    "psa": "pies",
    "psem": "pies",
    "psu": "pies",
    "psie": "pies",
    "psy": "pies",
    "psow": "pies",
    "psami": "pies",
    "psach": "pies",
    "strach": "strach",
    "strachu": "strach",
    "strachem": "strach",
    "skarzy": "skarg",
    "skarzyc": "skarg",
    "skarzyl": "skarg",
    "skarzyla": "skarg",
    "przeprosiny": "przepros",
    "przeprosin": "przepros",
    "przepraszam": "przepros",
    "przeprasza": "przepros",
    "przepraszamy": "przepros",
    "przepraszac": "przepros",
}

#: Consonant alternations at the end of a Polish stem, undone so that the forms of one
#: word meet: krzyczy/krzyk, płacze/płakać, zwrócić/zwrot, skarży/skarga, dyżurze/dyżur.
_PL_ALTERNATION = (("cz", "k"), ("rz", "r"), ("c", "t"))


def tokens(text: str) -> list[str]:
    """The words of `text`, folded."""
    return _WORD.findall(fold(text))


def iter_tokens(text: str) -> Iterator[str]:
    """The words of `text`, folded, one by one (lazy: a huge text costs only what is read)."""
    for m in _WORD.finditer(text):
        yield fold(m.group())


def iter_words(text: str) -> Iterator[tuple[str, str]]:
    """The words of `text` as typed and folded, one by one (lazily, as `iter_tokens`)."""
    for m in _WORD.finditer(text):
        yield m.group(), fold(m.group())


def stem(word: str, lang: Optional[str]) -> str:
    """The search stem of a folded word in `lang` (see the module's description)."""
    if lang == "pl":
        return _stem_pl(word)
    if lang == "en":
        return _stem_en(word)
    return word


def _stem_pl(word: str) -> str:
    lemma = _PL_LEMMA.get(word)
    if lemma is not None:
        return lemma
    if len(word) <= 3 or word.isdigit():
        return word
    out = word
    for k in range(min(_PL_LONGEST, len(word) - 3), 0, -1):  # the longest ending that leaves 3 letters
        if word[-k:] in _PL_BY_LEN[k]:
            # a verb of a three-letter root keeps its -i ("zabić", "zabił" → "zabi"): the
            # bare root is often a noun of its own ("ząb", "kup", "rob")
            out = word[: -k + 1] if k > 1 and len(word) - k == 3 and word[-k:] in _PL_VERB_I else word[:-k]
            break
    if out is word and len(word) >= 5 and word.endswith(("nek", "dek", "rek", "tek", "lek", "sek", "zek")):
        out = word[:-2] + "k"  # a mobile e: rachunek/rachunku, wypadek/wypadku, piesek/pieska, wózek/wózka
    for end, repl in _PL_ALTERNATION:
        if out.endswith(end) and len(out) - len(end) + len(repl) >= 3:
            return out[: -len(end)] + repl
    return out


#: Aspect and direction prefixes of Polish verbs ("rozpłakała", "zadzwonił",
#: "nakrzyczał"), longest first: `unprefixed` tries the word without them.
PL_PREFIXES = ("przy", "prze", "roz", "wy", "za", "na", "po", "od", "do", "ob", "ws", "u", "z", "s", "w")


def unprefixed(s: str, lang: Optional[str]) -> list[str]:
    """The stem `s` without a verb prefix (Polish), each candidate at least three letters
    long: the back-off for a stem the content doesn't know."""
    if lang != "pl":
        return []
    return [s[len(p) :] for p in PL_PREFIXES if s.startswith(p) and len(s) - len(p) >= 3]


_DOUBLE = re.compile(r"([bdfgklmnprt])\1$")
_EN_IRREGULAR = {
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "person",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "cried": "cry",
    "cries": "cry",
    "crying": "cry",
}
#: Irregular past forms and a few word families the suffix rules can't reach, given as
#: (form, base): the form gets the base's stem.
_EN_FORMS = """told:tell said:say kept:keep lost:lose paid:pay made:make came:come went:go gone:go saw:see seen:see
    heard:hear felt:feel broke:break broken:break wrote:write written:write spoke:speak spoken:speak gave:give
    given:give took:take taken:take fell:fall fallen:fall caught:catch bought:buy sent:send threw:throw
    thrown:throw swore:swear sworn:swear shook:shake shaken:shake understood:understand forgot:forget
    forgotten:forget rang:ring rung:ring got:get gotten:get ran:run sat:sit stood:stand left:leave
    hurt:hurt lied:lie fought:fight thought:think brought:bring met:meet kicked:kick
    apology:apologise apologies:apologise apologize:apologise apologized:apologise apologizing:apologise
    complaint:complain complaints:complain cancelled:cancel cancelling:cancel cancellation:cancel
    cancellations:cancel canceled:cancel canceling:cancel""".split()


def _stem_en(word: str) -> str:
    if _EN_FORM_STEM is None:
        _en_forms()
    assert _EN_FORM_STEM is not None
    irregular = _EN_IRREGULAR.get(word) or _EN_FORM_STEM.get(word)
    if irregular is not None:
        return irregular
    if len(word) <= 3 or word.isdigit():
        return word
    w = word
    if w.endswith("'s"):
        w = w[:-2]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    for suffix in ("ingly", "edly", "ing", "ied", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix == "ied":
                w += "y"
            elif _DOUBLE.search(w) and not w.endswith(("ll", "ss")):
                w = w[:-1]
            break
    if w.endswith("ation") and len(w) > 7:
        w = w[:-3]  # frustration → frustrat, like frustrated
    elif w.endswith("ion") and len(w) > 6 and w[-4] in "ts":
        w = w[:-3]  # aggression → aggress, like aggressive
    elif w.endswith("ive") and len(w) > 6:
        w = w[:-3]  # dismissive → dismiss, like dismissed
    if w.endswith("e") and len(w) > 3 and not w.endswith("ee"):
        w = w[:-1]
    if w.endswith("y") and len(w) > 3 and w[-2] not in "aeiou":
        w = w[:-1] + "i"  # worry/worried/worries → worri
    return w


_EN_FORM_STEM: Optional[dict[str, str]] = None


def _en_forms() -> None:
    global _EN_FORM_STEM
    _EN_FORM_STEM = {}
    table = {}
    for pair in _EN_FORMS:
        form, base = pair.split(":")
        table[form] = _stem_en(base)
    _EN_FORM_STEM = table


def within_one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by at most one insertion, deletion, substitution or
    swap of neighbours (linear time)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True  # substitution
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]  # swap
    return a[i:] == b[i + 1 :]  # b has one extra letter


def distance(a: str, b: str, cap: Optional[int] = None) -> int:
    """Levenshtein distance (short words only); with `cap`, any distance above it is
    reported as cap + 1 as soon as it is certain (bounded work)."""
    if a == b:
        return 0
    if cap is not None and abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if cap is not None and min(cur) > cap:
            return cap + 1
        prev = cur
    return prev[-1] if cap is None else min(prev[-1], cap + 1)
