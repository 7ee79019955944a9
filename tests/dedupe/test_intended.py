"""Pages written for the article dedupe: what an author repeats on purpose stays, what a page
repeats by accident goes. English, Chinese, German and Spanish; each page is a list of
paragraphs as the extractor hands them over, and one goes through the whole pipeline."""
# ruff: noqa: E501  (paragraphs of prose are long lines)

from __future__ import annotations

from pathlib import Path

from jzcli.dedupe import dedupe_paragraphs
from jzcli.models import Page
from jzcli.pipeline import process_page
from jzcli.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_jiaozuo.txt"


def accidental(paragraphs: list[str]) -> list[str]:
    return dedupe_paragraphs(paragraphs, accidental_only=True)[0]


# --- repeated on purpose: every copy stays -------------------------------------------------

SONG_CHORUS = [
    "Oh morning light, oh morning light, come shining on my door",
    "Oh morning light, oh morning light, I won't be lonely anymore",
]
SONG = [
    "Morning Song",
    "The sun comes up over the hill, the farmer walks the field",
    "He counts the rows of barley and he prays for a good yield",
    *SONG_CHORUS,
    "The river runs down to the town, the children run to school",
    "The teacher writes upon the board the golden rule",
    *SONG_CHORUS,
    "The evening comes, the lamps are lit, the work is done today",
    "We sing together by the fire and chase the dark away",
]


def test_a_chorus_sung_twice_stays() -> None:
    assert accidental(SONG) == SONG


def test_a_long_hymn_refrain_after_every_verse_stays() -> None:
    refrain = [
        "Lead us on through field and forest, through the long and winding years,",
        "Till the morning breaks in glory and the night has lost its fears;",
        "Hold us fast when storms are raging, keep us steady, keep us near,",
        "Lead us home, O faithful shepherd, till the journey's end is here.",
    ]
    verses = [
        ["When the road is dark and narrow", "And the traveller is weak,"],
        ["When the harvest fails in autumn", "And the barns stand cold and bare,"],
        ["When the children leave the valley", "And the house is still at night,"],
    ]
    hymn = ["Hymn 214"] + [line for verse in verses for line in (*verse, *refrain)]
    assert accidental(hymn) == hymn


def test_a_poem_whose_refrain_opens_and_closes_it_stays() -> None:
    refrain = ["Wir gehen heim, wenn die Laternen brennen,", "und niemand fragt, woher wir kommen."]
    poem = [
        *refrain,
        "Der Regen hat die Straßen blank gewaschen,",
        "die Fenster spiegeln unser müdes Lachen,",
        "ein Hund bellt irgendwo am Rand der Stadt.",
        *refrain,
    ]
    assert accidental(poem) == poem


def test_a_liturgys_responses_stay() -> None:
    response = "Te rogamos, óyenos."
    prayer = ["Oración de los fieles"]
    for petition in (
        "Por la Iglesia, para que sea signo de unidad y de paz en el mundo, roguemos al Señor.",
        "Por los enfermos y por quienes los cuidan en los hospitales, roguemos al Señor.",
    ):
        prayer += [petition, response]
    assert accidental(prayer) == prayer
    # The longer response of a litany, sung after each of two invocations.
    answer = "Señor, ten piedad de nosotros y escucha la oración de tu pueblo reunido."
    litany = [
        "Tú que fuiste enviado a sanar los corazones afligidos:",
        answer,
        "Tú que viniste a llamar a los pecadores a la conversión:",
        answer,
    ]
    assert accidental(litany) == litany


def test_recipe_variants_repeating_the_same_steps_stay() -> None:
    steps = [
        "Bring a large pot of salted water to the boil and cook the pasta until al dente.",
        "Drain it, keeping a cup of the cooking water to loosen the sauce at the end.",
    ]
    recipe = [
        "Three weeknight pastas",
        "With tomato and basil",
        "Soften two cloves of garlic in olive oil, add a tin of tomatoes and simmer 15 minutes.",
        *steps,
        "Toss the pasta in the sauce with torn basil leaves.",
        "With lemon and courgette",
        "Grate two courgettes and fry them until golden with the zest of a lemon.",
        *steps,
        "Stir in the lemon juice and plenty of black pepper.",
    ]
    assert accidental(recipe) == recipe


