"""windows-1258 as Vietnamese software writes it, for the fixture scripts (make-fixtures-encode.py,
make-real-fixtures.py)."""
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Base letters (â, ê, ô, ơ, ư, ă, đ) precomposed, tone marks as separate combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        tones = "".join(c for c in decomposed if c in TONES)
        out += (base + tones).encode("cp1258")
    return bytes(out)
