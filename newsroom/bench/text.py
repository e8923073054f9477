"""Made-up newspaper prose for the benchmark, with word frequencies that follow Zipf's law.

Real text has a few words everywhere and a long tail of rare ones; search's cost depends on
exactly that (a common word matches a third of the archive, a rare one a dozen stories).
The vocabulary is the demo paper's own prose, ranked by frequency, followed by invented
place and family names for the tail, so nothing here needs a download.
"""

import itertools
import random
import re
from collections import Counter
from functools import cached_property

from newsroom.demo.articles import ARTICLES

# s of Zipf's law: the word at rank r appears in proportion to 1 / r**s. English prose is
# close to 1.
ZIPF_EXPONENT = 1.05
TAIL_WORDS = 6000
SYLLABLES = (  # noqa: SIM905 - reads better as one string
    "ab al an ar ba bel ber bo ca cor da del dun el en er fal fen gar hal har ing kel "
    "lan ler lin lo mar mel mor nor ol on or pel quin ran ril ros sal sen sto tam ten "
    "tor val ven wes wil win"
).split()


def _demo_words():
    text = " ".join(f"{item['headline']} {item['dek']} {item['body']}" for item in ARTICLES)
    text = re.sub(r"<[^>]+>", " ", text)
    counts = Counter(re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower()))
    return [word for word, _count in counts.most_common() if len(word) > 1 or word == "a"]


def _invented_words(count, rng):
    seen = set()
    words = []
    while len(words) < count:
        word = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Prose:
    """Sentences, headlines and paragraphs drawn from one seeded random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        demo = _demo_words()
        self.vocabulary = demo + _invented_words(TAIL_WORDS, random.Random(7))  # noqa: S311
        weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(self.vocabulary) + 1)]
        self._cum_weights = list(itertools.accumulate(weights))

    def words(self, count):
        return self.rng.choices(self.vocabulary, cum_weights=self._cum_weights, k=count)

    def sentence(self, low=8, high=22):
        words = self.words(self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    @cached_property
    def sentence_pool(self):
        # Bodies are built from a pool of sentences rather than word by word: a hundred
        # thousand articles of 300 words would otherwise spend most of the seeding in
        # random.choices. Word frequencies over the whole archive stay Zipfian.
        return [self.sentence() for _ in range(40_000)]

    def headline(self):
        # Headlines skip the commonest words ("the", "of") so they read like headlines.
        words = self.rng.choices(
            self.vocabulary[40:], cum_weights=self._tail_cum_weights, k=self.rng.randint(5, 10)
        )
        return " ".join(words).capitalize()

    @cached_property
    def _tail_cum_weights(self):
        start = self._cum_weights[39]
        return [weight - start for weight in self._cum_weights[40:]]

    def paragraphs(self, low=4, high=7):
        pool, rng = self.sentence_pool, self.rng
        return "".join(
            "<p>" + " ".join(rng.choices(pool, k=rng.randint(2, 5))) + "</p>"
            for _ in range(rng.randint(low, high))
        )

    def search_terms(self, count):
        """Words readers might search for: neither stop words nor one-story rarities."""
        return self.rng.sample(self.vocabulary[60:1500], count)