def test_recipe_variants_sharing_three_long_steps_stay() -> None:
    # Three steps of prose, copied word for word: each variant opens with its own steps,
    # so the first print of the shared ones does not open the page as a body printed twice.
    steps = [
        "Bring a large pot of salted water to the boil and cook the pasta until al dente, "
        "stirring now and then.",
        "Drain it, keeping a cup of the cooking water to loosen the sauce at the end, and set "
        "the pot back on the heat.",
        "Return the pasta to the pot with a good knob of butter and a splash of the water, and "
        "toss it until glossy.",
    ]
    tomato = [
        "Soften two cloves of garlic in olive oil over a low heat for a few minutes, without "
        "letting them colour.",
        "Add a tin of chopped tomatoes, a pinch of sugar and salt, and simmer for fifteen "
        "minutes until thick.",
        "Meanwhile pick the basil leaves from their stalks and chop the stalks finely to add "
        "to the sauce.",
    ]
    courgette = [
        "Grate two courgettes on the coarse side of a box grater and squeeze out as much "
        "water as you can.",
        "Fry them in olive oil over a high heat until golden at the edges, with the finely "
        "grated zest of a lemon.",
        "Season them well with salt, black pepper and a little chilli, then take the pan off "
        "the heat.",
    ]
    recipe = [
        "Two weeknight pastas",
        "With tomato and basil",
        *tomato,
        *steps,
        "Toss the pasta in the sauce with torn basil leaves and serve at once with parmesan.",
        "With lemon and courgette",
        *courgette,
        *steps,
        "Stir in the lemon juice and plenty of black pepper, and serve with more parmesan.",
    ]
    assert accidental(recipe) == recipe


def test_a_reply_quoting_a_post_piece_by_piece_drops_the_quotes() -> None:
    # The quoted post follows a sentence of its own thread, as the recipe's shared steps do,
    # but the reply answers between the quotes: lines of its own inside the copy mark it as
    # a quote printed again, not a block the author wrote twice.
    quoted = [
        "Having some cash in a taxable account is fine for short-term expenses, but anything "
        "longer term should hold stocks.",
        "Paying off the mortgage early is a guaranteed return of four percent, which few bond "
        "funds can match at the moment.",
        "With that much in tax-deferred accounts, it could make sense to pay the conversion "
        "taxes out of the taxable account.",
    ]
    answers = [
        "That makes sense, I will keep one year of expenses in cash and the rest in a total "
        "market fund.",
        "The mortgage is only two years old, so I will keep paying it on schedule for now.",
        "I had not thought of that, I will ask my accountant about the conversions this spring.",
    ]
    thread = [
        "Retirement plan after a loss",
        "Post by anna » Sat Feb 24, 2024",
        "I lost my husband last year and I am trying to work out what to do with his accounts.",
        "Post by bob » Sat Feb 24, 2024",
        "Sorry for your loss, I will try to answer each of your questions as well as I can.",
        *quoted,
        "Post by anna » Sun Feb 25, 2024",
        "Thank you so much. Some replies:",
    ]
    for quote, answer in zip(quoted, answers):
        thread += [quote, answer]
    assert accidental(thread) == thread[: -len(answers) * 2] + answers


def test_a_contract_repeating_a_clause_block_per_section_stays() -> None:
    clause = [
        "Die Vergütung ist innerhalb von 30 Tagen nach Rechnungsstellung ohne Abzug fällig.",
        "Bei Zahlungsverzug sind Zinsen in gesetzlicher Höhe zu zahlen.",
    ]
    contract = [
        "§ 3 Lieferung von Hardware",
        "Der Auftragnehmer liefert die in Anlage 1 genannten Geräte an den Standort des Kunden.",
        "Die Lieferung erfolgt frei Haus und schließt die Aufstellung der Geräte ein.",
        *clause,
        "§ 4 Wartung",
        "Der Auftragnehmer wartet die Geräte zweimal im Jahr nach vorheriger Ankündigung.",
        "Störungen werden innerhalb von zwei Werktagen nach Meldung behoben.",
        *clause,
    ]
    assert accidental(contract) == contract


