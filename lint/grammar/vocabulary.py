"""The built-in newsroom vocabulary: words news copy uses that general dictionaries lack.

An accept list only (never a source of suggestions): words here are never
flagged as misspelt. Lower-case entries match any capitalisation; entries with
capitals match as written. House lists extend it through
``[tool.copydesk.grammar] words`` and ``words-file``.
"""

from __future__ import annotations

NEWSROOM_WORDS = frozenset(
    """
    TK TKTK lede dek hed nut graf kicker dateline byline sidebar standfirst op-ed oped
    livestream livestreamed livestreaming livestreams podcast podcasts podcaster podcasters
    cryptocurrency cryptocurrencies crypto blockchain ransomware malware spyware
    deepfake deepfakes chatbot chatbots smartwatch smartwatches smartphone smartphones
    hashtag hashtags retweet retweeted retweets influencer influencers
    coronavirus covid COVID-19 Covid-19 pandemic-era lockdowns
    e-commerce ecommerce e-bike e-bikes e-scooter e-scooters
    """.split()
)
