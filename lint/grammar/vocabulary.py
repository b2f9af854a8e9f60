"""The built-in newsroom vocabulary: words news copy uses that general dictionaries lack.

An accept list only (never a source of suggestions): words here are never
flagged as misspelt. Lower-case entries match any capitalisation; entries with
capitals match as written. House lists extend it through
``[tool.copydesk.grammar] words`` and ``words-file``.

Besides the word list, three smaller lists that only count in context (see
:mod:`copydesk.grammar.context`): abbreviations, which are words only before
their full stop ("Sen.", "W.Va."); name particles, which are words only inside
a name ("Banca Monte dei Paschi di Siena", "von Holtzbrinck"); and loan
phrases, whose words are English only together ("bona fide", "per capita").
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
    ok url urls html css json xml seo pdf pdfs jpeg jpg png gif gifs mp3 mp3s wifi app apps
    webpage webpages website websites ebook ebooks email emails
    kbps mbps gbps ppi dpi mph kph bn mn
    ooh ahh hmm erm uh um huh whoa woah meh yay
    etc tv doi esc dox doxx doxxed doxing doxxing
    """.split()
)

#: Abbreviations news copy writes with a full stop: courtesy and military titles,
#: AP state abbreviations, "Ep." and "No." — words only when the stop follows.
ABBREVIATIONS = frozenset(
    """
    Sen Sens Rep Reps Gov Govs Lt Gen Col Sgt Capt Cmdr Adm Maj Cpl Pvt Supt Atty Msgr Rev Hon Drs Prof
    Jr Sr Inc Corp Co Ltd Bros Ft Mt Ste Ep Vol Vols No Nos Fig Figs Approx Dept Univ Assn Ave Blvd
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev
    Okla Ore Pa Tenn Vt Va Wash Wis Wyo
    """.split()
)

#: Lower-case particles of personal, company and place names (a word only when a
#: capitalised word follows: "dei Paschi", "von Holtzbrinck", "bin Salman").
NAME_PARTICLES = frozenset(
    "von van der den de di da dei del della degli le la du des bin ibn al el ter ten dos das zu".split()
)

#: Phrases borrowed from other languages that English dictionaries list as phrases.
LOAN_PHRASES = (
    "bona fide",
    "en masse",
    "per capita",
    "per se",
    "aloe vera",
    "deja vu",
    "lapis lazuli",
    "et al",
    "ad hoc",
    "vice versa",
    "status quo",
    "de facto",
    "de jure",
    "in situ",
    "pro bono",
    "quid pro quo",
    "mea culpa",
    "persona non grata",
    "alma mater",
    "sui generis",
    "carte blanche",
    "fait accompli",
    "coq au vin",
    "pommes frites",
    "steak frites",
    "hoi polloi",
    "non sequitur",
    "ad nauseam",
    "modus operandi",
    "joie de vivre",
    "raison d'etre",
    "tour de force",
    "cause celebre",
    "pied a terre",
)

#: The most frequent English words: a short unknown word one letter from one of
#: these is a typo of it ("sayd" → "said", "thier" → "their"); one letter from a
#: rarer word it is as likely a word of its own ("lakh" and "lash").
COMMON_WORDS = frozenset(
    """
    the of and to in is was for on that with as by at it he she they his her their from this be are
    has have had not but or an which who will would said says say were been its after about more than
    also into over when one two new we you our there what can could before up out if no all so just
    like them then some time year years people other only first last most many much any these those
    now may should where how why very well back even still way want because each make made get got
    take took come came know knew think see seen look use used work find give gave tell told ask asked
    day week month state city country government police court group company percent million billion
    while through against between under since during without again never always often here same
    """.split()
)