def test_a_faq_repeating_a_notice_under_each_answer_stays() -> None:
    notice = [
        "Prices and availability may change without notice.",
        "Contact our support team if anything is unclear.",
    ]
    faq = [
        "How long does delivery take?",
        "Orders placed before noon ship the same day and usually arrive within three days.",
        *notice,
        "Can I return a product?",
        "You can return any unused product within 30 days for a full refund of its price.",
        *notice,
    ]
    assert accidental(faq) == faq


def test_a_speaker_repeating_themselves_in_a_transcript_stays() -> None:
    point = "MAYOR: Let me say it again: the bridge will reopen before the winter, not after."
    transcript = [
        point,
        "REPORTER: The contractor says the steel will not arrive until December.",
        "MAYOR: We have a second supplier, and the contract has penalties for delay.",
        "REPORTER: So you are confident about the date?",
        point,
    ]
    assert accidental(transcript) == transcript


def test_a_code_sample_shown_again_in_documentation_stays() -> None:
    sample = [
        "client = Client(api_key=os.environ['API_KEY'])",
        "response = client.orders.list(status='open', limit=50)",
        "for order in response.items:",
        "print(order.id, order.total)",
    ]
    doc = [
        "Listing orders",
        "Create a client with your key and ask for the open orders, fifty at a time:",
        *sample,
        "Each item is an Order object; the total is a Decimal in the account's currency.",
        "Pagination",
        "The response carries a cursor. Pass it back as `after` to read the next page; the",
        "sample above reads the first page only, and the loop below reads them all.",
        "Reading the first page again, as at the start, looks the same:",
        *sample,
    ]
    assert accidental(doc) == doc


def test_a_chinese_article_quoting_a_passage_twice_stays() -> None:
    quote = "原文：“凡事预则立，不预则废。言前定则不跲，事前定则不困，行前定则不疚，道前定则不穷。”"
    article = [
        "《中庸》里有一段话，常被用来说明事先谋划的重要。",
        quote,
        "这段话讲的是准备。做事之前想清楚，说话之前打好腹稿，遇到困难才不至于手足无措。",
        "今年春天，市里的防汛工作提前两个月开始部署，排水管网的检修在雨季之前全部完成。",
        "六月的暴雨来得又急又猛，城区却没有出现大面积积水，市民出行基本没有受到影响。",
        "回头再读这段引文，体会更深：",
        quote,
        "预案不是摆设。把功夫下在前面，才能在关键时刻从容应对。",
    ]
    assert accidental(article) == article


def test_a_reply_quoting_a_post_further_up_the_thread_stays() -> None:
    post = [
        "I am camping on the west coast next month and the forecast says strong winds daily.",
        "Is a tunnel tent good enough, or should I buy a geodesic dome before the trip?",
    ]
    thread = [
        "Which tent for a windy coast?",
        *post,
        "ridgewalker · 2 May",
        "Tunnel tents are fine if you pitch them with the back to the wind.",
        "Take spare pegs, the sandy ones bend. I lost two on my last trip up north.",
        "And check the poles before you go; mine cracked in the first gust last year.",
        "marta · 3 May",
        *post,
        "Coming back to the question: I bought a small dome in the end and it held up well.",
    ]
    assert accidental(thread) == thread


def test_a_chorus_in_the_whole_pipeline_stays() -> None:
    html = "<html><head><title>Lyrics</title></head><body><article><h1>Morning Song</h1>"
    html += "".join(f"<p>{line}</p>" for line in SONG[1:]) + "</article></body></html>"
    page = Page("https://example.com/lyrics/morning", html.encode(), kind="html")
    article = process_page(page, Settings())
    assert [p for p in article.paragraphs if p in SONG_CHORUS] == SONG_CHORUS * 2
    assert not [r for r in article.provenance.removed if r.reason.endswith("duplicate")]


