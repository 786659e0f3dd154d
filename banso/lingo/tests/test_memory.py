"""The fuzzy look-up scores only the sentences sharing the most words with the one looked up:
it must find what scoring every remembered sentence finds."""

import random

from rapidfuzz import fuzz, process

from banso.lingo.memory import MemoryMatcher, memory_remember

PLACES = ["Sa Pa", "Bắc Hà", "Mường Khương", "Bát Xát", "Y Tý", "Bản Phố", "Tả Van", "Cốc Ly"]
GOODS = ["Quýt", "Mận tam hoa", "Chè Shan Tuyết", "Gạo Séng Cù", "Mật ong", "Thảo quả"]


def test_the_fuzzy_look_up_finds_what_a_full_scan_finds(db):
    rng = random.Random(7)
    sentences = sorted(
        {
            f"{rng.choice(GOODS)} được thu hoạch ở {rng.choice(PLACES)} vào tháng "
            f"{rng.randint(1, 12)}, cùng {rng.randint(2, 60)} hộ."
            for _ in range(900)
        }
    )
    memory_remember(
        pairs=[(text, f"EN {number}") for number, text in enumerate(sentences)],
        source="vi",
        target="en",
    )
    matcher = MemoryMatcher(source="vi", target="en")
    folded = [text.casefold() for text in sentences]
    for _ in range(40):
        query = rng.choice(sentences).replace("cùng", "với").replace("tháng", "ngày")
        best = process.extractOne(query.casefold(), folded, scorer=fuzz.ratio)
        found = matcher.lookup(query, limit=1)
        assert found, query
        assert found[0].score == round(best[1], 1)