# --- repeated by accident: the copy goes ---------------------------------------------------

BODY = [
    "市政府昨天召开新闻发布会，宣布今年将新建和改造城市公园二十个。",
    "新建的公园主要分布在城东和城南，改造工程则以老城区的街心公园为主。",
    "市园林局负责人表示，所有工程将在年底前完工，届时市民步行十五分钟即可到达一座公园。",
    "部分市民在发布会后表示，希望公园能增加儿童游乐设施和夜间照明。",
]


def test_the_seed_page_printed_twice_comes_out_once() -> None:
    article = process_page(Page("", SEED.read_bytes(), kind="text"), Settings())
    kept = [p for p in article.paragraphs if len(p) > 50]
    assert kept and len(kept) == len(set(kept))
    assert any(r.reason == "duplicate" for r in article.provenance.removed)


def test_a_body_printed_twice_with_something_between_or_in_the_copy_goes() -> None:
    title, expected = "新建改造公园二十个", ["新建改造公园二十个", *BODY]
    # An ad, an editor's line, a separator between the two prints.
    for between in (["广告"], ["（责任编辑：王五）"], ["————"], ["免责声明：本文仅代表作者观点"]):
        assert accidental([title, *BODY, *between, *BODY]) == [*expected, *between]
    # The editor's line inside the copy, and the copy's own captions.
    copy = [BODY[0], "图为城东新建的滨河公园。", BODY[1], BODY[2], "（责任编辑：王五）", BODY[3]]
    assert accidental([title, *BODY, *copy]) == [
        *expected,
        "图为城东新建的滨河公园。",
        "（责任编辑：王五）",
    ]
    # With a list of related stories between, longer than a line or two.
    related = ["相关新闻", "老城区三条道路今起封闭施工", "本周末气温回升", "地铁二号线试运行"]
    assert accidental([title, *BODY, *related, *BODY]) == [*expected, *related]


def test_a_body_printed_twice_with_more_text_between_than_the_body_goes() -> None:
    # Readers' comments or a long list of related stories between the two prints: the copy
    # is a small share of the page, but three paragraphs of prose repeated are no quote.
    title, expected = "新建改造公园二十个", ["新建改造公园二十个", *BODY]
    comments = [
        f"网友{n}：这个消息太好了，希望我们小区旁边也能建一个公园，周末带孩子出去玩没有地方去。"
        for n in range(8)
    ]
    related = ["相关阅读", *(f"第{n}条：我市多个社区开展环境整治行动取得实效" for n in range(12))]
    for between in (comments, related):
        assert accidental([title, *BODY, *between, *BODY]) == [*expected, *between]
    # The seed page's body printed again under a long list of headlines.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if len(line) > 150][:4]
    headlines = [
        f"焦作新闻第{n}条：我市召开城市管理工作推进会部署下阶段重点任务" for n in range(40)
    ]
    assert accidental([*body, *headlines, *body]) == [*body, *headlines]


def test_an_english_body_printed_twice_with_different_captions_goes() -> None:
    body = [
        "The council voted on Tuesday to close the old library at the end of the year.",
        "Residents said the building had served the town for more than sixty years.",
        "A new library will open in the shopping centre in the spring.",
        "The mayor said the move would save money and bring longer opening hours.",
    ]
    page = [body[0], "The library in 1962. (Archive)", *body[1:], "Advertisement"]
    page += [body[0], "The old library today. Photo: J. Ruiz", *body[1:]]
    assert accidental(page) == [
        body[0],
        "The library in 1962. (Archive)",
        *body[1:],
        "Advertisement",
        "The old library today. Photo: J. Ruiz",
    ]


def test_the_lead_echoed_as_a_summary_goes() -> None:
    lead = "El ayuntamiento aprobó ayer el presupuesto de 2025, que dedica un tercio a vivienda."
    article = [
        "Presupuesto municipal",
        lead,
        lead,
        "La oposición votó en contra y pidió más fondos para el transporte público.",
        "El documento entrará en vigor el 1 de enero tras su publicación en el boletín.",
    ]
    assert accidental(article) == [article[0], lead, *article[3:]]
    # Marked as a summary, and echoed in Chinese with a label.
    summary = "摘要：" + BODY[0]
    assert accidental(["新建改造公园二十个", summary, *BODY]) == [
        "新建改造公园二十个",
        summary,
        *BODY[1:],
    ]


LONG_STORY = [
    "The city council voted on Tuesday evening to close the old harbour bridge to cars from next spring.",
    "Engineers found last year that the steel beams under the deck had rusted far more than anyone expected.",
    "Repairing the bridge would cost about twice as much as building a new one, the engineers' report said.",
    "Buses will cross the river on the rail bridge upstream, which is being widened for them this winter.",
    "Shop owners near the harbour fear that fewer customers will come by once the cars are gone for good.",
    "The council promised to pay for a study of how the closure changes trade in the district over a year.",
]


def test_boilerplate_lines_framing_a_long_story_go_at_the_end() -> None:
    # A subscription line and a follow line above and below a story of prose: the copy at the
    # end frames the text as the first print does, it is the page's, not the author's. (A poem
    # whose refrain opens and closes it frames verse, and keeps it.)
    chrome = ["Subscribe to our newsletter.", "Follow us on social media."]
    assert accidental([*chrome, *LONG_STORY, *chrome]) == [*chrome, *LONG_STORY]


def test_a_two_paragraph_lead_echoed_after_the_story_goes() -> None:
    lead = [
        "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke ab dem Frühjahr für Autos zu sperren.",
        "Eine Reparatur würde nach einem Gutachten fast doppelt so viel kosten wie ein Neubau.",
    ]
    story = [
        "Schon im vergangenen Jahr hatten Ingenieure festgestellt, dass die Stahlträger stark verrostet sind.",
        "Busse sollen künftig über die Eisenbahnbrücke flussaufwärts fahren, die dafür verbreitert wird.",
        "Die Geschäftsleute am Hafen befürchten, dass ohne Autos weniger Kundschaft in das Viertel kommt.",
        "Die Stadt will deshalb untersuchen lassen, wie sich die Sperrung auf den Handel auswirkt.",
    ]
    assert accidental([*lead, *story, *lead]) == [*lead, *story]


def test_a_stutter_and_a_block_printed_again_at_once_go() -> None:
    line = "Branding a cider on a mission to fund a museum and stand out on crowded shelves."
    assert accidental([line, line, SONG[1]]) == [line, SONG[1]]
    card = ["Marketing made to meet your business goals.", "Universal appeal for a new brand."]
    assert accidental(["Our work", *card, *card, "Contact us"]) == ["Our work", *card, "Contact us"]


def test_boilerplate_blocks_printed_twice_at_the_edges_go() -> None:
    chrome = [
        "Sign up for our morning newsletter and get the day's news in your inbox.",
        "Follow us on social media for updates from our newsroom around the clock.",
    ]
    story = [
        "A comet will pass close enough to see with binoculars next week.",
        "Astronomers say the best time to look is an hour before dawn, low in the east.",
    ]
    # Printed twice in a row after the story: the second copy stands next to its source.
    longer = [
        *story,
        "The comet was last seen from Earth more than four thousand years ago.",
        "Clubs across the region are opening their observatories to the public that week.",
    ]
    assert accidental([*longer, *chrome, *chrome]) == [*longer, *chrome]
    # At the top and the bottom of a short story: the copy is a large share of the page.
    assert accidental([*chrome, *story, *chrome]) == [*chrome, *story]
    # A long block printed after a short line of its own, like a log entry printed again.
    assert accidental([*story, "Share", *story]) == [*story, "Share"]


def test_terms_printed_for_each_region_stay() -> None:
    # The same offer for each market, under the market's name: the sum, the currency and a
    # product's name differ. Each is what a reader in that market is held to.
    terms = (
        "Spend {sum} or more on the {shop} website between 1 and 14 March and receive a free "
        "{gift} travel kit with your order, while stocks last. The offer cannot be combined "
        "with any other discount, and only one kit may be claimed per customer and address."
    )
    page = [
        "Offer terms",
        "United States",
        terms.format(sum="$40", shop="US", gift="Night Cream"),
        "Canada",
        terms.format(sum="$55 CAD", shop="Canadian", gift="Night Cream"),
        "Europe",
        terms.format(sum="€50 EUR", shop="EU", gift="Day Serum"),
    ]
    assert accidental(page) == page


def test_a_lead_printed_again_with_a_word_cut_or_added_still_goes() -> None:
    lead = (
        "The regional council approved the new tram line on Monday after a debate that lasted "
        "more than six hours, and construction is due to start next spring."
    )
    page = [
        lead,
        "Photo: the council chamber",
        "Read more: " + lead.replace(" on Monday", ""),
        "The line will link the station with the university campus.",
    ]
    assert accidental(page) == [page[0], page[1], page[3]]


def test_a_sample_shown_again_for_another_setup_stays() -> None:
    # The same configuration for two setups, one after the other: the second puts another
    # word in one of its lines. It is a sample of its own, not the first printed twice.
    development = [
        "server:",
        "host: 127.0.0.1",
        "port: 8080",
        "workers: 2",
        "log_level: debug  # how much goes to the log file under /var/log/shop",
        "cache_dir: /var/cache/shop",
        "timeout_seconds: 30",
    ]
    production = [line.replace("debug", "warning") for line in development]
    page = [
        "Configuration",
        "The shop reads its settings from config.yaml in its working directory when it starts. "
        "Each setting has a default, so the file only needs the ones you change; unknown keys "
        "are reported and ignored, and a value of the wrong type stops the start with an error.",
        "Keep one file per machine, next to the code, and do not commit secrets to it: the "
        "database password and the payment keys come from environment variables instead.",
        "On your laptop, config.yaml reads:",
        *development,
        "In production:",
        *production,
        "Restart the service after each change. The log level can also be changed while the "
        "shop runs, from the admin page, without a restart; the other settings cannot.",
    ]
    assert accidental(page) == page


def test_a_comparison_table_of_few_values_keeps_every_cell() -> None:
    # Each sector's row rates six tools with one of two words: rows come out alike, and a
    # row can repeat the end of the one before. They are cells, not a block printed again.
    rows = {
        "Sector": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"],
        "Farming": ["Basic", "Best", "Best", "Best", "Basic", "Best"],
        "Shipping": ["Basic", "Best", "Basic", "Best", "Best", "Basic"],
        "Hotels": ["Basic", "Best", "Basic", "Best", "Best", "Basic"],
        "Clinics": ["Basic", "Best", "Basic", "Best", "Best", "Best"],
    }
    page = ["Which tool suits which sector", *(c for k, v in rows.items() for c in (k, *v))]
    assert accidental(page) == page


def test_a_one_paragraph_story_printed_twice_with_a_word_changed_still_goes() -> None:
    # A short story in one paragraph, printed again under the page's lines with one word
    # put in another's place (a converter's or an editor's change): it copies the article,
    # a variant only when the page holds it once per item, three times or more.
    story = " ".join(LONG_STORY)
    page = ["Harbour bridge to close", story, "Share this story", story.replace("twice", "double")]
    assert accidental(page) == page[:3]
    assert accidental([story, story.replace("twice", "double")]) == [story]
    zh = (
        "城市管理的力量在人民。城市管理的方方面面,每一项都与群众的生活和工作息息相关,是跟百姓打交道较多的一个部门。"
        "城管人员深入社区,与居民展开包粽子擂台赛;走进楼院,面对面向居民宣传民法典。"
    )
    assert accidental([zh, "免责声明", zh.replace("包粽子", "吃月饼")]) == [zh, "免责声明"]


def test_two_short_lines_for_two_states_stay_on_a_short_page() -> None:
    # Each copies a large share of so short a page, but a short line that puts other words
    # in place of some of another's is the page's wording, not a story printed twice.
    page = [
        "Enter your email to be notified first when this lamp is available again.",
        "Enter your email to be notified first when this lamp becomes available.",
        "You're on the list!",
    ]
    assert accidental(page) == page
